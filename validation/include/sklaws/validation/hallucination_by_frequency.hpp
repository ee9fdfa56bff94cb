// Monte Carlo of the H1 hallucination rate per element, by element frequency.
//
// H1 (docs/theory.md §3): a query about an element the model did not store is
// answered anyway with a uniform guess among V values, wrong with
// probability 1 − 1/V, so the rate for an element of weight w is
//     P(not stored | w)(1 − 1/V).
// The storage rule is A2's: a capacity-C model trained on n tokens stores an
// element iff its count m exceeds n·w*(C) (w*(C) the K5 capacity threshold,
// theory::capacity_threshold_weight), so P(stored | w) = P(Binomial(n, w) >
// n·w*) (theory::capacity_acquisition_probability). The simulated learner
// applies exactly that rule, so H1 holds exactly and the check is a z-test.
// (A learner that keeps the C largest counts instead deviates from A2's rule
// by ~10% at the band edges; that approximation is A2's, checked with a
// stated tolerance by the acquisition experiment, not H1's.)
//
// One replicate: every weight of W ~ PY(α, β) at or above e_0·w*, ranked
// (ranked_weights_above, stream stick_stream(r): O(#weights ≥ e_0·w*) ≈
// O(C·e_0^{−α/(1−α)}) memory, where stick-breaking needed ~C^{1/(1−α)}
// sticks); their counts in n tokens drawn from W, exactly multinomial, by
// conditional binomials in rank order (m_k ~ Binomial(n − Σ_{j<k} m_j,
// w_k/(1 − Σ_{j<k} w_j))); the learner stores by the rule above; every
// element with w/w* in a band [e_b, e_{b+1}) gets one query: stored ⇒ the true value (facts are noise-free),
// not stored ⇒ a uniform guess; a wrong answer is a confident wrong answer,
// a hallucination (the learner never abstains). Per band the replicate
// returns the queries, the hallucinations, and the H1 prediction
// Σ_k P(not stored | w_k)(1 − 1/V) over the same elements, so the
// hallucination count minus the prediction has mean exactly 0 under H1
// (paired: the element-count fluctuations cancel).
//
// Replicate r draws from RandomStream(seed, r) and the sticks from
// RandomStream(seed, stick_stream(r)), and the rows are reduced in replicate
// order, streamed (reduce_replicates): bit-identical for any thread and MPI
// rank count, memory O(bands).
#pragma once

#include "monte_carlo.hpp"

#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::validation {

struct HallucinationBand {
    double ratio_low = 0.0;      // band of w / w*
    double ratio_high = 0.0;
    Estimate rate;               // hallucinated fraction of the band's queries (ratio of means, delta-method SE)
    Estimate hallucinated;       // E[# hallucinations in the band]
    Estimate predicted;          // E[Σ_k P(not stored | w_k)(1 − 1/V)] (H1 with A2's P(stored | w))
    Estimate difference;         // E[hallucinated − predicted] (paired; 0 under H1)
    double mean_queries = 0.0;   // E[# elements in the band] (one query each)
    double mean_ratio = 0.0;     // E[Σ w_k/w*] / E[# elements]: where the band's queries sit
    double mean_not_stored = 0;  // E[Σ P(not stored | w_k)] / E[# elements] (A2)
    // E[Σ_k h_k(1 − h_k)], h_k = P(not stored | w_k)(1 − 1/V): the variance of
    // the band's hallucination count given W, per replicate. Times the
    // replicates it is the run's "expected events" for the normal law of the
    // paired difference (a sum of independent Bernoulli(h_k) − h_k).
    double mean_variance = 0;
};

// band_edges: increasing, e_0 > 0 (band b = [e_b, e_{b+1})); threshold_weight w* in (0, 1);
// values V ≥ 2; replicates ≥ 2.
std::vector<HallucinationBand> estimate_hallucination_by_frequency(const theory::PitmanYorParameters& params,
                                                                   std::uint64_t n, double threshold_weight,
                                                                   std::uint64_t values,
                                                                   const std::vector<double>& band_edges,
                                                                   std::size_t replicates, const RunOptions& options);

}  // namespace sklaws::validation
