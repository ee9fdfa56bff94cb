// K1 E[K_n] and K2 Var[K_n] (docs/theory.md §3); method and accuracy in heaps.hpp.
#include "sklaws/theory/heaps.hpp"

#include "expected_tables_large_n.hpp"
#include "knowledge_evaluation.hpp"
#include "trigamma.hpp"

namespace sklaws::theory {
namespace {

using detail::exp_of;
using detail::log_pochhammer_quotient;
using detail::minus;
using detail::plus;
using numerics::Evaluation;
using numerics::log_gamma_ratio_e;
using numerics::unit_roundoff;

template <class Real>
void validate_heaps(const Real& alpha, const Real& beta, const Real& n) {
    detail::validate_knowledge_parameters(alpha, beta);
    numerics::require_finite("n", n);
    numerics::require(n == 0 || n >= 1, "n", n, "n = 0 or n >= 1");
}

// α = 0: ψ(β+n) − ψ(β) (cancels when n ≪ β; the bound says so).
template <class Real>
Evaluation<Real> digamma_difference(const Real& beta, const Real& n) {
    return minus(numerics::digamma_e(Real(beta + n)), numerics::digamma_e(beta));
}

template <class Real>
Evaluation<Real> scale(const Real& factor, const Evaluation<Real>& e) {
    using std::abs;
    const Real v = factor * e.val;
    return {v, abs(factor) * e.err + unit_roundoff<Real>() * abs(v)};
}

// ln[Γ(β+1)Γ(β+δ+n) / (Γ(β+δ)Γ(β+n))] for −δ < β ≤ 0 (no β > 0 needed).
template <class Real>
Evaluation<Real> log_heaps_ratio(const Real& beta, const Real& delta, const Real& n) {
    return plus(detail::n_free_log_gamma_ratio(Real(beta + delta), Real(1 - delta)),
                log_gamma_ratio_e(Real(beta + n), delta));
}

template <class Real>
Evaluation<Real> expected_tables_direct(const Real& alpha, const Real& beta, const Real& n) {
    using std::abs;
    if (n == 0) return {Real(0), Real(0)};
    const Real eps = unit_roundoff<Real>();
    if (alpha == 0) return scale(beta, digamma_difference(beta, n));
    if (beta > 0) {
        // (β/α)·expm1(q), q = ln[(β+α)_n/(β)_n]: no cancellation as α → 0.
        const Evaluation<Real> q = log_pochhammer_quotient(beta, alpha, n);
        const Real c = beta / alpha;
        const Real e = detail::expm1_value(q.val);
        const Real v = c * e;
        return {v, c * (e + 1) * q.err + 4 * eps * abs(v)};
    }
    // −α < β ≤ 0: R/α and −β/α are both ≥ 0, their sum does not cancel.
    const Evaluation<Real> r = exp_of(log_heaps_ratio(beta, alpha, n));
    const Real v = (r.val - beta) / alpha;
    return {v, r.err / alpha + 4 * eps * abs(v)};
}

template <class Real>
Evaluation<Real> tables_variance_direct(const Real& alpha, const Real& beta, const Real& n) {
    using std::abs;
    using std::exp;
    using std::expm1;
    if (n <= 1) return {Real(0), Real(0)};  // K_0 = 0 and K_1 = 1 surely
    const Real eps = unit_roundoff<Real>();
    if (alpha == 0) {
        // Dirichlet process: K_n = Σ_i Bernoulli(β/(β+i)).
        const Evaluation<Real> first = scale(beta, digamma_difference(beta, n));
        const Evaluation<Real> second =
            scale(Real(beta * beta), minus(detail::trigamma_e(Real(beta + n)), detail::trigamma_e(beta)));
        return plus(first, second);
    }
    if (beta > 0) {
        // Var = c² Q1² expm1(q2 − 2q1) + c Q1 expm1(q2 − q1), c = β/α.
        const Evaluation<Real> q1 = log_pochhammer_quotient(beta, alpha, n);
        const Evaluation<Real> q2 = log_pochhammer_quotient(beta, Real(2 * alpha), n);
        const Real c = beta / alpha;
        const Real big_q1 = exp(q1.val);
        const Evaluation<Real> d2 = minus(q2, Evaluation<Real>{Real(2 * q1.val), Real(2 * q1.err)});
        const Evaluation<Real> d1 = minus(q2, q1);
        const Real t1 = c * c * big_q1 * big_q1 * expm1(d2.val);
        const Real t2 = c * big_q1 * expm1(d1.val);
        const Real err1 = abs(t1) * (2 * q1.err + 4 * eps) + c * c * big_q1 * big_q1 * exp(d2.val) * d2.err;
        const Real err2 = abs(t2) * (q1.err + 4 * eps) + c * big_q1 * exp(d1.val) * d1.err;
        const Real v = t1 + t2;
        return {v, err1 + err2 + eps * (abs(t1) + abs(t2))};
    }
    // −α < β ≤ 0: E[Y(Y+1)] − E[Y] − E[Y]² with Y = K_n + β/α.
    const Evaluation<Real> r1 = exp_of(log_heaps_ratio(beta, alpha, n));
    const Evaluation<Real> r2 = exp_of(log_heaps_ratio(beta, Real(2 * alpha), n));
    const Real ey = r1.val / alpha;
    const Real eyy = (beta + alpha) / (alpha * alpha) * r2.val;
    const Real v = eyy - ey - ey * ey;
    const Real err = eyy * (r2.err / r2.val) + (ey + 2 * ey * ey) * (r1.err / r1.val) + 4 * eps * (eyy + ey + ey * ey);
    return {v, err};
}

}  // namespace

template <class Real>
numerics::Evaluation<Real> expected_tables_e(const Real& alpha, const Real& beta, const Real& n) {
    validate_heaps(alpha, beta, n);
    if constexpr (numerics::is_multiprecision_v<Real>) {
        if (auto large_n = detail::expected_tables_large_n(alpha, beta, n)) return *std::move(large_n);
    }
    return detail::evaluate_knowledge<Real>(
        [](const auto& a, const auto& b, const auto& m) { return expected_tables_direct(a, b, m); }, alpha, beta, n);
}

template <class Real>
numerics::Evaluation<Real> tables_variance_e(const Real& alpha, const Real& beta, const Real& n) {
    validate_heaps(alpha, beta, n);
    return detail::evaluate_knowledge<Real>(
        [](const auto& a, const auto& b, const auto& m) { return tables_variance_direct(a, b, m); }, alpha, beta, n);
}

template numerics::Evaluation<double> expected_tables_e<double>(const double&, const double&, const double&);
template numerics::Evaluation<numerics::mp_real> expected_tables_e<numerics::mp_real>(const numerics::mp_real&,
                                                                                        const numerics::mp_real&,
                                                                                        const numerics::mp_real&);
template numerics::Evaluation<double> tables_variance_e<double>(const double&, const double&, const double&);
template numerics::Evaluation<numerics::mp_real> tables_variance_e<numerics::mp_real>(const numerics::mp_real&,
                                                                                        const numerics::mp_real&,
                                                                                        const numerics::mp_real&);

}  // namespace sklaws::theory
