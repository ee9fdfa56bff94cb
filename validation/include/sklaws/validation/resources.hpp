// Building blocks of the experiments' resource estimates (experiment.hpp),
// calibrated against the peak RSS that /usr/bin/time -v measured for
// `sklaws simulate` (Debian 12, GCC 12, -O3, glibc malloc):
//   * the process itself (code and the shared libraries it loads: TBB,
//     MPFR, Ceres, librsvg/cairo for the report's PDFs): ~20 MB;
//   * run_replicates keeps one result per replicate until the reduction:
//     a std::vector<double> of k values costs its 24-byte header plus a
//     malloc block of 8k bytes (+8, rounded up to 16, at least 32); the
//     column reduction copies one column (8 bytes per replicate) at a time;
//   * a CRP sampler over n customers (crp_sampler.hpp) touches 4 bytes per
//     customer and per table, one sampler per worker (measured: tables up to
//     n = 1e6 on 2 workers, 18.9 MB).
// Whoever changes one of these (e.g. streamed reductions in monte_carlo.*)
// changes the estimate here, and every experiment follows.
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

// Results of replicates that each return one double.
inline double replicate_values_bytes(std::size_t replicates) { return 16.0 * static_cast<double>(replicates); }

// One CRP sampler seating n customers (4 bytes each, and ~10% more for tables).
inline double crp_sampler_bytes(std::uint64_t n) { return 4.4 * static_cast<double>(n); }

}  // namespace sklaws::validation::resources
