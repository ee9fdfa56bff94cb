// CRP(α, β) in the counts representation: memory O(K), independent of n.
//
// CrpSampler keeps one table id per customer (O(n)) to copy a random earlier
// customer. A corpus generator must stream N sentences with memory
// independent of N, so here the old-table choice ∝ n_k − α uses the same urn
// split n_k − α = (n_k − 1) + (1 − α) but picks ∝ (n_k − 1) from a Fenwick
// (binary indexed) tree of the integer counts n_k − 1, in O(log K) and
// exactly (integer prefix sums, no floating drift), and the (1 − α) part as
// a uniform table. It consumes the same single uniform per customer as
// CrpSampler and makes the same new-or-old decision from it, so a stream
// gives the same K_n on both paths; which old table is joined differs
// (non-first customers are indexed by table here, by arrival there), the
// law does not (tested).
#pragma once

#include <sklaws/numerics/random_stream.hpp>
#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace sklaws::validation {

class CrpCountsSampler {
public:
    explicit CrpCountsSampler(theory::PitmanYorParameters params);

    // Seats one customer; returns its table (new tables get index K).
    std::uint64_t seat(numerics::RandomStream& rng);

    std::uint64_t customers() const { return customers_; }
    std::size_t tables() const { return sizes_.size(); }
    std::span<const std::uint64_t> table_sizes() const { return sizes_; }
    bool last_was_new() const { return last_was_new_; }

private:
    void add_table();
    void add_customer(std::size_t table);
    std::size_t find_by_extra_count(std::uint64_t target) const;  // Fenwick descent
    void rebuild_tree(std::size_t capacity);

    theory::PitmanYorParameters params_;
    std::uint64_t customers_ = 0;
    std::vector<std::uint64_t> sizes_;
    std::vector<std::uint64_t> tree_;  // Fenwick tree over n_k − 1, 1-based, power-of-2 capacity
    bool last_was_new_ = false;
};

}  // namespace sklaws::validation
