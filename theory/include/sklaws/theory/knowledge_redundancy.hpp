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

#include <sklaws/numerics/evaluation.hpp>

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

// ---- Evaluated R1 (with bounds, the collision regime refused), n ≤ 1e15.
//
// Domain of validity (docs/theory.md R1): the formula prices a new element's
// label at ln M + ln V as if labels never collided. With E[K_n] elements on
// M·V labels, E[K_n]²/(2MV) collisions are expected over the run, and the
// next new element's label is an old one with probability ≈ E[K_n]/(MV). The
// _e functions refuse (DomainError naming names × values and E[K_n], "R1 is
// no estimate") when E[K_n]²/(2MV) > knowledge_collision_limit (1e-2), and
// add |value|·E[K_n]/(MV) — the first-order effect of the neglected
// collisions — to err, so the digits reported do not exceed what the
// no-collision assumption allows (at n = 1e12, M = 1e9, V = 1e6, α = 0.5:
// 2e-9). A value ≤ 0 (impossible for a redundancy) is refused the same way.
//
// Per-token r_n (knowledge_redundancy_e):
//   n ≤ 1e5            the exact recursion, err (1e-11 + nε)|r| + 1e-13 (from
//                      n = 1e4, α > 0, the large-n form instead where that
//                      err exceeds 1e-10|r| and the form's is smaller);
//   n > 1e5, α > 0     the large-n form (knowledge_redundancy_large_n_e: U_n in
//                      closed form, exact to rounding; E[e(Y)] as the midpoint
//                      of a rigorous interval), unless its bound exceeds
//                      knowledge_switch_accuracy·|r| and n ≤ 1e7 and the
//                      recursion's bound is the tighter: then the recursion
//                      (O(n), ~0.4 µs per n: up to ~4 s at 1e7);
//   n > 1e5, α = 0     the recursion to 1e7, beyond it the leading asymptotic
//                      with err 10·ln n/n·|r| (tested bound, see above).
// The large-n form's bound is ~α²n^{−2α}/(24 L) relative (L = ln MV + c −
// α ln n): ≥ 9 digits for α ≥ 0.5 at n ≥ 1e7, ≥ 8 for α ≥ 0.3 at n ≥ 1e8.
// At small α the K_n = 1, 2, 3 atoms of E[e(Y)] are exact (see the .cpp),
// which gives 4-6 digits at α ∈ [0.02, 0.1], β ∈ [−α, 0] for n in 1e5..1e15
// (β → −α, where the moment bounds alone left the form negative, included)
// — the err says so: no 8-digit guarantee for α ≲ 0.2 above 1e7 (that needs
// the law of K_n at small k for n ≫ 1e7: its generalized factorial
// coefficients cancel like α^{−k}, i.e. multiprecision). Cost per call: a
// few µs (bench/theory_redundancy_large_n.cpp).
// Cumulative R_N (knowledge_cumulative_redundancy_e): the exact sum to
// min(N, 1e5 + 1), then Euler–Maclaurin over the large-n form (α > 0; ~40 ms
// per call for N > 1e5, from the exact part); α = 0: N ≤ 1e7 + 1.
// Averaged R_N/N (knowledge_averaged_redundancy_e), N ≥ 1.
inline constexpr std::uint64_t knowledge_max_n = 1'000'000'000'000'000ULL;  // 1e15
inline constexpr double knowledge_collision_limit = 1e-2;
inline constexpr double knowledge_switch_accuracy = 1e-10;

struct LabelCollisions {
    double tokens = 0;               // n
    double expected_elements = 0;    // E[K_n] (K1)
    double labels = 0;               // M·V
    double expected_collisions = 0;  // E[K_n]²/(2MV)
    double relative_effect = 0;      // E[K_n]/(MV), added to err relative
};
// Expected collisions over n tokens (no check); M, V ≥ 1, n ≥ 0.
LabelCollisions label_collisions(const PitmanYorParameters& params, double n, double M, double V);
// The same, refusing the collision regime (DomainError as above).
LabelCollisions require_distinct_labels(const PitmanYorParameters& params, double n, double M, double V);

// R1 per-token r_n, 0 ≤ n ≤ 1e15 (see above).
numerics::Evaluation<double> knowledge_redundancy_e(const PitmanYorParameters& params, std::uint64_t n, double M,
                                                    double V);
// The large-n form alone at real n ≥ 1 (α > 0; no collision check): exact for
// U_n, the e-term as an interval midpoint; accurate where its err says.
numerics::Evaluation<double> knowledge_redundancy_large_n_e(const PitmanYorParameters& params, double n, double M,
                                                            double V);
// R_N = Σ_{n<N} r_n, 0 ≤ N ≤ 1e15.
numerics::Evaluation<double> knowledge_cumulative_redundancy_e(const PitmanYorParameters& params, std::uint64_t N,
                                                               double M, double V);
// R_N / N, 1 ≤ N ≤ 1e15.
numerics::Evaluation<double> knowledge_averaged_redundancy_e(const PitmanYorParameters& params, std::uint64_t N,
                                                             double M, double V);

// result[N] = R_N = Σ_{n<N} r_n for N = 0..per_token.size() (compensated sum).
std::vector<double> cumulative_redundancy(const std::vector<double>& per_token);

// R_N^know exact, N ≤ knowledge_recursion_max_n + 1.
double knowledge_cumulative_redundancy(const PitmanYorParameters& params, std::uint64_t N, double M, double V);

}  // namespace sklaws::theory
