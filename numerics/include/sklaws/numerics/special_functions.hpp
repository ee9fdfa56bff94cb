// Log-Gamma, digamma and Gamma ratios, accurate where the naive forms cancel.
//
// The quantity the whole theory leans on is the log Gamma ratio
//
//     lgr(x, δ) = ln Γ(x+δ) − ln Γ(x) = ln (x)_δ,      x > 0, x+δ > 0,
//
// e.g. E[K_n] needs Γ(β+α+n)/Γ(β+n) at n up to 1e18. Written as
// lgamma(x+δ) − lgamma(x) it loses everything: lnΓ(1e12) ≈ 2.6e13, so double
// keeps ~3 of the 16 digits of a result near 1. We evaluate instead the
// difference of Stirling series term by term (stirling_series.hpp), valid
// once min(x, x+δ) ≥ X0 (10 in double, 10 + 0.4·digits in multiprecision).
// Smaller arguments are first shifted up with Γ(z+1) = zΓ(z):
//   lgr(x, δ) = lgr(x+m, δ) − Σ_{i<m} ln((x+i+δ)/(x+i)),
// each log taken as log1p(δ/(x+i)) or, when x+i+δ ≪ x+i, as the log of the
// quotient of the exactly known x+δ+i and x+i. Every term is then accurate
// to a few ulp, so the relative error is a few ulp times the condition number
// Σ|terms|/|sum| (large only close to a zero of lgr), and `err` says so.
//
// Cost: in multiprecision a large-x ratio needs one log1p, one logarithm
// (fast_log.hpp: cached table + short series) and a few products — no
// per-call constants (the Stirling coefficients are cached per precision).
//
// Which function when:
//   log_gamma_e, digamma_e          one Gamma/digamma value;
//   log_gamma_ratio_e, gamma_ratio_e Γ(x+δ)/Γ(x) for any x up to 1e18 and
//                                   beyond (never exp(lgamma − lgamma));
//   log_rising_factorial_e          ln (x)_m, m ≥ 0 (same evaluation);
//   log_binomial_e                  ln C(n, k) for real n ≥ k ≥ 0.
// Every *_e function returns Evaluation{val, err} with |true − val| ≤ err.
//
// Domain: arguments must be finite; log Gamma and digamma need x > 0 (the
// theory's Gamma ratios never touch the poles). Bad input throws DomainError
// naming the argument; a result outside the range of Real throws
// OverflowError. No function returns NaN or ±inf.
#pragma once

#include "errors.hpp"
#include "evaluation.hpp"
#include "precision.hpp"
#include "stirling_series.hpp"

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace sklaws::numerics {

namespace detail {

// Boost signals overflow with std::overflow_error; sklaws callers catch ours.
template <class F>
double call_double_boost(const char* what, F&& f) {
    double r;
    try {
        r = f();
    } catch (const std::overflow_error&) {
        throw OverflowError(std::string(what) + " overflows double; use the multiprecision type");
    }
    if (!std::isfinite(r)) throw OverflowError(std::string(what) + " overflows double; use the multiprecision type");
    return r;
}

// |s − (a + b)| for s = fl(a + b), exactly (Knuth's TwoSum; any binary
// arithmetic with round-to-nearest). Zero when the sum was exact, e.g. for
// integer arguments below 2^53 in double.
template <class Real>
Real sum_rounding(const Real& a, const Real& b, const Real& s) {
    using std::abs;
    const Real bb = s - a;
    return abs(Real((a - (s - bb)) + (b - bb)));
}

// Bound on |lgr(x', δ') − lgr(x, δ)| for arguments carrying absolute
// rounding |x' − x| ≤ rx, |δ' − δ| ≤ rd, from ∂lgr/∂x = ψ(x+δ) − ψ(x),
// ∂lgr/∂δ = ψ(x+δ) and ln z − 1/z < ψ(z) < ln z.
template <class Real>
Real lgr_input_error(const Real& x, const Real& delta, const Real& rx, const Real& rd) {
    using std::abs;
    using std::log;
    using std::min;
    if (rx == 0 && rd == 0) return Real(0);
    const Real y = x + delta;
    return 2 * (rx * (abs(Real(log(Real(y / x)))) + 1 / min(x, y)) + rd * (abs(Real(log(y))) + 1 / y));
}

}  // namespace detail

// ln Γ(x), x > 0 (K1–K6 only ever need positive arguments).
// Accuracy: correctly rounded in multiprecision (MPFR); in double Boost's
// lgamma, err = 4u·|lnΓ| (relative accuracy also near the zeros x = 1, 2).
// Double overflows beyond x ≈ 2.5e305 (OverflowError).
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
        const Real r = detail::call_double_boost("log_gamma(x)", [&] { return boost::math::lgamma(x); });
        return {r, abs(r) * 4 * unit_roundoff<Real>()};
    }
}

template <class Real>
Real log_gamma(const Real& x) {
    return log_gamma_e(x).val;
}

// ψ(x) = d/dx ln Γ(x), x > 0.
// Accuracy: correctly rounded in multiprecision (MPFR); in double Boost's
// digamma, err = 4u·(|ψ| + 1): relative near its root x0 ≈ 1.4616 only in
// absolute terms. Double overflows for x < ~1e-308 (OverflowError).
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
        const Real r = detail::call_double_boost("digamma(x)", [&] { return boost::math::digamma(x); });
        return {r, (abs(r) + 1) * 4 * unit_roundoff<Real>()};
    }
}

template <class Real>
Real digamma(const Real& x) {
    return digamma_e(x).val;
}

namespace detail {

// Σ_{i<m} ln((y+i)/(x+i)) with y = x + δ, each log to a few ulp (double).
template <class Real>
Evaluation<Real> log_shift_sum_by_terms(const Real& x, const Real& delta, const Real& y, unsigned m) {
    using std::abs;
    using std::log;
    using std::log1p;
    Real sum = 0, magnitude = 0;
    for (unsigned i = 0; i < m; ++i) {
        const Real xi = x + i;
        const Real e = delta / xi;
        const Real term = e > Real(-0.5) ? Real(log1p(e)) : Real(log(Real((y + i) / xi)));
        sum += term;
        magnitude += abs(term);
    }
    return {sum, 8 * unit_roundoff<Real>() * magnitude};
}

// The same sum with one logarithm (multiprecision, where log costs ~µs):
// P = Π (y+i)/(x+i) multiplicatively, and q = P − 1 by the cancellation-free
// recurrence q ← q + e_i (1 + q), e_i = δ/(x+i) (all e_i share δ's sign).
// ln P = log1p(q) while q > −½ (relative error ≤ 1.5(3m+2)u), else log(P)
// (absolute error ≤ (2m+1)u).
template <class Real>
Evaluation<Real> log_shift_sum_by_product(const Real& x, const Real& delta, const Real& y, unsigned m) {
    using std::abs;
    using std::log;
    using std::log1p;
    const Real u = unit_roundoff<Real>();
    Real p = 1, q = 0;
    for (unsigned i = 0; i < m; ++i) {
        const Real xi = x + i;
        p *= (y + i) / xi;
        q += (delta / xi) * (1 + q);
    }
    if (q > Real(-0.5)) {
        const Real l = log1p(q);
        return {l, (Real(1.5) * (3 * m + 2) + 1) * u * abs(l)};
    }
    const Real l = log(p);
    return {l, (2 * m + 1) * u + u * abs(l)};
}

}  // namespace detail

// lgr(x, δ) = ln Γ(x+δ) − ln Γ(x) = ln (x)_δ, x > 0, x + δ > 0, any real δ.
// Method: file comment. Accuracy: err bounds the absolute error; the relative
// error is a few ulp for min(x, x+δ) ≥ 10, and a few ulp times Σ|terms|/|lgr|
// below (large only near a zero of lgr, e.g. x ≈ 1.46 with tiny δ).
// In multiprecision at d digits this holds for x up to 1e18 and beyond
// (≈ d − 1 correct digits when well conditioned).
template <class Real>
Evaluation<Real> log_gamma_ratio_e(const Real& x, const Real& delta) {
    using std::abs;
    using std::ceil;
    using std::min;
    require_finite("x", x);
    require_finite("delta", delta);
    require(x > 0, "x", x, "x > 0");
    require(x + delta > 0, "delta", delta, "x + delta > 0");
    if (delta == 0) return {Real(0), Real(0)};
    const Real y = x + delta;  // exact when δ ≈ −x (Sterbenz)
    const Real x0 = detail::stirling_threshold<Real>();
    const Real low = min(x, y);
    if (low >= x0) return detail::log_gamma_ratio_stirling(x, delta, y);
    const Real shift_real = ceil(Real(x0 - low));
    const unsigned shift = static_cast<unsigned>(static_cast<double>(shift_real));
    const Evaluation<Real> shifted =
        detail::log_gamma_ratio_stirling(Real(x + shift_real), delta, Real(y + shift_real));
    Evaluation<Real> correction;
    if constexpr (is_multiprecision_v<Real>) {
        correction = detail::log_shift_sum_by_product(x, delta, y, shift);
    } else {
        correction = detail::log_shift_sum_by_terms(x, delta, y, shift);
    }
    const Real val = shifted.val - correction.val;
    return {val, shifted.err + correction.err + unit_roundoff<Real>() * abs(val)};
}

template <class Real>
Real log_gamma_ratio(const Real& x, const Real& delta) {
    return log_gamma_ratio_e(x, delta).val;
}

// Γ(x+δ)/Γ(x) = exp(lgr(x, δ)); relative error ≈ err of lgr + 2u.
// Throws OverflowError when the ratio leaves the normal range of Real (in
// double: ln ratio outside (−708.39, 709.78)); use log_gamma_ratio there.
template <class Real>
Evaluation<Real> gamma_ratio_e(const Real& x, const Real& delta) {
    using std::exp;
    using std::expm1;
    const Evaluation<Real> l = log_gamma_ratio_e(x, delta);
    if constexpr (!is_multiprecision_v<Real>) {
        static const double log_max = std::log(std::numeric_limits<double>::max());
        static const double log_min = std::log(std::numeric_limits<double>::min());
        if (l.val >= log_max || l.val <= log_min) {
            throw OverflowError("Gamma(x+delta)/Gamma(x) = exp(" + detail::format_value(l.val) +
                                ") is outside the double range; use log_gamma_ratio");
        }
    }
    const Real v = exp(l.val);
    // |e^{l+η} − e^l| = e^l |expm1(η)| ≤ e^l·η(1 + η) for η ≤ ½ (no second
    // transcendental call on the hot path), plus the rounding of exp itself.
    const Real growth = l.err <= Real(0.5) ? Real(l.err * (1 + l.err)) : Real(expm1(l.err));
    return {v, v * (growth + 2 * unit_roundoff<Real>())};
}

template <class Real>
Real gamma_ratio(const Real& x, const Real& delta) {
    return gamma_ratio_e(x, delta).val;
}

// ln (x)_m = ln Γ(x+m) − ln Γ(x), the log rising factorial (Pochhammer),
// x > 0, real m ≥ 0. Same method and accuracy as log_gamma_ratio_e.
template <class Real>
Evaluation<Real> log_rising_factorial_e(const Real& x, const Real& m) {
    require_finite("m", m);
    require(m >= 0, "m", m, "m >= 0");
    return log_gamma_ratio_e(x, m);
}

template <class Real>
Real log_rising_factorial(const Real& x, const Real& m) {
    return log_rising_factorial_e(x, m).val;
}

// ln C(n, k) = ln Γ(n+1) − ln Γ(k+1) − ln Γ(n−k+1) for real n ≥ k ≥ 0.
// Written as lgr(n−s+1, s) − ln Γ(s+1) with s = min(k, n−k), so large n with
// small s keeps full relative accuracy; for s ≈ n/2 the two terms cancel by a
// factor ≈ log2(n) (≈ 2 digits at n = 1e18), which err reports.
template <class Real>
Evaluation<Real> log_binomial_e(const Real& n, const Real& k) {
    using std::abs;
    using std::min;
    require_finite("n", n);
    require_finite("k", k);
    require(n >= 0, "n", n, "n >= 0");
    require(k >= 0 && k <= n, "k", k, "0 <= k <= n");
    const Real n_minus_k = n - k;
    const Real small = min(k, n_minus_k);
    if (small == 0) return {Real(0), Real(0)};
    // For real (non-integer) arguments n − s + 1 and s + 1 may round; their
    // rounding is measured exactly and propagated into err.
    const Real d = n - small;
    const Real x = d + 1;
    const Real z = small + 1;
    const Real rx = Real(detail::sum_rounding(n, Real(-small), d) + detail::sum_rounding(d, Real(1), x));
    const Real rz = detail::sum_rounding(small, Real(1), z);
    const Evaluation<Real> ratio = log_gamma_ratio_e(x, small);
    const Evaluation<Real> lg = log_gamma_e(z);
    const Real val = ratio.val - lg.val;
    const Real input = detail::lgr_input_error(x, small, rx, Real(0)) + detail::lgr_input_error(Real(1), Real(small), Real(0), rz);
    return {val, ratio.err + lg.err + input + unit_roundoff<Real>() * abs(val)};
}

template <class Real>
Real log_binomial(const Real& n, const Real& k) {
    return log_binomial_e(n, k).val;
}

}  // namespace sklaws::numerics
