// Helpers for the sampler tests: the mpmath oracle table
// (tests/oracle/validation_samplers.tsv, written by validation_samplers.py)
// and Monte Carlo moment accumulators with standard errors.
#pragma once

#include "../support/oracle_table.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace sklaws::test {

struct OracleCase {
    double alpha = 0, beta = 0;
    std::uint64_t n = 0;
};

class SamplerOracle {
public:
    SamplerOracle() {
        // Columns: case, alpha, beta, n, quantity, j, value, digits.
        const OracleTable table = read_oracle_table("validation_samplers.tsv", OracleHeader::none);
        for (const auto& row : table.rows) {
            const auto& c = row.cells;
            if (c.size() != 8) throw std::runtime_error(table.path + ":" + std::to_string(row.line) + ": expected 8 cells");
            cases_[c[0]] = {std::stod(c[1]), std::stod(c[2]), static_cast<std::uint64_t>(std::stod(c[3]))};
            values_[{c[0], c[4], std::stol(c[5])}] = std::stod(c[6]);
        }
    }
    const OracleCase& at(const std::string& name) const { return cases_.at(name); }
    double value(const std::string& name, const std::string& quantity, long j = 0) const {
        return values_.at({name, quantity, j});
    }
    bool has(const std::string& name, const std::string& quantity, long j) const {
        return values_.count({name, quantity, j}) > 0;
    }

private:
    std::map<std::string, OracleCase> cases_;
    std::map<std::tuple<std::string, std::string, long>, double> values_;
};

inline const SamplerOracle& oracle() {
    static const SamplerOracle table;
    return table;
}

// Running mean, variance and fourth central moment (for the SE of the
// sample variance), from raw power sums around a fixed shift (the first
// value) to keep the sums well conditioned.
class Moments {
public:
    void add(double x) {
        if (count_ == 0) shift_ = x;
        const double d = x - shift_;
        ++count_;
        s1_ += d;
        s2_ += d * d;
        s3_ += d * d * d;
        s4_ += d * d * d * d;
    }
    double count() const { return static_cast<double>(count_); }
    double mean() const { return shift_ + s1_ / count(); }
    double variance() const {  // unbiased
        const double m = s1_ / count();
        return (s2_ - count() * m * m) / (count() - 1.0);
    }
    double mean_se() const { return std::sqrt(variance() / count()); }
    // SE of the sample variance, sqrt((μ4 − σ⁴)/R) with sample moments.
    double variance_se() const {
        const double n = count(), m = s1_ / n;
        const double mu2 = s2_ / n - m * m;
        const double mu4 = s4_ / n - 4 * m * s3_ / n + 6 * m * m * s2_ / n - 3 * m * m * m * m;
        return std::sqrt(std::max(mu4 - mu2 * mu2, 0.0) / n);
    }

private:
    std::uint64_t count_ = 0;
    double shift_ = 0, s1_ = 0, s2_ = 0, s3_ = 0, s4_ = 0;
};

// z-score of an estimate against the exact value.
inline double z_score(double estimate, double se, double exact) { return std::fabs(estimate - exact) / se; }

// Replicate statistics of one partition sampler — K_n, n_1 and M_{1..5,n} —
// and their z-check (at z_max) against the oracle's K1, K2, first-table mean
// and K4 values for a named case (block counts only where the table has them).
struct PartitionStatistics {
    Moments tables, first;
    Moments blocks[5];

    template <class Sizes>
    void add(const Sizes& sizes) {
        tables.add(static_cast<double>(sizes.size()));
        first.add(static_cast<double>(sizes[0]));
        double m[5] = {};
        for (auto s : sizes) {
            if (s >= 1 && s <= 5) m[s - 1] += 1;
        }
        for (int j = 0; j < 5; ++j) blocks[j].add(m[j]);
    }

    void check_against_oracle(const std::string& name, double z_max) const {
        INFO("case " << name);
        const auto& o = oracle();
        const double mean = o.value(name, "mean_tables");
        INFO("K_n: MC " << tables.mean() << " ± " << tables.mean_se() << " vs K1 " << mean);
        CHECK(z_score(tables.mean(), tables.mean_se(), mean) <= z_max);
        const double var = o.value(name, "var_tables");
        INFO("Var K_n: MC " << tables.variance() << " ± " << tables.variance_se() << " vs K2 " << var);
        CHECK(z_score(tables.variance(), tables.variance_se(), var) <= z_max);
        const double first_mean = o.value(name, "first_table_mean");
        INFO("n_1: MC " << first.mean() << " ± " << first.mean_se() << " vs " << first_mean);
        CHECK(z_score(first.mean(), first.mean_se(), first_mean) <= z_max);
        for (int j = 1; j <= 5; ++j) {
            if (!o.has(name, "block_count", j)) continue;
            const double expected = o.value(name, "block_count", j);
            INFO("M_" << j << ": MC " << blocks[j - 1].mean() << " ± " << blocks[j - 1].mean_se() << " vs K4 "
                      << expected);
            CHECK(z_score(blocks[j - 1].mean(), blocks[j - 1].mean_se(), expected) <= z_max);
        }
    }
};

// Pearson chi-square of observed counts against expected probabilities,
// pooling adjacent cells until each expects ≥ 5 (a short leftover tail joins
// the last cell); returns {statistic, degrees of freedom}.
inline std::pair<double, int> chi_square(const std::vector<double>& observed, const std::vector<double>& probability,
                                         double total) {
    std::vector<std::pair<double, double>> cells;  // (observed, expected)
    double o = 0, e = 0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        o += observed[i];
        e += probability[i] * total;
        if (e >= 5.0) {
            cells.emplace_back(o, e);
            o = e = 0;
        }
    }
    if (cells.empty()) return {0.0, 0};
    cells.back().first += o;
    cells.back().second += e;
    double stat = 0;
    for (const auto& [obs, exp] : cells) stat += (obs - exp) * (obs - exp) / exp;
    return {stat, static_cast<int>(cells.size()) - 1};
}

// Upper 1e-4 quantile of chi-square(df), Wilson–Hilferty (z = 3.719).
inline double chi_square_critical(int df) {
    const double k = df, z = 3.719;
    const double c = 1.0 - 2.0 / (9.0 * k) + z * std::sqrt(2.0 / (9.0 * k));
    return k * c * c * c;
}

}  // namespace sklaws::test
