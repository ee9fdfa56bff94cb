// Experiments syntax-redundancy (S1, S2) and knowledge-redundancy (R1).
//
// Defaults: S = 10 templates with a = 1 (d = 9 free parameters); knowledge
// α = 0.5, β = 1 with M = 1000 names and V = 100 values. N runs to 1e4 so the
// S2 asymptote is within its own truncation bound (S²/a + S)/N ≈ 0.01 nats;
// 2000 (syntax) and 1000 (knowledge) replicates keep each run ~1 s on two cores.
#include "experiment_parameters.hpp"
#include "experiment_specs.hpp"

#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>
#include <sklaws/validation/redundancy_estimators.hpp>

#include <cmath>

namespace sklaws::validation::detail {

namespace {

ExperimentResult run_syntax_redundancy(const Json& params, const RunOptions& options) {
    const auto S = static_cast<unsigned>(count_parameter(params, "S", 2, 100000, "2 <= S <= 1e5"));
    const double a = real_in(params, "a", 1e-3, 1e6, "1e-3 <= a <= 1e6");
    const auto grid = count_list(params, "n", 1, theory::syntax_exact_max_n, "(increasing integers in [1, 1e7])");
    const auto estimates = estimate_syntax_redundancy(S, a, grid, replicates_for(options, 2000), options);
    ExperimentResult result;
    Series mc{"Monte Carlo R_N^syn", "N", "R_N (nats)", {}, {}, {}};
    Series exact{"S1 exact R_N^syn", "N", "R_N (nats)", {}, {}, {}};
    Series asymptotic{"S2 Clarke-Barron", "N", "R_N (nats)", {}, {}, {}};
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const double N = static_cast<double>(grid[i]);
        Json inputs{{"S", S}, {"a", a}, {"N", grid[i]}};
        const double s1 = theory::syntax_redundancy_exact_e<double>(S, a, grid[i]).val;
        const double s2 = theory::syntax_redundancy_asymptotic_e<double>(S, a, N).val;
        result.checks.push_back(compare("R_N^syn", "S1", s1, estimates[i], 4.0, inputs));
        mc.x.push_back(N);
        mc.y.push_back(estimates[i].mean);
        mc.y_err.push_back(estimates[i].se);
        exact.x.push_back(N);
        exact.y.push_back(s1);
        asymptotic.x.push_back(N);
        asymptotic.y.push_back(s2);
    }
    // S2 is asymptotic: checked at the largest N with its own truncation
    // bound (S²/a + S)/N as the tolerance.
    const double N = static_cast<double>(grid.back());
    const double s2 = asymptotic.y.back();
    const double bound = theory::syntax_redundancy_asymptotic_error(S, a, N);
    Json inputs{{"S", S}, {"a", a}, {"N", grid.back()}, {"truncation_bound", bound}};
    result.checks.push_back(
        compare_relative("R_N^syn (asymptotic)", "S2", s2, estimates.back(), bound / std::abs(s2), 4.0, inputs));
    result.series = {mc, exact, asymptotic};
    return result;
}

ExperimentResult run_knowledge_redundancy(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    const KnowledgeCosts costs{real_in(params, "M", 1.0, 1e300, "M >= 1"), real_in(params, "V", 1.0, 1e300, "V >= 1")};
    const auto grid = count_list(params, "n", 1, theory::knowledge_exact_max_n, "(increasing integers in [1, 1e5])");
    const auto estimates =
        estimate_knowledge_redundancy(py, costs, grid, replicates_for(options, 1000), options);
    const auto per_token = theory::knowledge_redundancy_curve(py, grid.back(), costs.names, costs.values);
    const auto cumulative = theory::cumulative_redundancy(per_token);
    ExperimentResult result;
    Series mc{"Monte Carlo R_N^know", "N", "R_N (nats)", {}, {}, {}};
    Series th{"R1 exact R_N^know", "N", "R_N (nats)", {}, {}, {}};
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const double N = static_cast<double>(grid[i]);
        Json inputs{{"alpha", py.alpha}, {"beta", py.beta}, {"M", costs.names}, {"V", costs.values}, {"N", grid[i]}};
        result.checks.push_back(compare("R_N^know", "R1", cumulative[grid[i]], estimates[i], 4.0, inputs));
        mc.x.push_back(N);
        mc.y.push_back(estimates[i].mean);
        mc.y_err.push_back(estimates[i].se);
        th.x.push_back(N);
        th.y.push_back(cumulative[grid[i]]);
    }
    result.series = {mc, th};
    return result;
}

}  // namespace

ExperimentSpec syntax_redundancy_experiment() {
    return {"syntax-redundancy", "Dirichlet predictive code length minus true-theta code length on syntax data",
            {"S1", "S2"}, Json{{"S", 10}, {"a", 1.0}, {"n", {10, 100, 1000, 10000}}}, 2000, run_syntax_redundancy};
}

ExperimentSpec knowledge_redundancy_experiment() {
    return {"knowledge-redundancy", "CRP predictive code length (with name/value costs) minus oracle -log W_k",
            {"R1"}, Json{{"alpha", 0.5}, {"beta", 1.0}, {"M", 1000.0}, {"V", 100.0}, {"n", {10, 100, 1000, 10000}}},
            1000, run_knowledge_redundancy};
}

}  // namespace sklaws::validation::detail
