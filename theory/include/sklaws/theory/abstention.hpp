// Abstention of a calibrated learner (H2), the trade-off between answering
// and hallucinating.
//
// H2 (docs/theory.md §3). After n training tokens an element of weight w has
// m ~ Binomial(n, w) mentions, each stating its fact with noise ε (A1). The
// learner knows how many mentions it saw, so its probability of being right
// is A1's posterior accuracy given m,
//     A(m) = P(the majority vote of m mentions is the fact)     (A(0) = 1/V),
// which is calibrated: among the queries it answers with confidence A(m),
// exactly the fraction A(m) are right. It answers a query iff its
// confidence is ≥ τ and abstains otherwise. (A learner that also read the
// whole count vector would be sharper; A1 conditions on m, and so does H2.)
// Noise-free, A(m) = 1 for every m ≥ 1.
//
// Capacity C (A2's rule): the element is stored iff m > k = ⌊n·w*⌋, w* the
// capacity threshold weight (A2's K5 scale, or E[W_(C)] from M2); a stored
// element has confidence A(m), an unstored one is a uniform guess with
// confidence 1/V, answered iff 1/V ≥ τ (then wrong w.p. 1 − 1/V).
// Unlimited capacity is the same rule with k = 0: every seen element is
// stored, and the unseen one (m = 0) has confidence 1/V = A(0).
//
// Per query, for each τ:
//   answered      a = Σ_m P(m) [conf(m) ≥ τ],
//   hallucinated  h = Σ_m P(m) [conf(m) ≥ τ] (1 − acc(m))   (wrong answers per query),
//   accuracy      (a − h)/a of the answers (defined when a > 0),
// with P(m) the law of the queried element's mentions:
//   * per element: Binomial(n, w);
//   * frequency-weighted (queries drawn like the data): the queried element
//     is a size-biased pick, whose weight is Beta(1−α, α+β) (GEM's first
//     stick), so P(m) = BetaBinomial(n, 1−α, α+β) — exact, and P(0) = p_new(n)
//     (K7);
//   * frequency band [w_lo, w_hi): the same, conditioned on the weight lying
//     in the band: P(m) ∝ BetaBinomial(m)·[I_{w_hi} − I_{w_lo}](1−α+m, α+β+n−m)
//     (regularised incomplete Beta, Boost).
// τ = 0 answers everything: h is H1's rate (noise-free, per element:
// P(not stored | w)(1 − 1/V) = hallucination_rate_per_element).
//
// Evaluation. Noise-free, the sums collapse to P(m = 0) and P(m ≤ k) (closed
// forms and one Beta-Binomial CDF sum), in double and in multiprecision. Noisy
// (double): A(m) from A1's table for m ≤ 150 (accuracy_given_mentions_table);
// beyond, A1's vote is wrong only if some wrong value is stated at least as
// often as the fact, so by a union and Chernoff bound
//     1 − A(m) ≤ B(m) = (V − 1)·(1 − (√q − √r)²)^m,  q = 1−ε+ε/V, r = ε/V:
// those m are answered once 1 − B(m) ≥ τ, their hallucination is taken as
// B(m)/2 ± B(m)/2, and m where the decision is not certain (|A(m) − τ| within
// A(m)'s bound, or 1 − B(m) < τ beyond the table) put their whole mass in the
// error. Every rate comes with that bound; an evaluation whose bound would
// exceed 1e-3 throws DomainError (noise too high for n·w this large).
//
// Domain: V ≥ 2, 0 ≤ ε ≤ 1, 0 ≤ τ ≤ 1, n ≥ 0; w in [0, 1]; PY(α, β)
// (0 ≤ α < 1, β > −α); 0 ≤ w_lo < w_hi ≤ 1; capacity threshold weight w* ≥ 0.
// Multiprecision: noise-free only, k = ⌊n·w*⌋ ≤ 1e6. Cost: O(k) for the
// Beta-Binomial CDF (frequency-weighted), O(150³·V) once per (V, ε) for A1's
// table, O(n·w_hi) incomplete-Beta calls for a band (n·w_hi ≤ 1e6).
#pragma once

#include "pitman_yor_parameters.hpp"

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace sklaws::theory {

// What the learner saw and when it answers.
struct AbstentionSetting {
    std::uint64_t tokens = 0;       // n, training tokens
    std::uint64_t values = 2;       // V ≥ 2
    double noise = 0;               // ε
    double threshold = 0;           // τ
    // A2: stored iff m > ⌊n·w*⌋; negative = unlimited capacity (every seen
    // element stored).
    double capacity_threshold_weight = -1;

    bool unlimited() const { return capacity_threshold_weight < 0; }
    void validate() const;  // DomainError naming the bad field
};

template <class Real>
struct AbstentionRates {
    numerics::Evaluation<Real> answered;      // P(answer)
    numerics::Evaluation<Real> hallucinated;  // P(answer and wrong), per query
    // P(right | answered) = (answered − hallucinated)/answered; {0, 0} with
    // any_answered = false when nothing is answered.
    numerics::Evaluation<Real> accuracy;
    bool any_answered = false;
};

// Queries about one element of weight w.
template <class Real>
AbstentionRates<Real> abstention_for_weight_e(const Real& w, const AbstentionSetting& setting);

// Queries drawn like the data from PY(α, β) weights.
template <class Real>
AbstentionRates<Real> abstention_frequency_weighted_e(const Real& alpha, const Real& beta,
                                                      const AbstentionSetting& setting);

// Queries drawn like the data, about elements whose weight is in [w_lo, w_hi).
AbstentionRates<double> abstention_in_band(const PitmanYorParameters& params, const AbstentionSetting& setting,
                                           double w_lo, double w_hi);

// The same three at many thresholds τ (setting.threshold is ignored): the
// mention law and A1's table are built once.
std::vector<AbstentionRates<double>> abstention_curve_for_weight(double w, const AbstentionSetting& setting,
                                                                 std::span<const double> thresholds);
std::vector<AbstentionRates<double>> abstention_curve_frequency_weighted(const PitmanYorParameters& params,
                                                                         const AbstentionSetting& setting,
                                                                         std::span<const double> thresholds);
std::vector<AbstentionRates<double>> abstention_curve_in_band(const PitmanYorParameters& params,
                                                              const AbstentionSetting& setting, double w_lo,
                                                              double w_hi, std::span<const double> thresholds);

}  // namespace sklaws::theory
