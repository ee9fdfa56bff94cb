// ln Γ(x+δ) − ln Γ(x) in 192-bit fixed point (fixed_point.hpp): the Gamma
// ratio of log_gamma_ratio_e, for callers that need it at ~55 digits many
// times (a Heaps curve at n up to 1e18, or K1's n-free ratio for a new β on
// every call) and can do without MPFR's per-operation overhead.
//
// x ≥ 64: the difference of two Stirling series, with y = x + δ, u = 1/x,
// v = 1/y:
//   ln Γ(y) − ln Γ(x) = (x − ½) ln(1 + δu) + δ (ln y − 1)
//                       + Σ_{k=1}^{K} c_k (v^{2k−1} − u^{2k−1}) + R_K,
//   (x − ½) ln(1 + δu) = δ (1 − u/2) Σ_{m≥1} (−δu)^{m−1}/m   (uses x·u = 1)
//   for x ≥ 2^8, and (x − ½)(ln y − ln x) below (the two logs' absolute
//   error amplified by x < 2^8 costs less than a 30-term series),
//   |R_K| ≤ |c_{K+1}| (u^{2K+1} + v^{2K+1})   (each Stirling remainder is
//   bounded by its first omitted term for real arguments > 0),
// c_k = B_{2k}/(2k(2k−1)) (fixed_point_tables.hpp, K ≤ 21: at x = 64 the
// 21st term is below 2^−195). Writing the first term as a series in
// w = δu ≤ 2^−7 keeps every piece O(1) in magnitude, so absolute fixed-point
// accuracy is all it needs; each Stirling sum runs by Horner in u² from the
// innermost coefficient (|c_21| ≈ 5e14 fits the 63 integer bits), so a
// coefficient never multiplies a power that has already lost its bits; u and
// v come from a Newton step on a double-double start (2^−100 → 2^−200).
//
// 0 < x < 64: shifted up with Γ(z+1) = zΓ(z),
//   lgr(x, δ) = lgr(x+m, δ) − ln(A/B),  A = Π_{i<m}(x+δ+i), B = Π_{i<m}(x+i),
// m = 1 + 8⌈(63 − ⌊x⌋)/8⌉ (so y = x + m ∈ [64, 72)). The products are kept
// as mantissa·2^e (mantissa in [1, 2)): the first factors x and x+δ exactly
// (they may be tiny), the rest in octets (z+i)…(z+i+7) = z⁸ + Σ a_k z^k
// (compile-time coefficients) from seven truncated powers per product and
// exact word products, so each product costs ≤ 15 full multiplications;
// ln A − ln B = ln mant_A − ln mant_B + (e_A − e_B) ln 2.
//
// Domain: 0 < x, x + δ < 2^62, 0 ≤ δ ≤ 2 (the arguments are exact Fixed
// values; rounding inputs into Fixed is the caller's business: ∂lgr/∂x =
// ψ(x+δ) − ψ(x) ≤ δ(1/x² + 1/x), ∂lgr/∂δ = ψ(x+δ)).
// Accuracy: the result carries err_ulps, a bound on |computed − true| in
// units of 2^−192, built from the per-step bounds below (≤ 6200 ulp =
// 2^−179.4 for x < 2^8, ≤ ~60 ulp above).
#pragma once

#include "fixed_point.hpp"
#include "fixed_point_log_exp.hpp"
#include "precision.hpp"
#include "fixed_point_tables.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sklaws::numerics::fixed {

struct FixedEvaluation {
    Fixed val;
    double err_ulps;  // |val − true| ≤ err_ulps · 2^−192
};

namespace detail {

// 1/x for x ≥ 64, within 2 ulp: a double-double start h + l (x split
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

// Double-double arithmetic for the inner Horner steps (see below): values
// hi + lo with |lo| ≤ ½ ulp(hi).
struct DoubleDouble {
    double hi, lo;
};

inline DoubleDouble to_double_double(const Fixed& x) {
    const double hi = to_double(x);
    return {hi, to_double(x - from_double(hi))};
}

// c + x·t, relative error < 2^−100 when c and x·t do not cancel (|x·t| ≤
// |c|/4 here): exact products (fma) and sums (two-sum) of the high parts,
// the cross terms in double.
inline DoubleDouble multiply_add(const DoubleDouble& c, const DoubleDouble& x, const DoubleDouble& t) {
    const double p = x.hi * t.hi;
    const double pe = std::fma(x.hi, t.hi, -p) + (x.hi * t.lo + x.lo * t.hi);
    const double s = c.hi + p;
    const double bb = s - c.hi;
    const double se = (c.hi - (s - bb)) + (p - bb) + c.lo + pe;
    const double hi = s + se;
    return {hi, se - (hi - s)};
}

// S(v) − S(u), S(u) = Σ_{k=1}^{K} c_k u^{2k−1}, by Horner in u² (and v²)
// from c_K inward, the two chains side by side. Steps whose contribution to
// S is below 2^−100 (|c_k| u^{2k−1} ≤ 2^−100: k ≥ 9 at u = 1/64) run in
// double-double: their relative error (< 2^−100 a step, the terms do not
// cancel since |u² c_{k+1}| < |c_k|/4 for k < πx/2) reaches the sum
// multiplied by u^{2k−1}, which `err_ulps` adds (≤ 0.1 ulp). The steps in
// fixed point each add < 1 ulp of truncation and ½ ulp of coefficient
// rounding, and the multiplication by u² < 2^−12 shrinks what came before,
// so each sum is within 1.6 ulp (plus the error of u, amplified by
// |S'(u)| ≤ 1/12 + …).
inline Fixed stirling_sum_difference(const Fixed& u, const Fixed& v, int terms, double& err_ulps) {
    const Fixed u2 = mul(u, u), v2 = mul(v, v);
    const double ud = to_double(u), u2d = ud * ud;
    int first_fixed = terms;  // largest k evaluated in fixed point
    double u_power = ud;      // u^{2k−1}
    int k0 = terms + 1;
    for (int k = 1; k <= terms; ++k, u_power *= u2d) {
        if (tables::stirling_abs[k] * u_power <= 0x1p-100) {
            k0 = k;
            break;
        }
    }
    Fixed tu, tv;
    if (k0 <= terms) {
        const DoubleDouble du2 = to_double_double(u2), dv2 = to_double_double(v2);
        DoubleDouble su{tables::stirling_dd[terms][0], tables::stirling_dd[terms][1]}, sv = su;
        for (int k = terms - 1; k >= k0; --k) {
            const DoubleDouble c{tables::stirling_dd[k][0], tables::stirling_dd[k][1]};
            su = multiply_add(c, du2, su);
            sv = multiply_add(c, dv2, sv);
        }
        tu = from_double(su.hi) + from_double(su.lo);
        tv = from_double(sv.hi) + from_double(sv.lo);
        const double steps = static_cast<double>(terms - k0 + 2);  // + the coefficient and conversion
        err_ulps += 2 * std::fabs(su.hi) * u_power * steps * 0x1p-100 * 0x1p192 * 1.01;
        first_fixed = k0 - 1;
    } else {
        tu = tables::stirling[terms];
        tv = tu;
        first_fixed = terms - 1;
    }
    for (int k = first_fixed; k >= 1; --k) {
        tu = tables::stirling[k] + mul(u2, tu);
        tv = tables::stirling[k] + mul(v2, tv);
    }
    return mul(v, tv) - mul(u, tu);
}

// x·2^e as a mantissa in [1, 2): shifting left is exact, shifting right
// truncates by < 1 ulp (< 1 ulp relative, the mantissa being ≥ 1).
inline void normalise(Fixed& mantissa, long& exponent) {
    const int shift = top_bit(mantissa) - fraction_bits;
    if (shift > 0) {
        mantissa = shift_right(mantissa, shift);
    } else if (shift < 0) {
        mantissa = shift_left(mantissa, -shift);
    }
    exponent += shift;
}

// Coefficients of the octets Π_{j<8}(z + i + j) = z⁸ + Σ_{k<8} a_k z^k for
// i = 1, 9, …, 57 (elementary symmetric polynomials of i … i+7; all
// < 2^48), computed at compile time.
struct OctetCoefficients {
    std::array<std::array<std::uint64_t, 8>, 8> a{};
    constexpr OctetCoefficients() {
        for (int o = 0; o < 8; ++o) {
            // Multiply out (z + i)(z + i + 1)… one factor at a time.
            std::array<std::uint64_t, 9> poly{1};  // poly[k] = coefficient of z^k
            for (int j = 0; j < 8; ++j) {
                const std::uint64_t c = static_cast<std::uint64_t>(8 * o + 1 + j);
                for (int k = j + 1; k >= 1; --k) poly[k] = poly[k - 1] + c * poly[k];
                poly[0] = c * poly[0];
            }
            for (int k = 0; k < 8; ++k) a[o][k] = poly[k];
        }
    }
};
inline constexpr OctetCoefficients octet_coefficients{};

// ln Π_{i<m}(z+i) for 0 < z < 66 and m = 1 + 8q ≤ 65 (every octet < 2^57),
// as ln mantissa + e·ln 2 (the caller adds the e·ln 2 part). The first
// factor z is taken exactly (it may be tiny); then octets
// z⁸ + Σ a_k z^k from the truncated powers z² … z⁸ (errors tracked in
// double as they are formed) and exact word products. `err_ulps` bounds
// the relative error of the product in units of 2^−192 (= the absolute
// error of its log), before the log of the mantissa (log_error_ulps).
struct LogProduct {
    Fixed log_mantissa;
    long exponent;
    double err_ulps;
};

// Both products of the shift, A (z = x + δ) and B (z = x), side by side.
inline std::array<LogProduct, 2> log_shift_products(const std::array<Fixed, 2>& z, long m) {
    std::array<Fixed, 2> p = z;
    std::array<long, 2> e{0, 0};
    std::array<double, 2> err{1, 1};  // the first normalisation (exact when z < 2)
    for (int s = 0; s < 2; ++s) normalise(p[s], e[s]);
    const long octets = (m - 1) / 8;
    if (octets > 0) {
        std::array<std::array<Fixed, 9>, 2> power;
        std::array<std::array<double, 9>, 2> power_err{};  // absolute, ulps
        std::array<double, 2> zd{};
        for (int s = 0; s < 2; ++s) {
            power[s][1] = z[s];
            zd[s] = to_double(z[s]);
        }
        for (int k = 2; k <= 8; ++k) {
            for (int s = 0; s < 2; ++s) {
                // z^k = z^{k−1}·z: error ≤ z·err(z^{k−1}) + 1.
                power[s][k] = mul(power[s][k - 1], z[s]);
                power_err[s][k] = zd[s] * power_err[s][k - 1] + 1;
            }
        }
        std::array<double, 2> z8{};
        for (int s = 0; s < 2; ++s) z8[s] = std::pow(zd[s], 8);
        for (long o = 0; o < octets; ++o) {
            const auto& a = octet_coefficients.a[static_cast<std::size_t>(o)];
            for (int s = 0; s < 2; ++s) {
                // Σ_{k=1}^{7} a_k z^k exactly, column by column: column w
                // gets the low halves of its word products and the high halves
                // of column w−1's (each column sum < 16·2^64 fits 128 bits;
                // the total is < 2^57, so nothing leaves the top word).
                Fixed linear;
                uint128 carry = 0;
                for (int w = 0; w < 4; ++w) {
                    uint128 column = carry;
                    uint128 high = 0;
                    for (int k = 1; k < 8; ++k) {
                        const uint128 t = static_cast<uint128>(power[s][k].w[w]) * a[k];
                        column += static_cast<std::uint64_t>(t);
                        high += static_cast<std::uint64_t>(t >> 64);
                    }
                    linear.w[w] = static_cast<std::uint64_t>(column);
                    carry = (column >> 64) + high;
                }
                const Fixed octet = linear + power[s][8] + Fixed::from_int(static_cast<std::int64_t>(a[0]));
                double octet_err = power_err[s][8];
                for (int k = 1; k < 8; ++k) octet_err += static_cast<double>(a[k]) * power_err[s][k];
                // The octet's relative error, then the product's truncation
                // (< 1 ulp of a value ≥ the octet ≥ 8!) and the normalisation's.
                const double octet_value = static_cast<double>(a[0]) + z8[s];  // ≤ the octet
                err[s] += (octet_err + 1) / octet_value * 1.0001 + 1;
                p[s] = mul(p[s], octet);
                normalise(p[s], e[s]);
            }
        }
    }
    const std::array<Fixed, 2> logs = log(p);
    return {LogProduct{logs[0], e[0], err[0]}, LogProduct{logs[1], e[1], err[1]}};
}

// e·ln 2 for |e| < 2^32 from the 256-bit ln 2 (½ ulp).
inline Fixed times_ln2(long e) {
    const auto magnitude = static_cast<std::uint64_t>(e < 0 ? -e : e);
    const std::array<std::uint64_t, 5> p = fixed::detail::multiply_by_word(std::to_array(tables::ln2_256), magnitude);
    Fixed r{{p[1], p[2], p[3], p[4]}};
    if (p[0] >> 63) r = r + Fixed{{1, 0, 0, 0}};
    return e < 0 ? -r : r;
}

// The Stirling difference for x ≥ 64 (file comment).
inline FixedEvaluation stirling_ratio(const Fixed& x, const Fixed& delta) {
    const Fixed one = Fixed::from_int(1);
    const Fixed y = x + delta;
    const Fixed u = reciprocal(x), v = reciprocal(y);  // 2 ulp each

    const bool small = top_bit(x) < fraction_bits + 8;
    Fixed log_y, log_x;
    if (small) {
        const std::array<Fixed, 2> logs = log(std::array<Fixed, 2>{y, x});
        log_y = logs[0];
        log_x = logs[1];
    } else {
        log_y = log(y);
    }
    Fixed a;
    double err;
    if (small) {
        // x < 2^8: (x − ½)(ln y − ln x), two logs within log_error_ulps each,
        // amplified by x − ½ < 2^8 (≤ 6145 ulp; one log instead of a
        // ~30-term series).
        const Fixed half_less = x - shift_right(one, 1);
        a = mul(half_less, log_y - log_x);
        err = 2 * log_error_ulps * to_double(half_less) + 1;
    } else {
        // δ(1 − u/2)·h(w), h(w) = Σ_{m≤M} (−w)^{m−1}/m = ln(1+w)/w, w = δu ≤ 2^−7.
        // Bounds: w ≤ 2δ + 1 = 5 ulp → h off by ≤ 2.5 (|h'| ≤ ½); Horner adds
        // ≤ 1.5/(1 − w); the tail w^M/(M+1) < 2^−194 (½ ulp after the factor
        // δ ≤ 2); δh ≤ 2·4.1 + 1; the factor (1 − u/2) adds 2·2 + 1. Total < 16.
        const Fixed w = mul(delta, u);
        const int w_bits = fraction_bits - 1 - top_bit(w);  // w < 2^−w_bits
        const int terms =
            w.is_zero() ? 1 : std::min(tables::reciprocal_count, (194 + w_bits - 1) / std::max(w_bits, 1));
        Fixed h = tables::reciprocal[terms];
        for (int m = terms - 1; m >= 1; --m) h = tables::reciprocal[m] - mul(w, h);
        a = mul(mul(delta, h), one - shift_right(u, 1));
        err = 16;
    }

    // δ(ln y − 1): δ·log_error_ulps + 1.
    const Fixed b = mul(delta, log_y - one);
    err += 2 * log_error_ulps + 1;

    // Σ c_k (v^{2k−1} − u^{2k−1}): K from the remainder bound (< ¼ ulp), each
    // sum within 1.6 ulp plus u's and v's 2 ulp times |S'| < 0.1.
    const double ud = to_double(u);
    const double u2d = ud * ud;
    double u_power = ud * u2d;  // u^{2k+1} for k = 1
    int K = 1;
    double remainder_ulps = 0;
    for (;; ++K) {
        remainder_ulps = 2 * tables::stirling_abs[K + 1] * u_power * 0x1p192 * 1.001;
        if (remainder_ulps < 0.25 || K + 1 == tables::stirling_count) break;
        u_power *= u2d;
    }
    const Fixed sum = a + b + stirling_sum_difference(u, v, K, err);
    err += 2 * (1.6 + 1 + 0.2) + remainder_ulps;
    return {sum, err};
}

}  // namespace detail

// ln Γ(x+δ) − ln Γ(x); domain and accuracy in the file comment.
inline FixedEvaluation log_gamma_ratio_fixed(const Fixed& x, const Fixed& delta) {
    constexpr int shift_bits = 6;  // x ≥ 2^6 = 64 needs no shift
    if (delta.is_zero()) return {Fixed{}, 0};
    if (top_bit(x) >= fraction_bits + shift_bits) return detail::stirling_ratio(x, delta);
    // x < 64: m − 1 a multiple of 8 with y = x + m ∈ [64, 72).
    const long m = 1 + 8 * ((63 - static_cast<long>(x.w[3]) + 7) / 8);
    const Fixed shift = Fixed::from_int(m);
    FixedEvaluation large = detail::stirling_ratio(x + shift, delta);
    const auto [la, lb] = detail::log_shift_products({x + delta, x}, m);
    large.val = large.val - (la.log_mantissa - lb.log_mantissa) - detail::times_ln2(la.exponent - lb.exponent);
    large.err_ulps += (la.err_ulps + lb.err_ulps) * 1.0001 + 2 * log_error_ulps + 0.5;
    return large;
}

}  // namespace sklaws::numerics::fixed
