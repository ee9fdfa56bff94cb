// Knowledge acquisition: accuracy on a fact after n tokens (A1) and the
// capacity threshold (A2).
//
// A1 (docs/theory.md §3), unlimited capacity. An element of weight w is mentioned
//   m ~ Binomial(n, w) times. Each mention states the true value with
//   probability 1−ε, otherwise a uniform value among V (so the true value is
//   stated with probability 1−ε+ε/V). Decision rule: the posterior mode under a
//   uniform prior over the V values = the most frequent stated value (majority
//   vote), ties broken uniformly at random; m = 0 guesses uniformly (1/V).
//   Noise-free (ε = 0): Acc(n, w) = 1 − (1 − 1/V)(1 − w)^n, evaluated as
//   1 − (1−1/V)·exp(n·log1p(−w)) (full relative accuracy, also for tiny w).
//   Noisy: Acc = Σ_m P(m) A(m), A(m) = P(correct | m) computed exactly by a
//   generating-function recursion over the V−1 wrong values (multinomial
//   counts c_true, c_1..c_{V−1}; correct with prob 1/(t+1) when the true value
//   ties with t wrong values at the maximum). A(m) for all m ≤ m_max costs
//   O(m_max³·V) via power-series coefficients of the V−1 exchangeable wrong
//   values; the sum over m runs over the window n·w ± (12√(n·w) + 12), which
//   holds all but 1e-30 of the Binomial(n, w) mass. P(m) is taken as
//   m ln(n w) − ln m! + Σ_{i<m} log1p(−i/n) + (n−m) log1p(−w), so n up to
//   1e18 costs nothing (ln C(n, m) and m ln w would cancel ~m·ln n).
//   Domain: 0 ≤ w ≤ 1, n ≥ 0, V ≥ 2, 0 ≤ ε ≤ 1. Noisy: the window must end at
//   m ≤ 150, i.e. n·w + 12√(n·w) + 12 ≤ 150 (n·w up to about 52); beyond,
//   DomainError naming n and that range.
//   Accuracy: noise-free, full relative accuracy in double and the requested
//   digits in multiprecision. Noisy, in double whatever Real is: computed in
//   long double with an a-priori bound (every term is positive, so relative
//   errors add; err states it, typically 1e-15–1e-14 relative).
//
// A2 (docs/theory.md §3), capacity C: an element is stored iff its count is among
//   the top C. With n tokens the counts are ≈ n·W_(i), so the C-th largest
//   count is ≈ n·w*(C) with the threshold weight
//     w*(C) = E[W_(C)] ≈ Γ(1−α)^{−1/α} E[S^{1/α}] C^{−1/α}   (K5; 0 < α < 1),
//   the same approximation that gives M1 (T_C = Σ_{i>C} W_(i)). An element of
//   weight w is learned iff w > w*(C) (n → ∞); at finite n, iff its count
//   m ~ Binomial(n, w) exceeds n·w*(C): P = P(m > n w*(C)) (capacity_acquisition_probability).
//   Approximations (documented, not exact): the random C-th weight is replaced
//   by the deterministic K5 scale; other elements' counts by their means.
//   Rare facts (w < w*) are never learned however large n is.
#pragma once

#include "pitman_yor_parameters.hpp"

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::theory {

// A1. Exact; epsilon = 0 uses the closed form.
template <class Real>
numerics::Evaluation<Real> fact_accuracy_e(const Real& w, std::uint64_t n, std::uint64_t V, const Real& epsilon);

inline double fact_accuracy(double w, std::uint64_t n, std::uint64_t V, double epsilon = 0.0) {
    return fact_accuracy_e<double>(w, n, V, epsilon).val;
}

// A1. P(correct | m mentions) under the majority-vote rule, m ≤ 150.
double accuracy_given_mentions(std::uint64_t m, std::uint64_t V, double epsilon);

// A1. P(correct | m mentions) for every m = 0..m_max at once (one pass of the
// recursion; m_max ≤ 150), each with its error bound. H2 reads the whole table.
std::vector<numerics::Evaluation<double>> accuracy_given_mentions_table(std::uint64_t m_max, std::uint64_t V,
                                                                        double epsilon);

// A2. w*(C) = Γ(1−α)^(−1/α) E[S^(1/α)] C^(−1/α) = K·C^(−1/α) (K5's scale of
// the C-th largest weight), 0 < α < 1, C ≥ capacity_threshold_min_capacity.
// It is a large-C form: the C-th largest of weights summing to 1 is at most
// 1/C, and w*(C) ≤ 1/C holds only from C_min = K^(α/(1−α)) on (at α = 0.1,
// β = −0.05, C = 50 the form gives 3.7, not a weight). Below C_min it throws
// DomainError naming C_min. Accuracy: a few ulps times the logarithms'
// magnitudes (the CLI's capacity-threshold states the bound).
double capacity_threshold_weight(const PitmanYorParameters& params, double C);

// A2. C_min = max(1, K^(α/(1−α))): the smallest capacity at which w*(C) ≤ 1/C.
double capacity_threshold_min_capacity(const PitmanYorParameters& params);

// A2. P(Binomial(n, w) > n·threshold_weight).
double capacity_acquisition_probability(double w, std::uint64_t n, double threshold_weight);

}  // namespace sklaws::theory
