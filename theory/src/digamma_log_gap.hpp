// Private to theory/: g(x) = ψ(x+1) − ln x, the per-token gap between the
// log-loss of a count-based predictive and the posterior-mean log
// probability (S1 per-token and R1 both reduce to sums of g).
//
//   g(x) = 1/(2x) − Σ_{k≥1} B_{2k}/(2k x^{2k})   (asymptotic, x → ∞),
//   0 < g(x) < 1/(2x) + … ,  g(x) ~ 1/(2x).
//
// For x ≥ X0 (stirling_threshold: 10 in double) the series is summed until
// its terms fall below roundoff (it is then accurate to a few ulp); below X0
// ψ(x+1) − ln x is evaluated directly (no cancellation: both terms are O(1)
// and g(x) ≥ g(X0) ≈ 0.05). Domain x > 0.
#pragma once

#include <sklaws/numerics/stirling_series.hpp>

#include <sklaws/numerics/special_functions.hpp>

#include <cmath>

namespace sklaws::theory::detail {

template <class Real>
Real digamma_log_gap(const Real& x) {
    using std::abs;
    using std::log;
    if (x < numerics::stirling_threshold<Real>()) {
        return numerics::digamma(Real(x + 1)) - log(x);
    }
    const Real eps = numerics::unit_roundoff<Real>();
    const Real inv2 = 1 / (x * x);
    Real sum = 1 / (2 * x);
    Real power = inv2;  // x^{−2k}
    for (unsigned k = 1; k < 400; ++k) {
        // B_{2k}/(2k) = (2k−1)·c_k with c_k = B_{2k}/(2k(2k−1)).
        const Real term = Real(2.0 * k - 1.0) * numerics::stirling_coefficient<Real>(k) * power;
        sum -= term;
        if (abs(term) <= eps * abs(sum)) break;
        power *= inv2;
    }
    return sum;
}

}  // namespace sklaws::theory::detail
