// Private to theory/: the precision policy shared by the knowledge closed
// forms K1–K7, and the one log-Gamma-ratio difference they all lean on.
//
// Each quantity is written once as a "direct" evaluation, generic in Real,
// that computes at the working precision in effect and returns an honest
// error bound (|true − val| ≤ err). `evaluate_knowledge<Real>` then
//   * multiprecision: runs it at D + guard digits (D = caller's precision),
//     raising the guard until the bound shows ≥ D + 1 correct digits, so the
//     caller really gets D digits whatever cancels inside;
//   * double: keeps the double result when the bound shows ≥ 14 digits, and
//     otherwise re-evaluates in multiprecision (20 digits) and rounds, so the
//     double API is accurate to ~1 ulp in the whole domain at the price of a
//     slower call only where double would cancel.
#pragma once

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/fast_exp.hpp>
#include <sklaws/numerics/precision.hpp>
#include <sklaws/numerics/special_functions.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

namespace sklaws::theory::detail {

using numerics::Evaluation;
using numerics::mp_real;

// Boost 1.74 gives the result of an mp_real operation the precision of its
// operands, not the default: inputs are re-created at the working precision
// so that everything computed from them carries the guard digits. An input
// that carries more digits than that keeps them: the result is for the input
// as given, not for a rounded copy.
inline mp_real at_working_precision(const mp_real& x) {
    return mp_real(x, std::max(x.precision(), mp_real::default_precision()));
}
inline mp_real at_working_precision(double x) { return mp_real(x); }

// Runs `direct()` at target + guard digits until it shows target + 1 digits.
template <class Direct>
Evaluation<mp_real> evaluate_to_digits(unsigned target, Direct&& direct) {
    unsigned guard = 10;
    for (int attempt = 0;; ++attempt) {
        numerics::WorkingPrecision scope(target + guard);
        Evaluation<mp_real> result = direct();
        const double have = result.digits();
        if (have >= target + 1.0 || attempt == 5) return result;
        const double lost = static_cast<double>(target + guard) - have;
        guard = static_cast<unsigned>(lost) + 10 + guard;  // at least doubles what was lost
    }
}

// The precision policy of the file comment. `direct` is a generic callable
// taking the inputs as Real (double or mp_real).
template <class Real, class Direct, class... Args>
Evaluation<Real> evaluate_knowledge(Direct direct, const Args&... args) {
    if constexpr (std::is_same_v<Real, double>) {
        const Evaluation<double> fast = direct(args...);
        if (std::isfinite(fast.val) && std::isfinite(fast.err) && fast.digits() >= 14) return fast;
        const Evaluation<mp_real> slow =
            evaluate_to_digits(20, [&] { return direct(at_working_precision(args)...); });
        const double value = static_cast<double>(slow.val);
        if (!std::isfinite(value)) {
            throw numerics::OverflowError("result " + slow.val.str(3, std::ios_base::scientific) +
                                          " exceeds the double range; evaluate in multiprecision");
        }
        if (slow.val != 0 && std::abs(value) < std::numeric_limits<double>::min()) {
            throw numerics::UnderflowError("result " + slow.val.str(3, std::ios_base::scientific) +
                                           " is below the double range; evaluate in multiprecision");
        }
        return {value, static_cast<double>(slow.err) + std::abs(value) * numerics::unit_roundoff<double>()};
    } else {
        return evaluate_to_digits(numerics::working_digits<mp_real>(),
                                  [&] { return direct(at_working_precision(args)...); });
    }
}

// β > −α for α ≥ 0, without forming −α (in multiprecision a temporary on
// every call of every K1–K7 function): β > 0, or |β| < α.
template <class Real>
bool beta_above_minus_alpha(const Real& beta, const Real& alpha) {
    if constexpr (numerics::is_multiprecision_v<Real>) {
        return beta > 0 || mpfr_cmpabs(beta.backend().data(), alpha.backend().data()) < 0;
    } else {
        return beta > -alpha;
    }
}

// 0 ≤ α < 1 and β > −α (so β > 0 when α = 0), as in PitmanYorParameters.
template <class Real>
void validate_knowledge_parameters(const Real& alpha, const Real& beta) {
    numerics::require_finite("alpha", alpha);
    numerics::require_finite("beta", beta);
    numerics::require(alpha >= 0 && alpha < 1, "alpha", alpha, "0 <= alpha < 1");
    numerics::require(beta_above_minus_alpha(beta, alpha), "beta", beta, "beta > -alpha");
}

// An Evaluation sum: values add, bounds add, plus the rounding of the sum.
template <class Real>
Evaluation<Real> plus(const Evaluation<Real>& a, const Evaluation<Real>& b) {
    using std::abs;
    const Real v = a.val + b.val;
    return {v, a.err + b.err + numerics::unit_roundoff<Real>() * (abs(a.val) + abs(b.val))};
}

template <class Real>
Evaluation<Real> minus(const Evaluation<Real>& a, const Evaluation<Real>& b) {
    return plus(a, Evaluation<Real>{-b.val, b.err});
}

// e^x and e^x − 1: std:: in double, numerics' table-driven kernels in
// multiprecision (within 1 and 2 ulp, 2–3× faster than MPFR's at 50 digits).
template <class Real>
Real exp_value(const Real& x) {
    using std::exp;
    if constexpr (numerics::is_multiprecision_v<Real>) {
        return numerics::fast_exp(x);
    } else {
        return exp(x);
    }
}

template <class Real>
Real expm1_value(const Real& x) {
    using std::expm1;
    if constexpr (numerics::is_multiprecision_v<Real>) {
        return numerics::fast_expm1(x);
    } else {
        return expm1(x);
    }
}

// "≈ 4.66e-28130": e^l as a decimal magnitude from l alone (l = ln value),
// for the message of a result outside the range of its type.
inline std::string decimal_magnitude_of_exp(double l) {
    const double log10_value = l / std::log(10.0);
    const double exponent = std::floor(log10_value);
    char text[64];
    std::snprintf(text, sizeof text, "%.3ge%+.0f", std::pow(10.0, log10_value - exponent), exponent);
    return text;
}

// Throws UnderflowError / OverflowError unless e^l is a normal number of
// Real: in double e^l within [DBL_MIN, DBL_MAX] (a subnormal keeps fewer
// digits than it claims, 0 keeps none); in multiprecision within MPFR's
// exponent range of the calling thread (about 10^±3.2e8 by default).
template <class Real>
void require_exp_in_range(const Real& l, const char* what) {
    double low, high;
    const char* range;
    if constexpr (numerics::is_multiprecision_v<Real>) {
        low = static_cast<double>(mpfr_get_emin()) * std::log(2.0);
        high = static_cast<double>(mpfr_get_emax() - 1) * std::log(2.0);
        range = "MPFR's exponent range";
    } else {
        low = std::log(std::numeric_limits<double>::min());
        high = std::log(std::numeric_limits<double>::max());
        range = "the double range (smallest normal 2.2e-308, largest 1.8e+308); evaluate in multiprecision";
    }
    const double ld = static_cast<double>(l);
    if (ld < low) {
        throw numerics::UnderflowError(std::string(what) + " = " + decimal_magnitude_of_exp(ld) + " is below " + range);
    }
    if (ld > high) {
        throw numerics::OverflowError(std::string(what) + " = " + decimal_magnitude_of_exp(ld) + " is above " + range);
    }
}

// exp of an evaluated exponent: relative error of the result = absolute
// error of the exponent (plus the rounding of exp). A result outside the
// normal range of Real throws (require_exp_in_range) instead of returning 0,
// a subnormal or inf with a bound that claims digits.
template <class Real>
Evaluation<Real> exp_of(const Evaluation<Real>& l, const char* what = "the result") {
    require_exp_in_range(l.val, what);
    const Real v = exp_value(l.val);
    return {v, v * (l.err + 2 * numerics::unit_roundoff<Real>())};
}

// lgr(x, δ) for the arguments that do not involve n — (β, α), (β, 2α),
// (β+α, 1−α) — which a Heaps curve, a fit or a table over n asks for again
// at every n. In multiprecision they are the dear part (a ~35-step shift and
// ~28 Stirling terms at 50 digits, ten times the large-n ratio), so the last
// few are remembered per thread, keyed by the exact arguments and the
// working precision; the value is the one log_gamma_ratio_e returns. Double
// is cheap and is not cached.
template <class Real>
Evaluation<Real> n_free_log_gamma_ratio(const Real& x, const Real& delta) {
    if constexpr (!numerics::is_multiprecision_v<Real>) {
        return numerics::log_gamma_ratio_e(x, delta);
    } else {
        struct Entry {
            unsigned digits;
            mp_real x, delta;
            Evaluation<mp_real> value;
        };
        thread_local std::array<std::optional<Entry>, 8> remembered;
        thread_local std::size_t next = 0;
        const unsigned digits = mp_real::default_precision();
        for (const auto& e : remembered) {
            if (e && e->digits == digits && e->x == x && e->delta == delta) return e->value;
        }
        Evaluation<mp_real> value = numerics::log_gamma_ratio_e(x, delta);
        remembered[next] = Entry{digits, x, delta, value};
        next = (next + 1) % remembered.size();
        return value;
    }
}

// q = ln[(β+δ)_n / (β)_n] for β > 0, δ > 0, n ≥ 0 — the log of the Gamma
// ratio that K1 and K2 exponentiate. Two algebraically equal forms,
//   A: lgr(β+n, δ) − lgr(β, δ)      (good when δ is small or n ≫ β)
//   B: lgr(β+δ, n) − lgr(β, n)      (good when n is small against β)
// and the one with the smaller error bound is returned.
template <class Real>
Evaluation<Real> log_pochhammer_quotient(const Real& beta, const Real& delta, const Real& n) {
    using std::abs;
    using numerics::log_gamma_ratio_e;
    if (n == 0) return {Real(0), Real(0)};
    const Evaluation<Real> a = minus(log_gamma_ratio_e(Real(beta + n), delta), n_free_log_gamma_ratio(beta, delta));
    if (a.err <= 64 * numerics::unit_roundoff<Real>() * abs(a.val)) return a;
    const Evaluation<Real> b = minus(log_gamma_ratio_e(Real(beta + delta), n), log_gamma_ratio_e(beta, n));
    return b.err < a.err ? b : a;
}

}  // namespace sklaws::theory::detail
