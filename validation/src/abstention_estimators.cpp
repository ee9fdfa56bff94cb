// Query-by-query simulation of H2's abstaining learner (see
// abstention_estimators.hpp).
#include <sklaws/validation/abstention_estimators.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/acquisition.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/ratio_estimate.hpp>
#include <sklaws/validation/stick_breaking.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace sklaws::validation {

namespace {

constexpr std::uint64_t table_mentions = 150;

// The learner's confidence in a stored element with m mentions: A(m) from
// A1's table, or 1 − B(m)/2 beyond it (H2's vote bound B, see the header).
class Confidence {
public:
    explicit Confidence(const theory::AbstentionSetting& s) : noise_(s.noise) {
        const std::uint64_t last = std::min<std::uint64_t>(table_mentions, s.tokens);
        if (s.noise > 0) {
            for (const auto& a : theory::accuracy_given_mentions_table(last, s.values, s.noise)) table_.push_back(a.val);
        } else {
            table_.assign(last + 1, 1.0);
            table_[0] = 1.0 / static_cast<double>(s.values);
        }
        const double V = static_cast<double>(s.values);
        const double q = 1 - s.noise + s.noise / V, r = s.noise / V;
        const double gap = std::sqrt(q) - std::sqrt(r);
        log_rate_ = std::log1p(-gap * gap);
        log_factor_ = std::log(V - 1);
    }
    double operator()(std::uint64_t m) const {
        if (m < table_.size()) return table_[m];
        if (noise_ == 0) return 1.0;
        return 1 - 0.5 * std::min(1.0, std::exp(log_factor_ + static_cast<double>(m) * log_rate_));
    }

private:
    double noise_;
    std::vector<double> table_;
    double log_rate_ = 0, log_factor_ = 0;
};

// The majority vote of m simulated mentions (the fact is value 0): each
// states the fact w.p. 1 − ε, else a uniform value; ties broken uniformly.
bool vote_is_right(std::uint64_t m, std::uint64_t values, double noise, numerics::RandomStream& rng) {
    if (m == 0) return rng.below(values) == 0;
    std::unordered_map<std::uint64_t, std::uint64_t> counts;
    for (std::uint64_t i = 0; i < m; ++i) {
        const std::uint64_t v = rng.uniform() < noise ? rng.below(values) : 0;
        ++counts[v];
    }
    std::uint64_t best = 0, ties = 0;
    for (const auto& [v, c] : counts) {
        if (c > best) best = c, ties = 0;
        if (c == best) ++ties;
    }
    const auto it = counts.find(0);
    if (it == counts.end() || it->second != best) return false;
    return rng.below(ties) == 0;  // the fact is one of `ties` values at the maximum
}

}  // namespace

AbstentionEstimate estimate_abstention(const theory::PitmanYorParameters& params,
                                       const theory::AbstentionSetting& setting,
                                       const std::vector<double>& thresholds, const std::vector<double>& band_edges,
                                       std::uint64_t queries, std::size_t replicates, const RunOptions& options) {
    params.validate();
    setting.validate();
    numerics::require(!thresholds.empty(), "thresholds", thresholds.size(), "at least one tau");
    for (double tau : thresholds) numerics::require(tau >= 0 && tau <= 1, "threshold", tau, "0 <= tau <= 1");
    for (std::size_t b = 0; b < band_edges.size(); ++b) {
        numerics::require(band_edges[b] >= 0 && band_edges[b] <= 1 && (b == 0 || band_edges[b] > band_edges[b - 1]),
                          "band_edges", band_edges[b], "increasing weights in [0, 1]");
    }
    numerics::require(band_edges.size() != 1, "band_edges", band_edges.size(), "none, or at least two edges");
    numerics::require(queries >= 1, "queries", queries, "queries >= 1");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    const Confidence confidence(setting);
    const std::uint64_t k = setting.unlimited()
                                ? 0
                                : static_cast<std::uint64_t>(std::floor(static_cast<long double>(setting.tokens) *
                                                                        setting.capacity_threshold_weight));
    const double guess = 1.0 / static_cast<double>(setting.values);
    const std::size_t T = thresholds.size();
    const std::size_t bands = band_edges.empty() ? 0 : band_edges.size() - 1;
    // Row: [answered, wrong] per τ; then per band [queries, (answered, wrong) per τ].
    const std::size_t band_width = 1 + 2 * T;
    const auto rows = run_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t r) {
        GemWeights gem(params, options.seed, stick_stream(r));
        const std::vector<std::uint64_t> counts = token_counts(gem, setting.tokens, rng);
        std::unordered_map<std::size_t, bool> vote;  // stored elements' simulated votes, once per replicate
        std::vector<double> row(2 * T + bands * band_width, 0.0);
        for (std::uint64_t q = 0; q < queries; ++q) {
            const std::size_t e = gem.sample(rng);
            const std::uint64_t m = e < counts.size() ? counts[e] : 0;
            const bool stored = m > k;
            double conf = guess;
            bool right = false;
            if (stored) {
                auto it = vote.find(e);
                if (it == vote.end()) it = vote.emplace(e, vote_is_right(m, setting.values, setting.noise, rng)).first;
                right = it->second;
                conf = confidence(m);
                if (setting.noise > 0 && conf >= 1) conf = std::nextafter(1.0, 0.0);  // A(m) < 1 when ε > 0
            } else {
                right = rng.below(setting.values) == 0;  // a fresh uniform guess
            }
            std::size_t band = bands;
            if (bands > 0) {
                const double w = gem.weight(e);
                const auto at = std::upper_bound(band_edges.begin(), band_edges.end(), w);
                if (at != band_edges.begin() && at != band_edges.end()) {
                    band = static_cast<std::size_t>(at - band_edges.begin()) - 1;
                } else if (w == band_edges.back()) {
                    band = bands - 1;  // the last band is closed at w = 1
                }
                if (band < bands) row[2 * T + band * band_width] += 1;
            }
            for (std::size_t t = 0; t < T; ++t) {
                if (conf < thresholds[t]) continue;
                row[2 * t] += 1;
                row[2 * t + 1] += right ? 0 : 1;
                if (band < bands) {
                    row[2 * T + band * band_width + 1 + 2 * t] += 1;
                    row[2 * T + band * band_width + 2 + 2 * t] += right ? 0 : 1;
                }
            }
        }
        return row;
    });
    const double qd = static_cast<double>(queries);
    const std::size_t R = rows.size();
    std::vector<double> answered(R), wrong(R), correct(R), in_band(R);
    AbstentionEstimate out;
    for (std::size_t t = 0; t < T; ++t) {
        for (std::size_t r = 0; r < R; ++r) {
            answered[r] = rows[r][2 * t] / qd;
            wrong[r] = rows[r][2 * t + 1] / qd;
            correct[r] = answered[r] - wrong[r];
        }
        out.overall.push_back({thresholds[t], estimate_mean(answered), estimate_mean(wrong),
                               estimate_ratio(correct, answered)});
    }
    for (std::size_t b = 0; b < bands; ++b) {
        AbstentionBandEstimate band{band_edges[b], band_edges[b + 1], 0, {}};
        for (std::size_t r = 0; r < R; ++r) in_band[r] = rows[r][2 * T + b * band_width];
        band.mean_queries = estimate_mean(in_band).mean;
        for (std::size_t t = 0; t < T; ++t) {
            for (std::size_t r = 0; r < R; ++r) {
                answered[r] = rows[r][2 * T + b * band_width + 1 + 2 * t];
                wrong[r] = rows[r][2 * T + b * band_width + 2 + 2 * t];
                correct[r] = answered[r] - wrong[r];
            }
            band.points.push_back({thresholds[t], estimate_ratio(answered, in_band), estimate_ratio(wrong, in_band),
                                   estimate_ratio(correct, answered)});
        }
        out.bands.push_back(std::move(band));
    }
    return out;
}

}  // namespace sklaws::validation
