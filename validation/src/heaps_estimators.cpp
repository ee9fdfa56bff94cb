// Estimators of K_n, M_{j,n}, H(W) and p_new(n) (see heaps_estimators.hpp).
#include <sklaws/validation/heaps_estimators.hpp>

#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/block_counts.hpp>
#include <sklaws/theory/gem_entropy.hpp>
#include <sklaws/validation/crp_sampler.hpp>
#include <sklaws/validation/stick_breaking.hpp>
#include <sklaws/validation/table_construction.hpp>

#include "n_grid.hpp"

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

namespace {

using detail::require_grid;

void require_replicates(std::size_t replicates) {
    numerics::require(replicates >= 4, "replicates", replicates, "replicates >= 4");
}

}  // namespace

std::vector<TableCountEstimate> estimate_table_counts(const theory::PitmanYorParameters& params,
                                                      const std::vector<std::uint64_t>& n_grid,
                                                      std::size_t replicates, const RunOptions& options) {
    params.validate();
    require_grid(n_grid);
    require_replicates(replicates);
    // Columns: K_n at each n of the grid, then M_{1,n} (the singletons) at each n.
    const std::size_t g = n_grid.size();
    ColumnMoments moments(ColumnMoments::Options{.fourth_moments = true, .covariances = true});
    reduce_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        CrpSampler crp(params, n_grid.back());
        std::vector<double> k(2 * g);
        for (std::size_t i = 0; i < g; ++i) {
            crp.seat_many(n_grid[i] - crp.customers(), rng);
            k[i] = static_cast<double>(crp.tables());
            const auto sizes = crp.table_sizes();
            k[g + i] = static_cast<double>(std::count(sizes.begin(), sizes.end(), 1u));
        }
        return k;
    }, moments);
    std::vector<TableCountEstimate> out;
    for (std::size_t i = 0; i < g; ++i) {
        const double n = static_cast<double>(n_grid[i]);
        const auto singletons = theory::expected_block_count_e<double>(params.alpha, params.beta, n, 1.0);
        out.push_back({n_grid[i], moments.mean(i), moments.variance(i),
                       control_variate_mean(moments, i, {g + i}, {singletons.val}), singletons.val, singletons.err});
    }
    return out;
}

SharedControlMoments block_count_moments(const theory::PitmanYorParameters& params, std::uint64_t n,
                                         std::size_t j_max, std::size_t replicates, const RunOptions& options) {
    params.validate();
    numerics::require(n >= 1, "n", n, "n >= 1");
    numerics::require(j_max >= 1 && j_max <= n, "j_max", j_max, "1 <= j_max <= n");
    require_replicates(replicates);
    SharedControlMoments moments;
    reduce_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        std::vector<double> m(j_max + 1, 0.0);
        const auto sizes = table_sizes_by_construction(params, n, rng);
        for (std::uint64_t size : sizes) {
            if (size <= j_max) m[size - 1] += 1.0;
        }
        m[j_max] = static_cast<double>(sizes.size());  // K_n
        return m;
    }, moments);
    return moments;
}

std::vector<Estimate> estimate_block_counts(const theory::PitmanYorParameters& params, std::uint64_t n,
                                            std::size_t j_max, std::size_t replicates, const RunOptions& options) {
    const auto moments = block_count_moments(params, n, j_max, replicates, options);
    std::vector<Estimate> means;
    for (std::size_t j = 0; j < j_max; ++j) means.push_back(moments.mean(j));
    return means;
}

EntropyEstimate estimate_entropy(const theory::PitmanYorParameters& params, double tail_mass,
                                 std::size_t replicates, const RunOptions& options) {
    params.validate();
    numerics::require(tail_mass > 0.0 && tail_mass < 1.0, "tail_mass", tail_mass, "0 < tail_mass < 1");
    require_replicates(replicates);
    // Per replicate: {H(W) estimate, tail correction, sticks instantiated}.
    const auto estimates = estimate_replicate_means(replicates, options, [&](numerics::RandomStream&, std::size_t r) {
        GemWeights gem(params, options.seed, stick_stream(r));
        numerics::NeumaierSum<double> head;
        std::size_t j = 0;
        while (gem.remaining_mass() >= tail_mass) {
            const double w = gem.weight(j++);
            if (w > 0.0) head.add(-w * std::log(w));
        }
        const double rest = gem.remaining_mass();
        const double tail_params_beta = params.beta + static_cast<double>(j) * params.alpha;
        const double tail = rest > 0.0 ? rest * (-std::log(rest) +
                                                 theory::knowledge_entropy(params.alpha, tail_params_beta))
                                       : 0.0;
        return std::vector<double>{head.value() + tail, tail, static_cast<double>(j)};
    });
    return EntropyEstimate{estimates[0], estimates[1].mean, estimates[2].mean};
}

std::vector<Estimate> estimate_p_new(const theory::PitmanYorParameters& params,
                                     const std::vector<std::uint64_t>& n_grid, std::size_t replicates,
                                     const RunOptions& options) {
    params.validate();
    require_grid(n_grid);
    require_replicates(replicates);
    return estimate_replicate_means(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        CrpSampler crp(params, n_grid.back() + 1);
        std::vector<double> p_open(n_grid.size());
        for (std::size_t i = 0; i < n_grid.size(); ++i) {
            crp.seat_many(n_grid[i] - crp.customers(), rng);
            if (n_grid[i] == 1) {  // K_1 = 1: the conditional mean is p_new(1) itself, so the indicator
                crp.seat(rng);
                p_open[i] = crp.last_was_new() ? 1.0 : 0.0;
                continue;
            }
            // P(customer n + 1 opens a table | the first n): its conditional mean.
            p_open[i] = (params.beta + params.alpha * static_cast<double>(crp.tables())) /
                        (params.beta + static_cast<double>(n_grid[i]));
        }
        return p_open;
    });
}

}  // namespace sklaws::validation
