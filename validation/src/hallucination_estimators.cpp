// Query-by-query hallucination simulation, frequency-weighted and entity-uniform.
#include <sklaws/validation/hallucination_estimators.hpp>

#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/hallucination.hpp>
#include <sklaws/validation/crp_sampler.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/stick_breaking.hpp>

#include <algorithm>
#include <functional>

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
        GemWeights gem(params, options.seed, stick_stream(r));
        std::vector<double> sorted;
        std::size_t sticks = std::max<std::size_t>(64, 2 * capacity);
        for (;;) {
            gem.weight(sticks - 1);
            sorted.resize(gem.instantiated());
            for (std::size_t j = 0; j < sorted.size(); ++j) sorted[j] = gem.weight(j);
            std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(capacity - 1), sorted.end(),
                             std::greater<>());
            if (gem.remaining_mass() <= sorted[capacity - 1]) break;
            sticks *= 2;
        }
        const double weakest_stored = sorted[capacity - 1];
        numerics::NeumaierSum<double> tail;
        tail.add(gem.remaining_mass());
        for (std::size_t j = capacity; j < sorted.size(); ++j) tail.add(sorted[j]);
        std::uint64_t hallucinated = 0;
        for (std::uint64_t q = 0; q < queries; ++q) {
            const std::size_t k = gem.sample(rng);
            const bool stored = gem.weight(k) >= weakest_stored;
            if (!stored && rng.below(values) != 0) ++hallucinated;
        }
        const double rate = static_cast<double>(hallucinated) / static_cast<double>(queries);
        const double predicted = theory::frequency_weighted_hallucination(tail.value(), static_cast<double>(values));
        return std::vector<double>{rate, tail.value(), rate - predicted};
    });
    return {e[0], e[1], e[2]};
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
