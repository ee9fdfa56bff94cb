// Query-by-query hallucination of an A2-rule learner, binned by w/w* (see
// hallucination_by_frequency.hpp).
#include <sklaws/validation/hallucination_by_frequency.hpp>

#include <sklaws/theory/acquisition.hpp>
#include <sklaws/theory/hallucination.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/ratio_estimate.hpp>
#include <sklaws/validation/random_variates.hpp>
#include <sklaws/validation/ranked_weights.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

namespace {

// Columns of a replicate's row, per band b of B bands.
enum Column : std::size_t { kQueries, kHallucinated, kPredicted, kNotStored, kRatio, kVariance, kColumns };

std::size_t column(Column c, std::size_t band, std::size_t bands) { return c * bands + band; }

void require_bands(const std::vector<double>& edges) {
    numerics::require(edges.size() >= 2, "bins", edges.size(), "(at least two edges)");
    numerics::require(edges.front() > 0.0, "bins", edges.front(), "(edges > 0)");
    for (std::size_t b = 1; b < edges.size(); ++b) {
        numerics::require(std::isfinite(edges[b]) && edges[b] > edges[b - 1], "bins", edges[b], "(increasing edges)");
    }
}

// Streamed statistics of the replicates' rows: every column's mean, and per
// band the covariances of (hallucinated, queries) for the ratio estimate.
struct BandMoments {
    std::size_t bands = 0;
    ColumnMoments columns;
    std::vector<ColumnMoments> pairs;  // per band: (hallucinated, queries)
    explicit BandMoments(std::size_t b) : bands(b), pairs(b, ColumnMoments(ColumnMoments::Options{.covariances = true})) {}
    void add(std::vector<double>&& row) {
        columns.add(row);
        for (std::size_t b = 0; b < bands; ++b) {
            const double pair[2] = {row[column(kHallucinated, b, bands)], row[column(kQueries, b, bands)]};
            pairs[b].add(pair, 2);
        }
    }
    void save(ByteWriter& out) const {
        columns.save(out);
        for (const auto& p : pairs) p.save(out);
    }
    void load(ByteReader& in) {
        columns.load(in);
        for (auto& p : pairs) p.load(in);
    }
};

}  // namespace

std::vector<HallucinationBand> estimate_hallucination_by_frequency(const theory::PitmanYorParameters& params,
                                                                   std::uint64_t n, double threshold_weight,
                                                                   std::uint64_t values,
                                                                   const std::vector<double>& band_edges,
                                                                   std::size_t replicates, const RunOptions& options) {
    params.validate();
    numerics::require(n >= 1, "n", n, "n >= 1");
    numerics::require(std::isfinite(threshold_weight) && threshold_weight > 0.0 && threshold_weight < 1.0,
                      "threshold", threshold_weight, "0 < w* < 1");
    numerics::require(values >= 2, "V", values, "V >= 2");
    require_bands(band_edges);
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    const std::size_t bands = band_edges.size() - 1;
    const double stored_above = static_cast<double>(n) * threshold_weight;  // A2: stored iff m > n·w*
    const double lowest = band_edges.front() * threshold_weight;
    // Row layout: kColumns blocks of `bands`, then hallucinated − predicted per band.
    BandMoments moments(bands);
    reduce_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t r) {
        // Every weight ≥ e_0·w* (the rest cannot fall in a band), ranked.
        numerics::RandomStream sticks(options.seed, stick_stream(r));
        const RankedWeights draw = ranked_weights_above(params, lowest, sticks, 64, max_ranked_weights, "bins");
        const std::vector<double>& w = draw.top;
        // Mass at and below rank k, from the small end (accurate when tiny).
        std::vector<double> mass(w.size() + 1);
        mass[w.size()] = draw.tail;
        for (std::size_t k = w.size(); k-- > 0;) mass[k] = mass[k + 1] + w[k];
        std::vector<double> row((kColumns + 1) * bands, 0.0);
        std::uint64_t left = n;
        for (std::size_t k = 0; k < w.size(); ++k) {
            // Multinomial counts by conditional binomials in rank order.
            const std::uint64_t m =
                left == 0 ? 0 : binomial_variate(rng, left, std::min(1.0, w[k] / mass[k]));
            left -= m;
            const double ratio = w[k] / threshold_weight;
            const auto it = std::upper_bound(band_edges.begin(), band_edges.end(), ratio);
            if (it == band_edges.begin() || it == band_edges.end()) continue;
            const auto b = static_cast<std::size_t>(it - band_edges.begin()) - 1;
            const bool stored = static_cast<double>(m) > stored_above;
            const bool wrong = !stored && rng.below(values) != 0;  // guess; value 0 is the true one
            const double not_stored = 1.0 - theory::capacity_acquisition_probability(w[k], n, threshold_weight);
            row[column(kQueries, b, bands)] += 1.0;
            row[column(kHallucinated, b, bands)] += wrong ? 1.0 : 0.0;
            const double h = theory::hallucination_rate_per_element(not_stored, static_cast<double>(values));
            row[column(kPredicted, b, bands)] += h;
            row[column(kVariance, b, bands)] += h * (1 - h);
            row[column(kNotStored, b, bands)] += not_stored;
            row[column(kRatio, b, bands)] += ratio;
        }
        for (std::size_t b = 0; b < bands; ++b) {
            row[kColumns * bands + b] = row[column(kHallucinated, b, bands)] - row[column(kPredicted, b, bands)];
        }
        return row;
    }, moments);
    const auto means = moments.columns.means();
    std::vector<HallucinationBand> out(bands);
    for (std::size_t b = 0; b < bands; ++b) {
        HallucinationBand& band = out[b];
        band.ratio_low = band_edges[b];
        band.ratio_high = band_edges[b + 1];
        band.rate = estimate_ratio(moments.pairs[b], 0, 1);
        band.hallucinated = means[column(kHallucinated, b, bands)];
        band.predicted = means[column(kPredicted, b, bands)];
        band.difference = means[kColumns * bands + b];
        band.mean_queries = means[column(kQueries, b, bands)].mean;
        if (band.mean_queries > 0) {
            band.mean_ratio = means[column(kRatio, b, bands)].mean / band.mean_queries;
            band.mean_not_stored = means[column(kNotStored, b, bands)].mean / band.mean_queries;
            band.mean_variance = means[column(kVariance, b, bands)].mean;
        }
    }
    return out;
}

}  // namespace sklaws::validation
