// The learning order of D1: the per-token syntax and knowledge redundancies
// of the Bayes-optimal learner and the sentence count N* from which the
// knowledge part stays the larger.
//
// D1 (docs/theory.md §3). The excess loss of the Bayes learner on sentence
// n+1 splits exactly into the template part and the knowledge part,
//   r_n = r_n^syn + r_n^know,
//   r_n^syn  = S1's per-token redundancy of Dirichlet(a·1_S)   (≈ d/(2n), d = S − 1),
//   r_n^know = R1's per-token redundancy of PY(α, β), M names, V values
//              (≈ p_new(n)(ln MV + c − α ln n) ∝ n^{−(1−α)} ln).
// Syntax falls like 1/n and knowledge like n^{−(1−α)}, so for α > 0 the
// knowledge part ends up the larger: that is "syntax is learned first". It
// may also be the larger from the start (few templates, many names), and it
// may be overtaken in between (many templates, small prior): both happen, and
// the crossover is computed, never assumed.
//
// N* (learning_order_crossover): the smallest n ≥ 0 such that
// r_m^know > r_m^syn for every integer m in [n, n_max]. It is certified, not
// read off a grid: both parts are non-increasing in n (each is the
// conditional mutual information I(θ; X_{n+1} | X^n) of a conditionally
// i.i.d. sequence), so on an interval [l, u] knowledge is above syntax at
// every integer as soon as r_u^know − err > r_l^syn + err; intervals that
// cannot be certified are halved until they can or are one integer wide,
// where the two values are compared directly (their difference must exceed
// the sum of their error bounds, else `resolved` is false and N* is only
// known to lie in [crossover_low, crossover]). Cost: the knowledge curve
// r_0..r_{n_max} in one O(n_max) pass (≈ 0.1 µs per n) plus O(n) per syntax
// point, of which the bisection needs O(log n_max) per decade.
//
// Accuracy: r_n^know is R1's exact recursion (|err| ≤ 1e-11·|r| + 1e-13, double);
// r_n^syn is S1's exact sum with its bound (double; 14 digits or its bound).
// Domain: S ≥ 2, a > 0, PY(α, β), M, V ≥ 1 with M·V ≥ 2; the split at
// n ≤ knowledge_recursion_max_n (1e7), N* with n_max ≤ 1e7 (memory 8·n_max bytes).
// Both parts hold while names do not collide (R1's domain): n (or n_max)
// with E[K_n]²/(2MV) > 0.01 expected collisions is refused (DomainError on
// "names"), as are the knowledge parts' negative values it would produce.
#pragma once

#include "pitman_yor_parameters.hpp"

#include <sklaws/numerics/evaluation.hpp>

#include <cstddef>
#include <cstdint>

namespace sklaws::theory {

struct LearningOrderModel {
    unsigned templates = 8;  // S
    double prior = 1.0;      // a
    PitmanYorParameters knowledge;
    double names = 1e9;      // M
    double values = 1e3;     // V

    void validate() const;
};

struct LearningOrderSplit {
    std::uint64_t n = 0;
    numerics::Evaluation<double> syntax;     // r_n^syn
    numerics::Evaluation<double> knowledge;  // r_n^know
    numerics::Evaluation<double> total;      // r_n
};

// The exact split at sentence n (n ≤ 1e7; O(n)).
LearningOrderSplit learning_order_split(const LearningOrderModel& model, std::uint64_t n);

struct LearningOrderCrossover {
    // N*: knowledge above syntax at every m in [crossover, n_max]. 0 when it
    // is above throughout (knowledge_above_throughout); n_max + 1 when it is
    // not above at n_max (found = false).
    std::uint64_t crossover = 0;
    // With resolved = false, N* lies in [crossover_low, crossover]: the two
    // parts agree within their error bounds at the integers in between.
    std::uint64_t crossover_low = 0;
    bool resolved = true;
    bool found = true;
    bool knowledge_above_throughout = false;
    std::uint64_t n_max = 0;
    LearningOrderSplit at_crossover;     // the split at N* (at n_max when not found)
    std::size_t syntax_evaluations = 0;  // work done (for the bench and tests)
};

// Default n_max 1e6 (~0.2 s); 1 ≤ n_max ≤ 1e7.
LearningOrderCrossover learning_order_crossover(const LearningOrderModel& model, std::uint64_t n_max = 1'000'000);

}  // namespace sklaws::theory
