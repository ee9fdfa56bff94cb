// Experiments tables (K1, K2), block-counts (K4), entropy (K6), p-new (K7).
//
// Default parameters: α = 0.5, β = 1 (the middle of the knowledge model's
// range). Replicate counts are set so that each runs in well under a second
// on two cores while the SE is a few percent of the value or less.
#include "experiment_parameters.hpp"
#include "experiment_specs.hpp"

#include <sklaws/theory/block_counts.hpp>
#include <sklaws/theory/gem_entropy.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/p_new.hpp>
#include <sklaws/validation/heaps_estimators.hpp>

namespace sklaws::validation::detail {

namespace {

Json py_inputs(const theory::PitmanYorParameters& py) { return Json{{"alpha", py.alpha}, {"beta", py.beta}}; }

Series theory_series(std::string name, std::string x_label, std::string y_label, std::vector<double> x,
                     std::vector<double> y) {
    return Series{std::move(name), std::move(x_label), std::move(y_label), std::move(x), std::move(y), {}};
}

ExperimentResult run_tables(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    const auto grid = count_list(params, "n", 1, 10000000, "(increasing integers in [1, 1e7])");
    const auto estimates = estimate_table_counts(py, grid, replicates_for(options, 2000), options);
    ExperimentResult result;
    Series mc{"Monte Carlo E[K_n]", "n", "E[K_n]", {}, {}, {}};
    Series th = theory_series("K1 E[K_n]", "n", "E[K_n]", {}, {});
    for (const auto& e : estimates) {
        const double n = static_cast<double>(e.n);
        Json inputs = py_inputs(py);
        inputs["n"] = e.n;
        const double mean = theory::expected_tables<double>(py.alpha, py.beta, n);
        const double variance = theory::tables_variance<double>(py.alpha, py.beta, n);
        result.checks.push_back(compare("E[K_n]", "K1", mean, e.mean, 4.0, inputs));
        result.checks.push_back(compare("Var[K_n]", "K2", variance, e.variance, 4.0, inputs));
        mc.x.push_back(n);
        mc.y.push_back(e.mean.mean);
        mc.y_err.push_back(e.mean.se);
        th.x.push_back(n);
        th.y.push_back(mean);
    }
    result.series = {mc, th};
    return result;
}

ExperimentResult run_block_counts(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    const auto n = count_parameter(params, "n", 1, 100000, "1 <= n <= 1e5");
    const auto j_max = count_parameter(params, "j-max", 1, n, "1 <= j-max <= n");
    const auto estimates = estimate_block_counts(py, n, j_max, replicates_for(options, 10000), options);
    const auto exact = theory::expected_block_counts(py.alpha, py.beta, n);
    ExperimentResult result;
    Series mc{"Monte Carlo E[M_{j,n}]", "j", "E[M_{j,n}]", {}, {}, {}};
    Series th = theory_series("K4 E[M_{j,n}]", "j", "E[M_{j,n}]", {}, {});
    for (std::size_t j = 1; j <= j_max; ++j) {
        Json inputs = py_inputs(py);
        inputs["n"] = n;
        inputs["j"] = j;
        const double expected = theory::expected_block_count<double>(py.alpha, py.beta, static_cast<double>(n),
                                                                     static_cast<double>(j));
        result.checks.push_back(compare("E[M_{j,n}]", "K4", expected, estimates[j - 1], 4.0, inputs));
        mc.x.push_back(static_cast<double>(j));
        mc.y.push_back(estimates[j - 1].mean);
        mc.y_err.push_back(estimates[j - 1].se);
        th.x.push_back(static_cast<double>(j));
        th.y.push_back(exact[j - 1]);
    }
    result.series = {mc, th};
    return result;
}

ExperimentResult run_entropy(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    const double tail_mass = real_in(params, "tail-mass", 1e-12, 0.01, "1e-12 <= tail-mass <= 0.01");
    const auto e = estimate_entropy(py, tail_mass, replicates_for(options, 2000), options);
    Json inputs = py_inputs(py);
    inputs["tail_mass"] = tail_mass;
    inputs["mean_tail_correction"] = e.mean_tail_correction;
    inputs["mean_sticks"] = e.mean_sticks;
    const double expected = theory::knowledge_entropy<double>(py.alpha, py.beta);
    ExperimentResult result;
    result.checks.push_back(compare("E[H(W)]", "K6", expected, e.entropy, 4.0, inputs));
    result.series = {Series{"Monte Carlo E[H(W)]", "alpha", "E[H(W)] (nats)", {py.alpha}, {e.entropy.mean},
                            {e.entropy.se}},
                     theory_series("K6 E[H(W)]", "alpha", "E[H(W)] (nats)", {py.alpha}, {expected})};
    return result;
}

ExperimentResult run_p_new(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    const auto grid = count_list(params, "n", 1, 1000000, "(increasing integers in [1, 1e6])");
    const auto estimates = estimate_p_new(py, grid, replicates_for(options, 20000), options);
    ExperimentResult result;
    Series mc{"Monte Carlo p_new(n)", "n", "p_new(n)", {}, {}, {}};
    Series th = theory_series("K7 p_new(n)", "n", "p_new(n)", {}, {});
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const double n = static_cast<double>(grid[i]);
        Json inputs = py_inputs(py);
        inputs["n"] = grid[i];
        const double expected = theory::p_new<double>(py.alpha, py.beta, n);
        result.checks.push_back(compare("p_new(n)", "K7", expected, estimates[i], 4.0, inputs));
        mc.x.push_back(n);
        mc.y.push_back(estimates[i].mean);
        mc.y_err.push_back(estimates[i].se);
        th.x.push_back(n);
        th.y.push_back(expected);
    }
    result.series = {mc, th};
    return result;
}

}  // namespace

ExperimentSpec tables_experiment() {
    return {"tables", "number of knowledge elements K_n after n draws: mean and variance",
            {"K1", "K2"}, Json{{"alpha", 0.5}, {"beta", 1.0}, {"n", {10, 100, 1000, 10000}}}, 2000, run_tables};
}

ExperimentSpec block_counts_experiment() {
    return {"block-counts", "elements seen exactly j times, M_{j,n} (Zipf)", {"K4"},
            Json{{"alpha", 0.5}, {"beta", 1.0}, {"n", 1000}, {"j-max", 10}}, 10000, run_block_counts};
}

ExperimentSpec entropy_experiment() {
    return {"entropy", "entropy H(W) of the GEM knowledge weights", {"K6"},
            Json{{"alpha", 0.5}, {"beta", 1.0}, {"tail-mass", 1e-3}}, 2000, run_entropy};
}

ExperimentSpec p_new_experiment() {
    return {"p-new", "probability that token n+1 needs unseen knowledge", {"K7"},
            Json{{"alpha", 0.5}, {"beta", 1.0}, {"n", {1, 10, 100, 1000}}}, 20000, run_p_new};
}

}  // namespace sklaws::validation::detail
