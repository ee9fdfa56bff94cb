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
// Large n (double): the same expectations without the O(N) sum, exact up to
//   rounding. With k ~ BetaBinomial(n, a+1, (S−1)a) and the inverse factorial
//   series g(x) = Σ_r γ_r φ_r(x), φ_r(x) = Γ(x+1−r)/Γ(x+1) (16 terms, g to
//   2e-17 at x ≥ 64), whose expectations are finite products by
//   Chu–Vandermonde, E[φ_r(a+k)] = φ_r(a)·(Sa+1−r)_n/(Sa+1)_n:
//     r_n = Σ_{k<64} P(k) g(a+k) + Σ_r γ_r [E φ_r(a+k) − Σ_{k<64} P(k) φ_r(a+k)] − g(Sa+n),
//   P(k) from P(0) = ((S−1)a)_n/(Sa+1)_n by the pmf ratio (O(64·16) per
//   call, ~5 µs; the derivation and the pole of φ_r at integer priors,
//   regularised within 1e-2 of a = 1..15, are in the .cpp). The bound err
//   counts every rounding (≥ 14 digits for non-integer a ≳ 1e-3, ≥ 11 within 1e-2 of an integer a ≤ 15, fewer
//   where tiny priors cancel: the err says so). Analytic in real n ≥ 64.
//   The double API switches to it above n = syntax_large_n_min_n (1e5; the
//   O(n) sum and the form agree to ~1e-14 there, tested), to n ≤ 1e15; the
//   cumulative R_N beyond 1e5 + 1 is R_{1001} exactly plus Σ_{n>1000} r_n
//   over the form by Euler–Maclaurin (its remainder and quadrature error in
//   err; ≥ 10 digits).
//   Multiprecision stays with the O(N) sums (N ≤ 1e7).
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

// Largest N (or n) accepted by the O(N) exact sums (multiprecision).
inline constexpr std::uint64_t syntax_exact_max_n = 10'000'000;
// The double API: the large-n form above syntax_large_n_min_n, to syntax_max_n.
inline constexpr std::uint64_t syntax_large_n_min_n = 100'000;
inline constexpr std::uint64_t syntax_max_n = 1'000'000'000'000'000ULL;  // 1e15
// Beyond N = 1e5 + 1 the cumulative R_N is R_{1001} exactly plus Σ_{n>1000} r_n
// over the large-n form (Euler–Maclaurin).
inline constexpr std::uint64_t syntax_cumulative_start_n = 1'000;

template <class Real>
numerics::Evaluation<Real> syntax_entropy_rate_e(unsigned S, const Real& a);
template <class Real>
Real syntax_entropy_rate(unsigned S, const Real& a) {
    return syntax_entropy_rate_e(S, a).val;
}

// S1. N ≥ 0 (R_0 = 0), N ≤ syntax_max_n in double (Euler–Maclaurin over the
// large-n form beyond 1e5 + 1), N ≤ syntax_exact_max_n in multiprecision.
template <class Real>
numerics::Evaluation<Real> syntax_redundancy_exact_e(unsigned S, const Real& a, std::uint64_t N);

// S2. N ≥ 1 real.
template <class Real>
numerics::Evaluation<Real> syntax_redundancy_asymptotic_e(unsigned S, const Real& a, const Real& N);

// Empirical bound on |R_N(S1) − R_N(S2)| (see above), used by the CLI for the
// digits of the S2 value as an estimate of R_N.
double syntax_redundancy_asymptotic_error(unsigned S, double a, double N);

// r_n = R_{n+1} − R_n exact, 0 ≤ n ≤ syntax_max_n in double (the large-n
// form beyond 1e5), n ≤ syntax_exact_max_n in multiprecision.
template <class Real>
numerics::Evaluation<Real> syntax_per_token_redundancy_e(unsigned S, const Real& a, std::uint64_t n);

// r_n in double with the bound of the double evaluation itself, never
// re-evaluated in multiprecision (so fewer than 14 digits where the sum
// cancels, ~9-12 digits for n ~ 1e4-1e5; the large-n form beyond 1e5): for
// searches that need a cheap certified bound rather than full digits
// (learning_order.hpp's N*). n ≤ 1e15.
numerics::Evaluation<double> syntax_per_token_redundancy_double(unsigned S, double a, std::uint64_t n);

// The large-n form alone (see above), real n ≥ 64.
numerics::Evaluation<double> syntax_per_token_redundancy_large_n_e(unsigned S, double a, double n);

// Leading asymptotic of r_n: d/(2n), n > 0.
double syntax_per_token_redundancy_asymptotic(unsigned S, double n);

}  // namespace sklaws::theory
