// Percentile bootstrap over data points (Efron 1979; Efron & Tibshirani 1993 §13).
//
// Resample r (r = 0 … R−1) draws n indices uniformly with replacement from
// the n points, using numerics::RandomStream(seed, r) — the randomness
// belongs to the resample, not to the thread, so the result is bit-identical
// for any thread count. The estimator maps the resampled indices to a vector
// of quantities (parameters and derived values); resamples run in parallel
// with TBB. For each quantity the 100·level % interval is
//
//     [ q((1−level)/2), q((1+level)/2) ]
//
// of its replicates, q the linear-interpolation sample quantile (Hyndman &
// Fan type 7, numpy's default). The standard error is the replicates'
// sample standard deviation.
//
// A resample whose estimator throws (e.g. a degenerate resample) is counted
// in `failed` and left out; a non-finite quantity in a replicate (e.g. an
// implied α undefined for that exponent) is left out for that quantity only
// and counted in `invalid[k]`. Intervals need at least 2 valid replicates;
// otherwise `available[k]` is false.
//
// Memory: the reduction is streaming. Resamples are evaluated in parallel in
// chunks of `chunk` and folded in the order r = 0, 1, … (so the result is the
// same for any thread count): the standard error by Welford's update, and
// each interval end from the few order statistics it needs — the
// ⌊t·(R−1)⌋ + 3 smallest and largest values, t = (1 − level)/2, which give
// the type-7 quantiles exactly. Peak memory is therefore
// bootstrap_peak_bytes(q, R, level, chunk), about 2·t·R·q doubles (5 % of R·q
// at level 0.95), not R·q; `keep_replicates` stores all R·q for tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace sklaws::fitting {

// How a chunk of resamples is evaluated: called with the chunk's size, the
// thread count and row(j) — the row of the chunk's j-th resample, computed
// from its index alone — it returns the rows in order (then folded as
// above). The default runs them with TBB in this process; the sklaws
// executable installs validation::run_rows (the replicate executor: MPI
// ranks × TBB threads, the chunk's rows gathered in order on every rank), so
// `sklaws fit --bootstrap` and the report's fits distribute their resamples
// like Monte Carlo replicates under mpirun/srun. Any runner gives the same
// bytes: a row depends only on (seed, r).
using ResampleRunner = std::function<std::vector<std::vector<double>>(
    std::size_t count, std::size_t threads, const std::function<std::vector<double>(std::size_t r)>& resample)>;

// The runner every bootstrap of this process uses (an empty one restores
// the default). Not thread-safe: set it once, before any bootstrap runs.
void set_resample_runner(ResampleRunner runner);

struct BootstrapOptions {
    std::size_t resamples = 1000;
    std::uint64_t seed = 1;
    std::size_t threads = 0;  // 0: TBB's default (all cores)
    double level = 0.95;
    bool keep_replicates = false;  // store every replicate (R·q doubles) in `replicates`
    std::size_t chunk = 1024;      // resamples evaluated between two folds
};

struct Interval {
    double lo = 0;
    double hi = 0;
};

struct BootstrapResult {
    std::vector<std::string> names;
    std::vector<Interval> intervals;         // per quantity
    std::vector<double> standard_errors;     // per quantity
    std::vector<bool> available;             // interval computed (≥ 2 valid replicates)
    std::vector<std::size_t> invalid;        // non-finite replicates per quantity
    std::vector<std::vector<double>> replicates;  // [resample][quantity] if keep_replicates; NaN rows for failed resamples
    std::size_t resamples = 0;
    std::size_t failed = 0;
    double level = 0.95;

    std::size_t index(const std::string& name) const;  // throws std::out_of_range
    const Interval& interval(const std::string& name) const { return intervals.at(index(name)); }
};

// The indices of resample r: n draws from RandomStream(seed, r).below(n).
std::vector<std::size_t> resample_indices(std::size_t n, std::uint64_t seed, std::uint64_t r);

using BootstrapEstimator = std::function<std::vector<double>(std::span<const std::size_t> indices)>;

// `names.size()` quantities per replicate; the estimator must be safe to call
// concurrently. Throws numerics::DomainError for n = 0, resamples = 0 or a
// level outside (0, 1).
BootstrapResult bootstrap_percentile(std::size_t n_points, const BootstrapEstimator& estimator,
                                     std::vector<std::string> names, const BootstrapOptions& options = {});

// Type-7 sample quantile of `values` (sorted copy taken), p ∈ [0, 1].
double sample_quantile(std::vector<double> values, double p);

// Upper bound of the bytes bootstrap_percentile holds for q quantities and R
// resamples at `level` with the given chunk (replicates not kept), plus
// `per_resample_bytes` for each resample evaluated concurrently (the
// estimator's own working memory, e.g. its index vector and refit data)
// times `threads` (0: the number of hardware threads).
std::size_t bootstrap_peak_bytes(std::size_t quantities, std::size_t resamples, double level, std::size_t chunk = 1024,
                                 std::size_t per_resample_bytes = 0, std::size_t threads = 0);

// Exact type-7 quantiles at p and 1 − p of a stream of values, keeping only
// the order statistics they need (see above). Values are added with add();
// non-finite values are counted in invalid() and left out.
class TailQuantiles {
public:
    TailQuantiles(std::size_t max_values, double tail);  // tail = p ≤ 0.5
    void add(double v);
    std::size_t valid() const { return valid_; }
    std::size_t invalid() const { return invalid_; }
    Interval interval() const;  // {q(p), q(1 − p)}; needs valid() ≥ 1
    static std::size_t kept(std::size_t max_values, double tail);  // values kept on each side

private:
    std::size_t k_ = 0;
    double tail_ = 0;
    bool keep_all_ = false;
    std::vector<double> low_, high_;  // max-heap of the k smallest, min-heap of the k largest (or all values)
    std::size_t valid_ = 0, invalid_ = 0;
};

}  // namespace sklaws::fitting
