// The exact law of K_n, the number of distinct knowledge elements (CRP
// tables) after n draws from a Pitman-Yor(α, β) process.
//
// K3 (docs/theory.md §3)   P_1(1) = 1 and
//     P_{n+1}(k) = P_n(k) (n − kα)/(β+n) + P_n(k−1) (β + (k−1)α)/(β+n):
//     draw n+1 joins one of the k existing tables with total probability
//     (n − kα)/(β+n), or opens table k+1 with probability (β + kα)/(β+n).
//     Its mean is K1 and its variance K2 (tested identities).
//
// Each step is a convex combination (the two weights of every k add to 1),
// so it is numerically stable: rounding grows at most ~ε per step.
//
// Pruning: only the window of k where P_n(k) ≥ 1e-30 is kept (entries at the
// edges that fall below are set to exactly 0 and never revisited), so a step
// costs O(width of the law) ≈ O(n^α·spread) instead of O(n). The total mass
// dropped after n steps is ≤ n·1e-30; with the rounding this gives
// |Σ_k P_n(k) − 1| ≤ n·(1e-30 + 4ε) and an absolute error per entry of the
// same order.
//
// Domain: 0 ≤ α < 1, β > −α (β > 0 when α = 0), n ≥ 1; `tables_law` takes
// n ≤ 1e7 (memory).
#pragma once

#include "pitman_yor_parameters.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sklaws::theory {

class TablesLawRecursion {
public:
    explicit TablesLawRecursion(PitmanYorParameters parameters);
    void advance();  // n → n + 1
    // P_n(k) at index k, k = 0..n (entries outside the kept window are 0).
    const std::vector<double>& probabilities() const { return probabilities_; }
    std::uint64_t n() const { return n_; }
    // Smallest and largest k whose P_n(k) is kept (nonzero window).
    std::size_t window_begin() const { return lo_; }
    std::size_t window_end() const { return hi_ + 1; }

    static constexpr double prune_threshold = 1e-30;

private:
    PitmanYorParameters parameters_;
    std::uint64_t n_ = 1;
    std::vector<double> probabilities_;
    std::size_t lo_ = 1;
    std::size_t hi_ = 1;
};

// P_n(k), k = 0..n, by running TablesLawRecursion from 1 to n.
std::vector<double> tables_law(double alpha, double beta, std::uint64_t n);

}  // namespace sklaws::theory
