// X1's compute-optimal split (see compute_optimal.hpp).
#include <sklaws/theory/compute_optimal.hpp>

#include "knowledge_evaluation.hpp"

#include <sklaws/numerics/errors.hpp>

#include <cmath>

namespace sklaws::theory {

namespace {

using numerics::Evaluation;
using numerics::mp_real;

template <class Real>
void require_positive(const char* name, const Real& v) {
    numerics::require_finite(name, v);
    numerics::require(v > 0, name, v, "> 0");
}

template <class Real>
ComputeOptimal<Real> split(const Real& a_m, const Real& amp_m, const Real& a_d, const Real& amp_d, const Real& F) {
    using std::abs;
    using std::log;
    const Real u = numerics::unit_roundoff<Real>();
    const Real total = a_m + a_d;
    const Real l_m = log(a_m * amp_m), l_d = log(a_d * amp_d), l_f = log(F);
    const Real log_c = (l_m - l_d + a_d * l_f) / total;
    // Each logarithm within u of itself plus the u of its argument's product,
    // the products, the sum and the division one u each of what they hold:
    // 4u per unit of Λ = (|ln a_M A_M| + |ln a_D A_D| + a_D |ln F| + 2)/(a_M + a_D).
    const Real lambda = (abs(l_m) + abs(l_d) + a_d * abs(l_f) + 2) / total;
    // (+ 2u(1 + |ln C*|)/(a_M + a_D): exponents computed from α carry 2u.)
    const Real log_err = 4 * u * lambda + 2 * u * abs(log_c) + 2 * u * (1 + abs(log_c)) / total;
    ComputeOptimal<Real> out;
    out.capacity = detail::exp_of(Evaluation<Real>{log_c, log_err}, "C*");
    // N* = F/C*: one division more (F is exact).
    const Real n_star = F / out.capacity.val;
    out.data = {n_star, n_star * (out.capacity.err / out.capacity.val + 2 * u)};
    // L* − E = A_M C*^{−a_M} (1 + a_M/a_D) = exp(ln A_M − a_M ln C* + ln(1 + a_M/a_D)).
    const Real l_a = log(amp_m), l_ratio = log(1 + a_m / a_d);
    const Real log_loss = l_a - a_m * log_c + l_ratio;
    const Real loss_err = a_m * log_err + 4 * u * (1 + abs(l_a) + a_m * abs(log_c) + abs(l_ratio));
    out.reducible_loss = detail::exp_of(Evaluation<Real>{log_loss, loss_err}, "L* - E");
    // Three roundings each, plus those of the exponents themselves when
    // they were computed from α (2u): 6u covers both.
    const Real c_e = a_d / total, d_e = a_m / total, l_e = a_m * a_d / total;
    out.capacity_exponent = {c_e, 6 * u * c_e};
    out.data_exponent = {d_e, 6 * u * d_e};
    out.loss_exponent = {l_e, 8 * u * l_e};
    return out;
}

// Double: the split runs in x87 extended precision (64-bit mantissa: the
// exponential's amplification of ln C*'s rounding, |ln C*|·u, stays below
// double's half ulp) and is rounded once, the rounding added to each bound.
Evaluation<double> narrow(const Evaluation<long double>& e) {
    const double v = static_cast<double>(e.val);
    return {v, static_cast<double>(e.err) + std::abs(v) * numerics::unit_roundoff<double>()};
}

ComputeOptimal<double> narrow(const ComputeOptimal<long double>& x) {
    return {narrow(x.capacity),          narrow(x.data),          narrow(x.reducible_loss),
            narrow(x.capacity_exponent), narrow(x.data_exponent), narrow(x.loss_exponent)};
}

// Multiprecision: 15 guard digits (Λ < 1e10 keeps the working digits).
template <class Real, class F>
ComputeOptimal<Real> guarded(F&& f) {
    if constexpr (numerics::is_multiprecision_v<Real>) {
        numerics::WorkingPrecision wider(numerics::working_digits<mp_real>() + 15);
        return f();
    } else {
        return f();
    }
}

}  // namespace

template <class Real>
ComputeOptimal<Real> compute_optimal_e(const Real& model_exponent, const Real& model_amplitude,
                                       const Real& data_exponent, const Real& data_amplitude, const Real& compute) {
    require_positive("model_exponent", model_exponent);
    require_positive("model_amplitude", model_amplitude);
    require_positive("data_exponent", data_exponent);
    require_positive("data_amplitude", data_amplitude);
    require_positive("compute", compute);
    return guarded<Real>([&] {
        if constexpr (numerics::is_multiprecision_v<Real>) {
            using detail::at_working_precision;
            return split<Real>(at_working_precision(model_exponent), at_working_precision(model_amplitude),
                               at_working_precision(data_exponent), at_working_precision(data_amplitude),
                               at_working_precision(compute));
        } else {
            using L = long double;
            return narrow(split<L>(L(model_exponent), L(model_amplitude), L(data_exponent), L(data_amplitude),
                                   L(compute)));
        }
    });
}

template <class Real>
ComputeOptimal<Real> compute_optimal_from_alpha_e(const Real& alpha, const Real& model_amplitude,
                                                  const Real& data_amplitude, const Real& compute) {
    numerics::require_finite("alpha", alpha);
    numerics::require(alpha > 0 && alpha < 1, "alpha", alpha, "0 < alpha < 1 (a_M = (1 - alpha)/alpha)");
    require_positive("model_amplitude", model_amplitude);
    require_positive("data_amplitude", data_amplitude);
    require_positive("compute", compute);
    return guarded<Real>([&] {
        if constexpr (numerics::is_multiprecision_v<Real>) {
            using detail::at_working_precision;
            const mp_real a = at_working_precision(alpha);
            const mp_real a_d = 1 - a;
            const mp_real a_m = a_d / a;
            return split<Real>(a_m, at_working_precision(model_amplitude), a_d, at_working_precision(data_amplitude),
                               at_working_precision(compute));
        } else {
            // 1 − α exact in long double; (1 − α)/α within u, which the
            // bound's 2u(1 + |ln C*|)/(a_M + a_D) covers.
            using L = long double;
            const L a_d = 1 - L(alpha);
            return narrow(split<L>(a_d / L(alpha), L(model_amplitude), a_d, L(data_amplitude), L(compute)));
        }
    });
}

template ComputeOptimal<double> compute_optimal_e<double>(const double&, const double&, const double&, const double&,
                                                          const double&);
template ComputeOptimal<mp_real> compute_optimal_e<mp_real>(const mp_real&, const mp_real&, const mp_real&,
                                                            const mp_real&, const mp_real&);
template ComputeOptimal<double> compute_optimal_from_alpha_e<double>(const double&, const double&, const double&,
                                                                     const double&);
template ComputeOptimal<mp_real> compute_optimal_from_alpha_e<mp_real>(const mp_real&, const mp_real&, const mp_real&,
                                                                       const mp_real&);

}  // namespace sklaws::theory
