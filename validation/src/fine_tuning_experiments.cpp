// Experiment fine-tuning (F1).
//
// Defaults: capacity C = 20 old elements (α = 0.5, β = 1), n = 20000
// fine-tuning tokens, λ ∈ {0.05, 0.2, 0.5}. F1 is the n → ∞ limit of the
// count-based learner; at n = 20000 the C-th heaviest element is seen ~100
// times, so counts near the storage threshold still swap ranks. The checks
// therefore use a stated relative tolerance (`f1-tolerance`, default 0.1;
// measured deviations at the defaults are ≤ 3%) on the mean numbers learned
// and forgotten, with the paired SE.
#include "experiment_parameters.hpp"
#include "experiment_specs.hpp"

#include <sklaws/validation/fine_tuning_estimators.hpp>

namespace sklaws::validation::detail {

namespace {

ExperimentResult run_fine_tuning(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    const auto C = count_parameter(params, "C", 1, 10000, "1 <= C <= 1e4");
    const auto n = count_parameter(params, "n", 1, 10000000, "1 <= n <= 1e7");
    const double tolerance = real_in(params, "f1-tolerance", 0.0, 1.0, "0 <= f1-tolerance <= 1");
    std::vector<double> lambdas;
    const Json& list = parameter(params, "lambda");
    if (!list.is_array() || list.empty()) throw numerics::DomainError("lambda", "lambda must be a non-empty list");
    for (const auto& item : list) {
        if (!item.is_number()) throw numerics::DomainError("lambda", "lambda must hold numbers");
        lambdas.push_back(item.get<double>());
    }
    const auto estimates = estimate_fine_tuning(py, C, n, lambdas, replicates_for(options, 200), options);
    ExperimentResult result;
    Series mc_l{"Monte Carlo new facts learned", "lambda", "elements", {}, {}, {}};
    Series th_l{"F1 new facts learned", "lambda", "elements", {}, {}, {}};
    Series mc_f{"Monte Carlo old facts forgotten", "lambda", "elements", {}, {}, {}};
    Series th_f{"F1 old facts forgotten", "lambda", "elements", {}, {}, {}};
    for (const auto& e : estimates) {
        Json inputs{{"alpha", py.alpha}, {"beta", py.beta}, {"C", C}, {"n", n}, {"lambda", e.lambda}};
        const Estimate learned{e.learned.mean, e.learned_difference.se, e.learned.replicates};
        const Estimate forgotten{e.forgotten.mean, e.forgotten_difference.se, e.forgotten.replicates};
        result.checks.push_back(compare_relative("new facts learned", "F1", e.predicted_learned.mean, learned,
                                                 tolerance, 4.0, inputs));
        result.checks.push_back(compare_relative("old facts forgotten", "F1", e.predicted_forgotten.mean, forgotten,
                                                 tolerance, 4.0, inputs));
        mc_l.x.push_back(e.lambda);
        mc_l.y.push_back(e.learned.mean);
        mc_l.y_err.push_back(e.learned.se);
        th_l.x.push_back(e.lambda);
        th_l.y.push_back(e.predicted_learned.mean);
        mc_f.x.push_back(e.lambda);
        mc_f.y.push_back(e.forgotten.mean);
        mc_f.y_err.push_back(e.forgotten.se);
        th_f.x.push_back(e.lambda);
        th_f.y.push_back(e.predicted_forgotten.mean);
    }
    result.series = {mc_l, th_l, mc_f, th_f};
    return result;
}

}  // namespace

ExperimentSpec fine_tuning_experiment() {
    return {"fine-tuning", "new facts learned and old facts forgotten vs mixture fraction lambda", {"F1"},
            Json{{"alpha", 0.5}, {"beta", 1.0}, {"C", 20}, {"n", 20000}, {"lambda", {0.05, 0.2, 0.5}},
                 {"f1-tolerance", 0.1}},
            200, run_fine_tuning};
}

}  // namespace sklaws::validation::detail
