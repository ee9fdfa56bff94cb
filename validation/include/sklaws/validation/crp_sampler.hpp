// The Chinese restaurant process CRP(α, β): the Bayes marginal of PY(α, β)
// (docs/theory.md §2, §4), sampled exactly in O(1) per customer.
//
// After n customers at K tables of sizes n_1..n_K, customer n+1 joins
//   old table k  with probability (n_k − α)/(β + n),
//   a new table  with probability (β + αK)/(β + n).
// A direct draw scans the K tables. The urn split n_k − α = (n_k − 1) + (1 − α)
// avoids the scan: with total old weight n − αK = (n − K) + K(1 − α),
//   * weight n − K: copy the table of a uniformly chosen earlier non-first
//     customer (table k holds n_k − 1 of them, so the choice is ∝ n_k − 1);
//   * weight K(1 − α): a uniformly chosen table.
// One uniform u on [0, β+n) decides everything: u < n−K picks the
// non-first customer ⌊u⌋, u < n−αK picks table ⌊(u−(n−K))/(1−α)⌋, otherwise
// a new table opens. (⌊u⌋ of a 53-bit uniform is uniform up to a relative
// 2^−53 granularity, invisible next to Monte Carlo error.)
//
// Memory: the table id of every non-first customer, 4 bytes per customer
// (O(n)), plus one size per table. Table ids are 0-based in order of
// appearance; at most 2^32 − 1 tables. Both arrays live in huge-page-hinted
// blocks (huge_page_allocator.hpp): at n = 1e7 the random reads otherwise
// miss the TLB, and that alone doubled the time per customer.
//
// crp_table_count is the counts-only path: K_n alone, one uniform per
// customer and O(1) memory (new table iff u ≥ n − αK).
//
// Determinism: both consume exactly one rng.uniform() per customer, so a
// stream reproduces its partition bit for bit; seat_many() gives exactly the
// partition of repeated seat() calls (it only prefetches ahead).
#pragma once

#include <sklaws/numerics/random_stream.hpp>
#include <sklaws/validation/huge_page_allocator.hpp>
#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace sklaws::validation {

class CrpSampler {
public:
    // expected_n_hint reserves the non-first-customer array up front.
    explicit CrpSampler(theory::PitmanYorParameters params, std::uint64_t expected_n_hint = 0);

    // Seats customer n+1; returns its table index (a new table gets index K).
    std::uint32_t seat(numerics::RandomStream& rng);

    // Seats `count` more customers, identical to `count` calls of seat(), but
    // with software prefetching of the random non-first-customer reads
    // (the array is far larger than cache at n = 1e7).
    void seat_many(std::uint64_t count, numerics::RandomStream& rng);

    std::uint64_t customers() const { return customers_; }
    std::size_t tables() const { return table_sizes_.size(); }
    std::span<const std::uint32_t> table_sizes() const { return table_sizes_; }
    bool last_was_new() const { return last_was_new_; }
    const theory::PitmanYorParameters& parameters() const { return params_; }

private:
    theory::PitmanYorParameters params_;
    std::uint64_t customers_ = 0;
    std::vector<std::uint32_t, HugePageAllocator<std::uint32_t>> table_sizes_;
    std::vector<std::uint32_t, HugePageAllocator<std::uint32_t>> nonfirst_table_;  // table of each non-first customer
    bool last_was_new_ = false;
};

// K_n, the number of tables after n customers (one uniform per customer).
std::uint64_t crp_table_count(theory::PitmanYorParameters params, std::uint64_t n, numerics::RandomStream& rng);

}  // namespace sklaws::validation
