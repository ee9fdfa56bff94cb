// Syntax redundancy of the Dirichlet-multinomial syntax model (S1, S2).
//
// Model (docs/theory.md §2): θ ~ Dirichlet(a·1_S), templates s_n ~ Categorical(θ),
// d = S − 1 free parameters. The Bayes mixture m codes x^N with
//     −log m(x^N) = lnΓ(Sa+N) − lnΓ(Sa) − Σ_s [lnΓ(a+n_s) − lnΓ(a)],
// and the redundancy R_N = E[−log m(X^N)] − E[−log P_θ(X^N)] = I(θ; X^N).
//
// syntax_entropy_rate:  E[H(θ)] = ψ(Sa+1) − ψ(a+1) (per-token entropy).
//
// S1 exact:  R_N = E[−log m] − N(ψ(Sa+1) − ψ(a+1)), n_1 ~ BetaBinomial(N, a, (S−1)a).
//   Evaluated without the O(N) cancellation of the two big terms: conditioning
//   the entropy on the counts (E[log θ_s | n] = ψ(a+n_s) − ψ(Sa+N)) gives
//     R_N = S·E[w_a(a+n_1)] − w_{Sa}(Sa+N),  w_c(x) = (x−c)ψ(x) − lnΓ(x) − x + lnΓ(c) + c,
//   where the linear growth of w cancels analytically (S·E[a+n_1] = Sa+N) and
//   w is computed from its Stirling series for large x. O(N) terms:
//   N ≤ syntax_exact_max_n (1e7; ~1 s in double). The BetaBinomial weights
//   come from a log1p ratio recursion normalised by their sum (no lnΓ of large
//   arguments; each ratio P(k+1)/P(k) is taken as a log of its product form
//   where it is far from 1, which keeps tiny priors exact). Accuracy: err is
//   a bound. Double: the double evaluation where its bound shows ≥ 14 digits;
//   else, for N ≤ 1e5, re-evaluated at 20 digits in multiprecision and rounded
//   (priors below ~1e-4 cancel in double); beyond 1e5, the double value with
//   the digits its bound shows. Multiprecision: the requested digits (guard
//   digits added until the bound shows them; N ≤ 1e5 recommended for speed).
//
// S2 asymptotic (Clarke–Barron): R_N = (d/2) ln(N/(2πe)) + S lnΓ(a) − lnΓ(Sa)
//   + S(a − 1/2)(ψ(Sa) − ψ(a)) + o(1). Any real N ≥ 1. The value is the
//   formula to full precision; the returned err is the formula's rounding only
//   (`digits()` is of the formula). As an estimate of R_N the remainder is
//   O(N^{−a}) for a < 1 (the prior density is unbounded at the simplex edge,
//   where Laplace's method is poor) and O(S²a/N) for a ≥ 1:
//   syntax_redundancy_asymptotic_error gives the bound
//     (2S/a + S) N^{−min(a,1)} + (S²(a+1)/2 + 2S)/N,
//   empirical (fitted on S ∈ {2,10,50}, a ∈ [0.05, 10], checked in tests).
//
// Per-token: r_n = R_{n+1} − R_n (r_0 = ln S − E[H(θ)]) is the expected log
//   loss of the Dirichlet predictive (a+n_s)/(Sa+n) at token n+1 minus the
//   entropy. Size-biasing the count of the next template and using
//   E[log θ | k] = ψ(a+1+k) − ψ(Sa+1+n) gives the cancellation-free
//     r_n = E_k[g(a+k)] − g(Sa+n),  k ~ BetaBinomial(n, a+1, (S−1)a),
//     g(x) = ψ(x+1) − ln x = 1/(2x) − 1/(12x²) + …  (> 0),
//   O(n) terms (n ≤ 1e7), ≈ d/(2n) for large n.
//
// Domain: S ≥ 2 templates, a > 0 finite; N, n integers as stated.
// Bad input throws numerics::DomainError naming the argument.
#pragma once

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <cstdint>

namespace sklaws::theory {

// Largest N (or n) accepted by the O(N) exact sums.
inline constexpr std::uint64_t syntax_exact_max_n = 10'000'000;

template <class Real>
numerics::Evaluation<Real> syntax_entropy_rate_e(unsigned S, const Real& a);
template <class Real>
Real syntax_entropy_rate(unsigned S, const Real& a) {
    return syntax_entropy_rate_e(S, a).val;
}

// S1. N ≥ 0 (R_0 = 0), N ≤ syntax_exact_max_n.
template <class Real>
numerics::Evaluation<Real> syntax_redundancy_exact_e(unsigned S, const Real& a, std::uint64_t N);

// S2. N ≥ 1 real.
template <class Real>
numerics::Evaluation<Real> syntax_redundancy_asymptotic_e(unsigned S, const Real& a, const Real& N);

// Empirical bound on |R_N(S1) − R_N(S2)| (see above), used by the CLI for the
// digits of the S2 value as an estimate of R_N.
double syntax_redundancy_asymptotic_error(unsigned S, double a, double N);

// r_n = R_{n+1} − R_n exact, 0 ≤ n ≤ syntax_exact_max_n.
template <class Real>
numerics::Evaluation<Real> syntax_per_token_redundancy_e(unsigned S, const Real& a, std::uint64_t n);

// r_n in double with the bound of the double evaluation itself, never
// re-evaluated in multiprecision (so fewer than 14 digits where the sum
// cancels, ~9-12 digits for n ~ 1e4-1e5): for searches that need a cheap
// certified bound rather than full digits (learning_order.hpp's N*).
numerics::Evaluation<double> syntax_per_token_redundancy_double(unsigned S, double a, std::uint64_t n);

// Leading asymptotic of r_n: d/(2n), n > 0.
double syntax_per_token_redundancy_asymptotic(unsigned S, double n);

}  // namespace sklaws::theory
