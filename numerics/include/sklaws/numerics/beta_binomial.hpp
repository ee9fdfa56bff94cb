// Beta-Binomial log probability mass function.
//
//   P(k | n, a, b) = C(n, k) B(k+a, n−k+b) / B(a, b),   k = 0..n, a, b > 0,
//
// the marginal of a Binomial(n, p) count with p ~ Beta(a, b). It is the law
// of one template's count under the Dirichlet-multinomial syntax model (S1:
// n_1 ~ BetaBinomial(N, a, (S−1)a)). Evaluated with log Gamma ratios,
//   ln P = ln C(n,k) + lgr(a, k) + lgr(b, n−k) − lgr(a+b, n),
// so that n up to 1e18 keeps full relative accuracy in each term.
#pragma once

#include "special_functions.hpp"

namespace sklaws::numerics {

template <class Real>
Evaluation<Real> beta_binomial_log_pmf_e(const Real& k, const Real& n, const Real& a, const Real& b) {
    using std::abs;
    using std::floor;
    require_finite("a", a);
    require_finite("b", b);
    require(a > 0, "a", a, "a > 0");
    require(b > 0, "b", b, "b > 0");
    require_finite("n", n);
    require(n >= 0 && floor(n) == n, "n", n, "integer n >= 0");
    require_finite("k", k);
    require(k >= 0 && k <= n && floor(k) == k, "k", k, "integer 0 <= k <= n");
    const auto c = log_binomial_e(n, k);
    const auto ra = log_gamma_ratio_e(a, k);
    const auto rb = log_gamma_ratio_e(b, Real(n - k));
    const auto rab = log_gamma_ratio_e(Real(a + b), n);
    const Real val = c.val + ra.val + rb.val - rab.val;
    return {val, c.err + ra.err + rb.err + rab.err + unit_roundoff<Real>() * abs(val)};
}

template <class Real>
Real beta_binomial_log_pmf(const Real& k, const Real& n, const Real& a, const Real& b) {
    return beta_binomial_log_pmf_e(k, n, a, b).val;
}

}  // namespace sklaws::numerics
