// A ratio of two Monte Carlo means, for rates whose denominator is itself
// random (the queries that fall in a frequency band, the answered queries).
//
//     rate = Σ_r h_r / Σ_r q_r,   SE² = Σ_r (h_r − rate·q_r)² / (R(R−1) q̄²)
//
// (the delta method; its bias is O(1/R), far below the SE for the replicate
// counts the checks use). 0 ± 0 when no replicate has q > 0.
#pragma once

#include "monte_carlo.hpp"

#include <vector>

namespace sklaws::validation {

inline Estimate estimate_ratio(const std::vector<double>& numerators, const std::vector<double>& denominators) {
    numerics::require(numerators.size() == denominators.size() && numerators.size() >= 2, "replicates",
                      numerators.size(), "equal numerator and denominator counts >= 2");
    const Estimate hm = estimate_mean(numerators), qm = estimate_mean(denominators);
    const double rate = qm.mean > 0 ? hm.mean / qm.mean : 0.0;
    std::vector<double> residual(numerators.size());
    for (std::size_t r = 0; r < numerators.size(); ++r) residual[r] = numerators[r] - rate * denominators[r];
    const Estimate res = estimate_mean(residual);
    return Estimate{rate, qm.mean > 0 ? res.se / qm.mean : 0.0, numerators.size()};
}

}  // namespace sklaws::validation
