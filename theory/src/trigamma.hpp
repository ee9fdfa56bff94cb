// Private to theory/: the trigamma function ψ'(x) = Σ_{i≥0} 1/(x+i)², x > 0,
// needed by K2 at α = 0 (Var[K_n] of the Dirichlet process).
//
// Double: Boost.Math (a few ulp). Multiprecision: shift x up past X0 with
// ψ'(x) = ψ'(x+1) + 1/x², then the asymptotic series
//     ψ'(x) ~ 1/x + 1/(2x²) + Σ_{k≥1} B_{2k} / x^{2k+1},
// whose smallest term is ~e^{−2πx}, below the working roundoff once
// x ≥ X0 = 10 + 0.4·digits (2π·0.4·log10(e) > 1). Error bound:
// a few ulp of the sum of absolute terms plus the last term.
#pragma once

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <boost/math/special_functions/bernoulli.hpp>
#include <boost/math/special_functions/trigamma.hpp>

#include <cmath>

namespace sklaws::theory::detail {

template <class Real>
numerics::Evaluation<Real> trigamma_e(const Real& x) {
    using std::abs;
    numerics::require_finite("x", x);
    numerics::require(x > 0, "x", x, "x > 0");
    const Real eps = numerics::unit_roundoff<Real>();
    if constexpr (!numerics::is_multiprecision_v<Real>) {
        const Real r = boost::math::trigamma(x);
        return {r, 8 * eps * r};
    } else {
        const Real x0 = Real(10 + (4 * numerics::working_digits<Real>()) / 10);
        Real shifted = x;
        Real head = 0;  // Σ 1/(x+i)² over the shift, all positive
        while (shifted < x0) {
            head += 1 / (shifted * shifted);
            shifted += 1;
        }
        const Real inv = 1 / shifted;
        const Real inv2 = inv * inv;
        Real sum = inv + inv2 / 2;
        Real power = inv2 * inv;  // x^{−(2k+1)}
        Real last = 0;
        for (unsigned k = 1; k < 400; ++k) {
            const Real b2k = boost::math::bernoulli_b2n<Real>(static_cast<int>(k));
            const Real term = b2k * power;
            sum += term;
            last = abs(term);
            if (last <= eps * sum) break;
            power *= inv2;
        }
        const Real value = head + sum;
        return {value, 8 * eps * value + last};
    }
}

}  // namespace sklaws::theory::detail
