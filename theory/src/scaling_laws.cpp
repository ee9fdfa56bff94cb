// D1, M1, X1 (see scaling_laws.hpp).
#include <sklaws/theory/scaling_laws.hpp>

#include "knowledge_evaluation.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/theory/diversity.hpp>
#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>

#include <cmath>

namespace sklaws::theory {

namespace {

using numerics::Evaluation;
using numerics::mp_real;

// ln E[T_C] = ln(α/(1−α)) − lnΓ(1−α)/α + ln E[S^{1/α}] − ((1−α)/α) ln C.
template <class Real>
Evaluation<Real> tail_mass_direct(const Real& alpha, const Real& beta, const Real& C) {
    using std::abs;
    using std::exp;
    using std::log;
    // ln E[S^{1/α}], not E[S^{1/α}]: at small α the moment alone leaves
    // every range (α = 1e-8: ~10^(1e9)) while E[T_C] may not.
    const Evaluation<Real> log_moment = log_diversity_moment_e<Real>(alpha, beta, Real(1 / alpha));
    const Evaluation<Real> lg = numerics::log_gamma_e(Real(1 - alpha));
    const Real t1 = log(alpha / (1 - alpha));
    const Real t2 = lg.val / alpha;
    const Real t3 = log_moment.val;
    const Real t4 = (1 - alpha) / alpha * log(C);
    const Real log_value = t1 - t2 + t3 - t4;
    const Real eps = numerics::unit_roundoff<Real>();
    const Real log_err = lg.err / alpha + log_moment.err + 4 * eps * (abs(t1) + abs(t2) + abs(t3) + abs(t4));
    // Below the range of Real: UnderflowError with the magnitude, never 0.
    return detail::exp_of(Evaluation<Real>{log_value, log_err}, "E[T_C]");
}

void require_exponent(const char* name, double x) { numerics::require_finite(name, x); }

template <class Real>
Real abs_of(const Real& x) {
    using std::abs;
    return abs(x);
}

}  // namespace

double data_exponent(double alpha) { return data_exponent_e<double>(alpha).val; }

double data_scaling_excess_loss(unsigned S, double a, const PitmanYorParameters& knowledge, double M, double V,
                                std::uint64_t N) {
    const double syntax = N <= syntax_max_n ? syntax_per_token_redundancy_e<double>(S, a, N).val
                                            : syntax_per_token_redundancy_asymptotic(S, static_cast<double>(N));
    return syntax + knowledge_per_token_redundancy(knowledge, N, M, V);
}

double model_exponent(double alpha) { return model_exponent_e<double>(alpha).val; }

template <class Real>
Evaluation<Real> tail_mass_asymptotic_e(const Real& alpha, const Real& beta, const Real& C) {
    detail::validate_knowledge_parameters(alpha, beta);
    numerics::require(alpha > 0, "alpha", alpha, "0 < alpha < 1 (no power law at alpha = 0)");
    numerics::require_finite("capacity", C);
    numerics::require(C >= 1, "capacity", C, "C >= 1");
    if constexpr (numerics::is_multiprecision_v<Real>) {
        return detail::evaluate_to_digits(numerics::working_digits<mp_real>(), [&] {
            return tail_mass_direct(detail::at_working_precision(alpha), detail::at_working_precision(beta),
                                    detail::at_working_precision(C));
        });
    } else {
        return tail_mass_direct(alpha, beta, C);
    }
}

double model_loss_gap_asymptotic(const PitmanYorParameters& params, double C, double M, double V) {
    params.validate();
    numerics::require(M >= 1, "names", M, "M >= 1");
    numerics::require(V >= 1, "values", V, "V >= 1");
    return tail_mass_asymptotic_e<double>(params.alpha, params.beta, C).val * (std::log(M) + std::log(V));
}

double alpha_from_data_exponent(double a_d) { return alpha_from_data_exponent_e<double>(a_d).val; }

double alpha_from_model_exponent(double a_m) { return alpha_from_model_exponent_e<double>(a_m).val; }

double model_exponent_from_data_exponent(double a_d) {
    require_exponent("data_exponent", a_d);
    numerics::require(a_d > 0 && a_d < 1, "data_exponent", a_d, "0 < a_D < 1");
    return a_d / (1.0 - a_d);
}

ExponentConsistency exponent_consistency(double a_d, double a_m) {
    const double from_data = alpha_from_data_exponent(a_d);
    const double from_model = alpha_from_model_exponent(a_m);
    return {from_data, from_model, from_data - from_model};
}

ComputeOptimalSplit compute_optimal_split(double a_m, double amp_m, double a_d, double amp_d) {
    for (auto [name, v] : {std::pair{"model_exponent", a_m}, std::pair{"model_amplitude", amp_m},
                           std::pair{"data_exponent", a_d}, std::pair{"data_amplitude", amp_d}}) {
        numerics::require_finite(name, v);
        numerics::require(v > 0, name, v, "> 0");
    }
    const double total = a_m + a_d;
    const double g = std::exp((std::log(a_m * amp_m) - std::log(a_d * amp_d)) / total);
    return {a_d / total, a_m / total, g, 1.0 / g, a_m * a_d / total};
}

template <class Real>
Evaluation<Real> data_exponent_e(const Real& alpha) {
    detail::validate_knowledge_parameters(alpha, Real(1));
    const Real v = 1 - alpha;
    return {v, numerics::unit_roundoff<Real>() * abs_of(v)};
}

template <class Real>
Evaluation<Real> model_exponent_e(const Real& alpha) {
    detail::validate_knowledge_parameters(alpha, Real(1));
    numerics::require(alpha > 0, "alpha", alpha, "0 < alpha < 1 (no power law at alpha = 0)");
    const Real v = (1 - alpha) / alpha;
    return {v, 2 * numerics::unit_roundoff<Real>() * abs_of(v)};
}

template <class Real>
Evaluation<Real> alpha_from_data_exponent_e(const Real& a_d) {
    numerics::require_finite("data_exponent", a_d);
    numerics::require(a_d > 0 && a_d <= 1, "data_exponent", a_d, "0 < a_D <= 1");
    const Real v = 1 - a_d;
    return {v, numerics::unit_roundoff<Real>() * abs_of(v)};
}

template <class Real>
Evaluation<Real> alpha_from_model_exponent_e(const Real& a_m) {
    numerics::require_finite("model_exponent", a_m);
    numerics::require(a_m > 0, "model_exponent", a_m, "a_M > 0");
    const Real v = 1 / (1 + a_m);
    return {v, 2 * numerics::unit_roundoff<Real>() * abs_of(v)};
}

#define SKLAWS_EXPONENT_ALGEBRA(Real)                                        \
    template Evaluation<Real> data_exponent_e<Real>(const Real&);            \
    template Evaluation<Real> model_exponent_e<Real>(const Real&);           \
    template Evaluation<Real> alpha_from_data_exponent_e<Real>(const Real&); \
    template Evaluation<Real> alpha_from_model_exponent_e<Real>(const Real&);
SKLAWS_EXPONENT_ALGEBRA(double)
SKLAWS_EXPONENT_ALGEBRA(mp_real)
#undef SKLAWS_EXPONENT_ALGEBRA

template Evaluation<double> tail_mass_asymptotic_e<double>(const double&, const double&, const double&);
template Evaluation<mp_real> tail_mass_asymptotic_e<mp_real>(const mp_real&, const mp_real&, const mp_real&);

}  // namespace sklaws::theory
