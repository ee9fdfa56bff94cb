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
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace sklaws::fitting {

struct BootstrapOptions {
    std::size_t resamples = 1000;
    std::uint64_t seed = 1;
    std::size_t threads = 0;  // 0: TBB's default (all cores)
    double level = 0.95;
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
    std::vector<std::vector<double>> replicates;  // [resample][quantity]; NaN rows for failed resamples
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

}  // namespace sklaws::fitting
