// Private to theory/: Σ_{n=a}^{b−1} f(n) for a smooth f of real n given with
// its own error bound (an Evaluation), by Euler–Maclaurin:
//   Σ = ∫_a^b f + (f(a) − f(b))/2 + (f'(b) − f'(a))/12 + R,
// |R| ~ |f(a)|/(720 a²) for the power-law-like f of R1 and S1 (|f'''| ≲ 6|f|/x³,
// counted), the integral in u = ln x by 15-point Gauss–Kronrod on panels of
// width ≤ 1 (its error estimate counted), f's own bound integrated
// alongside, f' by a central difference at step 1e-3·x (1e-6 relative of the
// f'/12 term counted). Used by the cumulative R1 and S1 (R_N) at large N.
#pragma once

#include <sklaws/numerics/evaluation.hpp>

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sklaws::theory::detail {

template <class F>
numerics::Evaluation<double> euler_maclaurin_sum(F&& f, double a, double b) {
    const double ua = std::log(a), ub = std::log(b);
    const int panels = std::max(1, static_cast<int>(std::ceil(ub - ua)));
    double integral = 0, integral_err = 0, quadrature_err = 0;
    using Rule = boost::math::quadrature::gauss_kronrod<double, 15>;
    for (int i = 0; i < panels; ++i) {
        const double lo = ua + (ub - ua) * i / panels, hi = ua + (ub - ua) * (i + 1) / panels;
        double e = 0;
        integral += Rule::integrate(
            [&](double u) {
                const double x = std::exp(u);
                return f(x).val * x;
            },
            lo, hi, 0, 1e-15, &e);
        quadrature_err += e;
        integral_err += Rule::integrate(
            [&](double u) {
                const double x = std::exp(u);
                return f(x).err * x;
            },
            lo, hi, 0, 1e-15, &e);
    }
    const auto derivative = [&](double x) {
        const double h = 1e-3 * x;
        return (f(x + h).val - f(x - h).val) / (2 * h);
    };
    const numerics::Evaluation<double> fa = f(a), fb = f(b);
    const double correction = (fa.val - fb.val) / 2 + (derivative(b) - derivative(a)) / 12;
    const double value = integral + correction;
    const double err = integral_err + quadrature_err + fa.err + fb.err + 1e-6 * std::abs(derivative(a)) / 12 +
                       std::abs(fa.val) / (720 * a * a) + 8 * std::numeric_limits<double>::epsilon() * std::abs(integral);
    return {value, err};
}

}  // namespace sklaws::theory::detail
