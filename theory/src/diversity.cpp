// K5 moments of the α-diversity and the ranked-weight approximation
// (docs/theory.md §3); accuracy in diversity.hpp.
#include "sklaws/theory/diversity.hpp"

#include "knowledge_evaluation.hpp"

#include <algorithm>

namespace sklaws::theory {
namespace {

template <class Real>
numerics::Evaluation<Real> log_diversity_moment_direct(const Real& alpha, const Real& beta, const Real& p) {
    using std::abs;
    using std::log;
    using std::min;
    const Real eps = numerics::unit_roundoff<Real>();
    const Real c = beta / alpha;
    const Real pa = p * alpha;
    numerics::Evaluation<Real> l = detail::minus(numerics::log_gamma_ratio_e(Real(c + 1), p),
                                                 numerics::log_gamma_ratio_e(Real(beta + 1), pa));
    // The roundings of β/α, c + 1 and pα move the arguments: ∂lgr/∂x =
    // ψ(x+δ) − ψ(x) is at most |δ|·ψ'(min(x, x+δ)) ≤ |δ|(1/x1 + 1/x1²) (the
    // 1/x1² matters near β = −α, where c + 1 is small); ∂lgr/∂δ = ψ(x+δ) ≤
    // |ln(x+δ)| + 1/(x+δ).
    const Real x1 = min(Real(c + 1), Real(c + 1 + p));
    const Real x2 = beta + 1 + pa;
    const Real moved = eps * (abs(c) + abs(Real(c + 1)));
    l.err += moved * abs(p) * (1 / x1 + 1 / (x1 * x1)) + eps * abs(pa) * (abs(log(x2)) + 1 / x2);
    return l;
}

template <class Real>
void validate_moment(const Real& alpha, const Real& beta, const Real& p) {
    detail::validate_knowledge_parameters(alpha, beta);
    numerics::require(alpha > 0, "alpha", alpha, "0 < alpha < 1 (the alpha-diversity needs alpha > 0)");
    numerics::require_finite("p", p);
    numerics::require(p > -(beta / alpha + 1), "p", p, "p > -(beta/alpha + 1)");
}

}  // namespace

template <class Real>
numerics::Evaluation<Real> log_diversity_moment_e(const Real& alpha, const Real& beta, const Real& p) {
    validate_moment(alpha, beta, p);
    return detail::evaluate_knowledge<Real>(
        [](const auto& a, const auto& b, const auto& q) { return log_diversity_moment_direct(a, b, q); }, alpha, beta,
        p);
}

template <class Real>
numerics::Evaluation<Real> diversity_moment_e(const Real& alpha, const Real& beta, const Real& p) {
    validate_moment(alpha, beta, p);
    // The range check sits inside the evaluation: E[S^p] beyond the range of
    // Real throws (never 0 or inf), in double and in multiprecision.
    return detail::evaluate_knowledge<Real>(
        [](const auto& a, const auto& b, const auto& q) {
            return detail::exp_of(log_diversity_moment_direct(a, b, q), "E[S^p]");
        },
        alpha, beta, p);
}

double ranked_weight_approx(double alpha, double diversity, std::uint64_t rank) {
    numerics::require_finite("alpha", alpha);
    numerics::require(alpha > 0 && alpha < 1, "alpha", alpha, "0 < alpha < 1");
    numerics::require_finite("S", diversity);
    numerics::require(diversity > 0, "S", diversity, "S > 0");
    numerics::require(rank >= 1, "i", rank, "i >= 1");
    // (S/(Γ(1−α) i))^{1/α} in logs: the power underflows/overflows otherwise.
    const double log_w = (std::log(diversity) - numerics::log_gamma(1.0 - alpha) - std::log(static_cast<double>(rank))) / alpha;
    return std::exp(log_w);
}

template numerics::Evaluation<double> diversity_moment_e<double>(const double&, const double&, const double&);
template numerics::Evaluation<double> log_diversity_moment_e<double>(const double&, const double&, const double&);
template numerics::Evaluation<numerics::mp_real> log_diversity_moment_e<numerics::mp_real>(const numerics::mp_real&,
                                                                                            const numerics::mp_real&,
                                                                                            const numerics::mp_real&);
template numerics::Evaluation<numerics::mp_real> diversity_moment_e<numerics::mp_real>(const numerics::mp_real&,
                                                                                        const numerics::mp_real&,
                                                                                        const numerics::mp_real&);

}  // namespace sklaws::theory
