// Fixed-point numbers with 192 fraction bits: value = N / 2^192, N a 256-bit
// two's-complement integer (four 64-bit words, least significant first; the
// top word is the signed integer part, so |value| < 2^63).
//
// Why: at 50 digits a multiprecision kernel spends most of its time in the
// bookkeeping around each operation (normalising exponents, rounding, memory)
// rather than in the 3–4-word products themselves. For quantities with a known
// magnitude — logarithms of arguments below 2^62, reduced exponents, Stirling
// corrections — absolute accuracy is what is needed, and fixed point gives it
// with plain word arithmetic: a product is 16 word multiplications.
//
// Accuracy conventions (ulp = 2^−192):
//   * +, −, negation, shifts left, exact conversions: exact;
//   * mul (product of two Fixed), mul_word_shift, shift_right: truncate,
//     error < 1 ulp;
//   * to_mpfr rounds once to the target precision (to nearest).
// Overflow (|value| ≥ 2^63) is the caller's responsibility: every user in
// sklaws states the ranges of its operands.
#pragma once

#include <gmp.h>
#include <mpfr.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace sklaws::numerics::fixed {

static_assert(sizeof(mp_limb_t) == 8, "fixed point assumes 64-bit GMP limbs");

__extension__ typedef unsigned __int128 uint128;

constexpr int fraction_bits = 192;

struct Fixed {
    std::array<std::uint64_t, 4> w{};

    static Fixed from_int(std::int64_t v) {
        Fixed f;
        f.w[3] = static_cast<std::uint64_t>(v);
        return f;
    }
    bool negative() const { return (w[3] >> 63) != 0; }
    bool is_zero() const { return (w[0] | w[1] | w[2] | w[3]) == 0; }
    friend bool operator==(const Fixed& a, const Fixed& b) { return a.w == b.w; }

    friend Fixed operator+(const Fixed& a, const Fixed& b) {
        Fixed r;
        std::uint64_t carry = 0;
        for (int i = 0; i < 4; ++i) {
            const uint128 s = static_cast<uint128>(a.w[i]) + b.w[i] + carry;
            r.w[i] = static_cast<std::uint64_t>(s);
            carry = static_cast<std::uint64_t>(s >> 64);
        }
        return r;
    }
    Fixed operator-() const {
        Fixed r;
        std::uint64_t carry = 1;
        for (int i = 0; i < 4; ++i) {
            const uint128 s = static_cast<uint128>(~w[i]) + carry;
            r.w[i] = static_cast<std::uint64_t>(s);
            carry = static_cast<std::uint64_t>(s >> 64);
        }
        return r;
    }
    friend Fixed operator-(const Fixed& a, const Fixed& b) {
        Fixed r;
        std::uint64_t borrow = 0;
        for (int i = 0; i < 4; ++i) {
            const uint128 d = static_cast<uint128>(a.w[i]) - b.w[i] - borrow;
            r.w[i] = static_cast<std::uint64_t>(d);
            borrow = static_cast<std::uint64_t>(d >> 64) & 1;
        }
        return r;
    }
};

inline Fixed abs(const Fixed& a) { return a.negative() ? -a : a; }

// Position of the highest set bit of a > 0 (0 … 254); the value is then in
// [2^(p−192), 2^(p−191)).
inline int top_bit(const Fixed& a) {
    for (int i = 3; i >= 0; --i) {
        if (a.w[i] != 0) return 64 * i + 63 - __builtin_clzll(a.w[i]);
    }
    return -1;
}

// floor(a / 2^s) for 0 ≤ s < 256 (arithmetic shift: floor for negatives too).
inline Fixed shift_right(const Fixed& a, int s) {
    const std::uint64_t fill = a.negative() ? ~std::uint64_t{0} : 0;
    const int words = s / 64, bits = s % 64;
    Fixed r;
    for (int i = 0; i < 4; ++i) {
        const int lo = i + words;
        const std::uint64_t low = lo < 4 ? a.w[lo] : fill;
        const std::uint64_t high = lo + 1 < 4 ? a.w[lo + 1] : fill;
        r.w[i] = bits == 0 ? low : (low >> bits) | (high << (64 - bits));
    }
    return r;
}

// a·2^s for 0 ≤ s < 256 (exact when it does not overflow).
inline Fixed shift_left(const Fixed& a, int s) {
    const int words = s / 64, bits = s % 64;
    Fixed r;
    for (int i = 3; i >= 0; --i) {
        const int hi = i - words;
        const std::uint64_t high = hi >= 0 ? a.w[hi] : 0;
        const std::uint64_t low = hi - 1 >= 0 ? a.w[hi - 1] : 0;
        r.w[i] = bits == 0 ? high : (high << bits) | (low >> (64 - bits));
    }
    return r;
}

namespace detail {

// Magnitude product of two non-negative values, truncated to 192 fraction
// bits (the words 3 … 6 of the 512-bit product). Column by column: column j
// is the carry of column j−1 plus the high halves of column j−1's word
// products and the low halves of its own, at most 8 terms below 2^64 each,
// so every column sum is exact in 128 bits. Written out in full (no
// accumulator loop): ~30% faster than a three-word accumulator, same bits.
inline Fixed multiply_magnitudes(const Fixed& a, const Fixed& b) {
    const auto& x = a.w;
    const auto& y = b.w;
    auto lo = [](uint128 v) { return static_cast<uint128>(static_cast<std::uint64_t>(v)); };
    const uint128 p00 = static_cast<uint128>(x[0]) * y[0];
    const uint128 p01 = static_cast<uint128>(x[0]) * y[1], p10 = static_cast<uint128>(x[1]) * y[0];
    const uint128 c1 = (p00 >> 64) + lo(p01) + lo(p10);
    const uint128 p02 = static_cast<uint128>(x[0]) * y[2], p11 = static_cast<uint128>(x[1]) * y[1],
                  p20 = static_cast<uint128>(x[2]) * y[0];
    const uint128 c2 = (c1 >> 64) + (p01 >> 64) + (p10 >> 64) + lo(p02) + lo(p11) + lo(p20);
    const uint128 p03 = static_cast<uint128>(x[0]) * y[3], p12 = static_cast<uint128>(x[1]) * y[2],
                  p21 = static_cast<uint128>(x[2]) * y[1], p30 = static_cast<uint128>(x[3]) * y[0];
    const uint128 c3 =
        (c2 >> 64) + (p02 >> 64) + (p11 >> 64) + (p20 >> 64) + lo(p03) + lo(p12) + lo(p21) + lo(p30);
    const uint128 p13 = static_cast<uint128>(x[1]) * y[3], p22 = static_cast<uint128>(x[2]) * y[2],
                  p31 = static_cast<uint128>(x[3]) * y[1];
    const uint128 c4 =
        (c3 >> 64) + (p03 >> 64) + (p12 >> 64) + (p21 >> 64) + (p30 >> 64) + lo(p13) + lo(p22) + lo(p31);
    const uint128 p23 = static_cast<uint128>(x[2]) * y[3], p32 = static_cast<uint128>(x[3]) * y[2];
    const uint128 c5 = (c4 >> 64) + (p13 >> 64) + (p22 >> 64) + (p31 >> 64) + lo(p23) + lo(p32);
    const uint128 p33 = static_cast<uint128>(x[3]) * y[3];
    const uint128 c6 = (c5 >> 64) + (p23 >> 64) + (p32 >> 64) + lo(p33);
    Fixed r;
    r.w[0] = static_cast<std::uint64_t>(c3);
    r.w[1] = static_cast<std::uint64_t>(c4);
    r.w[2] = static_cast<std::uint64_t>(c5);
    r.w[3] = static_cast<std::uint64_t>(c6);
    return r;
}

// The exact five-word product of a four-word unsigned integer and a word.
inline std::array<std::uint64_t, 5> multiply_by_word(const std::array<std::uint64_t, 4>& a, std::uint64_t m) {
    std::array<std::uint64_t, 5> p{};
    std::uint64_t carry = 0;
    for (int i = 0; i < 4; ++i) {
        const uint128 t = static_cast<uint128>(a[i]) * m + carry;
        p[i] = static_cast<std::uint64_t>(t);
        carry = static_cast<std::uint64_t>(t >> 64);
    }
    p[4] = carry;
    return p;
}

}  // namespace detail

// a·b truncated toward zero (error < 1 ulp).
inline Fixed mul(const Fixed& a, const Fixed& b) {
    if (!a.negative() && !b.negative()) return detail::multiply_magnitudes(a, b);  // the common case
    const bool negative = a.negative() != b.negative();
    const Fixed m = detail::multiply_magnitudes(abs(a), abs(b));
    return negative ? -m : m;
}

// floor(a·m / 2^s) for a ≥ 0, 0 < s < 64: a product by a short dyadic
// constant m/2^s (error < 1 ulp).
inline Fixed mul_word_shift(const Fixed& a, std::uint64_t m, int s) {
    const std::array<std::uint64_t, 5> p = detail::multiply_by_word(a.w, m);
    Fixed r;
    for (int i = 0; i < 4; ++i) r.w[i] = (p[i] >> s) | (p[i + 1] << (64 - s));
    return r;
}

// The nearest double (within a few units of its last place; used only for
// starting values and range decisions).
inline double to_double(const Fixed& a) {
    const Fixed m = abs(a);
    const double v = std::ldexp(static_cast<double>(m.w[3]), 0) + std::ldexp(static_cast<double>(m.w[2]), -64) +
                     std::ldexp(static_cast<double>(m.w[1]), -128);
    return a.negative() ? -v : v;
}

// The exact value of a finite double d with 2^−139 ≤ |d| < 2^62 (53 bits,
// all above 2^−192); for smaller |d| the bits below 2^−192 are truncated.
// Read from the IEEE bits: this is on hot paths (Newton starting values).
inline Fixed from_double(double d) {
    std::uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    const int biased = static_cast<int>((bits >> 52) & 0x7ff);
    if (biased == 0) return Fixed{};  // zero or subnormal: below 2^−1022
    const std::uint64_t mantissa = (bits & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1} << 52);
    const int position = biased - 1075 + fraction_bits;  // index of the mantissa's lowest bit
    Fixed r;
    if (position <= -53) return r;
    if (position < 0) {
        r.w[0] = mantissa >> -position;
    } else {
        const int word = position / 64, bit = position % 64;
        r.w[word] = mantissa << bit;
        if (bit > 11 && word + 1 < 4) r.w[word + 1] = mantissa >> (64 - bit);
    }
    return (bits >> 63) ? -r : r;
}

enum class Conversion { exact, truncated, out_of_range };

// v as Fixed, for a finite v with |v| < 2^62: `exact`, or `truncated` when
// v had bits below 2^−192 (dropped: the magnitude is truncated, error
// < 1 ulp); `out_of_range` otherwise (out untouched). Reads the significand
// through MPFR's documented custom interface; no allocation.
inline Conversion from_mpfr(mpfr_srcptr v, Fixed& out) {
    if (mpfr_zero_p(v)) {
        out = Fixed{};
        return Conversion::exact;
    }
    if (!mpfr_number_p(v)) return Conversion::out_of_range;
    const mpfr_exp_t exponent = mpfr_get_exp(v);  // |v| = 0.d₁d₂… · 2^exponent
    if (exponent > 62) return Conversion::out_of_range;
    const long limbs = (mpfr_get_prec(v) + 63) / 64;
    const auto* d = static_cast<const mp_limb_t*>(mpfr_custom_get_significand(const_cast<mpfr_ptr>(v)));
    Fixed r;
    bool dropped = false;
    for (long i = 0; i < limbs; ++i) {
        if (d[i] == 0) continue;
        // bit 0 of d[i] has weight 2^(64 i − 64 limbs + exponent); its index in N:
        const long position = 64 * i - 64 * limbs + exponent + fraction_bits;
        if (position <= -64) {
            dropped = true;
            continue;
        }
        if (position < 0) {
            dropped = dropped || (d[i] << (64 + position)) != 0;
            r.w[0] |= d[i] >> -position;
            continue;
        }
        const long word = position / 64, bit = position % 64;
        r.w[word] |= d[i] << bit;
        if (bit != 0 && word + 1 < 4) r.w[word + 1] |= d[i] >> (64 - bit);
    }
    out = mpfr_signbit(v) ? -r : r;
    return dropped ? Conversion::truncated : Conversion::exact;
}

// v as Fixed when that is exact (see from_mpfr); `false` otherwise.
inline bool from_mpfr_exact(mpfr_srcptr v, Fixed& out) {
    Fixed r;
    if (from_mpfr(v, r) != Conversion::exact) return false;
    out = r;
    return true;
}

// out = a, rounded to nearest at out's precision.
inline void to_mpfr(mpfr_ptr out, const Fixed& a) {
    if (a.is_zero()) {
        mpfr_set_zero(out, 1);
        return;
    }
    const Fixed m = abs(a);
    const int top = top_bit(m);
    const Fixed normalised = shift_left(m, 255 - top);  // highest bit at 255
    mp_limb_t significand[4] = {normalised.w[0], normalised.w[1], normalised.w[2], normalised.w[3]};
    mpfr_t view;
    mpfr_custom_init_set(view, a.negative() ? -MPFR_REGULAR_KIND : MPFR_REGULAR_KIND, top + 1 - fraction_bits, 256,
                         significand);
    mpfr_set(out, view, MPFR_RNDN);
}

// v rounded to the nearest Fixed (|v| < 2^62); for building constant tables,
// not for hot paths (it allocates).
inline Fixed from_mpfr_nearest(mpfr_srcptr v) {
    mpfr_t scaled;
    mpfr_init2(scaled, mpfr_get_prec(v) + 8);
    mpfr_mul_2ui(scaled, v, fraction_bits, MPFR_RNDN);  // exact
    mpfr_rint(scaled, scaled, MPFR_RNDN);
    mpfr_div_2ui(scaled, scaled, fraction_bits, MPFR_RNDN);  // exact
    Fixed r;
    const bool exact = from_mpfr_exact(scaled, r);
    mpfr_clear(scaled);
    (void)exact;  // an integer multiple of 2^−192 below 2^62 always converts
    return r;
}

}  // namespace sklaws::numerics::fixed
