// Zipf's law of the Pitman-Yor knowledge model: expected block counts.
//
// K4 (docs/theory.md §3)   M_{j,n} = number of knowledge elements seen exactly j
//     times among the first n draws;
//         E[M_{j,n}] = C(n,j) (1−α)_{j−1} (β+α)_{n−j} / (β+1)_{n−1},   1 ≤ j ≤ n.
//     Identities: Σ_j j E[M_{j,n}] = n and Σ_j E[M_{j,n}] = E[K_n] (K1).
//     For fixed n and large j, E[M_{j,n}] ∝ j^{−1−α}: the frequency-of-
//     frequencies form of Zipf's law.
//
// expected_block_count_e: one (n, j), any n up to 1e18. Evaluated as the
//     exponential of a sum of Stirling log-Gamma ratios grouped so each
//     group is small (Γ(n+1)/Γ(n−j+1) against Γ(β+α+n−j)/Γ(β+n), or
//     Γ(n+1)/Γ(β+n) against Γ(β+α+n−j)/Γ(n−j+1), whichever has the smaller
//     error bound), never as exp(lgamma − lgamma) of huge arguments.
//     Accuracy: D digits in multiprecision, ~1 ulp (digits() ≥ 15) in double,
//     for the arguments as given (a j near n = 1e18 must be passed exactly:
//     as a double only j ≤ 2^53 or a multiple of the spacing there is).
//     Range: E[M_{j,n}] can be far below the double range (4.66e-28130 at
//     α = ½, β = 1e5, n = 1e6, j = n/2): then numerics::UnderflowError with
//     the magnitude (never 0 with digits); in multiprecision the same beyond
//     MPFR's exponent range.
//
// expected_block_counts: all j = 1..n at once (element j−1 holds j), double,
//     O(n) by the ratio recurrence
//         E[M_{j+1,n}] / E[M_{j,n}] = (n−j)(j−α) / ((j+1)(β+α+n−j−1)),
//     started from the K4 closed form at j = 1 and run with a scaled
//     mantissa so that underflow of the middle never breaks the recurrence.
//     Accuracy: relative error ≤ ~4 j ε at index j (ε = 2^−53), i.e. ≤ 1e-10
//     for n ≤ 1e5. Values below the double range are 0. Domain n ≤ 1e8.
//
// BlockCountsRecursion: E[M_{·,n}] for n = 1, 2, 3, ... in O(n) per step,
//     by the one-step recurrence (a draw joins a block of size j with
//     probability (j−α)/(β+n) per block, or opens a new one with p_new(n)):
//         E[M_{j,n+1}] = E[M_{j,n}] (1 − (j−α)/(β+n)) + E[M_{j−1,n}] (j−1−α)/(β+n)
//                        + [j = 1] p_new(n).
//     Accuracy: relative error ≤ ~n ε per entry (convex-combination steps).
//
// Domain: 0 ≤ α < 1, β > −α (β > 0 when α = 0), 1 ≤ j ≤ n.
#pragma once

#include "pitman_yor_parameters.hpp"

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::theory {

template <class Real>
numerics::Evaluation<Real> expected_block_count_e(const Real& alpha, const Real& beta, const Real& n, const Real& j);

template <class Real>
Real expected_block_count(const Real& alpha, const Real& beta, const Real& n, const Real& j) {
    return expected_block_count_e(alpha, beta, n, j).val;
}

std::vector<double> expected_block_counts(double alpha, double beta, std::uint64_t n);

class BlockCountsRecursion {
public:
    // Starts at n = 1: one element seen once, E[M_{1,1}] = 1.
    explicit BlockCountsRecursion(PitmanYorParameters parameters);
    void advance();  // n → n + 1
    // E[M_{j,n}] at index j − 1, j = 1..n.
    const std::vector<double>& expected_counts() const { return counts_; }
    std::uint64_t n() const { return n_; }

private:
    PitmanYorParameters parameters_;
    std::uint64_t n_ = 1;
    std::vector<double> counts_;
    std::vector<double> next_;
};

}  // namespace sklaws::theory
