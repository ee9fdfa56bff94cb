// Log-Gamma, digamma and Gamma ratios, accurate where the naive forms cancel.
//
// The quantity the whole theory leans on is the log Gamma ratio
//
//     lgr(x, δ) = ln Γ(x+δ) − ln Γ(x),      x > 0, x+δ > 0,
//
// e.g. E[K_n] needs Γ(β+α+n)/Γ(β+n) at n up to 1e18. Written as
// lgamma(x+δ) − lgamma(x) it loses everything: lnΓ(1e12) ≈ 2.6e13, so double
// keeps ~3 of the 16 digits of a result near 1. We evaluate instead the
// difference of Stirling series term by term,
//
//   lgr(x, δ) = (x − ½)·log1p(δ/x) + δ·(ln(x+δ) − 1)
//             + Σ_{k≥1} B_{2k}/(2k(2k−1)) · x^{1−2k} · expm1((1−2k)·log1p(δ/x)),
//
// valid once min(x, x+δ) ≥ X0 (X0 = 10 in double, ≈ 0.4·digits + 10 in
// multiprecision, where the series truncation e^{−2πX0} is below roundoff).
// Smaller arguments are first shifted up with Γ(z+1) = zΓ(z):
//   lgr(x, δ) = lgr(x+m, δ) − Σ_{i<m} log1p(δ/(x+i)).
// Every term is then computed to full relative accuracy, so the result has
// a relative error of a few ulp times the condition number Σ|terms|/|sum|,
// which `log_gamma_ratio_e` reports as `err`.
//
// Domain: x > 0 and x + δ > 0 (Γ ratios of the theory never touch the poles);
// NaN/inf inputs throw DomainError, results out of range throw OverflowError.
#pragma once

#include "errors.hpp"
#include "evaluation.hpp"
#include "precision.hpp"

#include <boost/math/special_functions/bernoulli.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <cmath>
#include <map>
#include <mutex>
#include <vector>

namespace sklaws::numerics {

namespace detail {

// Stirling coefficient c_k = B_{2k} / (2k (2k−1)), k ≥ 1, in Real at the
// working precision. Double reads Boost's table; multiprecision uses
// B_{2k} = (−1)^{k+1} 2 (2k)! ζ(2k) / (2π)^{2k} with MPFR's ζ, cached per
// precision.
template <class Real>
Real stirling_coefficient(unsigned k) {
    if constexpr (!is_multiprecision_v<Real>) {
        return boost::math::bernoulli_b2n<double>(static_cast<int>(k)) / (2.0 * k * (2.0 * k - 1.0));
    } else {
        static std::mutex mutex;
        static std::map<unsigned, std::vector<mp_real>> cache;
        std::lock_guard<std::mutex> lock(mutex);
        std::vector<mp_real>& table = cache[mp_real::default_precision()];
        while (table.size() < k) {
            const unsigned j = static_cast<unsigned>(table.size()) + 1;
            mp_real zeta;
            mpfr_zeta_ui(zeta.backend().data(), 2 * j, MPFR_RNDN);
            mp_real log_abs = boost::multiprecision::log(mp_real(2)) + boost::multiprecision::lgamma(mp_real(2 * j + 1)) +
                              boost::multiprecision::log(zeta) -
                              mp_real(2 * j) * boost::multiprecision::log(2 * boost::math::constants::pi<mp_real>());
            mp_real b2j = boost::multiprecision::exp(log_abs);
            if (j % 2 == 0) b2j = -b2j;
            table.push_back(b2j / (mp_real(2 * j) * mp_real(2 * j - 1)));
        }
        return table[k - 1];
    }
}

template <class Real>
Real stirling_threshold() {
    if constexpr (!is_multiprecision_v<Real>) {
        return Real(10);
    } else {
        return Real(10 + (4 * working_digits<Real>()) / 10);
    }
}

// lgr(x, δ) by the Stirling difference; requires min(x, x+δ) ≥ stirling_threshold.
template <class Real>
Evaluation<Real> log_gamma_ratio_stirling(const Real& x, const Real& delta) {
    using std::abs;
    using std::expm1;
    using std::log;
    using std::log1p;
    using std::pow;
    const Real t = delta / x;
    const Real l1p = log1p(t);
    const Real y = x + delta;
    const Real a = (x - Real(0.5)) * l1p;
    const Real b = delta * (log(y) - 1);
    Real sum = a + b;
    Real magnitude = abs(a) + abs(delta * log(y)) + abs(delta);
    const Real eps = unit_roundoff<Real>();
    const Real x2 = x * x;
    Real x_power = 1 / x;  // x^{1−2k}
    Real last = 0;
    for (unsigned k = 1; k < 400; ++k) {
        const Real factor = expm1(Real(1.0 - 2.0 * k) * l1p);
        const Real term = stirling_coefficient<Real>(k) * x_power * factor;
        sum += term;
        magnitude += abs(term);
        last = abs(term);
        if (last <= eps * abs(sum) || last == 0) break;
        x_power /= x2;
    }
    return {sum, Real(4) * eps * magnitude + last};
}

}  // namespace detail

// ln Γ(x), x > 0 (K1–K6 only ever need positive arguments).
// Accuracy: correctly rounded in multiprecision (MPFR), a few ulp in double.
template <class Real>
Evaluation<Real> log_gamma_e(const Real& x) {
    using std::abs;
    require_finite("x", x);
    require(x > 0, "x", x, "x > 0");
    if constexpr (is_multiprecision_v<Real>) {
        Real r;
        mpfr_lngamma(r.backend().data(), x.backend().data(), MPFR_RNDN);
        return {r, abs(r) * unit_roundoff<Real>()};
    } else {
        const Real r = boost::math::lgamma(x);
        return {r, abs(r) * 4 * unit_roundoff<Real>() + 1e-300};
    }
}

template <class Real>
Real log_gamma(const Real& x) {
    return log_gamma_e(x).val;
}

// ψ(x) = d/dx ln Γ(x), x > 0.
// Accuracy: correctly rounded in multiprecision (MPFR), a few ulp in double
// except near its root x0 ≈ 1.4616 where only the absolute error is small.
template <class Real>
Evaluation<Real> digamma_e(const Real& x) {
    using std::abs;
    require_finite("x", x);
    require(x > 0, "x", x, "x > 0");
    if constexpr (is_multiprecision_v<Real>) {
        Real r;
        mpfr_digamma(r.backend().data(), x.backend().data(), MPFR_RNDN);
        return {r, abs(r) * unit_roundoff<Real>()};
    } else {
        const Real r = boost::math::digamma(x);
        return {r, (abs(r) + 1) * 4 * unit_roundoff<Real>()};
    }
}

template <class Real>
Real digamma(const Real& x) {
    return digamma_e(x).val;
}

// lgr(x, δ) = ln Γ(x+δ) − ln Γ(x) = ln (x)_δ, x > 0, x + δ > 0, any δ.
// See the file comment for the method; err bounds the absolute error.
template <class Real>
Evaluation<Real> log_gamma_ratio_e(const Real& x, const Real& delta) {
    using std::abs;
    using std::ceil;
    using std::log1p;
    using std::min;
    require_finite("x", x);
    require_finite("delta", delta);
    require(x > 0, "x", x, "x > 0");
    require(x + delta > 0, "delta", delta, "x + delta > 0");
    if (delta == 0) return {Real(0), Real(0)};
    const Real x0 = detail::stirling_threshold<Real>();
    const Real low = min(x, Real(x + delta));
    if (low >= x0) return detail::log_gamma_ratio_stirling(x, delta);
    const Real shift_real = ceil(Real(x0 - low));
    const unsigned shift = static_cast<unsigned>(static_cast<double>(shift_real));
    Evaluation<Real> result = detail::log_gamma_ratio_stirling(Real(x + shift_real), delta);
    Real magnitude = abs(result.val);
    for (unsigned i = 0; i < shift; ++i) {
        const Real term = log1p(delta / (x + i));
        result.val -= term;
        magnitude += abs(term);
    }
    result.err += Real(4) * unit_roundoff<Real>() * magnitude;
    return result;
}

template <class Real>
Real log_gamma_ratio(const Real& x, const Real& delta) {
    return log_gamma_ratio_e(x, delta).val;
}

// Γ(x+δ)/Γ(x); throws OverflowError when it leaves the range of Real.
template <class Real>
Evaluation<Real> gamma_ratio_e(const Real& x, const Real& delta) {
    using std::abs;
    using std::exp;
    const Evaluation<Real> l = log_gamma_ratio_e(x, delta);
    if constexpr (!is_multiprecision_v<Real>) {
        if (l.val > 709.0 || l.val < -708.0) {
            throw OverflowError("Gamma(x+delta)/Gamma(x) = exp(" + detail::format_value(l.val) +
                                ") is outside the double range; use log_gamma_ratio");
        }
    }
    const Real v = exp(l.val);
    // d(e^l) = e^l dl, plus the rounding of exp itself.
    return {v, v * (l.err + 2 * unit_roundoff<Real>())};
}

template <class Real>
Real gamma_ratio(const Real& x, const Real& delta) {
    return gamma_ratio_e(x, delta).val;
}

// ln (x)_m = ln Γ(x+m) − ln Γ(x), the log rising factorial (Pochhammer).
template <class Real>
Evaluation<Real> log_rising_factorial_e(const Real& x, const Real& m) {
    require(m >= 0, "m", m, "m >= 0");
    return log_gamma_ratio_e(x, m);
}

template <class Real>
Real log_rising_factorial(const Real& x, const Real& m) {
    return log_rising_factorial_e(x, m).val;
}

// ln C(n, k) for real n ≥ k ≥ 0 (binomial through Gamma functions).
// Written as −lgr(n−k+1, k) − ln Γ(k+1) with k the smaller side, so large n
// with small k keeps full relative accuracy.
template <class Real>
Evaluation<Real> log_binomial_e(const Real& n, const Real& k) {
    using std::abs;
    using std::min;
    require_finite("n", n);
    require_finite("k", k);
    require(n >= 0, "n", n, "n >= 0");
    require(k >= 0 && k <= n, "k", k, "0 <= k <= n");
    const Real small = min(k, Real(n - k));
    if (small == 0) return {Real(0), Real(0)};
    const Evaluation<Real> ratio = log_gamma_ratio_e(Real(n - small + 1), small);
    const Evaluation<Real> lg = log_gamma_e(Real(small + 1));
    const Real val = ratio.val - lg.val;
    return {val, ratio.err + lg.err + unit_roundoff<Real>() * abs(val)};
}

template <class Real>
Real log_binomial(const Real& n, const Real& k) {
    return log_binomial_e(n, k).val;
}

}  // namespace sklaws::numerics
