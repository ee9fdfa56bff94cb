// Replicate-parallel Monte Carlo with bit-identical results for any thread count.
//
// A Monte Carlo estimate of E[X] from R independent replicates X_1..X_R is
//     mean = (1/R) Σ X_r,    SE = s/√R,   s² = Σ (X_r − mean)² / (R − 1),
// and a check against a closed form passes when |mean − theory| ≤ z·SE
// (docs/theory.md §4).
//
// Reproducibility (docs/theory.md §4): replicate r always draws from
// RandomStream(seed, r) whichever thread runs it, each result is stored in
// slot r, and every reduction runs over the slots in index order. Hence the
// same seed gives the same bytes with 1, 2 or 64 threads. Threads are
// confined with a tbb::task_arena of `threads` slots (0 = all cores).
//
// Use run_replicates for anything that is "the same random experiment,
// repeated": its callable receives the replicate's private stream and index
// and returns a double, a std::vector<double> (several statistics per
// replicate), or any copyable value.
#pragma once

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/random_stream.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <type_traits>
#include <vector>

namespace sklaws::validation {

// A Monte Carlo mean with its standard error over `replicates` draws.
struct Estimate {
    double mean = 0.0;
    double se = 0.0;
    std::size_t replicates = 0;
};

struct RunOptions {
    std::uint64_t seed = 1;
    unsigned threads = 0;          // 0 = all available cores
    std::size_t replicates = 0;    // 0 = the experiment's default
    // Called with the completed fraction in [0, 1]; may be called from any
    // worker thread (calls are serialised); never influences the results.
    std::function<void(double fraction)> progress;
};

// The number of worker threads `threads` (0 = all) resolves to.
unsigned resolved_threads(unsigned threads);

// Runs f(stream, r) for r = 0..n−1 with stream = RandomStream(options.seed, r)
// (offset by `stream_offset`, so that two phases of one experiment use
// disjoint streams) and returns the results indexed by r.
template <class F>
auto run_replicates(std::size_t n, const RunOptions& options, F f, std::uint64_t stream_offset = 0) {
    using Result = std::decay_t<std::invoke_result_t<F&, numerics::RandomStream&, std::size_t>>;
    std::vector<Result> results(n);
    std::atomic<std::size_t> done{0};
    std::mutex progress_mutex;
    const std::size_t report_every = n / 100 + 1;
    tbb::task_arena arena(static_cast<int>(resolved_threads(options.threads)));
    arena.execute([&] {
        // Grain 1: replicates are coarse (milliseconds), so stealing single
        // replicates balances uneven work (e.g. lazily extended sticks).
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1), [&](const tbb::blocked_range<std::size_t>& range) {
            for (std::size_t r = range.begin(); r != range.end(); ++r) {
                numerics::RandomStream stream(options.seed, stream_offset + r);
                results[r] = f(stream, r);
                const std::size_t finished = done.fetch_add(1, std::memory_order_relaxed) + 1;
                if (options.progress && (finished % report_every == 0 || finished == n)) {
                    std::lock_guard<std::mutex> lock(progress_mutex);
                    options.progress(static_cast<double>(finished) / static_cast<double>(n));
                }
            }
        });
    });
    return results;
}

// Mean and standard error of the values, summed in index order (Neumaier).
// Needs at least one value; SE is 0 for a single value.
Estimate estimate_mean(const std::vector<double>& values);

// Sample variance s² of the values with its standard error from the fourth
// central moment, Var(s²) ≈ (m₄ − s⁴(R−3)/(R−1))/R (valid for any law with
// a finite fourth moment). Needs at least four values.
Estimate estimate_variance(const std::vector<double>& values);

// Options for phase `index` of `count` phases of one experiment: the same
// seed and threads, with progress mapped to [index/count, (index+1)/count].
RunOptions phase_options(const RunOptions& options, std::size_t index, std::size_t count);

// Column-wise estimate over replicates that each return a vector of the same
// length (column c = statistic c). Throws DomainError on ragged input.
std::vector<Estimate> estimate_columns(const std::vector<std::vector<double>>& rows);

}  // namespace sklaws::validation
