// Beta-Binomial log probability mass function.
//
//   P(k | n, a, b) = C(n, k) B(k+a, n−k+b) / B(a, b),   k = 0..n, a, b > 0,
//
// the marginal of a Binomial(n, p) count with p ~ Beta(a, b). It is the law
// of one template's count under the Dirichlet-multinomial syntax model
// (n_1 ~ BetaBinomial(N, a, (S−1)a)). With lgr(x, δ) = ln Γ(x+δ) − ln Γ(x),
//
//   ln P = lgr(k+1, a−1) + lgr(n−k+1, b−1) − lgr(n+1, a+b−1) − ln B(a, b),
//   ln B(a, b) = ln Γ(a) − lgr(b, a),
//
// i.e. every Gamma of size k, n−k or n is paired with its neighbour a−1,
// b−1 or a+b−1 away, so each term is only O((a+b)·ln n) and nothing of size
// k ln n or n ln n is ever subtracted: n up to 1e18 keeps full relative
// accuracy for every k (the condition number is Σ|terms|/|ln P|). With
// k ≤ n−k (symmetry P(k|n,a,b) = P(n−k|n,b,a)) and k < b, the size-n Gammas
// are paired by k instead, lgr(n+a+b, −(a+k)) − lgr(n+1, −k), whose terms
// are O((a+k)·ln n): a large b (b = (S−1)a for S templates) costs nothing. Arguments
// formed by rounding additions (n−k+1 beyond 2^53 in double, a−1, …) have
// their rounding measured exactly and propagated into err.
#pragma once

#include "special_functions.hpp"

#include <cmath>

namespace sklaws::numerics {

namespace detail {

// One term lgr(x, δ) whose arguments were formed as x = x1 + x2, δ = d1 + d2,
// with the rounding of those sums added to err.
template <class Real>
Evaluation<Real> lgr_of_sums(const Real& x1, const Real& x2, const Real& d1, const Real& d2) {
    const Real x = x1 + x2;
    const Real delta = d1 + d2;
    Evaluation<Real> r = log_gamma_ratio_e(x, delta);
    r.err += lgr_input_error(x, delta, sum_rounding(x1, x2, x), sum_rounding(d1, d2, delta));
    return r;
}


// The size-n part lnΓ(n−k+b) − lnΓ(n−k+1) − lnΓ(n+a+b) + lnΓ(n+1), paired
// by k:  lgr(n+a+b, −(a+k)) − lgr(n+1, −k)        (terms ~ (a+k) ln n), or
// by b:  lgr(n−k+1, b−1) − lgr(n+1, a+b−1)        (terms ~ (a+b) ln n),
// whichever is smaller. k ≤ n − k; n_minus_k = fl(n − k).
template <class Real>
Evaluation<Real> beta_binomial_size_n_part(const Real& k, const Real& n, const Real& a, const Real& b,
                                           const Real& n_minus_k) {
    const Real ab = a + b;
    const Real r_ab = sum_rounding(a, b, ab);
    Evaluation<Real> first, second;
    if (k <= b) {
        const Real x = n + ab;
        const Real delta = -(a + k);
        first = log_gamma_ratio_e(x, delta);
        first.err += lgr_input_error(x, delta, Real(sum_rounding(n, ab, x) + r_ab), sum_rounding(a, k, Real(-delta)));
        second = lgr_of_sums(n, Real(1), Real(-k), Real(0));
    } else {
        first = lgr_of_sums(n_minus_k, Real(1), b, Real(-1));
        first.err += lgr_input_error(Real(n_minus_k + 1), Real(b - 1), sum_rounding(n, Real(-k), n_minus_k), Real(0));
        second = lgr_of_sums(n, Real(1), ab, Real(-1));
        second.err += lgr_input_error(Real(n + 1), Real(ab - 1), Real(0), r_ab);
    }
    using std::abs;
    return {first.val - second.val, first.err + second.err + 2 * unit_roundoff<Real>() * (abs(first.val) + abs(second.val))};
}

// ln P with k ≤ n − k (the caller mirrors).
template <class Real>
Evaluation<Real> beta_binomial_small_side(const Real& k, const Real& n, const Real& a, const Real& b,
                                          const Real& n_minus_k) {
    using std::abs;
    const Evaluation<Real> tk = lgr_of_sums(k, Real(1), a, Real(-1));
    const Evaluation<Real> tn = beta_binomial_size_n_part(k, n, a, b, n_minus_k);
    const Evaluation<Real> lga = log_gamma_e(a);
    const Evaluation<Real> lgr_ba = log_gamma_ratio_e(b, a);
    const Real val = tk.val + tn.val - lga.val + lgr_ba.val;
    const Real terms = abs(tk.val) + abs(tn.val) + abs(lga.val) + abs(lgr_ba.val);
    return {val, tk.err + tn.err + lga.err + lgr_ba.err + 2 * unit_roundoff<Real>() * terms};
}

}  // namespace detail

// ln P(k | n, a, b) for integers 0 ≤ k ≤ n (n up to 1e18 and beyond) and
// a, b > 0. Accuracy: err bounds the absolute error, a few ulp of
// Σ|terms| ≈ (a + min(b, k) + 2)·ln n in double and multiprecision alike.
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
    // P(k | n, a, b) = P(n−k | n, b, a): work with the smaller side.
    const Real n_minus_k = n - k;  // exact whenever k ≥ n/2 (Sterbenz)
    if (n_minus_k < k) return detail::beta_binomial_small_side(n_minus_k, n, b, a, k);
    return detail::beta_binomial_small_side(k, n, a, b, n_minus_k);
}

template <class Real>
Real beta_binomial_log_pmf(const Real& k, const Real& n, const Real& a, const Real& b) {
    return beta_binomial_log_pmf_e(k, n, a, b).val;
}

}  // namespace sklaws::numerics
