// Monte Carlo of Zipf's rank-frequency law of the CRP (docs/theory.md K4).
//
// Zipf's law is usually stated as "the r-th most frequent element is seen
// ∝ r^(−s) times". K4 states it as block counts: E[M_{j,n}] elements are seen
// exactly j times. The two meet through the ranks: the rank of frequency j is
// the number of elements seen at least j times,
//     N_{≥j,n} = Σ_{i≥j} M_{i,n},   E[N_{≥j,n}] = Σ_{i≥j} E[M_{i,n}]   (exact),
// and since E[M_{j,n}] ∝ j^(−1−α), E[N_{≥j}] ∝ j^(−α): frequency ∝ rank^(−1/α).
//
// estimate_rank_frequency draws one CRP(α, β) partition of n customers per
// replicate by the exact table-by-table construction (table_construction.hpp,
// O(K) work, so n = 1e6 is cheap), sorts the table sizes in decreasing order
// and records
//   * at each rank r of `ranks`: the r-th largest size n_(r) (0 when fewer
//     than r elements were seen), the Monte Carlo rank-frequency curve;
//   * at each j of `frequencies`: N_{≥j,n}, which K4 predicts exactly;
//   * M_{1,n} and K_n, the control variates of N_{≥j,n} (control_variate.hpp):
//     N_{≥j,n}/K_n tends to a constant, so K_n (exact mean K1) carries the
//     random diversity S behind most of N_{≥j,n}'s variance; N_{≥1,n} is
//     K_n itself, so it takes the singletons M_{1,n} (exact mean K4) instead.
// Replicate r uses RandomStream(seed, r) and the rows are reduced in
// replicate order, streamed (monte_carlo.hpp), so the estimates are
// bit-identical for any thread and MPI rank count.
#pragma once

#include "monte_carlo.hpp"

#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::validation {

struct RankFrequencyEstimate {
    std::vector<Estimate> frequency_at_rank;  // E[n_(r)], index as in ranks
    std::vector<Estimate> seen_at_least;      // E[N_{≥j,n}], index as in frequencies (plain means)
    // Streamed moments with covariances of the row
    // n_(r) (ranks) | N_{≥j,n} (frequencies) | M_{1,n} | K_n.
    ColumnMoments moments{ColumnMoments::Options{.covariances = true}};
    std::size_t singletons_column = 0, tables_column = 0;
    std::size_t seen_at_least_column(std::size_t i) const { return frequency_at_rank.size() + i; }
};

// ranks and frequencies: non-empty increasing lists of integers ≥ 1 (ranks ≤ n, frequencies ≤ n).
RankFrequencyEstimate estimate_rank_frequency(const theory::PitmanYorParameters& params, std::uint64_t n,
                                              const std::vector<std::uint64_t>& ranks,
                                              const std::vector<std::uint64_t>& frequencies, std::size_t replicates,
                                              const RunOptions& options);

}  // namespace sklaws::validation
