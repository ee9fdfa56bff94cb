// K6 E[H(W)] for W ~ GEM(α, β) (docs/theory.md §3); accuracy in gem_entropy.hpp.
#include "sklaws/theory/gem_entropy.hpp"

#include "knowledge_evaluation.hpp"

namespace sklaws::theory {

template <class Real>
numerics::Evaluation<Real> knowledge_entropy_e(const Real& alpha, const Real& beta) {
    detail::validate_knowledge_parameters(alpha, beta);
    return detail::evaluate_knowledge<Real>(
        [](const auto& a, const auto& b) {
            using R = std::decay_t<decltype(a)>;
            // ψ(β+1) − ψ(1−α); cancels as β → −α, which the bound reports.
            return detail::minus(numerics::digamma_e(R(b + 1)), numerics::digamma_e(R(1 - a)));
        },
        alpha, beta);
}

template numerics::Evaluation<double> knowledge_entropy_e<double>(const double&, const double&);
template numerics::Evaluation<numerics::mp_real> knowledge_entropy_e<numerics::mp_real>(const numerics::mp_real&,
                                                                                          const numerics::mp_real&);

}  // namespace sklaws::theory
