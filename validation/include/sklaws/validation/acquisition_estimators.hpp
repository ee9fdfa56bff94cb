// Monte Carlo estimators of knowledge acquisition (docs/theory.md A1, A2).
//
// A1 (unlimited capacity): an element of weight w is mentioned
// m ~ Binomial(n, w) times in n tokens; each mention states the true value
// with probability 1−ε, else a uniform value among V (possibly the true one).
// The learner answers with the most frequent stated value, ties broken
// uniformly (m = 0: a uniform guess over all V values, the same rule). The
// estimator simulates the mentions one by one and scores the answer, so it
// is independent of the closed form (1 − (1−1/V)(1−w)^n when ε = 0).
//
// A2 (capacity C): W ~ PY(α, β), n tokens drawn from W, the learner stores
// the C elements with the largest counts (ties: earlier-seen first, a
// uniform pick given the counts; capacity_storage.hpp). A2's rule is "learned iff the count beats n times
// the capacity threshold weight"; the estimator uses the replicate's own
// threshold w* = W_(C) (the C-th largest weight, exact), because the K5
// scale of theory::capacity_threshold_weight ignores the randomness of the
// diversity S and misplaces the threshold by a factor S^{1/α}/E[S^{1/α}] in
// each replicate. The weights are the top K ranked ones (ranked_weights.hpp,
// O(K) memory for any α < 1, where stick-breaking to W_(C) needed
// ~C^{1/(1−α)} sticks), K doubled until every weight in the lowest band is
// listed and the bound B on unlisted elements displacing stored ones is
// ≤ 1e-6 (capacity_storage.hpp); the counts are multinomial in rank order.
// For every element with w/w* in a band [f_lo, f_hi) it records whether it
// was stored, and the A2 prediction P(Binomial(n, w) > n·w*). Per replicate
// the band's stored count and predicted count are returned, so that the mean
// learned count can be compared with the mean predicted count (paired SE).
#pragma once

#include "monte_carlo.hpp"

#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::validation {

// One simulated learner on m mentions; true if its answer is the true value.
bool majority_vote_correct(std::uint64_t mentions, std::uint64_t values, double epsilon, numerics::RandomStream& rng);

// Fact accuracy at each weight of `weights` after n tokens (index as in weights).
std::vector<Estimate> estimate_fact_accuracy(const std::vector<double>& weights, std::uint64_t n,
                                             std::uint64_t values, double epsilon, std::size_t replicates,
                                             const RunOptions& options);

struct CapacityBand {
    double ratio_low = 0.0;   // band of w / W_(C)
    double ratio_high = 0.0;
    Estimate stored;            // E[# elements in band stored]
    Estimate predicted;         // E[Σ A2 probability over the band's elements]
    Estimate difference;        // E[stored − predicted] (paired)
    double mean_elements = 0;   // E[# elements in band]
};

struct CapacityAcquisition {
    std::vector<CapacityBand> bands;
    double displacement_bound = 0;  // mean B per replicate: bounds the bias of every stored count
    double mean_listed = 0;         // mean number of ranked weights listed per replicate (K)
};

// bands: increasing edges of w / W_(C), e_0 < e_1 < ... (band b = [e_b, e_{b+1})), 0 < e_0 < 1.
CapacityAcquisition estimate_capacity_acquisition(const theory::PitmanYorParameters& params, std::uint64_t n,
                                                  std::uint64_t capacity, const std::vector<double>& band_edges,
                                                  std::size_t replicates, const RunOptions& options);

}  // namespace sklaws::validation
