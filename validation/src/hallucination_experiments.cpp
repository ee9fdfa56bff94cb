// Experiment hallucination (H1).
//
// Defaults: α = 0.5, β = 1, capacity C = 50, V = 100, 200 queries per
// replicate. The frequency-weighted rate is checked exactly (paired
// difference with T_C(1 − 1/V) of the same weights, z-test) and against the
// M1 asymptote of E[T_C] with the M1 relative tolerance (`m1-tolerance`).
// The entity-uniform rate 1 − C/E[K_n] (n = 2000) is THEORY.md's
// plug-in: E[1 − C/K_n] differs from it by Jensen's gap because K_n/n^α
// stays random (diversity S, K5): E[C/K_n] ≥ C/E[K_n], measured 0.414 vs
// 0.495 (16% below) at the defaults. The stated tolerance
// `entity-tolerance` (default 0.25) covers that gap, so this check is about
// the formula's order; the exact paired check carries the weight.
#include "experiment_parameters.hpp"
#include "experiment_specs.hpp"

#include <sklaws/theory/hallucination.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/scaling_laws.hpp>
#include <sklaws/validation/hallucination_estimators.hpp>

namespace sklaws::validation::detail {

namespace {

ExperimentResult run_hallucination(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    numerics::require(py.alpha > 0.0, "alpha", py.alpha, "0 < alpha < 1 (M1 tail mass)");
    const auto C = count_parameter(params, "C", 1, 100000, "1 <= C <= 1e5");
    const auto V = count_parameter(params, "V", 2, 1000000000, "2 <= V <= 1e9");
    const auto n = count_parameter(params, "n", 1, 100000000, "1 <= n <= 1e8");
    const auto queries = count_parameter(params, "queries", 1, 1000000, "1 <= queries <= 1e6");
    const double m1_tolerance = real_in(params, "m1-tolerance", 0.0, 1.0, "0 <= m1-tolerance <= 1");
    const double entity_tolerance = real_in(params, "entity-tolerance", 0.0, 1.0, "0 <= entity-tolerance <= 1");
    const std::size_t replicates = replicates_for(options, 1000);

    const auto fw = estimate_frequency_weighted_hallucination(py, C, V, queries, replicates,
                                                              phase_options(options, 0, 2));
    const auto eu = estimate_entity_uniform_hallucination(py, n, C, replicates, phase_options(options, 1, 2));
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
    return result;
}

}  // namespace

ExperimentSpec hallucination_experiment() {
    return {"hallucination", "hallucination rate of a capacity-C learner, frequency-weighted and entity-uniform",
            {"H1"},
            Json{{"alpha", 0.5}, {"beta", 1.0}, {"C", 50}, {"V", 100}, {"n", 2000}, {"queries", 200},
                 {"m1-tolerance", 0.15}, {"entity-tolerance", 0.25}},
            1000, run_hallucination};
}

}  // namespace sklaws::validation::detail
