// Streamed moments (ColumnMoments) and the reductions built on them.
#include <sklaws/validation/monte_carlo.hpp>

#include <tbb/info.h>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

unsigned resolved_threads(unsigned threads) {
    if (threads != 0) return threads;
    const int cores = tbb::info::default_concurrency();
    return cores > 0 ? static_cast<unsigned>(cores) : 1U;
}

void ColumnMoments::add(const double* row, std::size_t columns) {
    if (count_ == 0) {
        shift_.assign(row, row + columns);
        s1_.assign(columns, {});
        s2_.assign(columns, {});
        if (options_.fourth_moments) {
            s3_.assign(columns, {});
            s4_.assign(columns, {});
        }
        if (options_.covariances) cross_.assign(columns * (columns - (columns > 0 ? 1 : 0)) / 2, {});
    } else {
        numerics::require(columns == shift_.size(), "row length", columns,
                          "(every replicate returns the same number of statistics)");
    }
    std::size_t pair = 0;
    for (std::size_t c = 0; c < columns; ++c) {
        const double d = row[c] - shift_[c];
        const double d2 = d * d;
        s1_[c].add(d);
        s2_[c].add(d2);
        if (options_.fourth_moments) {
            s3_[c].add(d2 * d);
            s4_[c].add(d2 * d2);
        }
        if (options_.covariances) {
            for (std::size_t b = c + 1; b < columns; ++b) cross_[pair++].add(d * (row[b] - shift_[b]));
        }
    }
    ++count_;
}

double ColumnMoments::central_sum2(std::size_t c) const {
    const double n = static_cast<double>(count_);
    const double s1 = s1_[c].value();
    return std::max(0.0, s2_[c].value() - (s1 / n) * s1);
}

Estimate ColumnMoments::mean(std::size_t c) const {
    numerics::require(count_ >= 1, "replicates", count_, "replicates >= 1");
    numerics::require(c < shift_.size(), "column", c, "(a column of the replicates' results)");
    const double n = static_cast<double>(count_);
    const double mean = shift_[c] + s1_[c].value() / n;
    const double variance = count_ > 1 ? central_sum2(c) / (n - 1.0) : 0.0;
    return Estimate{mean, std::sqrt(variance / n), count_};
}

std::vector<Estimate> ColumnMoments::means() const {
    std::vector<Estimate> out;
    out.reserve(columns());
    for (std::size_t c = 0; c < columns(); ++c) out.push_back(mean(c));
    return out;
}

Estimate ColumnMoments::variance(std::size_t c) const {
    numerics::require(count_ >= 4, "replicates", count_, "replicates >= 4 (variance estimate)");
    numerics::require(options_.fourth_moments, "moments", 4, "(ColumnMoments built without fourth_moments)");
    numerics::require(c < shift_.size(), "column", c, "(a column of the replicates' results)");
    const double n = static_cast<double>(count_);
    const double s1 = s1_[c].value(), s2 = s2_[c].value(), s3 = s3_[c].value(), s4 = s4_[c].value();
    const double d = s1 / n;
    const double m2 = std::max(0.0, s2 - d * s1);
    // Σ(x − mean)^4 = S4 − 4·D·S3 + 6·D²·S2 − 3·n·D⁴ (binomial expansion with S1 = n·D).
    const double m4 = std::max(0.0, s4 - 4.0 * d * s3 + 6.0 * d * d * s2 - 3.0 * n * d * d * d * d);
    const double sample_variance = m2 / (n - 1.0);
    const double fourth = m4 / n;
    const double var_s2 =
        std::max(0.0, (fourth - sample_variance * sample_variance * (n - 3.0) / (n - 1.0)) / n);
    return Estimate{sample_variance, std::sqrt(var_s2), count_};
}

double ColumnMoments::covariance(std::size_t a, std::size_t b) const {
    numerics::require(count_ >= 2, "replicates", count_, "replicates >= 2 (covariance)");
    numerics::require(options_.covariances, "covariances", 0, "(ColumnMoments built without covariances)");
    numerics::require(a < shift_.size() && b < shift_.size(), "column", std::max(a, b),
                      "(a column of the replicates' results)");
    const double n = static_cast<double>(count_);
    if (a == b) return central_sum2(a) / (n - 1.0);
    if (a > b) std::swap(a, b);
    const std::size_t k = shift_.size();
    // Index of (a, b) in the row-major upper triangle without the diagonal.
    const std::size_t index = a * (2 * k - a - 1) / 2 + (b - a - 1);
    const double cross = cross_[index].value() - (s1_[a].value() / n) * s1_[b].value();
    return cross / (n - 1.0);
}

Estimate ColumnMoments::combination(const std::vector<double>& weights) const {
    numerics::require(weights.size() == shift_.size(), "weights", weights.size(), "(one weight per column)");
    numerics::require(count_ >= 1, "replicates", count_, "replicates >= 1");
    double mean = 0.0;
    for (std::size_t c = 0; c < weights.size(); ++c) mean += weights[c] * this->mean(c).mean;
    double variance = 0.0;
    if (count_ > 1) {
        for (std::size_t a = 0; a < weights.size(); ++a) {
            if (weights[a] == 0.0) continue;
            for (std::size_t b = 0; b < weights.size(); ++b) {
                if (weights[b] != 0.0) variance += weights[a] * weights[b] * covariance(a, b);
            }
        }
    }
    return Estimate{mean, std::sqrt(std::max(0.0, variance) / static_cast<double>(count_)), count_};
}

void ColumnMoments::save(ByteWriter& out) const {
    out.put(options_.fourth_moments);
    out.put(options_.covariances);
    out.put(static_cast<std::uint64_t>(count_));
    out.put(shift_);
    out.put(s1_);
    out.put(s2_);
    out.put(s3_);
    out.put(s4_);
    out.put(cross_);
}

void ColumnMoments::load(ByteReader& in) {
    options_.fourth_moments = in.get<bool>();
    options_.covariances = in.get<bool>();
    count_ = static_cast<std::size_t>(in.get<std::uint64_t>());
    shift_ = in.get<std::vector<double>>();
    s1_ = in.get<std::vector<numerics::NeumaierSum<double>>>();
    s2_ = in.get<std::vector<numerics::NeumaierSum<double>>>();
    s3_ = in.get<std::vector<numerics::NeumaierSum<double>>>();
    s4_ = in.get<std::vector<numerics::NeumaierSum<double>>>();
    cross_ = in.get<std::vector<numerics::NeumaierSum<double>>>();
}

Estimate estimate_mean(const std::vector<double>& values) {
    numerics::require(!values.empty(), "replicates", values.size(), "replicates >= 1");
    ColumnMoments moments;
    for (double v : values) moments.add(v);
    return moments.mean();
}

Estimate estimate_variance(const std::vector<double>& values) {
    numerics::require(values.size() >= 4, "replicates", values.size(), "replicates >= 4 (variance estimate)");
    ColumnMoments moments(ColumnMoments::Options{.fourth_moments = true});
    for (double v : values) moments.add(v);
    return moments.variance();
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
    ColumnMoments moments;
    for (const auto& row : rows) moments.add(row);
    return moments.means();
}

std::vector<std::vector<double>> run_rows(std::size_t count, std::size_t threads,
                                          const std::function<std::vector<double>(std::size_t r)>& row) {
    RunOptions options;
    options.threads = static_cast<unsigned>(threads);
    return run_replicates(count, options, [&](numerics::RandomStream&, std::size_t r) { return row(r); });
}

}  // namespace sklaws::validation
