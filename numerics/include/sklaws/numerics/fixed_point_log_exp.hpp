// Natural logarithm and exponential in 192-bit fixed point (fixed_point.hpp),
// by multiplicative table reduction and a short series.
//
// Logarithm, 1 ≤ y < 2^62:
//   y = 2^e·m, m ∈ [1, 2);  z_0 = m,
//   z_l = z_{l−1}·r_l,  r_l = ⌈2^{B_l}/(1 + i·2^{−8l})⌉/2^{B_l},  i = ⌊(z_{l−1} − 1)·2^{8l}⌋,
//   B_l = 8l + 8 (l = 1…5), so z_l ∈ [1, 1 + 1.01·2^{−8l}) and r_l has ≤ 49 bits:
//   each step is one word product, not a full one;
//   ln y = e·ln 2 − Σ_l ln r_l + ln(1 + ε),  ε = z_5 − 1 < 1.01·2^{−40},
//   ln(1 + ε) = ε − ε²/2 + ε³/3 − ε⁴/4 (the next term is < 2^−201).
// Error: e·ln 2 and ln r_l are tabulated to ½ ulp (ulp = 2^−192), the shift
// m = y/2^e and each z_l truncate by < 1 ulp (ln error < 1 ulp each: z ≥ 1),
// the Horner steps add < 1.1 ulp and the series tail < 0.01 ulp:
// |computed − ln y| < 10.2 ulp; we state log_error_ulps = 12.
//
// Exponential, |q| ≤ 2^20:
//   k = round(q / ln 2), r = q − k·ln 2 (ln 2 to 256 bits: error ½ ulp),
//   r = j/2^8 + i₂/2^16 + i₃/2^24 + i₄/2^32 + i₅/2^40 + s, 0 ≤ s < 2^−40
//   (exact bit fields),
//   e^q = 2^k · E₁[j]·E₂[i₂]·…·E₅[i₅] · Σ_{m≤4} s^m/m!   (s⁵/5! < 2^−206),
//   the result is returned as (F, k) with e^q ≈ F·2^k, F ∈ (0.70, 1.42).
// Error: tables to ½ ulp, five table products and four Horner products
// truncating by < 1 ulp each, r off by ½ ulp; with every partial product
// below 1.42: |F − e^r| < 10.1 ulp, i.e. a relative error below
// 10.1/0.70 + ½·1.42/0.70 < 15.5 ulp; we state exp_error_ulps = 16 (relative).
//
// The tables (~2600 values) are compiled in (fixed_point_tables.hpp, written
// by numerics/tools/generate_fixed_point_tables.cpp from MPFR at 320 bits):
// building them at run time cost 40–50 ms per process. Read-only, so the
// functions are thread-safe.
// Tested against MPFR's correctly rounded mpfr_log / mpfr_exp at 400 bits.
#pragma once

#include "fixed_point.hpp"
#include "fixed_point_tables.hpp"

#include <array>
#include <cmath>
#include <cstdint>

namespace sklaws::numerics::fixed {

constexpr double log_error_ulps = 12;
constexpr double exp_error_ulps = 16;

struct ScaledFixed {
    Fixed mantissa;  // F ∈ (0.70, 1.42)
    long exponent;   // value = F·2^exponent
};

namespace detail {

// ln(1 + ε) for 0 ≤ ε < 2^−39 by Horner on its first four terms.
inline Fixed log1p_small(const Fixed& eps) {
    Fixed h = tables::reciprocal[4];
    for (int k = 3; k >= 1; --k) h = tables::reciprocal[k] - mul(eps, h);
    return mul(eps, h);
}

}  // namespace detail

// ln y_i for N values 1 ≤ y_i < 2^62 at once, each within log_error_ulps·
// 2^−192 (absolute). The N reductions are independent chains run side by
// side, so the processor overlaps them: two logs cost little more than one.
template <std::size_t N>
std::array<Fixed, N> log(const std::array<Fixed, N>& y) {
    std::array<Fixed, N> z, result;
    for (std::size_t i = 0; i < N; ++i) {
        const int e = top_bit(y[i]) - fraction_bits;  // y ∈ [2^e, 2^{e+1})
        z[i] = shift_right(y[i], e);                  // m ∈ [1, 2)
        result[i] = tables::e_ln2[e];
    }
    for (int level = 0; level < tables::log_levels; ++level) {
        for (std::size_t i = 0; i < N; ++i) {
            // ⌊(z − 1)·2^{8l}⌋: z < 2, so z − 1 is the fraction words, and its
            // top bits are the index.
            const auto index = static_cast<int>(z[i].w[2] >> (64 - 8 * (level + 1)));
            z[i] = mul_word_shift(z[i], tables::reducer[level][index], 8 * (level + 1) + 8);  // B_l = 8l + 8
            result[i] = result[i] + tables::minus_ln_reducer[level][index];
        }
    }
    for (std::size_t i = 0; i < N; ++i) {
        Fixed eps = z[i];
        eps.w[3] = 0;  // z ∈ [1, 1 + 2^−39)
        result[i] = result[i] + detail::log1p_small(eps);
    }
    return result;
}

// ln y for 1 ≤ y < 2^62, within log_error_ulps·2^−192 (absolute).
inline Fixed log(const Fixed& y) { return log(std::array<Fixed, 1>{y})[0]; }

// e^q for |q| ≤ 2^20, as F·2^k with relative error ≤ exp_error_ulps·2^−192.
inline ScaledFixed exp(const Fixed& q) {
    const long k = std::lround(to_double(q) / 0.69314718055994530942);
    // k·ln 2 from the 256-bit ln 2, rounded once to 192 fraction bits.
    const std::uint64_t magnitude = static_cast<std::uint64_t>(k < 0 ? -k : k);
    const std::array<std::uint64_t, 5> p = fixed::detail::multiply_by_word(std::to_array(tables::ln2_256), magnitude);
    Fixed k_ln2{{p[1], p[2], p[3], p[4]}};
    if (p[0] >> 63) k_ln2 = k_ln2 + Fixed{{1, 0, 0, 0}};
    Fixed r = q - (k < 0 ? -k_ln2 : k_ln2);  // |r| < 0.347 < 90/256
    // Bit fields of r: j = ⌊r·2^8⌋ (two's complement: floor for r < 0 too).
    const auto j = static_cast<long>(static_cast<std::int64_t>((r.w[3] << 8) | (r.w[2] >> 56)));
    r.w[3] = 0;
    r.w[2] &= (std::uint64_t{1} << 56) - 1;
    std::array<unsigned, 4> fine{};
    for (int level = 0; level < 4; ++level) {
        const int shift = 48 - 8 * level;
        fine[level] = static_cast<unsigned>(r.w[2] >> shift);
        r.w[2] &= (std::uint64_t{1} << shift) - 1;
    }
    // Σ_{m≤4} s^m/m! by Horner, s = r < 2^−40.
    Fixed f = tables::inverse_factorial[4];
    for (int m = 3; m >= 0; --m) f = tables::inverse_factorial[m] + mul(r, f);
    for (int level = 3; level >= 0; --level) f = mul(f, tables::exp_fine[level][fine[level]]);
    f = mul(f, tables::exp_1[j + tables::exp_offset]);
    return {f, k};
}

}  // namespace sklaws::numerics::fixed
