// K1 at large n on the fixed-point kernels; method and domain in the header.
#include "expected_tables_large_n.hpp"

#include "knowledge_evaluation.hpp"

#include <sklaws/numerics/fixed_point.hpp>
#include <sklaws/numerics/fixed_point_log_exp.hpp>
#include <sklaws/numerics/log_gamma_ratio_fixed.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace sklaws::theory::detail {
namespace {

using numerics::Evaluation;
using numerics::mp_real;
using numerics::fixed::Fixed;

constexpr unsigned max_digits = 54;
// The n-free Gamma ratio is computed at this many digits (> 192 bits).
constexpr unsigned n_free_digits = 62;

// v as Fixed (|v| < 2^62, so β + n cannot overflow; the caller checks the
// range of β + n); `rounding_ulps` is what was lost (0 or < 1).
bool to_fixed(const mp_real& v, Fixed& out, double& rounding_ulps) {
    const auto conversion = numerics::fixed::from_mpfr(v.backend().data(), out);
    rounding_ulps = conversion == numerics::fixed::Conversion::exact ? 0 : 1;
    return conversion != numerics::fixed::Conversion::out_of_range;
}

// What K1 needs of (α, β) besides n: q's n-free term as Fixed, −lgr(β, α)
// (β > 0) or lgr(β+α, 1−α) (β ≤ 0), and the outer factor β/α or 1/α, which
// a division per call would otherwise cost as much as the rest of the MPFR
// work.
struct NFree {
    mp_real alpha, beta;  // the key, exact
    Fixed value;
    double err_ulps;      // |value − true| ≤ err_ulps · 2^−192
    mp_real factor;       // β/α or 1/α at ≥ 80 digits (rounding ≤ 10^−80 relative)
};

// The n-free term in fixed point: −lgr(β, α) for β > 0, lgr(β+α, 1−α) for
// β ≤ 0, with the truncation of α and β into Fixed (< 1 ulp each) carried
// through ∂lgr/∂x ≤ δ(1/x² + 1/x) and |∂lgr/∂δ| = |ψ(x+δ)| ≤ |ln(x+δ)| +
// 1/(x+δ). `false` where the inputs do not fit or the bound is too wide to
// be worth it (the caller then uses MPFR).
bool fixed_n_free_term(const mp_real& alpha, const mp_real& beta, bool positive_beta, Fixed& value,
                       double& err_ulps) {
    namespace fx = numerics::fixed;
    Fixed a, b;
    double a_round = 0, b_round = 0;
    if (!to_fixed(alpha, a, a_round) || !to_fixed(beta, b, b_round)) return false;
    const Fixed x = positive_beta ? b : b + a;
    const Fixed delta = positive_beta ? a : Fixed::from_int(1) - a;
    if (x.negative() || x.is_zero() || fx::top_bit(x) >= fx::fraction_bits + 60) return false;
    const fx::FixedEvaluation g = fx::log_gamma_ratio_fixed(x, delta);
    const double xd = fx::to_double(x), dd = fx::to_double(delta);
    const double x_round = b_round + (positive_beta ? 0 : a_round);
    const double propagated =
        x_round * dd * (1 / (xd * xd) + 1 / xd) + a_round * (std::fabs(std::log(xd + dd)) + 1 / (xd + dd));
    err_ulps = g.err_ulps + propagated * 1.01;
    if (!(err_ulps < 1e6)) return false;
    value = positive_beta ? -g.val : g.val;
    return std::fabs(fx::to_double(value)) <= (1 << 19);
}

// The n-free term at 62 digits through MPFR (the general Gamma-ratio
// path), for inputs the fixed-point kernel declines; false if out of range.
bool mpfr_n_free_term(const mp_real& alpha, const mp_real& beta, bool positive_beta, Fixed& value,
                      double& err_ulps) {
    // Arguments formed at ≥ 80 digits: their rounding moves lgr by far less
    // than 2^−192.
    const unsigned wide = std::max(80u, std::max(alpha.precision(), beta.precision()));
    const mp_real a(alpha, wide), b(beta, wide);
    // Built inside the scope, so it keeps n_free_digits of precision.
    const Evaluation<mp_real> c = [&] {
        numerics::WorkingPrecision precision(n_free_digits);
        if (positive_beta) {
            Evaluation<mp_real> ratio = n_free_log_gamma_ratio(b, a);
            ratio.val = -ratio.val;
            return ratio;
        }
        return n_free_log_gamma_ratio(mp_real(b + a, wide), mp_real(1 - a, wide));
    }();
    if (!isfinite(c.val) || abs(c.val) > (1 << 19)) return false;
    err_ulps = std::ldexp(static_cast<double>(c.err), numerics::fixed::fraction_bits) + 0.5;
    value = numerics::fixed::from_mpfr_nearest(c.val.backend().data());
    return true;
}

// Remembered for the last few (α, β) of this thread, keyed by exact value;
// the pointer is valid until the next call. A miss overwrites the oldest
// entry in place (its MPFR values keep their storage), so a cold call
// allocates nothing here.
const NFree* n_free_term(const mp_real& alpha, const mp_real& beta) {
    struct Slot {
        bool valid = false;
        NFree entry{mp_real(0, 80), mp_real(0, 80), Fixed{}, 0, mp_real(0, 80)};
    };
    thread_local std::array<Slot, 4> remembered;
    thread_local std::size_t next = 0;
    for (const auto& slot : remembered) {
        if (slot.valid && mpfr_equal_p(slot.entry.alpha.backend().data(), alpha.backend().data()) &&
            mpfr_equal_p(slot.entry.beta.backend().data(), beta.backend().data())) {
            return &slot.entry;
        }
    }
    const bool positive_beta = mpfr_sgn(beta.backend().data()) > 0;
    Fixed value;
    double err_ulps = 0;
    if (!fixed_n_free_term(alpha, beta, positive_beta, value, err_ulps) &&
        !mpfr_n_free_term(alpha, beta, positive_beta, value, err_ulps)) {
        return nullptr;
    }
    Slot& slot = remembered[next];
    next = (next + 1) % remembered.size();
    NFree& e = slot.entry;
    // The key keeps every bit of the inputs (precision raised if needed).
    for (auto [key, input] : {std::pair{&e.alpha, &alpha}, std::pair{&e.beta, &beta}}) {
        mpfr_ptr k = key->backend().data();
        if (mpfr_get_prec(k) < mpfr_get_prec(input->backend().data())) {
            mpfr_set_prec(k, mpfr_get_prec(input->backend().data()));
        }
        mpfr_set(k, input->backend().data(), MPFR_RNDN);  // exact
    }
    mpfr_ptr factor = e.factor.backend().data();  // 80 digits
    if (positive_beta) {
        mpfr_div(factor, beta.backend().data(), alpha.backend().data(), MPFR_RNDN);
    } else {
        mpfr_ui_div(factor, 1, alpha.backend().data(), MPFR_RNDN);
    }
    e.value = value;
    e.err_ulps = err_ulps;
    slot.valid = true;
    return &e;
}

// 1 as an MPFR value (mpfr_sub_ui builds a temporary each call); built once,
// read-only afterwards.
mpfr_srcptr mpfr_one() {
    static const struct One {
        mpfr_t v;
        One() {
            mpfr_init2(v, 2);
            mpfr_set_ui(v, 1, MPFR_RNDN);
        }
        ~One() { mpfr_clear(v); }
    } one;
    return one.v;
}

// 10^−(digits+1), the relative bound that shows digits + 1 correct digits.
double required_relative(unsigned digits) {
    thread_local unsigned cached_digits = 0;
    thread_local double cached = 0;
    if (digits != cached_digits) {
        cached = std::pow(10.0, -static_cast<double>(digits) - 1);
        cached_digits = digits;
    }
    return cached;
}

}  // namespace

std::optional<Evaluation<mp_real>> expected_tables_large_n(const mp_real& alpha, const mp_real& beta, const mp_real& n) {
    namespace fx = numerics::fixed;
    const unsigned target = numerics::working_digits<mp_real>();
    if (target > max_digits || mpfr_sgn(alpha.backend().data()) <= 0) return std::nullopt;
    Fixed a, b, m;
    double a_round = 0, b_round = 0, n_round = 0;
    if (!to_fixed(alpha, a, a_round) || !to_fixed(beta, b, b_round) || !to_fixed(n, m, n_round)) return std::nullopt;
    const Fixed x = b + m;
    // β + n ≥ 2 (the kernel shifts x < 64 up itself; ∂lgr/∂x ≤ δ/(x − 1) ≤ 1
    // keeps the input-rounding term below) and < 2^61.
    if (x.negative() || fx::top_bit(x) < fx::fraction_bits + 1 || fx::top_bit(x) >= fx::fraction_bits + 61) {
        return std::nullopt;
    }
    const NFree* c = n_free_term(alpha, beta);
    if (c == nullptr) return std::nullopt;

    const fx::FixedEvaluation g = fx::log_gamma_ratio_fixed(x, a);
    const Fixed q = g.val + c->value;
    const double log_y = std::log(fx::to_double(x) + 2);
    // Error of q in ulps: the two terms, plus the input roundings moved
    // through ∂lgr/∂δ ≤ ln y and ∂lgr/∂x ≤ δ/(x − 1) ≤ 1 (x ≥ 2, δ = α < 1).
    const double q_err = g.err_ulps + c->err_ulps + a_round * log_y + (b_round + n_round);
    const fx::ScaledFixed e = fx::exp(q);

    // At least as many digits as the kernels deliver (≈ 56), so that the
    // final rounding does not discard accuracy that a difference of two
    // nearby E[K_n] (an increment, p_new) can use.
    numerics::WorkingPrecision precision(std::max(target + 10, 60u));
    Evaluation<mp_real> out{mp_real(0), mp_real(0)};
    mpfr_ptr v = out.val.backend().data();
    fx::to_mpfr(v, e.mantissa);
    mpfr_mul_2si(v, v, e.exponent, MPFR_RNDN);  // e^q
    double amplification = 1;  // relative error of the bracket per relative error of e^q
    if (mpfr_sgn(beta.backend().data()) > 0) {
        const double q_d = fx::to_double(q);
        if (!(q_d > 0)) return std::nullopt;
        amplification = -1 / std::expm1(-q_d);  // e^q / (e^q − 1)
        mpfr_sub(v, v, mpfr_one(), MPFR_RNDN);
    } else {
        mpfr_sub(v, v, beta.backend().data(), MPFR_RNDN);  // e^q + |β|: ≤ e^q's relative error
    }
    mpfr_mul(v, v, c->factor.backend().data(), MPFR_RNDN);
    const double u = std::ldexp(1.0, 1 - static_cast<int>(mpfr_get_prec(v)));
    const double relative =
        ((q_err + fx::exp_error_ulps) * 0x1p-192 * 1.0001 + 0.5 * u) * amplification * 1.0001 + 3 * u + 1e-80;
    // E[K_n] ≤ n < 2^62, so the bound is a double times a little slack.
    mpfr_set_d(out.err.backend().data(), std::fabs(mpfr_get_d(v, MPFR_RNDA)) * relative * (1 + 0x1p-40), MPFR_RNDU);
    if (!(relative <= required_relative(target))) return std::nullopt;
    return out;
}

}  // namespace sklaws::theory::detail
