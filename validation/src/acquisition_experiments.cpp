// Experiment acquisition (A1 exact, A2 capacity threshold).
//
// A1: weights 1e-4..3e-3 after n = 2000 tokens span n·w = 0.2..6, the whole
// rise of the accuracy curve; V = 10 values and noise ε = 0.2 exercise the
// majority-vote sum. 20000 replicates give SE ≤ 0.0035 per point.
// A2: capacity C = 20 with α = 0.5, β = 1, n = 2000: elements in bands of
// w/W_(C) from 1/2 to 4 (W_(C) the replicate's own C-th weight; see
// acquisition_estimators.hpp for why not the K5 scale). A2 still treats the
// C-th largest count as n·W_(C), ignoring the count noise of the other
// elements, so it is checked with a stated relative tolerance
// (`a2-tolerance`) on the stored count per band.
#include "experiment_parameters.hpp"
#include "experiment_specs.hpp"

#include <sklaws/theory/acquisition.hpp>
#include <sklaws/validation/acquisition_estimators.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::validation::detail {

namespace {

ExperimentResult run_acquisition(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    const auto weights = real_list(params, "w");
    const auto n = count_parameter(params, "n", 1, 1000000, "1 <= n <= 1e6");
    const auto V = count_parameter(params, "V", 2, 1000000, "2 <= V <= 1e6");
    const double epsilon = real_in(params, "epsilon", 0.0, 1.0, "0 <= epsilon <= 1");
    const auto C = count_parameter(params, "C", 1, 100000, "1 <= C <= 1e5");
    const double tolerance = real_in(params, "a2-tolerance", 0.0, 1.0, "0 <= a2-tolerance <= 1");
    const std::size_t replicates = replicates_for(options, 20000);

    ExperimentResult result;
    const auto accuracy =
        estimate_fact_accuracy(weights, n, V, epsilon, replicates, phase_options(options, 0, 2));
    Series mc{"Monte Carlo fact accuracy", "n*w", "accuracy", {}, {}, {}};
    Series th{"A1 fact accuracy", "n*w", "accuracy", {}, {}, {}};
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double expected = theory::fact_accuracy(weights[i], n, V, epsilon);
        Json inputs{{"w", weights[i]}, {"n", n}, {"V", V}, {"epsilon", epsilon}};
        result.checks.push_back(compare("fact accuracy", "A1", expected, accuracy[i], 4.0, inputs));
        mc.x.push_back(weights[i] * static_cast<double>(n));
        mc.y.push_back(accuracy[i].mean);
        mc.y_err.push_back(accuracy[i].se);
        th.x.push_back(weights[i] * static_cast<double>(n));
        th.y.push_back(expected);
    }

    const double threshold = theory::capacity_threshold_weight(py, static_cast<double>(C));
    const std::vector<double> edges{0.5, 1.0, 2.0, 4.0};
    const auto bands = estimate_capacity_acquisition(py, n, C, edges, std::max<std::size_t>(replicates / 10, 2),
                                                     phase_options(options, 1, 2));
    Series mc2{"Monte Carlo P(stored) by w/w*", "w/W_(C)", "P(stored)", {}, {}, {}};
    Series th2{"A2 P(stored) by w/w*", "w/W_(C)", "P(stored)", {}, {}, {}};
    for (const auto& band : bands) {
        Json inputs{{"alpha", py.alpha}, {"beta", py.beta}, {"n", n}, {"C", C},  {"k5_threshold_weight", threshold},
                    {"ratio_low", band.ratio_low}, {"ratio_high", band.ratio_high}, {"mean_elements", band.mean_elements}};
        // Stored count in the band vs the A2-predicted count; the SE is that
        // of the paired difference (both come from the same weights).
        const Estimate stored{band.stored.mean, band.difference.se, band.difference.replicates};
        result.checks.push_back(
            compare_relative("elements stored in band", "A2", band.predicted.mean, stored, tolerance, 4.0, inputs));
        const double x = std::sqrt(band.ratio_low * band.ratio_high);
        mc2.x.push_back(x);
        mc2.y.push_back(band.stored.mean / band.mean_elements);
        mc2.y_err.push_back(band.stored.se / band.mean_elements);
        th2.x.push_back(x);
        th2.y.push_back(band.predicted.mean / band.mean_elements);
    }
    result.series = {mc, th, mc2, th2};
    return result;
}

}  // namespace

ExperimentSpec acquisition_experiment() {
    return {"acquisition", "fact accuracy vs (w, n) and storage under capacity C", {"A1", "A2"},
            Json{{"alpha", 0.5}, {"beta", 1.0}, {"w", {1e-4, 3e-4, 1e-3, 3e-3}}, {"n", 2000}, {"V", 10},
                 {"epsilon", 0.2}, {"C", 20}, {"a2-tolerance", 0.25}},
            20000, run_acquisition};
}

}  // namespace sklaws::validation::detail
