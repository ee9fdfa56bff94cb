// Building blocks of the experiments' resource estimates (experiment.hpp),
// calibrated against the peak RSS that /usr/bin/time -v measured for
// `sklaws simulate` (Debian 12, GCC 12, -O3, glibc malloc):
//   * the process itself (code and the shared libraries it loads: TBB,
//     MPFR, Ceres, librsvg/cairo for the report's PDFs): ~20 MB;
//   * the streaming executor (reduce_replicates, estimate_replicate_means,
//     monte_carlo.hpp) folds results in replicate order as they arrive: what
//     waits is at most the claims in flight, a thread claims at most 256
//     replicates, so ~2 x 256 results per worker, capped by the executor's
//     pending budget (256 MiB); the reducer itself holds O(columns)
//     (O(columns^2) with covariances). Memory does not grow with the
//     replicate count (streamed_rows_bytes);
//   * run_replicates keeps one result per replicate until the reduction:
//     a std::vector<double> of k values costs its 24-byte header plus a
//     malloc block of 8k bytes (+8, rounded up to 16, at least 32); the
//     column reduction copies one column (8 bytes per replicate) at a time;
//   * a CRP sampler over n customers (crp_sampler.hpp) touches 4 bytes per
//     customer and per table, one sampler per worker (measured: tables up to
//     n = 1e6 on 2 workers, 18.9 MB).
// Whoever changes one of these changes the estimate here, and every
// experiment follows; an experiment whose estimator streams uses
// streamed_rows_bytes, one that keeps every row replicate_rows_bytes.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace sklaws::validation::resources {

inline constexpr double process_baseline_bytes = 20.5e6;

// glibc malloc's footprint of an allocation of `bytes`.
inline double malloc_block(double bytes) { return std::max(32.0, std::ceil((bytes + 8) / 16) * 16); }

// Results of `replicates` replicates that each return `values` doubles,
// plus the column being reduced.
inline double replicate_rows_bytes(std::size_t replicates, std::size_t values) {
    const double r = static_cast<double>(replicates);
    return r * (24 + malloc_block(8.0 * static_cast<double>(values))) + 8 * r;
}

// Streamed results of rows of `values` doubles on `threads` workers: the
// rows in flight (see above) and the reducer's moments (shifts, sums, sums
// of squares and fourth powers, and with `covariances` the cross sums).
inline double streamed_rows_bytes(std::size_t values, unsigned threads, bool covariances = false) {
    const double v = static_cast<double>(values);
    const double in_flight = std::min(256.0 * 1024 * 1024, 2 * 256.0 * std::max(1u, threads) * (24 + malloc_block(8 * v)));
    return in_flight + 8 * 8 * v + (covariances ? 16 * v * v : 0);
}

// Results of replicates that each return one double.
inline double replicate_values_bytes(std::size_t replicates) { return 16.0 * static_cast<double>(replicates); }

// One CRP sampler seating n customers (4 bytes each, and ~10% more for tables).
inline double crp_sampler_bytes(std::uint64_t n) { return 4.4 * static_cast<double>(n); }

}  // namespace sklaws::validation::resources
