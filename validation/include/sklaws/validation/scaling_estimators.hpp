// Monte Carlo estimators for the scaling laws (docs/theory.md D1, M1, X1).
//
//  * Power-law slope with SE: given per-replicate values y_{r,b} at x_b, the
//    slope of log ȳ_b against log x_b by least squares,
//        a = Σ_b c_b log ȳ_b,   c_b = (log x_b − mean log x)/Σ(log x − mean)²,
//    has (delta method) the per-replicate linearisation
//        L_r = Σ_b c_b y_{r,b}/ȳ_b,   SE(a) = sd(L)/√R,
//    which accounts for the correlation of the bins within a replicate.
//    Var(L) = Σ_ab (c_a/ȳ_a)(c_b/ȳ_b) Cov(y_a, y_b), so streamed moments with
//    covariances (ColumnMoments) give the SE without keeping the rows; the
//    rows form runs that same arithmetic.
//  * Missing mass of a capacity-C coder (M2): T_C = Σ_{i>C} W_(i), the mass
//    of all but the C largest weights, from one draw of the top C_max ranked
//    weights (ranked_weights.hpp: O(C_max) memory and time for every α < 1;
//    stick-breaking needed ~C^{1/(1−α)} sticks), read at every C of the grid.
#pragma once

#include "monte_carlo.hpp"

#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::validation {

// Slope of log E[y] vs log x (x > 0, means > 0), with delta-method SE.
// rows[r][b] is replicate r's value at x[b]; needs ≥ 2 points and ≥ 2 rows.
Estimate estimate_loglog_slope(const std::vector<double>& x, const std::vector<std::vector<double>>& rows);
// The same from streamed moments of the rows (built with covariances).
Estimate estimate_loglog_slope(const std::vector<double>& x, const ColumnMoments& moments);

// The same slope linearised about exact values y_ref (> 0) instead of the
// Monte Carlo means: per replicate Σ_b c_b [ln y_ref_b + (y_rb − y_ref_b)/y_ref_b]
// (c_b the least-squares weights of ln x). Linear in the data, so its
// expectation is exactly the log-log slope of y_ref when E[y_b] = y_ref_b, and
// a z-test of it against that slope is valid at any noise level — also where a
// window mean is not resolved (≤ 0), where estimate_loglog_slope's log of the
// means and its delta method are not.
Estimate estimate_loglog_slope_about(const std::vector<double>& x, const std::vector<std::vector<double>>& rows,
                                     const std::vector<double>& y_ref);

// The same least-squares slope of exact values (for the theory side).
double loglog_slope(const std::vector<double>& x, const std::vector<double>& y);

// One replicate's T_C for each C of the (increasing) capacity grid, drawn from
// RandomStream(seed, stick_stream(replicate)).
std::vector<double> tail_mass_path(const theory::PitmanYorParameters& params, const std::vector<std::uint64_t>& capacities,
                                   std::uint64_t seed, std::uint64_t replicate);

// Per-replicate T_C (rows) for every C of the grid (O(replicates) memory).
std::vector<std::vector<double>> simulate_tail_mass(const theory::PitmanYorParameters& params,
                                                    const std::vector<std::uint64_t>& capacities,
                                                    std::size_t replicates, const RunOptions& options);

// The same rows reduced as they come (ColumnMoments with covariances: the
// means of T_C and estimate_loglog_slope's SE), O(grid²) memory.
ColumnMoments tail_mass_moments(const theory::PitmanYorParameters& params, const std::vector<std::uint64_t>& capacities,
                                std::size_t replicates, const RunOptions& options);

}  // namespace sklaws::validation
