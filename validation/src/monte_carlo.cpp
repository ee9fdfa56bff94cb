// Mean/SE reductions for run_replicates (fixed index order ⇒ reproducible).
#include <sklaws/validation/monte_carlo.hpp>

#include <sklaws/numerics/summation.hpp>

#include <tbb/info.h>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

unsigned resolved_threads(unsigned threads) {
    if (threads != 0) return threads;
    const int cores = tbb::info::default_concurrency();
    return cores > 0 ? static_cast<unsigned>(cores) : 1U;
}

Estimate estimate_mean(const std::vector<double>& values) {
    numerics::require(!values.empty(), "replicates", values.size(), "replicates >= 1");
    numerics::NeumaierSum<double> sum;
    for (double v : values) sum.add(v);
    const double n = static_cast<double>(values.size());
    const double mean = sum.value() / n;
    // Two-pass variance: the deviations are summed after the mean is known,
    // which avoids the cancellation of E[X²] − E[X]².
    numerics::NeumaierSum<double> squares;
    for (double v : values) squares.add((v - mean) * (v - mean));
    const double variance = values.size() > 1 ? squares.value() / (n - 1.0) : 0.0;
    return Estimate{mean, std::sqrt(variance / n), values.size()};
}

Estimate estimate_variance(const std::vector<double>& values) {
    numerics::require(values.size() >= 4, "replicates", values.size(), "replicates >= 4 (variance estimate)");
    const double n = static_cast<double>(values.size());
    const double mean = estimate_mean(values).mean;
    numerics::NeumaierSum<double> m2;
    numerics::NeumaierSum<double> m4;
    for (double v : values) {
        const double d2 = (v - mean) * (v - mean);
        m2.add(d2);
        m4.add(d2 * d2);
    }
    const double s2 = m2.value() / (n - 1.0);
    const double fourth = m4.value() / n;
    const double var_s2 = std::max(0.0, (fourth - s2 * s2 * (n - 3.0) / (n - 1.0)) / n);
    return Estimate{s2, std::sqrt(var_s2), values.size()};
}

RunOptions phase_options(const RunOptions& options, std::size_t index, std::size_t count) {
    RunOptions phase = options;
    if (options.progress) {
        const double offset = static_cast<double>(index) / static_cast<double>(count);
        const double width = 1.0 / static_cast<double>(count);
        phase.progress = [outer = options.progress, offset, width](double f) { outer(offset + width * f); };
    }
    return phase;
}

std::vector<Estimate> estimate_columns(const std::vector<std::vector<double>>& rows) {
    numerics::require(!rows.empty(), "replicates", rows.size(), "replicates >= 1");
    const std::size_t columns = rows.front().size();
    std::vector<Estimate> estimates;
    estimates.reserve(columns);
    std::vector<double> column(rows.size());
    for (std::size_t c = 0; c < columns; ++c) {
        for (std::size_t r = 0; r < rows.size(); ++r) {
            numerics::require(rows[r].size() == columns, "row length", rows[r].size(),
                              "(every replicate returns the same number of statistics)");
            column[r] = rows[r][c];
        }
        estimates.push_back(estimate_mean(column));
    }
    return estimates;
}

}  // namespace sklaws::validation
