// Sorted CRP table sizes: frequency at rank r and elements seen ≥ j times
// (see zipf_estimators.hpp).
#include <sklaws/validation/zipf_estimators.hpp>

#include <sklaws/validation/table_construction.hpp>

#include <algorithm>
#include <functional>

namespace sklaws::validation {

namespace {

void require_increasing(const std::vector<std::uint64_t>& grid, const char* name, std::uint64_t n) {
    numerics::require(!grid.empty(), name, grid.size(), "(a non-empty list)");
    for (std::size_t i = 0; i < grid.size(); ++i) {
        numerics::require(grid[i] >= 1 && grid[i] <= n && (i == 0 || grid[i] > grid[i - 1]), name, grid[i],
                          "(increasing list of integers in [1, n])");
    }
}

}  // namespace

RankFrequencyEstimate estimate_rank_frequency(const theory::PitmanYorParameters& params, std::uint64_t n,
                                              const std::vector<std::uint64_t>& ranks,
                                              const std::vector<std::uint64_t>& frequencies, std::size_t replicates,
                                              const RunOptions& options) {
    params.validate();
    numerics::require(n >= 1, "n", n, "n >= 1");
    require_increasing(ranks, "ranks", n);
    require_increasing(frequencies, "j", n);
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    // Row layout: n_(r) for each rank, then N_{≥j} for each j, then M_{1,n} and K_n.
    RankFrequencyEstimate out;
    reduce_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        auto sizes = table_sizes_by_construction(params, n, rng);
        std::sort(sizes.begin(), sizes.end(), std::greater<>());
        std::vector<double> row;
        row.reserve(ranks.size() + frequencies.size());
        for (std::uint64_t r : ranks) row.push_back(r <= sizes.size() ? static_cast<double>(sizes[r - 1]) : 0.0);
        for (std::uint64_t j : frequencies) {
            // Sizes are decreasing, so those ≥ j form a prefix.
            const auto end = std::partition_point(sizes.begin(), sizes.end(), [j](std::uint64_t s) { return s >= j; });
            row.push_back(static_cast<double>(end - sizes.begin()));
        }
        const auto ones = std::partition_point(sizes.begin(), sizes.end(), [](std::uint64_t s) { return s >= 2; });
        row.push_back(static_cast<double>(sizes.end() - ones));
        row.push_back(static_cast<double>(sizes.size()));
        return row;
    }, out.moments);
    out.singletons_column = ranks.size() + frequencies.size();
    out.tables_column = out.singletons_column + 1;
    const auto columns = out.moments.means();
    out.frequency_at_rank.assign(columns.begin(), columns.begin() + static_cast<std::ptrdiff_t>(ranks.size()));
    out.seen_at_least.assign(columns.begin() + static_cast<std::ptrdiff_t>(ranks.size()),
                             columns.begin() + static_cast<std::ptrdiff_t>(out.singletons_column));
    return out;
}

}  // namespace sklaws::validation
