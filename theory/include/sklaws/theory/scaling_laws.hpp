// Data and model scaling laws and their exponents (D1, M1, X1).
//
// D1 (docs/theory.md §3) data scaling, Bayes-optimal learner with unlimited capacity:
//   L(N) − L_∞ = r_N^syn + r_N^know ≈ d/(2N) + c_know N^{−(1−α)} (log factor, see
//   knowledge_redundancy.hpp). Data exponent a_D = 1 − α.
//
// M1 model scaling, capacity C = stored knowledge elements, data unlimited: the
//   optimal two-part code stores syntax and the C most frequent elements; the
//   missing mass T_C = Σ_{i>C} W_(i) costs (ln M + ln V) nats each time it is
//   met, so L(C) − L_∞ = E[T_C]·(ln M + ln V). With W_(i) ≈ (S/(Γ(1−α) i))^{1/α}
//   (K5) and Σ_{i>C} i^{−1/α} ≈ C^{1−1/α} α/(1−α):
//     E[T_C] ~ (α/(1−α)) Γ(1−α)^{−1/α} E[S^{1/α}] C^{−(1−α)/α},
//   E[S^{1/α}] from K5 with p = 1/α. Model exponent a_M = (1−α)/α. 0 < α < 1
//   (α = 0: the weights decay geometrically, T_C is exponentially small and no
//   power law exists — DomainError). Relative error of the asymptotic O(C^{−1})
//   plus fluctuations; exact finite-C values are Monte Carlo only (validation/).
//
// X1 exponent consistency: a_D = 1−α and a_M = (1−α)/α give a_M = a_D/(1−a_D);
//   α = 1 − a_D = 1/(1 + a_M). The consistency gap is α(a_D) − α(a_M).
//   Compute-optimal split: L(C, N) ≈ E + A_M C^{−a_M} + A_D N^{−a_D} with compute
//   F ∝ C·N. Put N = F/C: d/dC [A_M C^{−a_M} + A_D F^{−a_D} C^{a_D}] = 0 gives
//     a_M A_M C^{−a_M} = a_D A_D F^{−a_D} C^{a_D}, so
//     C* = G F^{a_D/(a_M+a_D)},  N* = G^{−1} F^{a_M/(a_M+a_D)},
//     G = (a_M A_M / (a_D A_D))^{1/(a_M+a_D)},
//   and the loss at the optimum falls as F^{−a_M a_D/(a_M+a_D)}.
#pragma once

#include "pitman_yor_parameters.hpp"

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <cstdint>

namespace sklaws::theory {

// D1. a_D = 1 − α, 0 ≤ α < 1.
double data_exponent(double alpha);

// D1. r_N^syn + r_N^know (exact per-token values; N ≤ knowledge_exact_max_n is
// exact for knowledge, asymptotic beyond; syntax exact up to 1e7 then d/(2N)).
double data_scaling_excess_loss(unsigned S, double a, const PitmanYorParameters& knowledge, double M, double V,
                                std::uint64_t N);

// M1. a_M = (1−α)/α, 0 < α < 1.
double model_exponent(double alpha);

// M1. E[T_C] asymptotic, 0 < α < 1, β > −α, C ≥ 1 (real).
template <class Real>
numerics::Evaluation<Real> tail_mass_asymptotic_e(const Real& alpha, const Real& beta, const Real& C);

// M1. Model loss gap E[T_C]·(ln M + ln V), asymptotic in C.
double model_loss_gap_asymptotic(const PitmanYorParameters& params, double C, double M, double V);

// X1.
double alpha_from_data_exponent(double data_exponent);    // 1 − a_D, 0 < a_D ≤ 1
double alpha_from_model_exponent(double model_exponent);  // 1/(1 + a_M), a_M > 0

// The exponent algebra of D1, M1 and X1 in double or multiprecision, with the
// rounding bound (err ≤ 2u·|val|: one subtraction and one division at most).
// Same domains as the double functions above; DomainError outside them.
template <class Real>
numerics::Evaluation<Real> data_exponent_e(const Real& alpha);  // D1: 1 − α, 0 ≤ α < 1
template <class Real>
numerics::Evaluation<Real> model_exponent_e(const Real& alpha);  // M1: (1 − α)/α, 0 < α < 1
template <class Real>
numerics::Evaluation<Real> alpha_from_data_exponent_e(const Real& data_exponent);  // X1: 1 − a_D
template <class Real>
numerics::Evaluation<Real> alpha_from_model_exponent_e(const Real& model_exponent);  // X1: 1/(1 + a_M)
double model_exponent_from_data_exponent(double data_exponent);  // a_D/(1 − a_D), 0 < a_D < 1

struct ExponentConsistency {
    double alpha_from_data;
    double alpha_from_model;
    double gap;  // alpha_from_data − alpha_from_model
};
ExponentConsistency exponent_consistency(double data_exponent, double model_exponent);

// Compute-optimal allocation: C* = capacity_constant·F^capacity_exponent,
// N* = data_constant·F^data_exponent, loss − E ∝ F^{−loss_exponent}.
struct ComputeOptimalSplit {
    double capacity_exponent;  // a_D/(a_M+a_D)
    double data_exponent;      // a_M/(a_M+a_D)
    double capacity_constant;  // G
    double data_constant;      // 1/G
    double loss_exponent;      // a_M a_D/(a_M+a_D)
};
// a_M, a_D > 0; A_M, A_D > 0.
ComputeOptimalSplit compute_optimal_split(double model_exponent, double model_amplitude, double data_exponent,
                                          double data_amplitude);

}  // namespace sklaws::theory
