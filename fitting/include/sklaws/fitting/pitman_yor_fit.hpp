// Maximum-likelihood Pitman-Yor parameters (α, β) from block counts
// (docs/theory.md §2 "EPPF", §5).
//
// Given the sizes n_1..n_K of the K distinct knowledge elements (or word
// types) seen in n = Σ n_k draws, the estimate maximises the EPPF
// log-likelihood ℓ(α, β) = theory::eppf_log_likelihood (value and analytic
// gradient come from theory/, the one place the formula lives). The search
// runs unconstrained in (u, v) with α = 1/(1+e^(−u)) ∈ (0, 1) and
// β = −α + e^v > −α, by Ceres L-BFGS on −ℓ/n from a small grid of starts
// (α ∈ {0.1, 0.3, 0.5, 0.7, 0.9} × β+α ∈ {0.5, 5, 50}); the best is kept.
//
// Standard errors come from the observed information I = −∇²ℓ at the
// estimate, the Hessian taken by central differences of the analytic
// gradient (step 1e−5 relative, one-sided next to the boundary α = 0);
// covariance I^(−1), Wald interval estimate ± z·SE. They are asymptotic:
// trust them when K is large (hundreds of elements or more). As α → 0 the
// likelihood is flat in α (the Dirichlet-process boundary) and the interval
// may reach below 0: it is then clipped to α ≥ 0 and `at_boundary` is set;
// likewise a β interval reaching below −α (few elements: β is poorly
// determined) is clipped to β ≥ −α.
//
// Either parameter may be held fixed (fixed_alpha ∈ (0, 1), or fixed_beta
// > −α; then α is searched in (max(0, −β), 1)): the other is estimated by
// the same search in one dimension, its standard error from the conditional
// information −∂²ℓ/∂θ² of that parameter alone, and the fixed one has none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace sklaws::fitting {

struct PitmanYorFitOptions {
    double level = 0.95;  // Wald interval level
    int max_iterations = 1000;
    std::optional<double> fixed_alpha{}, fixed_beta{};
};

struct PitmanYorFit {
    double alpha = 0, beta = 0;
    double log_likelihood = 0;
    double se_alpha = 0, se_beta = 0, correlation = 0;  // from the observed information
    double alpha_lo = 0, alpha_hi = 0, beta_lo = 0, beta_hi = 0;  // Wald intervals
    bool information_ok = false;  // observed information positive definite
    bool at_boundary = false;     // an interval clipped at the domain edge (α ≥ 0, β ≥ −α)
    bool alpha_fixed = false, beta_fixed = false;
    std::size_t starts = 0;
    std::size_t converged = 0;
    std::size_t elements = 0;     // K
    std::uint64_t draws = 0;      // n
};

// Throws numerics::DomainError when `counts` is empty, holds a 0, or has
// fewer than 2 elements (one block carries no information on α).
PitmanYorFit fit_pitman_yor(std::span<const std::uint64_t> counts, const PitmanYorFitOptions& options = {});

}  // namespace sklaws::fitting
