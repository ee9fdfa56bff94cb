// Exchangeable partition probability function (EPPF) of the Pitman-Yor
// process, the likelihood that fitting/ maximises to estimate (α, β) from
// observed knowledge-element counts.
//
// docs/theory.md §2, "EPPF": for K blocks of sizes n_1..n_K, n = Σ n_k,
//     p(n_1..n_K) = Π_{i=1}^{K−1} (β + iα) / (β+1)_{n−1} · Π_k (1−α)_{n_k−1}.
// Log-likelihood and its analytic gradient:
//     ℓ      = Σ_{i<K} ln(β+iα) − ln(β+1)_{n−1} + Σ_k ln(1−α)_{n_k−1}
//     ∂ℓ/∂α  = Σ_{i<K} i/(β+iα) + Σ_k [ψ(1−α) − ψ(n_k−α)]
//     ∂ℓ/∂β  = Σ_{i<K} 1/(β+iα) − [ψ(β+n) − ψ(β+1)]
// (this is the probability of the partition in order of appearance, i.e. of
// the CRP seating; multiply by the number of orderings for unordered counts —
// a constant that does not move the maximum.) α = 0 (Dirichlet process) is a
// valid point: ∂ℓ/∂α there is the one-sided derivative α → 0⁺.
//
// Domain: 0 ≤ α < 1, β > −α (β > 0 when α = 0 and K ≥ 2); counts non-empty,
// every count ≥ 1. Accuracy: ℓ to an absolute error ~ε·Σ|terms| (Stirling
// log-Gamma ratios, no lgamma differences of large arguments); gradient to
// a few ulp per term, compensated sums. O(K) plus O(distinct counts) ψ calls.
#pragma once

#include <cstdint>
#include <span>

namespace sklaws::theory {

struct EppfValue {
    double log_likelihood = 0;
    double d_alpha = 0;
    double d_beta = 0;
};

EppfValue eppf_log_likelihood(double alpha, double beta, std::span<const std::uint64_t> counts);

}  // namespace sklaws::theory
