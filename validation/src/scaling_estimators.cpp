// Log-log slopes with delta-method SEs, and the missing mass T_C per replicate.
#include <sklaws/validation/scaling_estimators.hpp>

#include <sklaws/numerics/summation.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/ranked_weights.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

namespace sklaws::validation {

namespace {

// Least-squares weights c_b of the slope on log x.
std::vector<double> slope_weights(const std::vector<double>& x) {
    numerics::require(x.size() >= 2, "points", x.size(), "at least 2 points for a slope");
    std::vector<double> lx(x.size());
    double mean = 0.0;
    for (std::size_t b = 0; b < x.size(); ++b) {
        numerics::require(x[b] > 0.0, "x", x[b], "x > 0");
        lx[b] = std::log(x[b]);
        mean += lx[b] / static_cast<double>(x.size());
    }
    double sxx = 0.0;
    for (double v : lx) sxx += (v - mean) * (v - mean);
    numerics::require(sxx > 0.0, "x", x.front(), "(at least two distinct x)");
    std::vector<double> c(x.size());
    for (std::size_t b = 0; b < x.size(); ++b) c[b] = (lx[b] - mean) / sxx;
    return c;
}

}  // namespace

double loglog_slope(const std::vector<double>& x, const std::vector<double>& y) {
    const auto c = slope_weights(x);
    numerics::require(y.size() == x.size(), "y", y.size(), "(one value per x)");
    double slope = 0.0;
    for (std::size_t b = 0; b < x.size(); ++b) {
        numerics::require(y[b] > 0.0, "y", y[b], "y > 0 (log-log slope)");
        slope += c[b] * std::log(y[b]);
    }
    return slope;
}

Estimate estimate_loglog_slope(const std::vector<double>& x, const ColumnMoments& moments) {
    const auto c = slope_weights(x);
    numerics::require(moments.columns() == x.size(), "columns", moments.columns(), "(one column per x)");
    numerics::require(moments.count() >= 2, "replicates", moments.count(), "replicates >= 2 (slope SE)");
    std::vector<double> mean_values(x.size()), weights(x.size());
    for (std::size_t b = 0; b < x.size(); ++b) mean_values[b] = moments.mean(b).mean;
    const double slope = loglog_slope(x, mean_values);
    // SE of the linearisation L = Σ_b (c_b/ȳ_b) y_b.
    for (std::size_t b = 0; b < x.size(); ++b) weights[b] = c[b] / mean_values[b];
    return Estimate{slope, moments.combination(weights).se, moments.count()};
}

Estimate estimate_loglog_slope(const std::vector<double>& x, const std::vector<std::vector<double>>& rows) {
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    for (const auto& row : rows) moments.add(row);
    return estimate_loglog_slope(x, moments);
}

Estimate estimate_loglog_slope_about(const std::vector<double>& x, const std::vector<std::vector<double>>& rows,
                                     const std::vector<double>& y_ref) {
    const auto c = slope_weights(x);
    numerics::require(y_ref.size() == x.size(), "y_ref", y_ref.size(), "(one value per x)");
    const double reference_slope = loglog_slope(x, y_ref);  // requires y_ref > 0
    std::vector<double> linearised(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        numerics::require(rows[r].size() == x.size(), "columns", rows[r].size(), "(one column per x)");
        double l = reference_slope;
        for (std::size_t b = 0; b < x.size(); ++b) l += c[b] * (rows[r][b] - y_ref[b]) / y_ref[b];
        linearised[r] = l;
    }
    return estimate_mean(linearised);
}

std::vector<double> tail_mass_path(const theory::PitmanYorParameters& params, const std::vector<std::uint64_t>& capacities,
                                   std::uint64_t seed, std::uint64_t replicate) {
    numerics::RandomStream rng(seed, stick_stream(replicate));
    return tail_masses(ranked_weights(params, capacities.back(), rng), capacities);
}

std::vector<std::vector<double>> simulate_tail_mass(const theory::PitmanYorParameters& params,
                                                    const std::vector<std::uint64_t>& capacities,
                                                    std::size_t replicates, const RunOptions& options) {
    params.validate();
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    numerics::require(!capacities.empty() && capacities.front() >= 1, "capacity", capacities.size(),
                      "(non-empty list of capacities >= 1)");
    for (std::size_t i = 1; i < capacities.size(); ++i)
        numerics::require(capacities[i] > capacities[i - 1], "capacity", capacities[i], "(increasing list)");
    return run_replicates(replicates, options, [&](numerics::RandomStream&, std::size_t r) {
        return tail_mass_path(params, capacities, options.seed, r);
    });
}

ColumnMoments tail_mass_moments(const theory::PitmanYorParameters& params, const std::vector<std::uint64_t>& capacities,
                                std::size_t replicates, const RunOptions& options) {
    params.validate();
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    numerics::require(!capacities.empty() && capacities.front() >= 1, "capacity", capacities.size(),
                      "(non-empty list of capacities >= 1)");
    for (std::size_t i = 1; i < capacities.size(); ++i)
        numerics::require(capacities[i] > capacities[i - 1], "capacity", capacities[i], "(increasing list)");
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    reduce_replicates(replicates, options, [&](numerics::RandomStream&, std::size_t r) {
        return tail_mass_path(params, capacities, options.seed, r);
    }, moments);
    return moments;
}

}  // namespace sklaws::validation
