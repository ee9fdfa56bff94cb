// The format part of fine-tuning (F1): what a change of template
// distribution costs a Bayes learner whose syntax posterior was trained on
// the old one.
//
// F1 (docs/theory.md §3). The syntax model is Dirichlet-categorical (§2).
// After training on the old format the posterior is Dirichlet(b), b_s = a +
// n_s^old (real b_s > 0 allowed, e.g. a + n_old·θ_s^old for typical counts);
// fine-tuning data come from a new template distribution θ (θ_s ≥ 0, Σθ = 1,
// fixed, not drawn). S1's predictive with the old posterior as prior,
//     q_k(s) = (b_s + c_s)/(B + k),   B = Σ b_s,   c ~ Multinomial(k, θ),
// pays per token at step k + 1 (k fine-tuning examples seen)
//     r_k = Σ_s θ_s E[ln(θ_s/q_k(s))] = Σ_s θ_s E[g(δ_s)],
//     δ_s = (b_s + c_s − μ_s)/μ_s,  μ_s = θ_s (B + k),  g(δ) = δ − ln(1 + δ) ≥ 0,
// because Σ_s θ_s E[δ_s] = Σ_s (b_s − θ_s B)/(B + k) = 0 exactly (templates
// with θ_s = 0 add their Σ b_s/(B + k) instead): a sum of non-negative
// terms, so r_k keeps full relative accuracy (the δ of each term
// is within ~u, g(δ) ≈ δ²/2 within ~u/|δ|: relative error ~u·√(kθ)).
// The cumulative cost (the code length the change adds over K examples) is
//     R_K = Σ_{k<K} r_k = Σ_s E[ln Γ(b_s) − ln Γ(b_s + c_s) + c_s ln θ_s] + ln Γ(B+K) − ln Γ(B),
// c_s ~ Binomial(K, θ_s), evaluated with each lnΓ(b + c) by the recurrence
// from the window's first c; its terms are O(K ln K) and cancel to R_K, so
// the bound (from the magnitudes) decides the precision: double if it shows
// 12 digits, else multiprecision with the digits lost as guard.
// For θ in the open simplex, Clarke–Barron's expansion gives the order F1
// states, O(d log K) with d = S − 1:
//     R_K = (d/2) ln(K/(2πe)) + C(b, θ) + o(1),
//     C(b, θ) = Σ_s [ln Γ(b_s) − (b_s − ½) ln θ_s] − ln Γ(B)   (= −ln prior density at θ
//               + ½ ln det Fisher information),
// so R_K − (d/2) ln K tends to a constant; the constant, which grows with how
// far and how firmly the old posterior sat from θ (≈ B·KL for large B), is
// what fine-tuning pays beyond the d/2 nats per doubling of K. A change that
// the prior already expected (b ∝ θ) costs little; one against a posterior of
// a million old sentences costs that million's worth before the order shows.
//
// Examples needed: K_ε = the smallest K at or beyond the maximum of r_k with
// r_K ≤ ε; from there on r_k ≤ ε for every k. Found by a ternary search for
// the maximum and a bisection after it, which assumes r_k is unimodal in k
// (rising only while the prior's pull exceeds the sampling noise, then
// falling like (d·k + χ²)/(2(B+k)²), χ² = Σ (b_s − θ_s B)²/θ_s); tests check
// it against a scan of every k.
//
// Domain: S ≥ 2 templates; b_s > 0 finite; θ_s ≥ 0 with |Σθ − 1| ≤ 1e-12
// (double) or 100·S units of the working precision (multiprecision), the
// result being for θ/Σθ (decimal weights sum to 1 only within rounding); k, K
// ≤ 1e12 (the Binomial windows are O(√(kθ)) wide); the asymptote needs every
// θ_s > 0 and K ≥ 1; ε > 0. DomainError otherwise.
#pragma once

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace sklaws::theory {

// r_k, per-token excess of the fine-tuned predictive after k examples.
template <class Real>
numerics::Evaluation<Real> format_cost_per_token_e(std::span<const Real> prior, std::span<const Real> target,
                                                   std::uint64_t k);

// R_K = Σ_{k<K} r_k, exact.
template <class Real>
numerics::Evaluation<Real> format_cost_cumulative_e(std::span<const Real> prior, std::span<const Real> target,
                                                    std::uint64_t K);

// (d/2) ln(K/(2πe)) + C(b, θ), the Clarke–Barron limit form of R_K (the
// err is the formula's rounding, not its distance from R_K).
template <class Real>
numerics::Evaluation<Real> format_cost_asymptotic_e(std::span<const Real> prior, std::span<const Real> target,
                                                    std::uint64_t K);

// K_ε (double), ε > 0; DomainError if r_k is still above ε at k = 1e12.
std::uint64_t format_examples_needed(std::span<const double> prior, std::span<const double> target, double epsilon);

// b_s = a + n_old·θ_s^old: the posterior after n_old sentences with typical
// counts of the old distribution.
std::vector<double> format_prior(double a, double old_sentences, std::span<const double> old_target);

}  // namespace sklaws::theory
