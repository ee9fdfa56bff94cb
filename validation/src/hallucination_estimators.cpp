// Query-by-query hallucination simulation, frequency-weighted and entity-uniform.
#include <sklaws/validation/hallucination_estimators.hpp>

#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/hallucination.hpp>
#include <sklaws/validation/crp_sampler.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/ranked_weights.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

FrequencyWeightedHallucination estimate_frequency_weighted_hallucination(const theory::PitmanYorParameters& params,
                                                                         std::uint64_t capacity, std::uint64_t values,
                                                                         std::uint64_t queries, std::size_t replicates,
                                                                         const RunOptions& options) {
    params.validate();
    numerics::require(capacity >= 1, "C", capacity, "C >= 1");
    numerics::require(values >= 2, "V", values, "V >= 2");
    numerics::require(queries >= 1, "queries", queries, "queries >= 1");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    const auto e = estimate_replicate_means(replicates, options, [&](numerics::RandomStream& rng, std::size_t r) {
        // The top C weights and their complement T_C (ranked_weights.hpp:
        // O(C) for any α < 1). A query falls outside the stored C with
        // probability T_C; which unstored element it names does not matter.
        numerics::RandomStream sticks(options.seed, stick_stream(r));
        const double tail = ranked_weights(params, capacity, sticks).tail;
        std::uint64_t hallucinated = 0;
        for (std::uint64_t q = 0; q < queries; ++q) {
            const bool stored = !(rng.uniform() < tail);
            if (!stored && rng.below(values) != 0) ++hallucinated;
        }
        const double rate = static_cast<double>(hallucinated) / static_cast<double>(queries);
        const double predicted = theory::frequency_weighted_hallucination(tail, static_cast<double>(values));
        return std::vector<double>{rate, tail, rate - predicted, predicted, std::log(tail)};
    });
    return {e[0], e[1], e[2], e[3], e[4].se * std::sqrt(static_cast<double>(e[4].replicates))};
}

EntityUniformHallucination estimate_entity_uniform_hallucination(const theory::PitmanYorParameters& params,
                                                                 std::uint64_t n, std::uint64_t capacity,
                                                                 std::size_t replicates, const RunOptions& options) {
    params.validate();
    numerics::require(n >= 1, "n", n, "n >= 1");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    const auto e = estimate_replicate_means(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        const auto k = static_cast<double>(crp_table_count(params, n, rng));
        return std::vector<double>{std::max(0.0, 1.0 - static_cast<double>(capacity) / k), k};
    });
    return {e[0], e[1]};
}

}  // namespace sklaws::validation
