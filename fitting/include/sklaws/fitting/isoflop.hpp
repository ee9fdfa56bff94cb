// isoFLOP analysis — Hoffmann et al. (2022) approach 2 (docs/theory.md §5).
//
// Runs are grouped into compute budgets C (runs whose C agree to a relative
// `budget_tolerance`; the budget's C is their geometric mean). Within a
// budget, runs of equal N are merged keeping the lowest loss, the sizes are
// sorted, and the run of lowest loss i* is found. If i* is the smallest or
// the largest size the optimum is not bracketed: the budget is reported but
// not used ("edge"). Otherwise the loss-optimal size is the vertex of the
// parabola in u = ln N through ln L of i* and its two neighbours:
//
//   u* = u_i − ½·[(u_i−u_−)²(y_i−y_+) − (u_i−u_+)²(y_i−y_−)]
//            / [(u_i−u_−)(y_i−y_+) − (u_i−u_+)(y_i−y_−)],   y = ln L,
//
// which lies between the neighbours. Why three points: the isoFLOP profile
// is a parabola only near its minimum and is asymmetric (Porian et al.
// 2024), so a parabola through all runs of a budget is pulled towards
// wherever the sweep happened to place more or farther runs; the bracketing
// triple depends only on the runs next to the optimum, whatever the sampling
// elsewhere. On Porian et al.'s 15 configurations it puts 14 exponents inside
// their published 95 % intervals, against 5 for the all-runs parabola
// (tests/fitting/isoflop_test.cpp). D* is found the same way from the
// profile in ln D (with D = C/(6N) that is C/(6N*)).
//
// Interval of u*: noise σ of ln L is estimated once per fit as the pooled
// root-mean-square residual of least-squares parabolas through the up to 5
// runs nearest the minimum (i*−2 … i*+2) of every bracketed budget with ≥ 4
// such runs, σ² = ΣRSS/Σ(n_b − 3); then SE(u*) = σ·|∇_y u*| (delta method
// over the three losses) and N* ∈ exp(u* ± z·SE). It assumes independent
// noise of equal size and includes any lack of fit of the local parabola, so
// it errs on the wide side; without a budget of ≥ 4 runs there is no σ and
// no interval.
//
// Compute-optimal power laws: N* = G_N·C^a and D* = G_D·C^b by ordinary
// least squares of ln N*, ln D* on ln C over the bracketed budgets
// (log_power_law_fit: the same code `fit --form power --space log` uses),
// with percentile-bootstrap intervals over budgets (resampled with
// replacement, each resample refitted; a resample with fewer than 2 distinct
// budgets fails and is counted). Any of a, b, G_N, G_D may be fixed.
#pragma once

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/run_table.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sklaws::fitting {

// ln y = ln G + s·ln x by weighted least squares (weights ≥ 0; empty: all 1),
// optionally with s or G fixed. Closed form. Throws numerics::DomainError for
// x, y ≤ 0, mismatched lengths, or fewer than 2 distinct x with s free.
struct LogPowerLawFit {
    double slope = 0, constant = 0;  // y = constant · x^slope
    double objective = 0;            // ½ Σ w (ln y − fit)²
    std::size_t points = 0;
};
LogPowerLawFit log_power_law_fit(std::span<const double> x, std::span<const double> y, std::span<const double> weights = {},
                                 std::optional<double> fixed_slope = std::nullopt,
                                 std::optional<double> fixed_constant = std::nullopt);

struct IsoflopConstraints {
    std::optional<double> a, b, G_N, G_D;
};

struct IsoflopOptions {
    double budget_tolerance = 1e-3;  // relative: runs with C within this share a budget
    double level = 0.95;             // per-budget intervals
    IsoflopConstraints constraints{};
};

struct BudgetOptimum {
    double flops = 0;
    std::size_t runs = 0, sizes = 0;      // runs of the budget, distinct N
    bool bracketed = false;               // optimum between two sampled sizes (used in the fit)
    std::string note;                     // why not bracketed
    double n_opt = 0, n_lo = 0, n_hi = 0; // N* and its interval (NaN when no σ)
    double d_opt = 0, d_lo = 0, d_hi = 0;
    double loss_opt = 0;                  // exp of the parabola at u*
    std::vector<std::size_t> bracket_lines;  // source lines of the three runs
};

struct IsoflopFit {
    std::vector<BudgetOptimum> budgets;   // by increasing C
    std::size_t used = 0;                 // bracketed budgets
    double a = 0, G_N = 0, b = 0, G_D = 0;
    IsoflopConstraints constraints{};
    double sigma_log_loss = 0;            // NaN when not estimable
    std::size_t sigma_dof = 0;
};

// Throws InputError/DomainError when fewer than 2 budgets are bracketed.
IsoflopFit fit_isoflop(const RunData& runs, const IsoflopOptions& options = {});

// The power laws refitted on the bracketed budgets at `budget_rows` (indices
// into the bracketed budgets, as a bootstrap draws them).
IsoflopFit refit_isoflop_laws(const IsoflopFit& fit, std::span<const std::size_t> budget_rows);

// Bootstrap over the bracketed budgets: quantities a, G_N, b, G_D.
BootstrapResult bootstrap_isoflop(const IsoflopFit& fit, const BootstrapOptions& options);

}  // namespace sklaws::fitting
