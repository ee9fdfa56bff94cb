// The 192-bit fixed-point kernels (fixed_point.hpp, fixed_point_log_exp.hpp,
// log_gamma_ratio_fixed.hpp) against MPFR at 400–700 bits, an independent
// implementation: conversions exact where stated, products within 1 ulp,
// ln and exp within their stated bounds over their whole domains and at the
// table knots, and the Gamma ratio within the bound it reports.
#include <sklaws/numerics/fixed_point.hpp>
#include <sklaws/numerics/fixed_point_log_exp.hpp>
#include <sklaws/numerics/log_gamma_ratio_fixed.hpp>
#include <sklaws/numerics/random_stream.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace sklaws::numerics;
using fixed::Fixed;

namespace {

constexpr mpfr_prec_t reference_bits = 400;

// An owned MPFR value at `bits` (the reference side of every comparison).
struct Big {
    mpfr_t v;
    explicit Big(mpfr_prec_t bits = reference_bits) { mpfr_init2(v, bits); }
    ~Big() { mpfr_clear(v); }
    Big(const Big&) = delete;
    Big& operator=(const Big&) = delete;
};

// |a − b| in units of 2^−192.
double difference_in_ulps(const Fixed& a, mpfr_srcptr b) {
    Big ours, diff;
    fixed::to_mpfr(ours.v, a);  // exact at 400 bits
    mpfr_sub(diff.v, ours.v, b, MPFR_RNDN);
    mpfr_mul_2ui(diff.v, diff.v, fixed::fraction_bits, MPFR_RNDN);
    return std::fabs(mpfr_get_d(diff.v, MPFR_RNDN));
}

// A random value with |v| < 2^(magnitude_bits), all its bits at or above 2^−192.
Fixed random_fixed(RandomStream& random, int magnitude_bits, bool allow_negative) {
    const int top = fixed::fraction_bits + magnitude_bits;  // keep bits [0, top), top ≤ 255
    Fixed f;
    for (int i = 0; i < 4; ++i) {
        f.w[i] = random.next();
        const int low = 64 * i;
        if (top <= low) f.w[i] = 0;
        else if (top < low + 64) f.w[i] &= (std::uint64_t{1} << (top - low)) - 1;
    }
    return allow_negative && random.uniform() < 0.5 ? -f : f;
}

}  // namespace

TEST_CASE("fixed point converts exactly and multiplies within 1 ulp", "[numerics][fixed]") {
    RandomStream random(31, 0);
    for (int i = 0; i < 2000; ++i) {
        const Fixed a = random_fixed(random, 1 + static_cast<int>(random.uniform() * 40), true);
        const Fixed b = random_fixed(random, 1 + static_cast<int>(random.uniform() * 20), true);
        Big ma, mb, product;
        fixed::to_mpfr(ma.v, a);
        fixed::to_mpfr(mb.v, b);
        Fixed back;
        REQUIRE(fixed::from_mpfr_exact(ma.v, back));
        REQUIRE(back == a);
        mpfr_mul(product.v, ma.v, mb.v, MPFR_RNDN);  // exact at 400 bits
        CHECK(difference_in_ulps(fixed::mul(a, b), product.v) < 1.0);
        Big sum;
        mpfr_add(sum.v, ma.v, mb.v, MPFR_RNDN);
        CHECK(difference_in_ulps(a + b, sum.v) == 0.0);
        CHECK(difference_in_ulps(a - b, (mpfr_sub(sum.v, ma.v, mb.v, MPFR_RNDN), sum.v)) == 0.0);
        if (!a.negative()) {
            const std::uint64_t m = random.next() >> 24;
            Big scaled;
            mpfr_mul_ui(scaled.v, ma.v, m, MPFR_RNDN);
            mpfr_div_2ui(scaled.v, scaled.v, 40, MPFR_RNDN);
            CHECK(difference_in_ulps(fixed::mul_word_shift(a, m, 40), scaled.v) < 1.0);
        }
    }
}

TEST_CASE("fixed point refuses inexact or out-of-range MPFR values", "[numerics][fixed]") {
    Fixed out;
    Big v(300);
    mpfr_set_ui_2exp(v.v, 1, -192, MPFR_RNDN);
    CHECK(fixed::from_mpfr_exact(v.v, out));  // the last bit is representable
    mpfr_set_ui_2exp(v.v, 3, -193, MPFR_RNDN);
    CHECK_FALSE(fixed::from_mpfr_exact(v.v, out));  // one bit below it
    REQUIRE(fixed::from_mpfr(v.v, out) == fixed::Conversion::truncated);  // … is dropped, < 1 ulp
    CHECK(out == Fixed{{1, 0, 0, 0}});
    mpfr_set_ui_2exp(v.v, 1, -300, MPFR_RNDN);
    REQUIRE(fixed::from_mpfr(v.v, out) == fixed::Conversion::truncated);
    CHECK(out.is_zero());
    mpfr_set_ui_2exp(v.v, 1, 62, MPFR_RNDN);
    CHECK_FALSE(fixed::from_mpfr_exact(v.v, out));  // 2^62 is out of range
    CHECK(fixed::from_mpfr(v.v, out) == fixed::Conversion::out_of_range);
    mpfr_set_str(v.v, "-123456789.000244140625", 10, MPFR_RNDN);
    REQUIRE(fixed::from_mpfr_exact(v.v, out));
    CHECK(fixed::to_double(out) == -123456789.000244140625);
    CHECK(fixed::from_double(-123456789.000244140625) == out);
    mpfr_set_nan(v.v);
    CHECK_FALSE(fixed::from_mpfr_exact(v.v, out));
}

TEST_CASE("fixed-point ln is within its stated bound for 1 <= y < 2^62", "[numerics][fixed]") {
    RandomStream random(32, 0);
    double worst = 0;
    auto check = [&](const Fixed& y) {
        Big my, reference;
        fixed::to_mpfr(my.v, y);
        mpfr_log(reference.v, my.v, MPFR_RNDN);
        worst = std::max(worst, difference_in_ulps(fixed::log(y), reference.v));
    };
    for (int i = 0; i < 3000; ++i) {
        Fixed y = random_fixed(random, 1 + static_cast<int>(random.uniform() * 61), false);
        if (fixed::top_bit(y) < fixed::fraction_bits) y = y + Fixed::from_int(1);
        check(y);
    }
    // Edges: 1, powers of two and their neighbours, first-level table knots.
    const Fixed tiny{{1, 0, 0, 0}};
    check(Fixed::from_int(1));
    check(Fixed::from_int(1) + tiny);
    for (int e = 1; e < 62; e += 3) {
        const Fixed p = Fixed::from_int(std::int64_t{1} << e);
        check(p);
        check(p - tiny);
    }
    for (int j = 0; j < 256; j += 17) check(Fixed::from_int(1) + fixed::shift_left(Fixed{{std::uint64_t(j), 0, 0, 0}}, 184));
    INFO("worst " << worst << " ulp");
    CHECK(worst <= fixed::log_error_ulps);
    CHECK(worst > 0);  // the comparison does see rounding
}

TEST_CASE("fixed-point exp is within its stated relative bound on |q| <= 2^20", "[numerics][fixed]") {
    RandomStream random(33, 0);
    double worst = 0;
    auto check = [&](const Fixed& q) {
        Big mq, reference, ours;
        fixed::to_mpfr(mq.v, q);
        mpfr_exp(reference.v, mq.v, MPFR_RNDN);
        const fixed::ScaledFixed e = fixed::exp(q);
        CHECK(fixed::to_double(e.mantissa) > 0.70);
        CHECK(fixed::to_double(e.mantissa) < 1.42);
        fixed::to_mpfr(ours.v, e.mantissa);
        mpfr_mul_2si(ours.v, ours.v, e.exponent, MPFR_RNDN);
        mpfr_sub(ours.v, ours.v, reference.v, MPFR_RNDN);
        mpfr_div(ours.v, ours.v, reference.v, MPFR_RNDN);
        mpfr_mul_2ui(ours.v, ours.v, fixed::fraction_bits, MPFR_RNDN);
        worst = std::max(worst, std::fabs(mpfr_get_d(ours.v, MPFR_RNDN)));
    };
    for (int i = 0; i < 3000; ++i) check(random_fixed(random, static_cast<int>(random.uniform() * 21) - 5, true));
    const Fixed tiny{{1, 0, 0, 0}};
    check(Fixed{});
    check(tiny);
    check(-tiny);
    for (const char* text : {"0.34657359027997265470861606072908828403775006718", "-0.3465735902799726547086160607",
                             "0.69314718055994530941723212145817656807550013436", "-1048576", "1048576",
                             "0.00390625", "-0.00390625", "41.4465316738928"}) {
        Big v(300);
        mpfr_set_str(v.v, text, 10, MPFR_RNDN);
        check(fixed::from_mpfr_nearest(v.v));
    }
    INFO("worst " << worst << " ulp");
    CHECK(worst <= fixed::exp_error_ulps);
    CHECK(worst > 0);
}

TEST_CASE("fixed-point log Gamma ratio is within the bound it reports", "[numerics][fixed]") {
    // Reference: mpfr_lngamma at 700 bits, differenced (lnΓ(1e18) ≈ 4e19
    // costs 66 bits to the cancellation, leaving > 600).
    RandomStream random(34, 0);
    double worst_ratio = 0, largest_bound = 0;
    for (int i = 0; i < 300; ++i) {
        const double log2_x = 20 + 41 * random.uniform();
        Fixed x = fixed::from_double(std::ldexp(1.0, static_cast<int>(log2_x)) * (1 + random.uniform()));
        if (i % 3 == 0) x = x + random_fixed(random, 0, false);  // fraction bits beyond double
        Fixed delta = random_fixed(random, 1, false);            // [0, 2)
        if (i % 5 == 0) delta = Fixed::from_int(2);
        const fixed::FixedEvaluation e = fixed::log_gamma_ratio_fixed(x, delta);
        Big mx(700), my(700), gx(700), gy(700);
        fixed::to_mpfr(mx.v, x);
        fixed::to_mpfr(my.v, x + delta);
        mpfr_lngamma(gx.v, mx.v, MPFR_RNDN);
        mpfr_lngamma(gy.v, my.v, MPFR_RNDN);
        mpfr_sub(gy.v, gy.v, gx.v, MPFR_RNDN);
        const double error = difference_in_ulps(e.val, gy.v);
        INFO("x ~ 2^" << log2_x << " error " << error << " bound " << e.err_ulps);
        CHECK(error <= e.err_ulps);
        worst_ratio = std::max(worst_ratio, error / e.err_ulps);
        largest_bound = std::max(largest_bound, e.err_ulps);
    }
    INFO("worst error/bound " << worst_ratio << ", largest bound " << largest_bound << " ulp");
    CHECK(largest_bound <= 64);  // ≥ 55 correct digits for any ratio ≥ 1e-2
}

TEST_CASE("fixed-point log Gamma ratio below 2^20 is within the bound it reports", "[numerics][fixed]") {
    // The Stirling difference at 64 <= x < 2^20 (more terms, longer ln(1+w)
    // series) and the shifted products at 0 < x < 64, down to x = 2^-60.
    RandomStream random(35, 0);
    double worst_ratio = 0, largest_bound = 0;
    auto check = [&](const Fixed& x, const Fixed& delta) {
        const fixed::FixedEvaluation e = fixed::log_gamma_ratio_fixed(x, delta);
        Big mx(700), my(700), gx(700), gy(700);
        fixed::to_mpfr(mx.v, x);
        fixed::to_mpfr(my.v, x + delta);
        mpfr_lngamma(gx.v, mx.v, MPFR_RNDN);
        mpfr_lngamma(gy.v, my.v, MPFR_RNDN);
        mpfr_sub(gy.v, gy.v, gx.v, MPFR_RNDN);
        const double error = difference_in_ulps(e.val, gy.v);
        INFO("x = " << fixed::to_double(x) << " delta = " << fixed::to_double(delta) << " error " << error
                    << " bound " << e.err_ulps);
        CHECK(error <= e.err_ulps);
        worst_ratio = std::max(worst_ratio, error / e.err_ulps);
        largest_bound = std::max(largest_bound, e.err_ulps);
    };
    for (int i = 0; i < 600; ++i) {
        const double log2_x = -60 + 80 * random.uniform();  // 2^-60 … 2^20
        Fixed x = fixed::from_double(std::ldexp(1.0 + random.uniform(), static_cast<int>(std::floor(log2_x))));
        if (i % 3 == 0) x = x + fixed::shift_right(random_fixed(random, 0, false), 70);  // bits beyond double
        if (x.is_zero()) x = Fixed{{1, 0, 0, 0}};
        Fixed delta = random_fixed(random, 1, false);  // [0, 2)
        if (i % 5 == 0) delta = Fixed::from_int(2);
        if (i % 7 == 0) delta = fixed::shift_right(delta, 30);  // tiny δ
        check(x, delta);
    }
    // Edges of the shift: integers and their neighbours around 64, x = 1, 2.
    const Fixed tiny{{1, 0, 0, 0}};
    for (std::int64_t k : {1, 2, 3, 62, 63, 64, 65}) {
        for (const Fixed& delta : {Fixed::from_int(1), fixed::from_double(0.5), fixed::from_double(0.001)}) {
            check(Fixed::from_int(k), delta);
            check(Fixed::from_int(k) - tiny, delta);
            check(Fixed::from_int(k) + tiny, delta);
        }
    }
    CHECK(fixed::log_gamma_ratio_fixed(Fixed::from_int(5), Fixed{}).val.is_zero());
    INFO("worst error/bound " << worst_ratio << ", largest bound " << largest_bound << " ulp");
    CHECK(largest_bound <= 7000);  // ≤ 2^-179.2 absolute: 51 digits of a ratio ≥ 1e-2
    CHECK(worst_ratio > 0);
}

TEST_CASE("the compiled fixed-point tables equal MPFR's values rounded to 192 bits", "[numerics][fixed]") {
    // Recomputed here at 400 bits (the generator used 320): every entry must
    // be the nearest multiple of 2^-192, i.e. within 1/2 ulp.
    namespace t = fixed::tables;
    Big v;
    auto within_half_ulp = [&](const Fixed& entry) { return difference_in_ulps(entry, v.v) <= 0.5; };
    for (int level = 0; level < t::log_levels; ++level) {
        for (int i = 0; i < t::log_entries; ++i) {
            mpfr_set_ui_2exp(v.v, t::reducer[level][i], -(8 * (level + 1) + 8), MPFR_RNDN);
            // r_l = ⌈2^{B+8l}/(2^{8l} + i)⌉/2^B: the smallest dyadic ≥ 1/(1 + i 2^{−8l}).
            Big product;
            mpfr_mul_ui(product.v, v.v, (1ul << (8 * (level + 1))) + static_cast<unsigned long>(i), MPFR_RNDN);
            mpfr_div_2ui(product.v, product.v, 8 * (level + 1), MPFR_RNDN);
            REQUIRE(mpfr_cmp_ui(product.v, 1) >= 0);
            mpfr_log(v.v, v.v, MPFR_RNDN);
            mpfr_neg(v.v, v.v, MPFR_RNDN);
            REQUIRE(within_half_ulp(t::minus_ln_reducer[level][i]));
        }
    }
    for (int e = 0; e < 64; ++e) {
        mpfr_const_log2(v.v, MPFR_RNDN);
        mpfr_mul_ui(v.v, v.v, static_cast<unsigned long>(e), MPFR_RNDN);
        REQUIRE(within_half_ulp(t::e_ln2[e]));
    }
    for (int k = 1; k <= t::reciprocal_count; ++k) {
        mpfr_set_ui(v.v, 1, MPFR_RNDN);
        mpfr_div_ui(v.v, v.v, static_cast<unsigned long>(k), MPFR_RNDN);
        REQUIRE(within_half_ulp(t::reciprocal[k]));
    }
    for (long j = -t::exp_offset; j < t::exp_offset; ++j) {
        mpfr_set_si_2exp(v.v, j, -8, MPFR_RNDN);
        mpfr_exp(v.v, v.v, MPFR_RNDN);
        REQUIRE(within_half_ulp(t::exp_1[j + t::exp_offset]));
    }
    for (int level = 0; level < 4; ++level) {
        for (long i = 0; i < 256; ++i) {
            mpfr_set_si_2exp(v.v, i, -(16 + 8 * level), MPFR_RNDN);
            mpfr_exp(v.v, v.v, MPFR_RNDN);
            REQUIRE(within_half_ulp(t::exp_fine[level][i]));
        }
    }
    for (int m = 0; m <= 4; ++m) {
        mpfr_fac_ui(v.v, static_cast<unsigned long>(m), MPFR_RNDN);
        mpfr_ui_div(v.v, 1, v.v, MPFR_RNDN);
        REQUIRE(within_half_ulp(t::inverse_factorial[m]));
    }
    // ln 2 · 2^256 to the nearest integer.
    mpfr_const_log2(v.v, MPFR_RNDN);
    mpfr_mul_2ui(v.v, v.v, 256, MPFR_RNDN);
    Big low;
    mpfr_set_ui(low.v, 0, MPFR_RNDN);
    for (int i = 3; i >= 0; --i) {
        mpfr_mul_2ui(low.v, low.v, 64, MPFR_RNDN);
        Big word;
        mpfr_set_ui_2exp(word.v, static_cast<unsigned long>(t::ln2_256[i] >> 32), 32, MPFR_RNDN);
        mpfr_add(low.v, low.v, word.v, MPFR_RNDN);
        mpfr_add_ui(low.v, low.v, static_cast<unsigned long>(t::ln2_256[i] & 0xffffffffu), MPFR_RNDN);
    }
    mpfr_sub(low.v, low.v, v.v, MPFR_RNDN);
    CHECK(std::fabs(mpfr_get_d(low.v, MPFR_RNDN)) <= 0.5);
    // Stirling coefficients from MPFR's Bernoulli numbers (via ζ, as the
    // generator) would not be independent: compare with the exact rationals
    // B_2k/(2k(2k−1)) for the first few, and with mpfr_zeta for the rest.
    const char* exact[] = {"1/12", "-1/360", "1/1260", "-1/1680", "1/1188", "-691/360360", "1/156", "-3617/122400"};
    for (int k = 1; k <= 8; ++k) {
        mpq_t q;
        mpq_init(q);
        mpq_set_str(q, exact[k - 1], 10);
        mpfr_set_q(v.v, q, MPFR_RNDN);
        mpq_clear(q);
        REQUIRE(within_half_ulp(t::stirling[k]));
        CHECK(t::stirling_abs[k] >= std::fabs(mpfr_get_d(v.v, MPFR_RNDZ)));
    }
    for (int k = 9; k <= t::stirling_count; ++k) {
        // c_k = (−1)^{k+1} 2 (2k−2)! ζ(2k) / (2π)^{2k}.
        Big z, f, p;
        mpfr_zeta_ui(z.v, 2 * static_cast<unsigned long>(k), MPFR_RNDN);
        mpfr_fac_ui(f.v, 2 * static_cast<unsigned long>(k) - 2, MPFR_RNDN);
        mpfr_const_pi(p.v, MPFR_RNDN);
        mpfr_mul_2ui(p.v, p.v, 1, MPFR_RNDN);
        mpfr_pow_ui(p.v, p.v, 2 * static_cast<unsigned long>(k), MPFR_RNDN);
        mpfr_mul(v.v, f.v, z.v, MPFR_RNDN);
        mpfr_mul_2ui(v.v, v.v, 1, MPFR_RNDN);
        mpfr_div(v.v, v.v, p.v, MPFR_RNDN);
        if (k % 2 == 0) mpfr_neg(v.v, v.v, MPFR_RNDN);
        REQUIRE(within_half_ulp(t::stirling[k]));
        CHECK(t::stirling_abs[k] >= std::fabs(mpfr_get_d(v.v, MPFR_RNDZ)));
    }
}
