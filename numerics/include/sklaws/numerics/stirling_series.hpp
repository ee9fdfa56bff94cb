// The Stirling series for a difference of log Gammas.
//
// For z > 0,  ln Γ(z) = (z − ½) ln z − z + ½ ln 2π + Σ_{k≥1} c_k z^{1−2k} + R_K(z),
//   c_k = B_{2k} / (2k (2k−1))   (1/12, −1/360, 1/1260, …),
// and the series envelops: |R_K(z)| is below the first omitted term. The
// series diverges, but its smallest term is about e^{−2πz}, so for z ≥ X0
// (X0 = 10 in double, 10 + 0.4·digits in multiprecision) it gives every digit.
//
// Subtracting two such series term by term, with y = x + δ and t = δ/x,
//
//   ln Γ(y) − ln Γ(x) = (x − ½)·ln(1 + t) + δ·(ln y − 1) + Σ_k c_k (y^{1−2k} − x^{1−2k}),
//
// never forms the huge ln Γ(x) (≈ 4e19 at x = 1e18), so the result keeps its
// relative accuracy even when δ is tiny next to x. For |t| < ½ the bracket is
// written as x^{1−2k} f_k with f_k = (x/y)^{2k−1} − 1, obtained without
// cancellation from f_1 = −δ/y, g = f_1 (2 + f_1), f_{k+1} = f_k + g + f_k g.
// Truncation error: the derivative series (digamma) also envelops, so
// |R_K(y) − R_K(x)| ≤ min(|c_{K+1}| (x^{−2K−1} + y^{−2K−1}),
//                          |δ| (2K+1) |c_{K+1}| min(x, y)^{−2K−2}).
#pragma once

#include "errors.hpp"
#include "evaluation.hpp"
#include "precision.hpp"
#include "stirling_coefficients.hpp"
#include "stirling_difference_mp.hpp"

#include <cmath>

namespace sklaws::numerics::detail {

// ln Γ(y) − ln Γ(x) for min(x, y) ≥ stirling_threshold, y = x + δ passed in
// as computed by the caller (exact when δ ≈ −x, by Sterbenz's lemma).
// err bounds rounding (8u per unit of Σ|terms|) plus truncation.
// Multiprecision runs the same steps on reused MPFR registers
// (stirling_difference_mp.hpp); this generic body is the double path.
template <class Real>
Evaluation<Real> log_gamma_ratio_stirling(const Real& x, const Real& delta, const Real& y) {
    if constexpr (is_multiprecision_v<Real>) {
        return StirlingDifferenceMp::evaluate(x, delta, y);
    } else {
        using std::abs;
        using std::log;
        using std::log1p;
        using std::min;
        const Real u = unit_roundoff<Real>();
        const Real t = delta / x;
        const bool small_t = abs(t) < Real(0.5);
        // ln(1 + t): log1p keeps relative accuracy for small t; for y ≪ x the
        // quotient y/x is formed from the exactly known y instead of 1 + t.
        const Real l1p = (t > Real(-0.5)) ? Real(log1p(t)) : Real(log(Real(y / x)));
        const Real ln_y = log(y);
        const Real a = (x - Real(0.5)) * l1p;
        const Real b = delta * (ln_y - 1);
        Real sum = a + b;
        Real magnitude = abs(a) + abs(Real(delta * ln_y)) + abs(delta);

        const unsigned max_terms = stirling_max_terms<Real>();
        const auto& c = StirlingCoefficients::for_double();
        const Real inv_x2 = 1 / (x * x);
        const Real inv_y2 = 1 / (y * y);
        Real x_power = 1 / x;  // x^{1−2k}
        Real y_power = 1 / y;  // y^{1−2k}
        Real f = -delta / y;   // f_k = (x/y)^{2k−1} − 1
        const Real g = f * (2 + f);
        unsigned k = 1;
        while (true) {
            const Real term = small_t ? Real(c[k - 1] * x_power * f) : Real(c[k - 1] * (y_power - x_power));
            sum += term;
            magnitude += abs(term) * k;
            x_power *= inv_x2;
            y_power *= inv_y2;
            if (abs(term) <= u * abs(sum) || k == max_terms) break;
            if (small_t) f = f + g + f * g;
            ++k;
        }
        // First omitted term K = k + 1; x_power, y_power now hold x^{1−2K}, y^{1−2K}.
        const Real next_c = abs(c[k]);
        const Real low_power = x < y ? x_power : y_power;
        const Real low = min(x, y);
        const Real truncation =
            min(Real(next_c * (x_power + y_power)), Real(abs(delta) * (2 * k + 1) * next_c * low_power / low));
        return {sum, 8 * u * magnitude + truncation};
    }
}

}  // namespace sklaws::numerics::detail

namespace sklaws::numerics {

// Public face of the Stirling machinery for other series of lnΓ's relatives
// (ψ, ψ', S1's weights): the argument X0 above which the asymptotic series
// reaches working precision (truncation ~e^{−2πX0}) and the coefficient
// c_k = B_{2k}/(2k(2k−1)), k ≥ 1, at the working precision in effect.
template <class Real>
Real stirling_threshold() {
    return detail::stirling_threshold<Real>();
}

template <class Real>
Real stirling_coefficient(unsigned k) {
    require(k >= 1, "k", k, "k >= 1");
    if constexpr (!is_multiprecision_v<Real>) {
        if (k <= detail::StirlingCoefficients::double_count) return detail::StirlingCoefficients::for_double()[k - 1];
        return boost::math::bernoulli_b2n<double>(static_cast<int>(k)) / (2.0 * k * (2.0 * k - 1.0));
    } else {
        return detail::StirlingCoefficients::for_multiprecision(k)[k - 1];
    }
}

}  // namespace sklaws::numerics
