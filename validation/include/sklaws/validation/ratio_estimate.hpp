// A ratio of two Monte Carlo means, for rates whose denominator is itself
// random (the queries that fall in a frequency band, the answered queries).
//
//     rate = Σ_r h_r / Σ_r q_r,   SE² = Σ_r (h_r − rate·q_r)² / (R(R−1) q̄²)
//
// (the delta method; its bias is O(1/R), far below the SE for the replicate
// counts the checks use). 0 ± 0 when no replicate has q > 0. The sum of
// squared residuals is Var h − 2·rate·Cov(h, q) + rate²·Var q times R − 1,
// which streamed moments (ColumnMoments with covariances) give without a
// second pass; the whole-sample form below runs the same arithmetic.
#pragma once

#include "monte_carlo.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace sklaws::validation {

// Columns `numerator` and `denominator` of streamed moments built with
// covariances (at least 2 replicates).
inline Estimate estimate_ratio(const ColumnMoments& moments, std::size_t numerator, std::size_t denominator) {
    numerics::require(moments.count() >= 2, "replicates", moments.count(), "replicates >= 2 (ratio estimate)");
    const Estimate hm = moments.mean(numerator), qm = moments.mean(denominator);
    const double rate = qm.mean > 0 ? hm.mean / qm.mean : 0.0;
    const double residual_variance =
        std::max(0.0, moments.covariance(numerator, numerator) - 2.0 * rate * moments.covariance(numerator, denominator) +
                          rate * rate * moments.covariance(denominator, denominator));
    const double se = std::sqrt(residual_variance / static_cast<double>(moments.count()));
    return Estimate{rate, qm.mean > 0 ? se / qm.mean : 0.0, moments.count()};
}

inline Estimate estimate_ratio(const std::vector<double>& numerators, const std::vector<double>& denominators) {
    numerics::require(numerators.size() == denominators.size() && numerators.size() >= 2, "replicates",
                      numerators.size(), "equal numerator and denominator counts >= 2");
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    for (std::size_t r = 0; r < numerators.size(); ++r) {
        const double pair[2] = {numerators[r], denominators[r]};
        moments.add(pair, 2);
    }
    return estimate_ratio(moments, 0, 1);
}

}  // namespace sklaws::validation
