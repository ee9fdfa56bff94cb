// The compute-optimal split of X1 (docs/theory.md X1): how a compute budget
// is best divided between model capacity C and data N, given the two
// scaling laws.
//
// X1. With the loss L(C, N) = E + A_M C^{−a_M} + A_D N^{−a_D} (M1's model
// law and D1's data law side by side, a_M, a_D > 0, A_M, A_D > 0) and a
// compute budget F = C·N (any constant factor, e.g. the 6 of FLOPs ≈ 6·N·D,
// folded into F), put N = F/C and set the derivative in C to zero:
//   a_M A_M C^{−a_M} = a_D A_D N^{−a_D}   (both terms' marginal returns equal),
// so
//   C* = G F^{a_D/(a_M+a_D)},   N* = F/C* = G^{−1} F^{a_M/(a_M+a_D)},
//   G  = (a_M A_M / (a_D A_D))^{1/(a_M+a_D)},
// and the reducible loss at the optimum is
//   L* − E = A_M C*^{−a_M} + A_D N*^{−a_D} = A_M C*^{−a_M} (1 + a_M/a_D)
//          ∝ F^{−a_M a_D/(a_M+a_D)}.
// From the Pitman-Yor discount alone the exponents are a_D = 1 − α (D1) and
// a_M = (1 − α)/α (M1), so a_M + a_D = (1 − α)(1 + α)/α and
//   C* ∝ F^{α/(1+α)},  N* ∝ F^{1/(1+α)},  L* − E ∝ F^{−(1−α)/(1+α)}:
// a heavier tail (larger α) puts more of the budget into capacity. (The
// amplitudes stay the caller's: M1 and D1 give them only asymptotically.)
//
// How it is evaluated: in logarithms, ln C* = [ln(a_M A_M) − ln(a_D A_D) +
// a_D ln F]/(a_M + a_D), so no power over- or underflows before the result
// does, and N* = F/C*; the double path runs in long double (x87, 64-bit
// mantissa) and rounds once, so the exponential's amplification of the
// logarithms' rounding stays below double's half ulp. Accuracy: each
// logarithm is within u of itself (u the unit roundoff of the working
// precision); the bound on ln C* is 4uΛ + 2u|ln C*|, Λ = (|ln a_M A_M| +
// |ln a_D A_D| + a_D|ln F| + 2)/(a_M + a_D), so C* carries that relative
// bound (+ the exponential's rounding), N* 2u more, and the loss a_M times
// it plus 4u per unit of its own logarithms (rigorous to within the rounding
// of the bound itself); the exponent ratios 6u (8u for the loss exponent;
// the exponents from α included); double adds its final rounding. Double:
// ≥ 14 digits for F ≤ 1e40 and ordinary amplitudes; multiprecision: the
// working precision (15 guard digits). Tested against mpmath at 60 digits
// (tests/oracle/theory_compute_optimal_oracle.py): double and 30 digits.
//
// Domain: a_M, a_D, A_M, A_D, F finite and > 0 (0 < α < 1 from α); a result
// outside the double range raises numerics::OverflowError/UnderflowError on
// the double path. Bad input throws numerics::DomainError naming it.
#pragma once

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

namespace sklaws::theory {

template <class Real>
struct ComputeOptimal {
    numerics::Evaluation<Real> capacity;        // C*
    numerics::Evaluation<Real> data;            // N* = F/C*
    numerics::Evaluation<Real> reducible_loss;  // L* − E
    numerics::Evaluation<Real> capacity_exponent;  // a_D/(a_M + a_D)
    numerics::Evaluation<Real> data_exponent;      // a_M/(a_M + a_D)
    numerics::Evaluation<Real> loss_exponent;      // a_M a_D/(a_M + a_D)
};

// X1 with given exponents and amplitudes, at compute F.
template <class Real>
ComputeOptimal<Real> compute_optimal_e(const Real& model_exponent, const Real& model_amplitude,
                                       const Real& data_exponent, const Real& data_amplitude, const Real& compute);

// X1 with a_D = 1 − α and a_M = (1 − α)/α, 0 < α < 1.
template <class Real>
ComputeOptimal<Real> compute_optimal_from_alpha_e(const Real& alpha, const Real& model_amplitude,
                                                  const Real& data_amplitude, const Real& compute);

}  // namespace sklaws::theory
