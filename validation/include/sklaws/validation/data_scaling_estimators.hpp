// Per-token knowledge excess loss r_n (docs/theory.md R1, the knowledge part
// of D1) estimated at n up to 1e12 without simulating n tokens: a
// Rao-Blackwellised estimator on an exact, nested construction of the CRP
// state at every n of a grid.
//
// 1. The estimator. Let s_n be the CRP state after n draws: table sizes
//    c_1..c_K (K = K_n). Given s_n the Bayes predictive codes the next
//    element, and the posterior of the weights is
//      (W_1..W_K, R) ~ Dirichlet(c_1 − α, …, c_K − α, β + Kα),
//      the unseen mass R split as R·GEM(α, β + Kα)   (Pitman 1996).
//    Since X_{n+1} | s_n follows the predictive, the learner's expected code
//    length is H(pred_n) + q·ln(MV), q = (β + αK)/(β + n); the oracle's
//    (who knows W) is E[H(W) | s_n], in closed form from the posterior
//    (E[−W_k ln W_k] = p_k(ψ(β+n+1) − ψ(c_k−α+1)), K6 for the tail). Their
//    difference simplifies (g(x) = ψ(x+1) − ln x, p_k = (c_k − α)/(β + n)):
//      f(s_n) = −g(β+n) + Σ_k p_k g(c_k − α) + q·[ψ(1−α) − ln(β+αK) + ln M + ln V],
//    and E[f(s_n)] = r_n exactly (tower rule): an unbiased estimator of R1's
//    per-token redundancy that needs neither the weights nor the tokens. Its
//    spread comes from K_n/n^α (the α-diversity), not from the O(1)
//    fluctuation of a single token's code length: relative SD ≈ CV(S),
//    0.42 at α = 0.5, β = 1.
// 2. The state at every grid point, exactly, in O(K_{n_max}) work (the
//    nested form of table_construction.hpp): table j's first customer is the
//    earliest customer not at tables < j, each later such customer joins it
//    independently with probability V_j ~ Beta(1 − α, β + jα) given V_j (the
//    Pólya urn's de Finetti measure), and those not joining seat themselves
//    as a CRP(α, β + jα). So with R_j(g) the number of customers among the
//    first n_g not at tables < j, table j's size at n_g is
//      c_j(g) = 1 + Bin(R_j(g₀) − 1, V_j) + Σ_{g₀<h≤g} Bin(R_j(h) − R_j(h−1), V_j)
//    (g₀ the first grid point with R_j ≥ 1), and R_{j+1}(g) = R_j(g) − c_j(g);
//    it stops when R(n_max) = 0. One Beta and on average a few Binomials per
//    table: about 2.3e4 tables at α = 0.5, β = 1, n = 1e8, 3.6 ms per
//    replicate, i.e. 2.8e10 effective tokens per CPU second, where the
//    partition CRP runs at 2-4e7 and the count-only CRP at 7e8; at α = 0.8 the
//    ~5e6 tables make it 1.4e8 (bench/validation_data_scaling.cpp prints all).
//
// 3. Control variates. f depends on the state mostly through K_n, like
//    q (A − ln(β + αK)), i.e. through Y = K_n + β/α and Y ln Y. Both have
//    exact means: q = αY/(β + n) has E[q] = p_new(n) (K7), and with the
//    martingale E[Γ(Y+p)/Γ(Y)] ∝ Γ(β+n+pα)/Γ(β+n) (p = 1 is K1),
//    differentiated at p = 1,
//      E[q ψ(Y + 1)] = p_new(n)·[ψ(2 + β/α) + α(ψ(β+n+α) − ψ(β+α+1))],
//    and q ψ(Y + 1) = q ln Y + O(1/n). So for any constants c_n, d_n
//      f − c_n (q − E q) − d_n (q ψ(Y+1) − E[q ψ(Y+1)])
//    is still unbiased for r_n. The coefficients are the least-squares
//    slopes of f on the two controls in a pilot run on replicate streams
//    the estimate never uses (fit_opening_control: stream offset 2^40), so
//    they are independent of the sample they correct and the estimator stays
//    exactly unbiased (coefficients fitted to the same sample would bias the
//    mean by O(1/R)); a pilot that cannot resolve a slope leaves it 0, and
//    one with fewer than 5 (8) distinct values of q fits no first (second)
//    term, which would only interpolate f on the values seen. What is left
//    is the spread of the small tables' sizes given K. Measured relative SD
//    per replicate (M = 1e12, V = 1e6; skewness, kurtosis):
//      α = 0.5, β = 1,    n = 1e5:  0.41 without control → 1.3e-4 (−0.1, 3.2)
//      α = 0.5, β = −0.2, n = 316:  0.94 → 8.2e-4 (−0.9, 4.8)
//      α = 0.3, β = −0.2, n = 1e4:  1.49 → 1.7e-3 (−0.6, 9.8)
//    (q alone, the old fixed-slope control, left skewness −2.4 and
//    kurtosis 10, which made small-R z-tests lopsided).
//
// Replicate r draws everything from RandomStream(seed, r) in a fixed order,
// so results are identical for any thread (and rank) count.
// Domain: PitmanYorParameters with α > 0, M, V ≥ 1, grid strictly increasing,
// 1 ≤ n ≤ 1e12 (work and memory O(E[K_{n_max}]) per replicate).
#pragma once

#include "monte_carlo.hpp"
#include "redundancy_estimators.hpp"

#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace sklaws::validation {

// Largest n of the grid (the Binomial sampler's exactness limit is 1e15; the
// work E[K_n] ~ n^α bounds it in practice).
inline constexpr std::uint64_t data_scaling_max_n = 1'000'000'000'000ULL;

struct KnowledgeExcessLossPath {
    std::vector<double> loss;     // f(s_n) at each n of the grid
    std::vector<double> opening;  // q = (β + αK_n)/(β + n), whose mean is p_new(n) (K7)
    std::vector<double> opening_log;  // q ψ(Y + 1), Y = K_n + β/α (mean: see 3.)
};

// One replicate at every n of the grid (exact state, see above).
KnowledgeExcessLossPath knowledge_excess_loss_path(const theory::PitmanYorParameters& params,
                                                   const KnowledgeCosts& costs,
                                                   const std::vector<std::uint64_t>& n_grid,
                                                   numerics::RandomStream& rng);

// f − c_g (q − mean_g) − d_g (q ψ(Y+1) − log_mean_g) at each grid point
// (3. above); empty coefficients = no control.
struct OpeningControl {
    std::vector<double> coefficient;  // c_g
    std::vector<double> mean;         // E[q] at n_g: p_new(n_g) (K7)
    std::vector<double> log_coefficient{};  // d_g
    std::vector<double> log_mean{};         // E[q ψ(Y+1)] at n_g

    // The two means at n for PY(α, β) (3. above).
    static std::pair<double, double> means(const theory::PitmanYorParameters& params, double n);
};

// The control (means from OpeningControl::means, coefficients fitted on
// `pilot_replicates` (≥ 10) replicates of streams 2^40 + stream_offset + r,
// disjoint from every estimate's while stream_offset + replicates < 2^40).
OpeningControl fit_opening_control(const theory::PitmanYorParameters& params, const KnowledgeCosts& costs,
                                   const std::vector<std::uint64_t>& n_grid, std::size_t pilot_replicates,
                                   const RunOptions& options, std::uint64_t stream_offset = 0);

// The per-replicate rows f(s_n) − c(q − E q) (rows[r][g]), replicate r from
// stream stream_offset + r; O(replicates × grid) memory.
std::vector<std::vector<double>> simulate_knowledge_excess_loss(const theory::PitmanYorParameters& params,
                                                                const KnowledgeCosts& costs,
                                                                const std::vector<std::uint64_t>& n_grid,
                                                                std::size_t replicates, const RunOptions& options,
                                                                const OpeningControl& control = {},
                                                                std::uint64_t stream_offset = 0);

}  // namespace sklaws::validation
