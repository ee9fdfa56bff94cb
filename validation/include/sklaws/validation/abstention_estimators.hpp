// Monte Carlo of the abstaining learner of H2 (docs/theory.md §3,
// theory/abstention.hpp), query by query.
//
// One replicate: W ~ GEM(α, β) (GemWeights, stream stick_stream(r)); n
// training tokens drawn from W and counted per element (token_counts); Q
// queries k ~ W drawn afterwards (an element never seen in training has
// m = 0). For each queried element the training mentions are simulated
// once per replicate: each of its m mentions states the fact with
// probability 1 − ε, otherwise a uniform value among V, and the learner keeps
// the majority vote (uniform tie-breaking) — the vote is simulated, not read
// from A1. The learner stores the element iff m > ⌊n·w*⌋ (A2's rule; all
// m ≥ 1 when capacity is unlimited), its confidence is A(m) for a stored
// element (theory::accuracy_given_mentions_table for m ≤ 150; 1 − B(m)/2 with
// H2's vote bound beyond, which is on the same side of every τ as the exact
// A(m) wherever H2's rates are decided) and 1/V for an unstored one, which it
// answers with a uniform guess. It answers iff its confidence is ≥ τ.
//
// Per replicate and τ: answered queries and wrong answers (hallucinations),
// overall (Q queries) and per band of the queried element's weight; the
// estimates are means over replicates (fraction of the Q queries), and per
// band ratios of means (estimate_ratio), since the number of queries in a
// band is random. The accuracy of the answers is the ratio of correct to
// answered. Each estimate is z-tested against H2's exact rates
// (abstention_curve_frequency_weighted, abstention_curve_in_band).
//
// Replicate r draws from RandomStream(seed, r) and its sticks from
// RandomStream(seed, stick_stream(r)): bit-identical for any thread count.
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
};

struct AbstentionBandEstimate {
    double weight_low = 0, weight_high = 0;  // band [w_lo, w_hi) of the queried element's weight
    double mean_queries = 0;                 // E[queries in the band] per replicate
    std::vector<AbstentionPoint> points;     // one per τ, rates among the band's queries
};

struct AbstentionEstimate {
    std::vector<AbstentionPoint> overall;      // one per τ
    std::vector<AbstentionBandEstimate> bands;
};

// thresholds: τ values in [0, 1]; band_edges: increasing weights in [0, 1]
// (may be empty: no bands); setting.threshold is ignored; queries ≥ 1,
// replicates ≥ 2.
AbstentionEstimate estimate_abstention(const theory::PitmanYorParameters& params,
                                       const theory::AbstentionSetting& setting,
                                       const std::vector<double>& thresholds, const std::vector<double>& band_edges,
                                       std::uint64_t queries, std::size_t replicates, const RunOptions& options);

}  // namespace sklaws::validation
