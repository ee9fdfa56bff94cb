// Heaps' law of the Pitman-Yor knowledge model: mean and variance of the
// number K_n of distinct knowledge elements (CRP tables) after n draws.
//
// K1 (docs/theory.md §3)   E[K_n] = Γ(β+1)Γ(β+α+n) / (α Γ(β+α) Γ(β+n)) − β/α     (α > 0)
//                     E[K_n] = β (ψ(β+n) − ψ(β))                             (α = 0)
//     Asymptotically E[K_n] ~ Γ(β+1)/(α Γ(β+α)) · n^α — Heaps' law with
//     exponent α. For β > 0 we evaluate (β/α)·expm1(q) with
//     q = ln[(β+α)_n / (β)_n] computed as a difference of Stirling log-Gamma
//     ratios (numerics::log_gamma_ratio_e), so neither a small α nor n up to
//     1e18 cancels; for −α < β ≤ 0 both terms of the formula are ≥ 0 and are
//     added directly. α = 0 is the Dirichlet-process limit, evaluated by its
//     own formula, never by dividing by α.
//     Multiprecision fast path (α > 0, β + n ≥ 2, ≤ 54 digits asked):
//     the same two forms run on numerics' 192-bit fixed-point ln, exp and
//     Gamma ratios (the n-free one too), with the n-free ratio remembered
//     per (α, β) — about 1 µs per call at 50 digits for Heaps curves and
//     fits over n, 2–4 µs for a new β. Its bound is checked like any other;
//     where it cannot show the digits (e^q − 1 cancelling at tiny α) the
//     MPFR path answers.
//
// K2 (docs/theory.md §3)   Var[K_n] with Y = K_n + β/α:
//     E[Y(Y+1)] = (1+β/α)(2+β/α) Γ(β+n+2α)Γ(β+1) / (Γ(β+1+2α)Γ(β+n)),
//     Var = E[Y(Y+1)] − E[Y] − E[Y]².
//     For β > 0 we use the equivalent form
//     Var = (β/α)² Q1² expm1(q2 − 2 q1) + (β/α) Q1 expm1(q2 − q1),
//     Q_i = e^{q_i} = (β+iα)_n / (β)_n, which removes the (β/α)² cancellation
//     at small α; for α = 0, Var = β(ψ(β+n) − ψ(β)) + β²(ψ'(β+n) − ψ'(β)).
//
// Domain: 0 ≤ α < 1, β > −α (β > 0 when α = 0), n = 0 or real n ≥ 1
// (E[K_0] = 0; Var[K_n] = 0 for n ≤ 1 exactly); n up to 1e18 and beyond. Violations throw numerics::DomainError naming the
// parameter and its range.
//
// Accuracy: the `_e` functions return an error bound err with
// |true − val| ≤ err. Multiprecision (Real = numerics::mp_real): the caller
// sets D digits with numerics::WorkingPrecision; the evaluation runs
// internally at D + guard digits, raising the guard until the bound shows
// ≥ D correct significant digits, so digits() reports D. Double: evaluated
// in double when the bound shows ≥ 14 digits, otherwise re-evaluated
// internally in multiprecision and rounded, so the double result is
// accurate to ~1 ulp (digits() ≥ 15) everywhere in the domain.
#pragma once

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

namespace sklaws::theory {

// K1: E[K_n], expected number of distinct knowledge elements after n draws.
template <class Real>
numerics::Evaluation<Real> expected_tables_e(const Real& alpha, const Real& beta, const Real& n);

template <class Real>
Real expected_tables(const Real& alpha, const Real& beta, const Real& n) {
    return expected_tables_e(alpha, beta, n).val;
}

// K2: Var[K_n].
template <class Real>
numerics::Evaluation<Real> tables_variance_e(const Real& alpha, const Real& beta, const Real& n);

template <class Real>
Real tables_variance(const Real& alpha, const Real& beta, const Real& n) {
    return tables_variance_e(alpha, beta, n).val;
}

}  // namespace sklaws::theory
