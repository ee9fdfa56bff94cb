// K7 p_new(n) (docs/theory.md §3); method and accuracy in p_new.hpp.
#include "sklaws/theory/p_new.hpp"

#include "knowledge_evaluation.hpp"

namespace sklaws::theory {
namespace {

template <class Real>
numerics::Evaluation<Real> p_new_direct(const Real& alpha, const Real& beta, const Real& n) {
    using std::abs;
    const Real eps = numerics::unit_roundoff<Real>();
    if (alpha == 0) {
        const Real v = beta / (beta + n);
        return {v, 2 * eps * v};
    }
    // Γ(β+1)/Γ(β+α) · Γ(β+α+n)/Γ(β+n+1) = exp(lgr(β+α, 1−α) − lgr(β+α+n, 1−α)).
    const Real delta = 1 - alpha;
    return detail::exp_of(detail::minus(numerics::log_gamma_ratio_e(Real(beta + alpha), delta),
                                        numerics::log_gamma_ratio_e(Real(beta + alpha + n), delta)));
}

}  // namespace

template <class Real>
numerics::Evaluation<Real> p_new_e(const Real& alpha, const Real& beta, const Real& n) {
    detail::validate_knowledge_parameters(alpha, beta);
    numerics::require_finite("n", n);
    numerics::require(n >= 0, "n", n, "n >= 0");
    return detail::evaluate_knowledge<Real>(
        [](const auto& a, const auto& b, const auto& m) { return p_new_direct(a, b, m); }, alpha, beta, n);
}

template numerics::Evaluation<double> p_new_e<double>(const double&, const double&, const double&);
template numerics::Evaluation<numerics::mp_real> p_new_e<numerics::mp_real>(const numerics::mp_real&,
                                                                              const numerics::mp_real&,
                                                                              const numerics::mp_real&);

}  // namespace sklaws::theory
