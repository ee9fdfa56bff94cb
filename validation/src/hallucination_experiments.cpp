// Experiment hallucination (H1).
//
// Defaults: α = 0.5, β = 1, capacity C = 50, V = 100, 200 frequency-weighted
// queries per replicate. The frequency-weighted rate is checked exactly (paired
// difference with T_C(1 − 1/V) of the same weights, z-test) and against the
// M1 asymptote of E[T_C] with the M1 relative tolerance (`m1-tolerance`).
// The entity-uniform rate 1 − C/E[K_n] (n = 2000) is docs/theory.md's
// plug-in: E[1 − C/K_n] differs from it by Jensen's gap because K_n/n^α
// stays random (diversity S, K5): E[C/K_n] ≥ C/E[K_n], measured 0.414 vs
// 0.495 (16% below) at the defaults. The stated tolerance
// `entity-tolerance` (default 0.25) covers that gap, so this check is about
// the formula's order; the exact paired check carries the weight.
//
// Per element, by frequency (hallucination_by_frequency.hpp): a learner
// that sees `frequency-n` tokens and stores by A2's capacity-C rule (count
// above n·w*(C)) is queried once about every element with w/w*(C) in each
// band of `bins`; its hallucination rate per band is z-tested against H1,
// P(not stored | w)(1 − 1/V) with A2's P(stored | w), averaged over the
// same elements (paired). Defaults: frequency-n = 20000, so n·w*(50) ≈ 15
// mentions and the rate falls from 1 − 1/V to ~0 across w/w* = 0.5..2;
// bands of √2 from 1/4 to 2. Past w/w* = 2 hallucination is too rare
// (< 1e-3 per query) for its SE to be estimated from 100 replicates
// (--quick), so no band goes there.
#include "experiment_parameters.hpp"
#include "experiment_specs.hpp"

#include <sklaws/theory/acquisition.hpp>
#include <sklaws/theory/hallucination.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/scaling_laws.hpp>
#include <sklaws/validation/hallucination_by_frequency.hpp>
#include <sklaws/validation/hallucination_estimators.hpp>

#include <cmath>
#include <cstdio>

namespace sklaws::validation::detail {

namespace {

// H1 per element against w/w*(C), checked band by band (see the top).
void add_frequency_bands(ExperimentResult& result, const theory::PitmanYorParameters& py, std::uint64_t C,
                         std::uint64_t V, std::uint64_t n, const std::vector<double>& edges, std::size_t replicates,
                         const RunOptions& options) {
    const double threshold = theory::capacity_threshold_weight(py, static_cast<double>(C));
    const auto bands = estimate_hallucination_by_frequency(py, n, threshold, V, edges, replicates, options);
    const double Vd = static_cast<double>(V);
    const char* x_label = "w/w*(C)";
    const char* y_label = "hallucination rate";
    Series mc{"Monte Carlo rate by band of w/w*", x_label, y_label, {}, {}, {}};
    Series averaged{"H1 averaged over each band's elements", x_label, y_label, {}, {}, {}};
    for (const auto& band : bands) {
        Json inputs{{"alpha", py.alpha},
                    {"beta", py.beta},
                    {"C", C},
                    {"V", V},
                    {"n", n},
                    {"k5_threshold_weight", threshold},
                    {"ratio_low", band.ratio_low},
                    {"ratio_high", band.ratio_high},
                    {"mean_ratio", band.mean_ratio},
                    {"mean_queries", band.mean_queries},
                    {"mean_p_not_stored", band.mean_not_stored}};
        // Rates per query; the SE is the paired difference's, so that the
        // band's element-count noise (common to both) does not enter z.
        const double queries = band.mean_queries;
        const Estimate rate{band.hallucinated.mean / queries, band.difference.se / queries, band.difference.replicates};
        char quantity[96];
        std::snprintf(quantity, sizeof quantity, "hallucination rate per element, w/w* in [%.4g, %.4g)", band.ratio_low,
                      band.ratio_high);
        result.checks.push_back(compare(quantity, "H1", band.predicted.mean / queries, rate, 4.0, inputs));
        mc.x.push_back(band.mean_ratio);
        mc.y.push_back(band.rate.mean);
        mc.y_err.push_back(band.rate.se);
        averaged.x.push_back(band.mean_ratio);
        averaged.y.push_back(band.predicted.mean / queries);
    }
    Series curve{"H1 via A2: P(not stored | w)(1 - 1/V)", x_label, y_label, {}, {}, {}};
    const double low = edges.front() / 2, high = edges.back() * 2;
    for (int i = 0; i <= 80; ++i) {
        const double x = low * std::pow(high / low, i / 80.0);
        if (x * threshold > 1.0) break;
        curve.x.push_back(x);
        curve.y.push_back(theory::hallucination_rate_per_element(
            1.0 - theory::capacity_acquisition_probability(x * threshold, n, threshold), Vd));
    }
    result.series.push_back(std::move(mc));
    result.series.push_back(std::move(averaged));
    result.series.push_back(std::move(curve));
}

ExperimentResult run_hallucination(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    numerics::require(py.alpha > 0.0, "alpha", py.alpha, "0 < alpha < 1 (M1 tail mass)");
    const auto C = count_parameter(params, "C", 1, 100000, "1 <= C <= 1e5");
    const auto V = count_parameter(params, "V", 2, 1000000000, "2 <= V <= 1e9");
    const auto n = count_parameter(params, "n", 1, 100000000, "1 <= n <= 1e8");
    const auto queries = count_parameter(params, "queries", 1, 1000000, "1 <= queries <= 1e6");
    const double m1_tolerance = real_in(params, "m1-tolerance", 0.0, 1.0, "0 <= m1-tolerance <= 1");
    const double entity_tolerance = real_in(params, "entity-tolerance", 0.0, 1.0, "0 <= entity-tolerance <= 1");
    const auto frequency_n = count_parameter(params, "frequency-n", 1, 10000000, "1 <= frequency-n <= 1e7");
    const auto edges = real_list(params, "bins");
    const std::size_t replicates = replicates_for(options, 1000);

    const auto fw = estimate_frequency_weighted_hallucination(py, C, V, queries, replicates,
                                                              phase_options(options, 0, 3));
    const auto eu = estimate_entity_uniform_hallucination(py, n, C, replicates, phase_options(options, 1, 3));
    const double Vd = static_cast<double>(V);
    const double asymptote = theory::frequency_weighted_hallucination(
        theory::tail_mass_asymptotic_e<double>(py.alpha, py.beta, static_cast<double>(C)).val, Vd);
    const double expected_tables = theory::expected_tables<double>(py.alpha, py.beta, static_cast<double>(n));
    const double entity = theory::entity_uniform_hallucination(static_cast<double>(C), expected_tables);

    ExperimentResult result;
    Json inputs{{"alpha", py.alpha}, {"beta", py.beta}, {"C", C}, {"V", V}, {"queries", queries}};
    result.checks.push_back(compare("frequency-weighted rate - T_C(1-1/V)", "H1", 0.0, fw.difference, 4.0, inputs));
    result.checks.push_back(
        compare_relative("frequency-weighted rate", "H1", asymptote, fw.rate, m1_tolerance, 4.0, inputs));
    Json entity_inputs{{"alpha", py.alpha}, {"beta", py.beta}, {"C", C}, {"n", n}, {"E[K_n]", expected_tables}};
    result.checks.push_back(
        compare_relative("entity-uniform rate", "H1", entity, eu.rate, entity_tolerance, 4.0, entity_inputs));
    result.series = {
        Series{"Monte Carlo hallucination rate", "kind (1 = frequency-weighted, 2 = entity-uniform)", "rate",
               {1.0, 2.0}, {fw.rate.mean, eu.rate.mean}, {fw.rate.se, eu.rate.se}},
        Series{"H1 hallucination rate", "kind (1 = frequency-weighted, 2 = entity-uniform)", "rate", {1.0, 2.0},
               {asymptote, entity}, {}}};
    add_frequency_bands(result, py, C, V, frequency_n, edges, replicates, phase_options(options, 2, 3));
    return result;
}

}  // namespace

ExperimentSpec hallucination_experiment() {
    return {"hallucination",
            "hallucination rate of a capacity-C learner: frequency-weighted, entity-uniform and per element by frequency",
            {"H1"},
            Json{{"alpha", 0.5}, {"beta", 1.0}, {"C", 50}, {"V", 100}, {"n", 2000}, {"queries", 200},
                 {"m1-tolerance", 0.15}, {"entity-tolerance", 0.25}, {"frequency-n", 20000},
                 {"bins", {0.25, 0.5, 0.7071, 1.0, 1.4142, 2.0}}},
            1000, run_hallucination};
}

}  // namespace sklaws::validation::detail
