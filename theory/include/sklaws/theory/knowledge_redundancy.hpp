// Knowledge per-token redundancy of the Pitman-Yor knowledge model (R1).
//
// R1 (docs/theory.md §3):
//   r_n = E[H(pred_n)] − E[H(W)] + p_new(n)·(ln M + ln V),
//   E[H(pred_n)] = Σ_j E[M_{j,n}] h((j−α)/(β+n)) + Σ_k P_n(k) h((β+kα)/(β+n)),
//   h(p) = −p ln p, E[H(W)] = ψ(β+1) − ψ(1−α) (K6), M names, V values.
//   r_0 = ln M + ln V − E[H(W)] (the first element is always new).
//
// How it is evaluated (derivation in the .cpp):
//  * E[M_{j,n}](j−α)/(β+n) = P(k = j), k ~ BetaBinomial(n, 1−α, β+α): the size
//    of the table the next draw joins (k = 0: a new one, P = p_new). With
//    E[ψ(1−α+k)] = ψ(1−α) − ψ(1+β) + ψ(1+β+n) (posterior-mean identity) the
//    O(1) terms cancel analytically and
//      r_n = −g(β+n) + p_new(ψ(1−α) + ln M + ln V) + U_n − W_n,
//      U_n = Σ_{k≥1} P(k) g(k−α),   g(x) = ψ(x+1) − ln x,
//      W_n = E[(β+αK_n)/(β+n) ln(β+αK_n)]
//          = p_new[ln α + ψ(2+β/α) + α(ψ(β+α+n) − ψ(β+α+1))] − α/(β+n)·E[Y g(Y)],
//    Y = K_n + β/α (martingale Γ(Y+p)/Γ(Y)·Γ(β+n)/Γ(β+n+pα)); α = 0: W_n = p_new ln β.
//  * The sums U_n and E[Y g(Y)] run exactly over small k (k < 64, the laws
//    advanced in n by their one-step recursions) and over large k through an
//    inverse-factorial series of g whose terms are eigenfunctions of the urns
//    (one O(1) recursion per term). Cost O(n·100), no O(n²) sum.
//  Accuracy (double): |error| ≤ 1e-11·|r_n| + 1e-13 (checked against mpmath
//  for n ≤ 200 over α ∈ [0, 0.99], β from −α+0.01 to 1000); the forward
//  recursions are convex combinations, so rounding drifts by at most ~n·ε.
//  Speed: ~0.4 µs per n (bench/theory_redundancy.cpp: 1e5 in ~40 ms CPU).
//
// Asymptotic (α > 0, n → ∞), from P(k) → p_new (1−α)_k/k! (Sibuya law):
//   r_n ≈ p_new(n)·[ln M + ln V + c(α, β) − α ψ(β+α+n)],
//   c = ψ(1−α) − ln α − ψ(2+β/α) + αψ(β+α+1) + G_α,
//   G_α = Σ_{k≥1} (1−α)_k/k! · g(k−α),
// i.e. r_n ~ (Γ(β+1)/Γ(β+α)) n^{−(1−α)} (ln(MV) + c − α ln n): a power law with
// data exponent 1−α and a logarithmic factor (the learner codes a new element
// as "new" + name + value while E[H(W)] charges its identity ~ln n nats).
// Relative error O(n^{−α}) (≤ 10 n^{−α} in tests, n ≥ 1e3); α = 0 (Dirichlet process):
//   r_n ≈ (β/n)[ln M + ln V + ψ(1) − ln β + ½(ln n − ψ(β)) + G_0] − 1/(2n),
//   G_0 = Σ_{k≥1}(g(k) − 1/(2k)), relative error O(ln n / n).
//
// Cumulative R_N = Σ_{n<N} r_n (R_0 = 0) = Θ(N^α·log N).
//
// Domain: PitmanYorParameters (0 ≤ α < 1, β > −α; β > 0 when α = 0),
// M ≥ 1, V ≥ 1 (real, so that costs can be given in nats of any alphabet).
#pragma once

#include "pitman_yor_parameters.hpp"

#include <cstdint>
#include <vector>

namespace sklaws::theory {

// n up to which knowledge_per_token_redundancy evaluates exactly.
inline constexpr std::uint64_t knowledge_exact_max_n = 100'000;
// Largest n the exact recursion accepts (time ~ n·1e-7 s).
inline constexpr std::uint64_t knowledge_recursion_max_n = 10'000'000;

// r_n exact (recursion from 0 to n), n ≤ knowledge_recursion_max_n.
double knowledge_per_token_redundancy_exact(const PitmanYorParameters& params, std::uint64_t n, double M, double V);

// Leading asymptotic of r_n (see above), real n ≥ 1.
double knowledge_per_token_redundancy_asymptotic(const PitmanYorParameters& params, double n, double M, double V);

// Exact for n ≤ knowledge_exact_max_n, asymptotic beyond.
double knowledge_per_token_redundancy(const PitmanYorParameters& params, std::uint64_t n, double M, double V);

// result[n] = r_n for n = 0..n_max (size n_max + 1), exact; n_max ≤ knowledge_recursion_max_n.
std::vector<double> knowledge_redundancy_curve(const PitmanYorParameters& params, std::uint64_t n_max, double M,
                                               double V);

// result[N] = R_N = Σ_{n<N} r_n for N = 0..per_token.size() (compensated sum).
std::vector<double> cumulative_redundancy(const std::vector<double>& per_token);

// R_N^know exact, N ≤ knowledge_recursion_max_n + 1.
double knowledge_cumulative_redundancy(const PitmanYorParameters& params, std::uint64_t N, double M, double V);

}  // namespace sklaws::theory
