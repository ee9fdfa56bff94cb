// The exponents of Heaps' and Zipf's laws of the knowledge model (K1, K4/K5).
//
// K1 (docs/theory.md §3) Heaps: E[K_n] ~ Γ(β+1)/(αΓ(β+α)) n^α, so the number of
//   distinct elements grows with exponent h = α (heaps_exponent).
// K4/K5 Zipf: E[M_{j,n}] ∝ j^{−1−α} for large j, so the expected rank of
//   frequency j is r(j) = Σ_{i≥j} E[M_{i,n}] ∝ j^{−α}; inverted, the
//   frequency at rank r falls as r^{−1/α} (K5's ranked weights
//   W_(r) ≈ (S/(Γ(1−α) r))^{1/α} say the same): Zipf exponent s = 1/α
//   (zipf_exponent).
// Both are limits (n → ∞, and large rank at fixed n): finite-size curves
// approach them, so a fitted exponent is compared with them as a limit.
//
// Domain: 0 < α < 1 (at α = 0 the growth is logarithmic, no power law:
// DomainError). Accuracy: h exact; s within one rounding, err ≤ u·s.
#pragma once

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

namespace sklaws::theory {

template <class Real>
numerics::Evaluation<Real> heaps_exponent_e(const Real& alpha);  // K1: α
template <class Real>
numerics::Evaluation<Real> zipf_exponent_e(const Real& alpha);  // K4/K5: 1/α

double heaps_exponent(double alpha);
double zipf_exponent(double alpha);

}  // namespace sklaws::theory
