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
// The tables (~2600 values, 95 KB) are built once per process with MPFR at
// 320 bits and are read-only afterwards, so the functions are thread-safe.
// Tested against MPFR's correctly rounded mpfr_log / mpfr_exp at 400 bits.
#pragma once

#include "fixed_point.hpp"

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

class LogExpTables {
public:
    static const LogExpTables& get() {
        static const LogExpTables tables;
        return tables;
    }

    static constexpr int levels = 5;
    static constexpr int entries = 260;   // level l ≥ 2 indices reach 258
    static constexpr long exp_offset = 90;  // |r| < 90/256

    std::array<std::array<std::uint64_t, entries>, levels> reducer{};  // r_l·2^{B_l}
    std::array<std::array<Fixed, entries>, levels> minus_ln_reducer{};  // −ln r_l ≥ 0
    std::array<Fixed, 64> e_ln2{};                                       // e·ln 2
    std::array<Fixed, 17> reciprocal{};                                  // 1/k, k = 1…16
    std::array<std::uint64_t, 4> ln2_256{};                              // ⌊ln 2 · 2^256⌉
    std::array<Fixed, 2 * exp_offset> exp_1{};                           // e^{j/2^8}, j = −90…89
    std::array<std::array<Fixed, 256>, 4> exp_fine{};                    // e^{i/2^16}, …, e^{i/2^40}
    std::array<Fixed, 5> inverse_factorial{};                            // 1/m!, m = 0…4

    static int reducer_bits(int level) { return 8 * (level + 1) + 8; }  // B_l for l = level+1

private:
    LogExpTables() {
        mpfr_t v;
        mpfr_init2(v, 320);
        for (int level = 0; level < levels; ++level) {
            const int index_bits = 8 * (level + 1), b = reducer_bits(level);
            for (int i = 0; i < entries; ++i) {
                // ⌈2^{B + 8l} / (2^{8l} + i)⌉ ≤ 2^B < 2^64.
                const uint128 numerator = static_cast<uint128>(1) << (b + index_bits);
                const uint128 denominator = (static_cast<uint128>(1) << index_bits) + static_cast<unsigned>(i);
                const auto r = static_cast<std::uint64_t>((numerator + denominator - 1) / denominator);
                reducer[level][i] = r;
                mpfr_set_ui_2exp(v, r, -b, MPFR_RNDN);  // exact
                mpfr_log(v, v, MPFR_RNDN);
                mpfr_neg(v, v, MPFR_RNDN);
                minus_ln_reducer[level][i] = from_mpfr_nearest(v);
            }
        }
        for (int e = 0; e < 64; ++e) {
            mpfr_const_log2(v, MPFR_RNDN);
            mpfr_mul_ui(v, v, static_cast<unsigned long>(e), MPFR_RNDN);
            e_ln2[e] = from_mpfr_nearest(v);
        }
        for (int k = 1; k <= 16; ++k) {
            mpfr_set_ui(v, 1, MPFR_RNDN);
            mpfr_div_ui(v, v, static_cast<unsigned long>(k), MPFR_RNDN);
            reciprocal[k] = from_mpfr_nearest(v);
        }
        mpfr_const_log2(v, MPFR_RNDN);
        mpfr_mul_2ui(v, v, 256, MPFR_RNDN);
        mpz_t n;
        mpz_init(n);
        mpfr_get_z(n, v, MPFR_RNDN);  // ⌊ln 2 · 2^256⌉ < 2^256
        for (int i = 0; i < 4; ++i) ln2_256[i] = mpz_getlimbn(n, i);
        mpz_clear(n);
        for (long j = -exp_offset; j < exp_offset; ++j) exp_1[j + exp_offset] = exp_of_dyadic(v, j, 8);
        for (int level = 0; level < 4; ++level) {
            for (long i = 0; i < 256; ++i) exp_fine[level][i] = exp_of_dyadic(v, i, 16 + 8 * level);
        }
        for (int m = 0; m <= 4; ++m) {
            mpfr_fac_ui(v, static_cast<unsigned long>(m), MPFR_RNDN);
            mpfr_ui_div(v, 1, v, MPFR_RNDN);
            inverse_factorial[m] = from_mpfr_nearest(v);
        }
        mpfr_clear(v);
    }

    static Fixed exp_of_dyadic(mpfr_ptr v, long numerator, int shift) {
        mpfr_set_si_2exp(v, numerator, -shift, MPFR_RNDN);
        mpfr_exp(v, v, MPFR_RNDN);
        return from_mpfr_nearest(v);
    }
};

// ln(1 + ε) for 0 ≤ ε < 2^−39 by Horner on its first four terms.
inline Fixed log1p_small(const Fixed& eps, const LogExpTables& t) {
    Fixed h = t.reciprocal[4];
    for (int k = 3; k >= 1; --k) h = t.reciprocal[k] - mul(eps, h);
    return mul(eps, h);
}

}  // namespace detail

// ln y for 1 ≤ y < 2^62, within log_error_ulps·2^−192 (absolute).
inline Fixed log(const Fixed& y) {
    const detail::LogExpTables& t = detail::LogExpTables::get();
    const int e = top_bit(y) - fraction_bits;  // y ∈ [2^e, 2^{e+1})
    Fixed z = shift_right(y, e);               // m ∈ [1, 2)
    Fixed result = t.e_ln2[e];
    for (int level = 0; level < detail::LogExpTables::levels; ++level) {
        // ⌊(z − 1)·2^{8l}⌋: z < 2, so z − 1 is the fraction words, and its top
        // bits are the index.
        const auto index = static_cast<int>(z.w[2] >> (64 - 8 * (level + 1)));
        z = mul_word_shift(z, t.reducer[level][index], detail::LogExpTables::reducer_bits(level));
        result = result + t.minus_ln_reducer[level][index];
    }
    Fixed eps = z;
    eps.w[3] = 0;  // z ∈ [1, 1 + 2^−39)
    return result + detail::log1p_small(eps, t);
}

// e^q for |q| ≤ 2^20, as F·2^k with relative error ≤ exp_error_ulps·2^−192.
inline ScaledFixed exp(const Fixed& q) {
    const detail::LogExpTables& t = detail::LogExpTables::get();
    const long k = std::lround(to_double(q) / 0.69314718055994530942);
    // k·ln 2 from the 256-bit ln 2, rounded once to 192 fraction bits.
    const std::uint64_t magnitude = static_cast<std::uint64_t>(k < 0 ? -k : k);
    const std::array<std::uint64_t, 5> p = fixed::detail::multiply_by_word(t.ln2_256, magnitude);
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
    Fixed f = t.inverse_factorial[4];
    for (int m = 3; m >= 0; --m) f = t.inverse_factorial[m] + mul(r, f);
    for (int level = 3; level >= 0; --level) f = mul(f, t.exp_fine[level][fine[level]]);
    f = mul(f, t.exp_1[j + detail::LogExpTables::exp_offset]);
    return {f, k};
}

}  // namespace sklaws::numerics::fixed
