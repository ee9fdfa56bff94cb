// Exact table-by-table construction of the CRP(α, β) table sizes, in order
// of appearance, in O(K) work (docs/theory.md §4).
//
// Why it is exact: in the CRP, the first customer opens table 1 and each
// later customer joins it with probability (n_1 − α)/(β + m); this is a Pólya
// urn, so n_1 − 1 ~ BetaBinomial(n − 1, 1 − α, β + α), i.e.
//   n_1 = 1 + Binomial(n − 1, V_1),  V_1 ~ Beta(1 − α, β + α).
// The customers not at table 1 seat themselves, in their own order, as a
// CRP(α, β + α) (Pitman 1996: deleting the first table of PY(α, β) leaves
// PY(α, β + α)); the first of them opens table 2. Recursively, with
// R_1 = n remaining customers,
//   n_j = 1 + Binomial(R_j − 1, V_j),  V_j ~ Beta(1 − α, β + jα),
//   R_{j+1} = R_j − n_j,  stop when R_{j+1} = 0.
// The result has exactly the CRP law of (n_1, n_2, ..., n_K) in order of
// appearance (checked by Monte Carlo against K1, K2, K4 in the tests).
//
// Cost: one Beta and one Binomial per table, so O(K) ≈ O(n^α), which makes
// n = 1e12 feasible for moderate α. Domain: PitmanYorParameters, n ≤ 1e15.
#pragma once

#include <sklaws/numerics/random_stream.hpp>
#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::validation {

std::vector<std::uint64_t> table_sizes_by_construction(theory::PitmanYorParameters params, std::uint64_t n,
                                                       numerics::RandomStream& rng);

}  // namespace sklaws::validation
