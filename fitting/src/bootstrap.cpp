#include <sklaws/fitting/bootstrap.hpp>

#include <sklaws/fitting/cancellation.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/random_stream.hpp>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <thread>

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

namespace {

// TBB in this process: row j in slot j.
std::vector<std::vector<double>> run_here(std::size_t count, std::size_t threads,
                                          const std::function<std::vector<double>(std::size_t)>& row) {
    std::vector<std::vector<double>> rows(count);
    const int concurrency = threads > 0 ? static_cast<int>(threads) : tbb::task_arena::automatic;
    tbb::task_arena arena(concurrency);
    arena.execute([&] { tbb::parallel_for(std::size_t{0}, count, [&](std::size_t j) { rows[j] = row(j); }); });
    return rows;
}

ResampleRunner& resample_runner() {
    static ResampleRunner runner = run_here;
    return runner;
}

// values[lo] + (h − lo)(values[lo+1] − values[lo]) for sorted access `at`.
template <class At>
double type7(At at, std::size_t n, double p) {
    const double h = p * static_cast<double>(n - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, n - 1);
    const double vlo = at(lo), vhi = at(hi);
    return vlo + (h - static_cast<double>(lo)) * (vhi - vlo);
}

}  // namespace

double sample_quantile(std::vector<double> values, double p) {
    numerics::require(!values.empty(), "values", values.size(), "(non-empty)");
    numerics::require(p >= 0 && p <= 1, "p", p, "[0, 1]");
    std::sort(values.begin(), values.end());
    return type7([&](std::size_t i) { return values[i]; }, values.size(), p);
}

std::size_t TailQuantiles::kept(std::size_t max_values, double tail) {
    const double h = tail * static_cast<double>(max_values > 0 ? max_values - 1 : 0);
    return static_cast<std::size_t>(std::floor(h)) + 3;  // +1 for the upper neighbour, +1 for rounding of h
}

TailQuantiles::TailQuantiles(std::size_t max_values, double tail) : tail_(tail) {
    numerics::require(tail >= 0 && tail <= 0.5, "tail", tail, "[0, 0.5]");
    k_ = kept(max_values, tail);
    keep_all_ = 2 * k_ >= max_values;  // the tails cover everything: keep it all
}

void TailQuantiles::add(double v) {
    if (!std::isfinite(v)) {
        ++invalid_;
        return;
    }
    ++valid_;
    if (keep_all_) {
        low_.push_back(v);
        return;
    }
    if (low_.size() < k_) {
        low_.push_back(v);
        std::push_heap(low_.begin(), low_.end());  // max-heap: front is the largest of the smallest
    } else if (v < low_.front()) {
        std::pop_heap(low_.begin(), low_.end());
        low_.back() = v;
        std::push_heap(low_.begin(), low_.end());
    }
    if (high_.size() < k_) {
        high_.push_back(v);
        std::push_heap(high_.begin(), high_.end(), std::greater<>());  // min-heap
    } else if (v > high_.front()) {
        std::pop_heap(high_.begin(), high_.end(), std::greater<>());
        high_.back() = v;
        std::push_heap(high_.begin(), high_.end(), std::greater<>());
    }
}

Interval TailQuantiles::interval() const {
    numerics::require(valid_ >= 1, "valid values", valid_, "(at least one)");
    if (keep_all_ || valid_ <= k_) {
        std::vector<double> all = keep_all_ ? low_ : low_;
        std::sort(all.begin(), all.end());
        const auto at = [&](std::size_t i) { return all[i]; };
        return {type7(at, all.size(), tail_), type7(at, all.size(), 1 - tail_)};
    }
    std::vector<double> low = low_, high = high_;
    std::sort(low.begin(), low.end());
    std::sort(high.begin(), high.end());
    const std::size_t n = valid_;
    // Sorted position i of the whole stream: from `low` near the bottom, from
    // `high` near the top (position n − 1 − j is high[high.size() − 1 − j]).
    const auto at = [&](std::size_t i) {
        if (i < low.size()) return low[i];
        const std::size_t from_top = n - 1 - i;
        if (from_top < high.size()) return high[high.size() - 1 - from_top];
        throw std::logic_error("TailQuantiles: order statistic outside the kept tails");
    };
    return {type7(at, n, tail_), type7(at, n, 1 - tail_)};
}

std::size_t bootstrap_peak_bytes(std::size_t quantities, std::size_t resamples, double level, std::size_t chunk,
                                 std::size_t per_resample_bytes, std::size_t threads) {
    const double tail = (1 - level) / 2;
    const std::size_t k = std::min(TailQuantiles::kept(resamples, tail), resamples);
    const std::size_t per_quantity = 2 * k >= resamples ? resamples : 2 * k;
    const std::size_t chunk_values = std::min(chunk, resamples) * quantities;
    const std::size_t workers = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
    return sizeof(double) * (quantities * per_quantity + chunk_values) + std::min(chunk, resamples) +
           workers * per_resample_bytes;
}

void set_resample_runner(ResampleRunner runner) { resample_runner() = runner ? std::move(runner) : run_here; }

BootstrapResult bootstrap_percentile(std::size_t n_points, const BootstrapEstimator& estimator,
                                     std::vector<std::string> names, const BootstrapOptions& options) {
    numerics::require(n_points > 0, "points", n_points, "(at least one point)");
    numerics::require(options.resamples > 0, "resamples", options.resamples, "(at least one)");
    numerics::require(options.level > 0 && options.level < 1, "level", options.level, "(0, 1)");
    numerics::require(options.chunk > 0, "chunk", options.chunk, "(at least one)");
    const std::size_t q = names.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double tail = (1 - options.level) / 2;
    BootstrapResult result;
    result.names = std::move(names);
    result.resamples = options.resamples;
    result.level = options.level;
    if (options.keep_replicates) result.replicates.assign(options.resamples, std::vector<double>(q, nan));

    std::vector<TailQuantiles> tails(q, TailQuantiles(options.resamples, tail));
    std::vector<double> mean(q, 0.0), m2(q, 0.0);
    std::vector<std::size_t> count(q, 0);

    const std::size_t chunk = std::min(options.chunk, options.resamples);
    // The caller's cancellation check (cancellation.hpp), polled before each
    // resample on whichever thread or rank runs it, and inside its refit.
    const CancelCheck& check = current_cancel_check();
    for (std::size_t first = 0; first < options.resamples; first += chunk) {
        const std::size_t size = std::min(chunk, options.resamples - first);
        // Row j: the q values of resample first + j, then 1 if the estimator
        // threw (a degenerate resample; counted, not fatal), else 0.
        const auto rows = resample_runner()(size, options.threads, [&](std::size_t j) {
            const CancellationScope scope(check);
            poll_cancellation();
            const auto indices = resample_indices(n_points, options.seed, first + j);
            std::vector<double> values;
            try {
                values = estimator(indices);
            } catch (const std::exception&) {
                poll_cancellation();  // the refit was cancelled, not degenerate: stop (the check is sticky)
                std::vector<double> row(q, nan);
                row.push_back(1.0);
                return row;
            }
            if (values.size() != q) throw std::logic_error("bootstrap estimator returned the wrong number of values");
            values.push_back(0.0);
            return values;
        });
        if (rows.size() != size) throw std::logic_error("bootstrap runner returned the wrong number of rows");
        // Fold in resample order: identical for any thread or rank count.
        for (std::size_t j = 0; j < size; ++j) {
            if (rows[j].size() != q + 1) throw std::logic_error("bootstrap runner returned a row of the wrong length");
            if (rows[j][q] != 0.0) {
                ++result.failed;
                continue;
            }
            for (std::size_t k = 0; k < q; ++k) {
                const double v = rows[j][k];
                if (options.keep_replicates) result.replicates[first + j][k] = v;
                tails[k].add(v);
                if (!std::isfinite(v)) continue;
                ++count[k];
                const double delta = v - mean[k];
                mean[k] += delta / static_cast<double>(count[k]);
                m2[k] += delta * (v - mean[k]);
            }
        }
    }

    for (std::size_t k = 0; k < q; ++k) {
        result.invalid.push_back(tails[k].invalid());
        const bool ok = tails[k].valid() >= 2;
        result.available.push_back(ok);
        result.intervals.push_back(ok ? tails[k].interval() : Interval{nan, nan});
        result.standard_errors.push_back(count[k] >= 2 ? std::sqrt(m2[k] / static_cast<double>(count[k] - 1)) : nan);
    }
    return result;
}

}  // namespace sklaws::fitting
