// Exact finite-C missing mass of a Pitman-Yor process, the expected ranked
// weights and the exact local model exponent (docs/theory.md M2; M1 is its limit).
//
// M2. For PY(α, β), 0 < α < 1, β > −α, θ = β/α, and an integer capacity C ≥ 1,
// the mass T_C = Σ_{i>C} W_(i) outside the C heaviest weights has
//   E[T_C] = (c²/α) Γ(θ+C+1)/(Γ(C)Γ(θ+1)) ∫_0^∞ t^{−1−α} e^{−t} γ(1−α, t) g^{C−1} (1+g)^{−(θ+C+1)} dt,
//   c = α/Γ(1−α),  g(t) = c Γ(−α, t) = (c/α)(t^{−α}e^{−t} − Γ(1−α, t)),
// (docs/theory.md derives it from the α-stable subordinator and the T^{−β} change
// of measure). What is evaluated: with p = g/(1+g) (dp = −c t^{−α}e^{−t}(1−p)² dt/t)
// the integral is a Beta expectation,
//   E[T_C] = E[ P(1−α, t(p)) ],   p ~ Beta(C, θ+1),
// P the regularised lower incomplete Gamma function: a bounded, monotone
// function of p averaged against a Beta law, so 0 < E[T_C] < 1 always and
// every integrand value is positive (no cancellation). For large C the Beta
// law is a sharp peak near 1 − p ≈ (θ+1)/C, i.e. t ≈ C^{−1/α}: the integral is
// taken in x = ln t around the peak of the integrand (located by a safeguarded
// secant search on the log-integrand's derivative), which in x is a smooth
// bump of width ~ 1/√(α(1+β)) with exponential tails.
//
// Expected ranked weights, from the same representation (integration by
// parts of E[T_{i−1}] − E[T_i], no difference of two nearly equal numbers):
//   E[W_(i)] = (1/(α(θ+i))) E[ t(p)/(1−p) ],  p ~ Beta(i, θ+1),   Σ_i E[W_(i)] = 1.
//
// Exact local model exponent a_M(C) = −d ln E[T_C]/d ln C (C real in the
// formula): differentiating the Beta density in C,
//   dE[T_C]/dC = E[ P(1−α, t(p)) (ln p − ψ(C) + ψ(C+θ+1)) ],
// so a_M(C) = −C·dE[T_C]/dC / E[T_C] → (1−α)/α = M1's a_M as C → ∞.
//
// Quadrature and accuracy.
//  * double: the integrand is evaluated in x87 extended precision (long
//    double: the Beta density at C = 1e9 is a difference of terms ~θ ln C and
//    g is needed to ~1/θ of an ulp), its incomplete Gamma pieces by their
//    power series (t ≤ 3, written with tgamma1pm1/expm1 so that α → 0 and
//    α → 1 do not cancel) and Legendre's continued fraction (t > 3), the
//    Beta density in Loader's deviance form when both exponents exceed 10.
//    The integral is a sinh-sinh (double-exponential) trapezoid rule in x at
//    steps 1/2, 1/4, 1/8 (~50 integrand values); err is the quadrature
//    estimate |I_h − I_2h|²/|I_2h − I_4h| (the rule converges quadratically)
//    plus the truncated tail plus rounding. Tested against mpmath (two working
//    precisions, tests/oracle/theory_missing_mass_oracle.py) for C = 1 … 1e9,
//    α ∈ [0.05, 0.95], β from −α + 1e−3 to 100: ≥ 14 correct digits and the
//    bound (which claims >= 13 digits; below that the value is recomputed)
//    covers the error where the oracle is trusted. Speed: 80–230 µs per call over C = 10 … 1e9
//    measured by bench/theory_missing_mass.cpp beside mpmath (2.3e4–5.3e4×
//    faster, ≥ 14.7 digits agreement) on a 2-core machine at load ~13; the
//    issue's ≤ 20 µs target has not been measured unloaded. If the bound shows fewer
//    than 13 digits (12 for a_M(C), whose integrand changes sign) the
//    value is recomputed in multiprecision at 20 digits.
//  * multiprecision (mp_real): the same double-exponential trapezoid rule
//    (Boost.Math 1.74's sinh_sinh/tanh_sinh cannot run in the
//    variable-precision mpfr_float: see missing_mass.cpp) with the pieces
//    in mp_real, refined until converged at the working precision plus
//    guard digits, the guard raised until the bound shows the requested
//    digits; the bound includes the rounding of the value to the caller's
//    precision. Tested to 30 digits against mpmath at 40 and 55 digits.
//
// Known defect: at α < 0.15 and C > 1e5 E[T_C]'s bound is widened to 1e-12
// relative (at α = 0.05, C ~ 5e7 the value agrees with mpmath to 13 digits
// only, in double and multiprecision alike; cause not yet found).
//
// Domain: 0 < α < 1 (α = 0: the weights decay geometrically and T_C is
// exponentially small; no power law), β > −α, 1 ≤ C ≤ 1e12 (tested to 1e9).
// Bad input throws numerics::DomainError naming the argument.
#pragma once

#include "pitman_yor_parameters.hpp"

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <cstdint>

namespace sklaws::theory {

// Largest capacity (or rank) the M2 functions accept.
inline constexpr std::uint64_t missing_mass_max_capacity = 1'000'000'000'000ULL;

// M2. E[T_C], the expected mass outside the C heaviest weights.
template <class Real>
numerics::Evaluation<Real> tail_mass_e(const Real& alpha, const Real& beta, std::uint64_t C);

// M2. E[W_(i)], the expected i-th largest weight, i ≥ 1.
template <class Real>
numerics::Evaluation<Real> ranked_weight_mean_e(const Real& alpha, const Real& beta, std::uint64_t i);

// M2. Exact local model exponent a_M(C) = −d ln E[T_C] / d ln C (> 0).
template <class Real>
numerics::Evaluation<Real> model_exponent_local_e(const Real& alpha, const Real& beta, std::uint64_t C);

// M2, last paragraph: the loss gap of the capacity-C learner is
//   L(C) − L_∞ = E[T_C (ln M + ln V − ln T_C) + Σ_{i>C} W_(i) ln W_(i)]
// (labels assumed distinct, as in R1). Its leading term E[T_C]·(ln M + ln V)
// is exact here; the rest, −E[T_C · H(tail weights / T_C)] ≤ 0, is Monte
// Carlo (validation/ranked_weights.hpp). M, V ≥ 1.
numerics::Evaluation<double> model_loss_gap_leading_e(const PitmanYorParameters& params, std::uint64_t C, double M,
                                                      double V);

}  // namespace sklaws::theory
