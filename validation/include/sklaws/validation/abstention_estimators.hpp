// Monte Carlo of the abstaining learner of H2 (docs/theory.md §3,
// theory/abstention.hpp), Rao-Blackwellised given the sampled weights.
//
// What is simulated. One replicate draws the weights W ~ PY(α, β): every
// weight ≥ a level L ranked, with the mass T_L of the rest
// (ranked_weights_above, stream stick_stream(r); GEM stick-breaking down to
// a remaining mass below L when α = 0). A query names element k with
// probability w_k, and given W the element's n training mentions are
// Binomial(n, w_k) (the marginal of the multinomial counts); the learner's
// rule is H2's (stored iff m > k = ⌊n·w*⌋, all m ≥ 1 when capacity is
// unlimited; confidence A(m) for a stored element, 1/V for an unstored one,
// answered iff confidence ≥ τ; a stored element's majority vote is right
// with probability A(m), an unstored one's uniform guess with 1/V). So the
// per-query probabilities GIVEN W are exact sums,
//     answered(τ | W)     = Σ_k w_k Σ_m Binom(m; n, w_k) [conf(m) ≥ τ],
//     hallucinated(τ | W) = Σ_k w_k Σ_m Binom(m; n, w_k) [conf(m) ≥ τ](1 − acc(m)),
// and the estimator averages them over replicates instead of drawing
// queries, mentions and votes (Rao-Blackwellisation: the same mean, and none
// of the Bernoulli noise of simulated queries — whose rare events (a vote
// lost at m = 30, an unseen element in a heavy band) made a normal z-test
// meaningless at many parameters and a 1 % error undetectable at the
// defaults). What the check then tests is H2's mixture: that the weight of a
// query drawn like the data is GEM's size-biased pick, Beta(1−α, α+β), and
// so m is Beta-Binomial overall and in each band (theory/abstention.cpp sums
// Beta-Binomial and incomplete-Beta terms; the estimator sums Binomial pmfs
// over sampled PY weights: independent arithmetic). A1's vote law A(m) is
// read from theory::accuracy_given_mentions_table (m ≤ 150; beyond, H2's
// bound 1 − A(m) ≤ B(m), taken as B(m)/2 ± B(m)/2), and is tested by the
// acquisition experiment, not here.
//
// The weights below L (not drawn one by one): each is < w_max (the smallest
// drawn weight) and Σ_m Binom(m; n, w) g(m) differs from g(0) by at most
// 1 − (1 − w)^n ≤ n·w, so their part is T_L·g(0) within n·w_max·T_L; that
// bound (and B(151)/2 where n > 150, and the ranked sampler's
// remainder_bias_bound) is returned as `bias_bound` and carried by the
// checks as the estimate's possible bias. L = min(the lowest positive band
// edge, 1e-3/n) keeps it ≤ 1e-3·E[T_L].
//
// Control variate (overall rates): Y0 = Σ_k w_k (1 − w_k)^n, the
// probability given W that a query names an element unseen in training,
// whose exact mean is K7's p_new(n) (the next token is new). Each overall
// rate is X − c(Y0 − p_new(n)), c = Cov(X, Y0)/Var(Y0) from the same
// replicates (bias O(1/R), far below the SE); the SE is the residual's. It
// removes the GEM fluctuation of the unseen mass, which dominates every rate
// at τ ≤ 1/V. Bands are ratios of means (estimate_ratio-style delta method)
// of Σ_{k in band} w_k·(...) over the band's mass Σ_{k in band} w_k, the
// band's own mass fluctuation cancelling.
//
// Cost per replicate: the drawn weights (~E[#w ≥ L]) and, per weight, a
// window of the Binomial pmf (~10·√(n·w) + 20 terms) times the thresholds.
// Replicate r draws from RandomStream(seed, stick_stream(r)) only: bit-
// identical for any thread and MPI rank count.
#pragma once

#include "monte_carlo.hpp"

#include <sklaws/theory/abstention.hpp>
#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::validation {

struct AbstentionPoint {
    double threshold = 0;  // τ
    Estimate answered;     // fraction of queries answered
    Estimate hallucinated; // wrong answers per query
    Estimate accuracy;     // correct / answered (ratio of means)
    // τ ≤ conf(m) at every m ≤ n: every query is answered whatever the
    // weights, so the answered fraction is 1 by construction (no check).
    bool answers_all = false;
    // τ answers exactly the queries whose element was seen (m ≥ 1): the
    // overall answered fraction is then 1 − Y0, the complement of the p_new
    // control itself, i.e. K7's quantity (checked by p-new), so H2 has no
    // check of it. Set on the overall rates only.
    bool answered_is_control = false;
};

struct AbstentionBandEstimate {
    double weight_low = 0, weight_high = 0;  // band [w_lo, w_hi) of the queried element's weight
    double mean_mass = 0;                    // E[Σ_{k in band} w_k]: the probability a query lands in the band
    double bias_bound = 0;                   // bound on the bias of the band's rates (absolute)
    std::vector<AbstentionPoint> points;     // one per τ, rates among the band's queries
};

struct AbstentionEstimate {
    std::vector<AbstentionPoint> overall;      // one per τ
    std::vector<AbstentionBandEstimate> bands;
    double level = 0;       // L: weights ≥ L drawn one by one
    double bias_bound = 0;  // bound on |E[estimate] − exact| of the overall rates (see the top), absolute
    double mean_weights = 0;  // weights drawn per replicate
};

// thresholds: τ values in [0, 1]; band_edges: increasing weights in [0, 1]
// (may be empty: no bands); setting.threshold is ignored; replicates ≥ 2.
AbstentionEstimate estimate_abstention(const theory::PitmanYorParameters& params,
                                       const theory::AbstentionSetting& setting,
                                       const std::vector<double>& thresholds, const std::vector<double>& band_edges,
                                       std::size_t replicates, const RunOptions& options);

}  // namespace sklaws::validation
