// Private to validation/: the check every estimator that records a curve at
// several sample sizes applies to its grid, so the message is the same for all.
#pragma once

#include <sklaws/numerics/errors.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::validation::detail {

inline void require_grid(const std::vector<std::uint64_t>& n_grid) {
    numerics::require(!n_grid.empty(), "n", n_grid.size(), "(a non-empty list)");
    for (std::size_t i = 0; i < n_grid.size(); ++i) {
        numerics::require(n_grid[i] >= 1 && (i == 0 || n_grid[i] > n_grid[i - 1]), "n", n_grid[i],
                          "(increasing list of integers >= 1)");
    }
}

}  // namespace sklaws::validation::detail
