// D1, the data scaling law of the Bayes-optimal learner (docs/theory.md D1):
// exact per-token, cumulative and averaged excess loss, syntax + knowledge,
// and the exact local data exponents.
//
//   r_N = r_N^syn + r_N^know          per-token (S1 per-token + R1)
//   R_N = R_N^syn + R_N^know          cumulative, Σ_{n<N} r_n
//   R_N / N                           averaged (the paper's statement)
//   a_D(N) = −d ln r_N / d ln N        local exponent of the per-token form
//   a_D^avg(N) = −d ln(R_N/N)/d ln N  local exponent of the averaged form
// a_D(N) → 1 − α only as MV → ∞ (docs/theory.md D1): at finite N it is
// (1−α) + α/(ln MV + c − α ln N) + o(1), steeper than the limit.
//
// The model is learning_order.hpp's (templates S, prior a, PY(α, β), names M,
// values V): one model type for D1's split and its scaling.
//
// How it is evaluated and how accurate it is:
//  * knowledge: knowledge_redundancy.hpp's evaluated R1 (recursion n ≤ 1e5,
//    the large-n form beyond; the collision regime refused, DomainError on
//    "names"), N ≤ 1e15;
//  * syntax: S1 exact (dirichlet_multinomial.hpp: the O(N) sum to 1e5, the
//    large-n form beyond, exact to rounding; cumulative by Euler–Maclaurin
//    over it beyond 1e5 + 1), N ≤ 1e15 = data_max_n.
//  * local exponents: a derivative in N of the per-token value, with its
//    error bound. Where R1's large-n form is accurate (its bound ≤ 1e-10
//    relative) it is differentiated as the analytic function of real N it is
//    (5-point stencil, step 1e-2·N, the difference from the 3-point stencil
//    counted as error, and the e-term's bound differentiated as
//    (2 + α)·bound/N); elsewhere (N ≤ 1e7) the recursion's values at
//    integers N ± d, N ± 2d, d = max(1, N/64), enter the same stencil (the
//    same error estimate, which includes the O((d/N)^4) truncation). The
//    syntax part's derivative comes from its values at the integers
//    N ± d, N ± 2d, N ± 4d (the per-token API, exact to its bound at any N).
//    The averaged form: d ln(R_N/N)/d ln N = N·R'(N)/R_N − 1 with
//    R'(N) = r_N − r'_N/2 (Euler–Maclaurin), so a_D^avg = 1 − N(r_N − r'_N/2)/R_N.
//  Domain: N ≥ 2 for the exponents (a stencil around N), N ≥ 1 averaged.
//  Cost at N = 1e8: ~10 µs per r_N (syntax + knowledge), ~100 µs per
//  exponent, ~60 ms per R_N (the exact parts to 1e5).
#pragma once

#include "learning_order.hpp"
#include "pitman_yor_parameters.hpp"

#include <sklaws/numerics/evaluation.hpp>

#include <cstdint>

namespace sklaws::theory {

inline constexpr std::uint64_t data_max_n = 1'000'000'000'000'000ULL;  // 1e15

struct DataExcessLoss {
    numerics::Evaluation<double> syntax;
    numerics::Evaluation<double> knowledge;
    numerics::Evaluation<double> total;
};

// D1 per-token r_N, 0 ≤ N ≤ 1e15 (see above).
DataExcessLoss data_excess_loss_e(const LearningOrderModel& model, std::uint64_t N);
// D1 cumulative R_N, 0 ≤ N ≤ 1e15.
DataExcessLoss data_cumulative_excess_loss_e(const LearningOrderModel& model, std::uint64_t N);
// D1 averaged R_N/N, 1 ≤ N ≤ 1e15.
DataExcessLoss data_averaged_excess_loss_e(const LearningOrderModel& model, std::uint64_t N);

enum class DataForm { per_token, averaged };

// a_D(N) of the total, 4 ≤ N ≤ 1e15.
numerics::Evaluation<double> data_exponent_local_e(const LearningOrderModel& model, std::uint64_t N,
                                                   DataForm form = DataForm::per_token);
// a_D(N) of the knowledge part alone (R1), 2 ≤ N ≤ 1e15: what the data-scaling
// Monte Carlo of R1 estimates at large N.
numerics::Evaluation<double> knowledge_exponent_local_e(const PitmanYorParameters& params, std::uint64_t N, double M,
                                                        double V, DataForm form = DataForm::per_token);

}  // namespace sklaws::theory
