// Monte Carlo estimators of the knowledge-model counting laws of docs/theory.md §3:
// K_n (K1 mean, K2 variance), block counts M_{j,n} (K4), the entropy H(W)
// of GEM weights (K6) and the new-element probability p_new(n) (K7).
//
// Each estimator runs `replicates` independent replicates through the
// replicate executor (monte_carlo.hpp: replicate r uses RandomStream(seed,
// r); any stick-breaking weights use GemWeights(params, seed,
// stick_stream(r))), reduced in replicate order with streamed moments, so
// results are bit-identical for every thread and MPI rank count, memory is
// O(grid), and it returns Estimates (mean ± SE).
//
//  * estimate_table_counts: one CRP path per replicate (CrpSampler), K_n
//    read at every n of the grid; mean and sample variance of K_n, and the
//    mean corrected by the singletons M_{1,n} (control variate, exact mean K4).
//  * estimate_block_counts: exact table-by-table construction at one n;
//    M_{j,n} = #{tables of size j} for j = 1..j_max (block_count_moments: with
//    K_n, their control variate).
//  * estimate_entropy: H(W) = Σ_j −W_j ln W_j of one GEM(α, β) draw. Sticks
//    are instantiated until the remaining mass r = Π(1 − V_j) < tail_mass;
//    the rest is W' scaled by r, where, by the self-similarity of GEM,
//    W' ~ GEM(α, β + Jα) independently of the J sticks drawn, and
//        H(W) = Σ_{j<J} −W_j ln W_j − r ln r + r·H(W').
//    The estimator uses the conditional mean E[H(W')] for the last term
//    (Rao–Blackwellisation; unbiased). That term is r·(ln(1/r) + E[H(W')])
//    ≈ 0.07 nats at the experiment's default r < 1e−2 (α = 0.5, β = 1), and
//    only the fraction r ≤ 1e−2 of it comes from K6: an error δ in K6 would
//    move the estimate by ≤ 1e−2·δ, so the check still tests K6. The mean
//    correction is reported (mean_tail_correction). The tail's conditional
//    mean also removes its variance: r < 1e−2 needs ~300 sticks per
//    replicate at α = 0.5 (r < 1e−3 ten times more), so the same CPU buys ten
//    times the replicates (the SE is set by the first sticks either way).
//  * estimate_p_new: one CRP path per replicate to each n of the grid; the
//    statistic is the probability that customer n+1 opens a new table given
//    the seating so far, P(new | K_n) = (β + αK_n)/(β + n), instead of the
//    Bernoulli indicator of that event (Rao–Blackwellisation: same mean
//    p_new(n), variance α²Var[K_n]/(β+n)² ≤ p(1−p); at the defaults α = 0.5,
//    β = 1, n = 1000 about 1/20 of the indicator's). SE from the sample. At
//    n = 1 (K_1 = 1 always) that statistic would be the closed form itself,
//    a check that cannot fail: there the indicator of customer 2 is kept.
#pragma once

#include "control_variate.hpp"
#include "monte_carlo.hpp"

#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::validation {

// Stream id of replicate r's stick-breaking weights: disjoint from the
// replicate streams 0..2^48−1 of the same seed.
constexpr std::uint64_t stick_stream(std::uint64_t replicate) { return (std::uint64_t{1} << 48) + replicate; }

struct TableCountEstimate {
    std::uint64_t n = 0;
    Estimate mean;      // E[K_n], the plain mean
    Estimate variance;  // Var[K_n]
    // E[K_n] with the singletons M_{1,n} as control variate (exact mean K4 at
    // j = 1, `singletons_mean`): M_{1,n}/K_n → α, so the control carries the
    // random diversity S behind most of K_n's variance (control_variate.hpp).
    ControlledEstimate controlled_mean;
    double singletons_mean = 0.0;
    double singletons_error = 0.0;  // K4's bound on its own error
};

std::vector<TableCountEstimate> estimate_table_counts(const theory::PitmanYorParameters& params,
                                                      const std::vector<std::uint64_t>& n_grid,
                                                      std::size_t replicates, const RunOptions& options);

// E[M_{j,n}] for j = 1..j_max (index j − 1).
std::vector<Estimate> estimate_block_counts(const theory::PitmanYorParameters& params, std::uint64_t n,
                                            std::size_t j_max, std::size_t replicates, const RunOptions& options);

// The same replicates' streamed moments: statistics j − 1 = M_{j,n}
// (j = 1..j_max) with K_n as their control (control_variate.hpp:
// M_{j,n}/K_n → a constant, so K_n carries the random diversity S that
// makes most of M_{j,n}'s variance).
SharedControlMoments block_count_moments(const theory::PitmanYorParameters& params, std::uint64_t n,
                                         std::size_t j_max, std::size_t replicates, const RunOptions& options);

struct EntropyEstimate {
    Estimate entropy;              // E[H(W)]
    double mean_tail_correction;   // mean of −r ln r + r·E[H(W')]
    double mean_sticks;            // mean number of sticks instantiated
};

EntropyEstimate estimate_entropy(const theory::PitmanYorParameters& params, double tail_mass,
                                 std::size_t replicates, const RunOptions& options);

// p_new(n) for every n of the grid (index as in n_grid).
std::vector<Estimate> estimate_p_new(const theory::PitmanYorParameters& params,
                                     const std::vector<std::uint64_t>& n_grid, std::size_t replicates,
                                     const RunOptions& options);

}  // namespace sklaws::validation
