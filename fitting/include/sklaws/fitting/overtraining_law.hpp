// Over-training scaling law of Gadre et al. 2024 ("Language models scale
// reliably with over-training and on downstream tasks", arXiv 2403.08540,
// their Eq. for loss as a function of compute C and token multiplier M):
//
//     L(C, M) = E + (a·M^η + b·M^(−η))·C^(−η),    C = 6·N·D,  M = D/N.
//
// In N and D it is the Chinchilla form with tied exponents:
//     L = E + A·N^(−2η) + B·D^(−2η),  A = a·6^(−η),  B = b·6^(−η),
// and for fixed C the loss is lowest at M* = (b/a)^(1/(2η)).
//
// Fitted as the authors' code does (scaling/laws.py, curve_fit_powlaw_ours):
// ordinary least squares on L itself (not on log L), Levenberg–Marquardt
// (Ceres) from every start of their grid — in their coordinates
// α₀, β₀ ∈ {1e2, 3e2, 1e3, 3e3}, exponent e₀ ∈ {−0.1, −0.3}, E₀ ∈ {0, 1, 2, 10}
// (128 starts), mapped to ours by η₀ = −e₀/2, a₀ = α₀·6^η₀, b₀ = β₀ — keeping
// the lowest sum of squares among converged starts (ties: first start). Any
// of E, a, b, η may be held fixed. The exponent their code prints is
// e = −2η (e.g. −0.2729 for RedPajama training).
#pragma once

#include <cstddef>
#include <optional>
#include <span>

namespace sklaws::fitting {

struct OvertrainingConstraints {
    std::optional<double> E, a, b, eta;
};

struct OvertrainingParameters {
    double E = 0, a = 0, b = 0, eta = 0;
};

struct OvertrainingOptions {
    OvertrainingConstraints constraints{};
    int max_iterations = 10000;
    std::optional<OvertrainingParameters> start{};  // one start (e.g. a bootstrap refit) instead of the grid
};

struct OvertrainingFit {
    OvertrainingParameters parameters;
    OvertrainingConstraints constraints{};
    double objective = 0;     // ½ Σ (L − model)²
    std::size_t starts = 0, converged = 0;
    bool best_converged = false;
};

// L at (N, D).
double overtraining_value(const OvertrainingParameters& p, double n, double d);

// Throws numerics::DomainError for mismatched lengths, N, D, L not finite
// and > 0, or fewer points than free parameters + 1.
OvertrainingFit fit_overtraining(std::span<const double> n, std::span<const double> d, std::span<const double> loss,
                                 const OvertrainingOptions& options = {});

}  // namespace sklaws::fitting
