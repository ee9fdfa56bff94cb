// Probability that the next draw needs knowledge not seen so far.
//
// K7 (docs/theory.md §3)
//     p_new(n) = (β + α E[K_n]) / (β + n)
//              = Γ(β+1)Γ(β+α+n) / (Γ(β+α)Γ(β+n+1))  ~  Γ(β+1)/Γ(β+α) · n^{α−1}.
//     It is also E[K_{n+1}] − E[K_n] (the expected growth of Heaps' curve).
//     Evaluated as exp(lgr(β+α, 1−α) − lgr(β+α+n, 1−α)) with the Stirling
//     log-Gamma ratio, so n up to 1e18 costs nothing in accuracy (the relative
//     error of p equals the absolute error of the exponent). α = 0 gives
//     β/(β+n) directly. p_new(0) = 1.
//
// Domain: 0 ≤ α < 1, β > −α (β > 0 when α = 0), n ≥ 0.
// Accuracy: as in heaps.hpp — D digits in multiprecision (guard digits
// added internally), ~1 ulp (digits() ≥ 15) in double.
#pragma once

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

namespace sklaws::theory {

template <class Real>
numerics::Evaluation<Real> p_new_e(const Real& alpha, const Real& beta, const Real& n);

template <class Real>
Real p_new(const Real& alpha, const Real& beta, const Real& n) {
    return p_new_e(alpha, beta, n).val;
}

}  // namespace sklaws::theory
