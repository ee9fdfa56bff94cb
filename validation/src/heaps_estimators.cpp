// Estimators of K_n, M_{j,n}, H(W) and p_new(n) (see heaps_estimators.hpp).
#include <sklaws/validation/heaps_estimators.hpp>

#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/gem_entropy.hpp>
#include <sklaws/validation/crp_sampler.hpp>
#include <sklaws/validation/stick_breaking.hpp>
#include <sklaws/validation/table_construction.hpp>

#include "n_grid.hpp"

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
    ColumnMoments moments(ColumnMoments::Options{.fourth_moments = true});
    reduce_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        CrpSampler crp(params, n_grid.back());
        std::vector<double> k(n_grid.size());
        for (std::size_t i = 0; i < n_grid.size(); ++i) {
            crp.seat_many(n_grid[i] - crp.customers(), rng);
            k[i] = static_cast<double>(crp.tables());
        }
        return k;
    }, moments);
    std::vector<TableCountEstimate> out;
    for (std::size_t i = 0; i < n_grid.size(); ++i) out.push_back({n_grid[i], moments.mean(i), moments.variance(i)});
    return out;
}

std::vector<Estimate> estimate_block_counts(const theory::PitmanYorParameters& params, std::uint64_t n,
                                            std::size_t j_max, std::size_t replicates, const RunOptions& options) {
    params.validate();
    numerics::require(n >= 1, "n", n, "n >= 1");
    numerics::require(j_max >= 1 && j_max <= n, "j_max", j_max, "1 <= j_max <= n");
    require_replicates(replicates);
    return estimate_replicate_means(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        std::vector<double> m(j_max, 0.0);
        for (std::uint64_t size : table_sizes_by_construction(params, n, rng)) {
            if (size <= j_max) m[size - 1] += 1.0;
        }
        return m;
    });
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
        std::vector<double> opened(n_grid.size());
        for (std::size_t i = 0; i < n_grid.size(); ++i) {
            crp.seat_many(n_grid[i] - crp.customers(), rng);
            crp.seat(rng);  // customer n + 1
            opened[i] = crp.last_was_new() ? 1.0 : 0.0;
        }
        return opened;
    });
}

}  // namespace sklaws::validation
