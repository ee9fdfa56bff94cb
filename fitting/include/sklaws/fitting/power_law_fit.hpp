// Single power law with an offset (docs/theory.md §5, D1/M1 shapes):
//
//     y = E + A·x^(−a)        (or y = A·x^(−a) with E fixed at 0)
//
// fitted by (weighted, optionally robust) least squares in y:
//
//     minimise  ½ Σ_i ρ( w_i (y_i − E − A x_i^(−a))² )
//
// with ρ(s) = s (plain least squares), Ceres's HuberLoss(c) or CauchyLoss(c)
// (c = loss_scale, on the residual scale), w_i ≥ 0 optional weights (e.g.
// 1/σ_i² for heteroscedastic Monte Carlo points; default 1). A = e^(ln A) is
// kept positive by fitting ln A. Levenberg–Marquardt (Ceres Problem) runs
// from a small grid of starts — a ∈ {0.05 … 3} × E ∈ fractions of min y —
// with A at its exact weighted least-squares value for that (a, E); the
// lowest final objective is kept (ties: first start).
//
// Any of E, A, a may be held fixed (`fixed_E`, `fixed_A`, `fixed_a`; the
// solver then varies the others only, from the grid restricted to them);
// `fit_offset = false` is the same as fixed_E = 0.
//
// Use it for a curve of losses (or excess losses) against one resource;
// for two resources at once use joint_law_fit.hpp. For a pure power law
// fitted on log–log axes (ln y = ln A − a ln x by weighted least squares, as
// Porian et al. fit N*(C)) use log_power_law_fit in isoflop.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

namespace sklaws::fitting {

enum class RobustLoss { squared, huber, cauchy };

// A single start (E, A, a), used instead of the grid — e.g. by a bootstrap
// that restarts each resample from the point estimate.
struct PowerLawStart {
    double E = 0, A = 1, a = 0.5;
};

struct PowerLawOptions {
    bool fit_offset = true;          // false: E ≡ 0
    RobustLoss loss = RobustLoss::squared;
    double loss_scale = 1.0;         // residual scale c of the Huber/Cauchy loss
    std::span<const double> weights = {};  // empty: all 1
    int max_iterations = 500;
    std::optional<PowerLawStart> start{};  // set: one start from here instead of the grid
    std::optional<double> fixed_E{}, fixed_A{}, fixed_a{};  // held at these values (A > 0)
};

struct PowerLawFit {
    double E = 0, A = 0, a = 0;
    double objective = 0;        // ½ Σ ρ(w r²) at the estimate
    std::size_t starts = 0;
    std::size_t converged = 0;   // starts whose solver reported convergence
    bool best_converged = false;
    bool fit_offset = true;
};

// y = E + A x^(−a) at x.
double power_law_value(const PowerLawFit& fit, double x);

// Throws numerics::DomainError for mismatched lengths, x ≤ 0, non-finite
// values, negative weights, fewer points of positive weight than
// parameters + 1, w·y² ≥ 1e300 (the squared residuals would overflow), or
// when no start reaches a finite objective.
PowerLawFit fit_power_law(std::span<const double> x, std::span<const double> y, const PowerLawOptions& options = {});

}  // namespace sklaws::fitting
