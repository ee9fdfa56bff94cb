// Experiments data-scaling (D1 via R1) and model-scaling (M1).
//
// data-scaling: the per-token knowledge redundancy averaged over doubling
// windows [N_b, 2N_b) is estimated from the knowledge-redundancy simulation;
// each window is checked against the exact R1 average, and the log-log slope
// of the windows (delta-method SE) is checked (a) against the slope of the
// exact R1 windows (z-test) and (b) against the D1 exponent −(1−α) with a
// relative tolerance: R1's asymptote r_n ∝ n^{−(1−α)}(ln MV + c − α ln n)
// makes the local slope −(1−α) − α/(ln MV + c − α ln n); over
// n = 256..16384 with M = 1000, V = 100 the exact R1 slope is −0.577 for
// α = 0.5, i.e. 15% steeper than −(1−α). The stated tolerance
// (`d1-tolerance`, default 0.2) is the size of that log factor with margin,
// not Monte Carlo slack; the z-test (a) against the exact slope is the
// sharp check.
//
// model-scaling: T_C (exact per replicate, scaling_estimators.hpp) at
// C = 20, 40, 80, checked against the M1 asymptote E[T_C] ~ const·C^{−(1−α)/α}
// with relative tolerance `m1-tolerance` (default 0.15), and the slope of
// log E[T_C] against −a_M = −(1−α)/α with the same tolerance. Measured at
// α = 0.5, β = 1 (seed 1, 1000 replicates) the asymptote's relative error
// is ≈ 2/C: 21% at C = 10, 12% at 20, 5% at 50, 1% at 200 — hence C ≥ 20
// for a 15% tolerance. Cost grows like C^{1/α} sticks per replicate
// (every weight above W_(C) must be instantiated), so C stays ≤ 80.
#include "experiment_parameters.hpp"
#include "experiment_specs.hpp"

#include <sklaws/theory/knowledge_redundancy.hpp>
#include <sklaws/theory/scaling_laws.hpp>
#include <sklaws/validation/redundancy_estimators.hpp>
#include <sklaws/validation/scaling_estimators.hpp>

#include <cmath>

namespace sklaws::validation::detail {

namespace {

ExperimentResult run_data_scaling(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    numerics::require(py.alpha > 0.0, "alpha", py.alpha, "0 < alpha < 1 (power-law data scaling)");
    const KnowledgeCosts costs{real_in(params, "M", 1.0, 1e300, "M >= 1"), real_in(params, "V", 1.0, 1e300, "V >= 1")};
    const auto n_min = count_parameter(params, "n-min", 1, 100000, "1 <= n-min <= 1e5");
    const auto windows = count_parameter(params, "windows", 2, 12, "2 <= windows <= 12");
    const double tolerance = real_in(params, "d1-tolerance", 0.0, 1.0, "0 <= d1-tolerance <= 1");
    std::vector<std::uint64_t> grid{n_min};
    for (std::uint64_t b = 0; b < windows; ++b) grid.push_back(grid.back() * 2);
    numerics::require(grid.back() <= theory::knowledge_exact_max_n, "windows", windows,
                      "n-min * 2^windows <= 1e5 (exact R1 range)");

    std::vector<std::vector<double>> paths;
    estimate_knowledge_redundancy(py, costs, grid, replicates_for(options, 1000), options, &paths);
    // Window averages per replicate: (R_{2N} − R_N)/N.
    std::vector<std::vector<double>> rows(paths.size(), std::vector<double>(windows));
    for (std::size_t r = 0; r < paths.size(); ++r)
        for (std::size_t b = 0; b < windows; ++b)
            rows[r][b] = (paths[r][b + 1] - paths[r][b]) / static_cast<double>(grid[b + 1] - grid[b]);
    const auto window_estimates = estimate_columns(rows);

    const auto cumulative = theory::cumulative_redundancy(
        theory::knowledge_redundancy_curve(py, grid.back(), costs.names, costs.values));
    std::vector<double> x(windows), exact(windows);
    ExperimentResult result;
    Series mc{"Monte Carlo per-token r_n (window mean)", "n", "r_n (nats/token)", {}, {}, {}};
    Series th{"R1 exact r_n (window mean)", "n", "r_n (nats/token)", {}, {}, {}};
    Json base{{"alpha", py.alpha}, {"beta", py.beta}, {"M", costs.names}, {"V", costs.values}};
    for (std::size_t b = 0; b < windows; ++b) {
        x[b] = std::sqrt(static_cast<double>(grid[b]) * static_cast<double>(grid[b + 1]));
        exact[b] = (cumulative[grid[b + 1]] - cumulative[grid[b]]) / static_cast<double>(grid[b + 1] - grid[b]);
        Json inputs = base;
        inputs["n_from"] = grid[b];
        inputs["n_to"] = grid[b + 1];
        result.checks.push_back(compare("mean r_n over window", "R1", exact[b], window_estimates[b], 4.0, inputs));
        mc.x.push_back(x[b]);
        mc.y.push_back(window_estimates[b].mean);
        mc.y_err.push_back(window_estimates[b].se);
        th.x.push_back(x[b]);
        th.y.push_back(exact[b]);
    }
    const Estimate slope = estimate_loglog_slope(x, rows);
    Json inputs = base;
    inputs["n_from"] = grid.front();
    inputs["n_to"] = grid.back();
    result.checks.push_back(compare("log-log slope of r_n", "R1", loglog_slope(x, exact), slope, 4.0, inputs));
    result.checks.push_back(
        compare_relative("data exponent -a_D", "D1", -theory::data_exponent(py.alpha), slope, tolerance, 4.0, inputs));
    result.series = {mc, th};
    return result;
}

ExperimentResult run_model_scaling(const Json& params, const RunOptions& options) {
    const auto py = pitman_yor(params);
    numerics::require(py.alpha > 0.0, "alpha", py.alpha, "0 < alpha < 1 (power-law model scaling)");
    const auto capacities = count_list(params, "C", 1, 100000, "(increasing integers in [1, 1e5])");
    numerics::require(capacities.size() >= 2, "C", capacities.size(), "(at least two capacities)");
    const double tolerance = real_in(params, "m1-tolerance", 0.0, 1.0, "0 <= m1-tolerance <= 1");
    const auto rows = simulate_tail_mass(py, capacities, replicates_for(options, 500), options);
    const auto estimates = estimate_columns(rows);
    ExperimentResult result;
    Series mc{"Monte Carlo E[T_C]", "C", "E[T_C]", {}, {}, {}};
    Series th{"M1 asymptotic E[T_C]", "C", "E[T_C]", {}, {}, {}};
    std::vector<double> x;
    for (std::size_t i = 0; i < capacities.size(); ++i) {
        const double C = static_cast<double>(capacities[i]);
        const double asymptote = theory::tail_mass_asymptotic_e<double>(py.alpha, py.beta, C).val;
        Json inputs{{"alpha", py.alpha}, {"beta", py.beta}, {"C", capacities[i]}};
        result.checks.push_back(compare_relative("E[T_C]", "M1", asymptote, estimates[i], tolerance, 4.0, inputs));
        x.push_back(C);
        mc.x.push_back(C);
        mc.y.push_back(estimates[i].mean);
        mc.y_err.push_back(estimates[i].se);
        th.x.push_back(C);
        th.y.push_back(asymptote);
    }
    const Estimate slope = estimate_loglog_slope(x, rows);
    Json inputs{{"alpha", py.alpha}, {"beta", py.beta}, {"C_from", capacities.front()}, {"C_to", capacities.back()}};
    result.checks.push_back(compare_relative("model exponent -a_M", "M1", -theory::model_exponent(py.alpha), slope,
                                             tolerance, 4.0, inputs));
    result.series = {mc, th};
    return result;
}

}  // namespace

ExperimentSpec data_scaling_experiment() {
    return {"data-scaling", "per-token knowledge redundancy vs n: power-law slope vs -(1-alpha)", {"R1", "D1"},
            Json{{"alpha", 0.5}, {"beta", 1.0}, {"M", 1000.0}, {"V", 100.0}, {"n-min", 256}, {"windows", 6},
                 {"d1-tolerance", 0.2}},
            1000, run_data_scaling};
}

ExperimentSpec model_scaling_experiment() {
    return {"model-scaling", "missing mass T_C of a coder storing the C most frequent elements", {"M1", "X1"},
            Json{{"alpha", 0.5}, {"beta", 1.0}, {"C", {20, 40, 80}}, {"m1-tolerance", 0.15}}, 500,
            run_model_scaling};
}

}  // namespace sklaws::validation::detail
