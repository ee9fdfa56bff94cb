// Expected Shannon entropy of the knowledge weights W ~ GEM(α, β).
//
// K6 (docs/theory.md §3)   E[H(W)] = E[−Σ_j W_j ln W_j] = ψ(β+1) − ψ(1−α)   (nats).
//     This is the entropy rate of the knowledge stream seen by an oracle that
//     knows W; R1 subtracts it from the Bayes predictive entropy.
//     As β → −α the two digammas cancel (the value → 0): the evaluation adds
//     guard digits for the cancellation, so relative accuracy is kept.
//
// Domain: 0 ≤ α < 1, β > −α.
// Accuracy: D digits in multiprecision, ~1 ulp (digits() ≥ 15) in double.
#pragma once

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

namespace sklaws::theory {

template <class Real>
numerics::Evaluation<Real> knowledge_entropy_e(const Real& alpha, const Real& beta);

template <class Real>
Real knowledge_entropy(const Real& alpha, const Real& beta) {
    return knowledge_entropy_e(alpha, beta).val;
}

}  // namespace sklaws::theory
