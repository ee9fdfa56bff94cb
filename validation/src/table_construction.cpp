// Exact table-by-table CRP sizes: n_j = 1 + Binomial(R_j − 1, V_j); see
// table_construction.hpp for the derivation.
#include <sklaws/validation/table_construction.hpp>

#include <sklaws/validation/random_variates.hpp>

namespace sklaws::validation {

std::vector<std::uint64_t> table_sizes_by_construction(theory::PitmanYorParameters params, std::uint64_t n,
                                                       numerics::RandomStream& rng) {
    params.validate();
    std::vector<std::uint64_t> sizes;
    std::uint64_t remaining = n;
    for (std::uint64_t j = 1; remaining > 0; ++j) {
        // Table j's first customer is the earliest of the `remaining`; of the
        // other remaining − 1 it keeps a Beta(1−α, β+jα) share.
        const double share = beta_variate(rng, 1.0 - params.alpha, params.beta + static_cast<double>(j) * params.alpha);
        const std::uint64_t size = 1 + binomial_variate(rng, remaining - 1, share);
        sizes.push_back(size);
        remaining -= size;
    }
    return sizes;
}

}  // namespace sklaws::validation
