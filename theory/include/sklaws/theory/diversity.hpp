// The α-diversity S = lim_{n→∞} K_n / n^α of a Pitman-Yor process and the
// ranked weights it implies.
//
// K5 (docs/theory.md §3)
//     E[S^p] = Γ(β+1) Γ(β/α+1+p) / (Γ(β/α+1) Γ(β+1+pα)),
//     evaluated as exp(lgr(β/α+1, p) − lgr(β+1, pα)) (Stirling log-Gamma
//     ratios). p = 1 gives the Heaps constant Γ(β+1)/(αΓ(β+α)); M1 needs
//     p = 1/α. Domain: 0 < α < 1 (S is defined for α > 0 only), β > −α, real
//     p > −(β/α + 1) (where the moment is finite).
//     Accuracy: D digits in multiprecision, ~1 ulp (digits() ≥ 15) in double.
//     Range: a moment outside the normal range of Real (double: 2.2e-308 to
//     1.8e308; multiprecision: MPFR's exponent range, about 10^±3.2e8, e.g.
//     p = 1e8 at α = ½) throws numerics::OverflowError / UnderflowError with
//     its magnitude, never 0 or inf. log_diversity_moment_e gives
//     ln E[S^p] (absolute error bound) wherever the moment itself does not fit.
//
//     Ranked weights: the i-th largest weight is approximately
//         W_(i) ≈ (S / (Γ(1−α) i))^{1/α},
//     an asymptotic (large i) statement, not an exact one: relative error
//     O(i^{−1/2}) fluctuations plus O(1/i) bias. Double only. Domain 0 < α < 1,
//     S > 0, i ≥ 1.
#pragma once

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <cstdint>

namespace sklaws::theory {

template <class Real>
numerics::Evaluation<Real> diversity_moment_e(const Real& alpha, const Real& beta, const Real& p);

// ln E[S^p], same domain; err bounds the absolute error of the logarithm.
template <class Real>
numerics::Evaluation<Real> log_diversity_moment_e(const Real& alpha, const Real& beta, const Real& p);

template <class Real>
Real diversity_moment(const Real& alpha, const Real& beta, const Real& p) {
    return diversity_moment_e(alpha, beta, p).val;
}

double ranked_weight_approx(double alpha, double diversity, std::uint64_t rank);

}  // namespace sklaws::theory
