// ln Γ(x+δ) − ln Γ(x) for large x in 192-bit fixed point (fixed_point.hpp):
// the large-argument Gamma ratio of log_gamma_ratio_e, for callers that need
// it at ~55 digits many times (a Heaps curve at n up to 1e18) and can do
// without MPFR's per-operation overhead.
//
// The difference of two Stirling series, with y = x + δ, u = 1/x, v = 1/y:
//   ln Γ(y) − ln Γ(x) = (x − ½) ln(1 + δu) + δ (ln y − 1)
//                       + Σ_{k=1}^{K} c_k (v^{2k−1} − u^{2k−1}) + R_K,
//   (x − ½) ln(1 + δu) = δ (1 − u/2) Σ_{m≥1} (−δu)^{m−1}/m   (uses x·u = 1),
//   |R_K| ≤ |c_{K+1}| (u^{2K+1} + v^{2K+1})   (each Stirling remainder is
//   bounded by its first omitted term for real arguments > 0),
// c_k = B_{2k}/(2k(2k−1)) from stirling_coefficients.hpp. Writing the first
// term as a series in u keeps every piece O(1) in magnitude, so absolute
// fixed-point accuracy is all it needs; u and v come from two Newton steps
// on a double-double start (2^−100 → 2^−200 relative).
//
// Domain: 2^20 ≤ x, x + δ < 2^62, 0 ≤ δ ≤ 2 (the arguments are exact Fixed
// values; rounding inputs into Fixed is the caller's business).
// Accuracy: the result carries err_ulps, a bound on |computed − true| in
// units of 2^−192, built from the per-step bounds below (≈ 40 + 2K ulp,
// K ≤ 5 Stirling terms).
#pragma once

#include "fixed_point.hpp"
#include "fixed_point_log_exp.hpp"
#include "precision.hpp"
#include "stirling_coefficients.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sklaws::numerics::fixed {

struct FixedEvaluation {
    Fixed val;
    double err_ulps;  // |val − true| ≤ err_ulps · 2^−192
};

namespace detail {

class StirlingFixedTable {
public:
    static constexpr unsigned count = 8;
    std::array<Fixed, count + 1> c{};          // c_1 … c_8 (index k)
    std::array<double, count + 1> c_abs{};     // |c_k| for the stopping rule

    static const StirlingFixedTable& get() {
        static const StirlingFixedTable table;
        return table;
    }

private:
    StirlingFixedTable() {
        WorkingPrecision precision(80);
        const auto& coefficients = numerics::detail::StirlingCoefficients::for_multiprecision(count);
        for (unsigned k = 1; k <= count; ++k) {
            c[k] = from_mpfr_nearest(coefficients[k - 1].backend().data());
            c_abs[k] = std::fabs(static_cast<double>(coefficients[k - 1]));
        }
    }
};

// 1/x for x ≥ 2^20, within 2 ulp: a double-double start h + l (x split
// into two doubles, the residual of h = 1/x_hi taken by fma: ~2^−100
// relative), then one Newton step u ← u + u(1 − x u), which squares the
// relative error (x·Δ² < 2^−200 u) and adds < 1 + u ulp of truncation.
inline Fixed reciprocal(const Fixed& x) {
    const double x_hi = to_double(x);
    const double x_lo = to_double(x - from_double(x_hi));
    const double h = 1.0 / x_hi;
    const double l = (std::fma(-h, x_hi, 1.0) - h * x_lo) * h;
    Fixed u = from_double(h) + from_double(l);
    return u + mul(u, Fixed::from_int(1) - mul(x, u));
}

}  // namespace detail

// ln Γ(x+δ) − ln Γ(x); domain and accuracy in the file comment.
inline FixedEvaluation log_gamma_ratio_fixed(const Fixed& x, const Fixed& delta) {
    const auto& reciprocals = detail::LogExpTables::get().reciprocal;
    const auto& stirling = detail::StirlingFixedTable::get();
    const Fixed one = Fixed::from_int(1);
    const Fixed y = x + delta;
    const Fixed u = detail::reciprocal(x), v = detail::reciprocal(y);  // 2 ulp each

    // δ(1 − u/2)·h(w), h(w) = Σ_{m≤M} (−w)^{m−1}/m = ln(1+w)/w, w = δu ≤ 2^−19.
    // Bounds: w ≤ 2δ + 1 = 5 ulp → h off by ≤ 2.5 (|h'| ≤ ½); Horner adds
    // ≤ 1.5/(1 − w); the tail w^M/(M+1) < 2^−194 (½ ulp after the factor
    // δ ≤ 2); δh ≤ 2·4.2 + 1; the factor (1 − u/2) adds 2·2 + 1. Total < 16.
    const Fixed w = mul(delta, u);
    const int w_bits = fraction_bits - 1 - top_bit(w);  // w < 2^−w_bits
    const int terms = w.is_zero() ? 1 : std::min(16, (194 + w_bits - 1) / std::max(w_bits, 1));
    Fixed h = reciprocals[terms];
    for (int m = terms - 1; m >= 1; --m) h = reciprocals[m] - mul(w, h);
    const Fixed a = mul(mul(delta, h), one - shift_right(u, 1));
    double err = 16;

    // δ(ln y − 1): δ·log_error_ulps + 1.
    const Fixed b = mul(delta, log(y) - one);
    err += 2 * log_error_ulps + 1;

    // Σ c_k (v^{2k−1} − u^{2k−1}): each power within 2 ulp, each term within
    // 0.09·4 + ½ + 1 < 2 ulp. Stop once the remainder bound is < ¼ ulp.
    const Fixed u2 = mul(u, u), v2 = mul(v, v);
    const double ud = to_double(u);
    double u_power = ud;  // u^{2k−1} in double, for the remainder bound
    Fixed sum = a + b, pu = u, pv = v;
    for (unsigned k = 1;; ++k) {
        sum = sum + mul(stirling.c[k], pv - pu);
        err += 2;
        u_power *= ud * ud;
        const double remainder_ulps = 2 * stirling.c_abs[k + 1] * u_power * 0x1p192 * 1.001;
        if (remainder_ulps < 0.25 || k + 1 == detail::StirlingFixedTable::count) {
            err += remainder_ulps;
            break;
        }
        pu = mul(pu, u2);
        pv = mul(pv, v2);
    }
    return {sum, err};
}

}  // namespace sklaws::numerics::fixed
