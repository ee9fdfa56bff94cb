// Mention-by-mention simulation of fact learning, with and without capacity.
#include <sklaws/validation/acquisition_estimators.hpp>

#include <sklaws/theory/acquisition.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/random_variates.hpp>
#include <sklaws/validation/capacity_storage.hpp>
#include <sklaws/validation/stick_breaking.hpp>

#include <algorithm>

namespace sklaws::validation {

bool majority_vote_correct(std::uint64_t mentions, std::uint64_t values, double epsilon, numerics::RandomStream& rng) {
    // counts[0] is the true value.
    std::vector<std::uint64_t> counts(values, 0);
    for (std::uint64_t i = 0; i < mentions; ++i) {
        const bool noisy = epsilon > 0.0 && rng.uniform() < epsilon;
        ++counts[noisy ? rng.below(values) : 0];
    }
    const std::uint64_t top = *std::max_element(counts.begin(), counts.end());
    if (counts[0] != top) return false;
    const auto tied = static_cast<std::uint64_t>(std::count(counts.begin(), counts.end(), top));
    return rng.below(tied) == 0;
}

std::vector<Estimate> estimate_fact_accuracy(const std::vector<double>& weights, std::uint64_t n,
                                             std::uint64_t values, double epsilon, std::size_t replicates,
                                             const RunOptions& options) {
    numerics::require(!weights.empty(), "w", weights.size(), "(non-empty list of weights)");
    for (double w : weights) numerics::require(w >= 0.0 && w <= 1.0, "w", w, "0 <= w <= 1");
    numerics::require(values >= 2, "V", values, "V >= 2");
    numerics::require(epsilon >= 0.0 && epsilon <= 1.0, "epsilon", epsilon, "0 <= epsilon <= 1");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    return estimate_replicate_means(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        std::vector<double> correct(weights.size());
        for (std::size_t i = 0; i < weights.size(); ++i) {
            const std::uint64_t m = binomial_variate(rng, n, weights[i]);
            correct[i] = majority_vote_correct(m, values, epsilon, rng) ? 1.0 : 0.0;
        }
        return correct;
    });
}

CapacityAcquisition estimate_capacity_acquisition(const theory::PitmanYorParameters& params, std::uint64_t n,
                                                  std::uint64_t capacity, const std::vector<double>& band_edges,
                                                  std::size_t replicates, const RunOptions& options) {
    params.validate();
    numerics::require(params.alpha > 0.0, "alpha", params.alpha, "0 < alpha < 1 (A2 threshold)");
    numerics::require(params.alpha < 1.0, "alpha", params.alpha, "0 < alpha < 1 (A2 threshold)");
    numerics::require(n >= 1, "n", n, "n >= 1");
    numerics::require(capacity >= 1, "C", capacity, "C >= 1");
    numerics::require(band_edges.size() >= 2 && band_edges.front() > 0.0 && band_edges.front() < 1.0, "bands",
                      band_edges.size(), "(at least two positive increasing edges, the first below 1)");
    for (std::size_t b = 1; b < band_edges.size(); ++b)
        numerics::require(band_edges[b] > band_edges[b - 1], "bands", band_edges[b], "(increasing edges)");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    const std::size_t bands = band_edges.size() - 1;
    const auto C = static_cast<std::size_t>(capacity);
    // Row layout: stored[b], predicted[b], elements[b], stored[b] − predicted[b]
    // for each band, then B and the number of weights listed.
    const auto columns = estimate_replicate_means(replicates, options, [&](numerics::RandomStream& rng, std::size_t r) {
        // The top K ranked weights (capacity_storage.hpp): deep enough when
        // every weight of the lowest band is listed (w_K < e_0·W_(C)) and no
        // unlisted element is likely to be stored.
        const auto draw = count_learner_draw(
            [&](std::size_t K) { return ranked_list(params, K, options.seed, stick_stream(r)); },
            [&](const RankedList& list) { return list.weights.back() < band_edges.front() * list.weights[C - 1]; },
            n, C, rng, {.initial = 2 * C});
        const std::vector<double>& w = draw.list.weights;
        const double threshold = w[C - 1];  // the replicate's W_(C)
        std::vector<double> row(4 * bands + 2, 0.0);
        for (std::size_t k = 0; k < w.size(); ++k) {
            const auto it = std::upper_bound(band_edges.begin(), band_edges.end(), w[k] / threshold);
            if (it == band_edges.begin() || it == band_edges.end()) continue;
            const auto b = static_cast<std::size_t>(it - band_edges.begin()) - 1;
            row[b] += draw.storage.stored[k] ? 1.0 : 0.0;
            row[bands + b] += theory::capacity_acquisition_probability(w[k], n, threshold);
            row[2 * bands + b] += 1.0;
        }
        for (std::size_t b = 0; b < bands; ++b) row[3 * bands + b] = row[b] - row[bands + b];
        row[4 * bands] = draw.storage.displacement_bound;
        row[4 * bands + 1] = static_cast<double>(w.size());
        return row;
    });
    CapacityAcquisition out;
    out.bands.resize(bands);
    for (std::size_t b = 0; b < bands; ++b) {
        out.bands[b] = CapacityBand{band_edges[b],      band_edges[b + 1],      columns[b], columns[bands + b],
                                    columns[3 * bands + b], columns[2 * bands + b].mean};
    }
    out.displacement_bound = columns[4 * bands].mean;
    out.mean_listed = columns[4 * bands + 1].mean;
    return out;
}

}  // namespace sklaws::validation
