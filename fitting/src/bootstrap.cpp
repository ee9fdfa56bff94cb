#include <sklaws/fitting/bootstrap.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/random_stream.hpp>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace sklaws::fitting {

std::size_t BootstrapResult::index(const std::string& name) const {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw std::out_of_range("no bootstrap quantity named '" + name + "'");
    return static_cast<std::size_t>(it - names.begin());
}

std::vector<std::size_t> resample_indices(std::size_t n, std::uint64_t seed, std::uint64_t r) {
    numerics::RandomStream stream(seed, r);
    std::vector<std::size_t> indices(n);
    for (auto& i : indices) i = static_cast<std::size_t>(stream.below(n));
    return indices;
}

double sample_quantile(std::vector<double> values, double p) {
    numerics::require(!values.empty(), "values", values.size(), "(non-empty)");
    numerics::require(p >= 0 && p <= 1, "p", p, "[0, 1]");
    std::sort(values.begin(), values.end());
    const double h = p * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

namespace {

double standard_deviation(const std::vector<double>& v) {
    if (v.size() < 2) return std::numeric_limits<double>::quiet_NaN();
    double mean = 0;
    for (double x : v) mean += x;
    mean /= static_cast<double>(v.size());
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

}  // namespace

BootstrapResult bootstrap_percentile(std::size_t n_points, const BootstrapEstimator& estimator,
                                     std::vector<std::string> names, const BootstrapOptions& options) {
    numerics::require(n_points > 0, "points", n_points, "(at least one point)");
    numerics::require(options.resamples > 0, "resamples", options.resamples, "(at least one)");
    numerics::require(options.level > 0 && options.level < 1, "level", options.level, "(0, 1)");
    const std::size_t q = names.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    BootstrapResult result;
    result.names = std::move(names);
    result.resamples = options.resamples;
    result.level = options.level;
    result.replicates.assign(options.resamples, std::vector<double>(q, nan));
    std::vector<char> failed(options.resamples, 0);

    const int concurrency = options.threads > 0 ? static_cast<int>(options.threads) : tbb::task_arena::automatic;
    tbb::task_arena arena(concurrency);
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, options.resamples, [&](std::size_t r) {
            const auto indices = resample_indices(n_points, options.seed, r);
            std::vector<double> values;
            try {
                values = estimator(indices);
            } catch (const std::exception&) {
                failed[r] = 1;  // a degenerate resample; counted, not fatal
                return;
            }
            if (values.size() != q) throw std::logic_error("bootstrap estimator returned the wrong number of values");
            result.replicates[r] = std::move(values);
        });
    });

    result.failed = static_cast<std::size_t>(std::count(failed.begin(), failed.end(), 1));
    const double tail = (1 - options.level) / 2;
    for (std::size_t k = 0; k < q; ++k) {
        std::vector<double> valid;
        std::size_t invalid = 0;
        for (std::size_t r = 0; r < options.resamples; ++r) {
            if (failed[r]) continue;
            const double v = result.replicates[r][k];
            if (std::isfinite(v)) valid.push_back(v);
            else ++invalid;
        }
        result.invalid.push_back(invalid);
        const bool ok = valid.size() >= 2;
        result.available.push_back(ok);
        result.intervals.push_back(ok ? Interval{sample_quantile(valid, tail), sample_quantile(valid, 1 - tail)}
                                      : Interval{nan, nan});
        result.standard_errors.push_back(standard_deviation(valid));
    }
    return result;
}

}  // namespace sklaws::fitting
