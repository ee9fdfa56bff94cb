#include <sklaws/fitting/compute_optimal.hpp>

#include <sklaws/numerics/errors.hpp>

#include <cmath>

namespace sklaws::fitting {

ComputeOptimalSplit compute_optimal_split(double A, double B, double a, double b) {
    numerics::require(std::isfinite(A) && A > 0, "A", A, "(finite, > 0)");
    numerics::require(std::isfinite(B) && B > 0, "B", B, "(finite, > 0)");
    numerics::require(std::isfinite(a) && a > 0, "a", a, "(finite, > 0)");
    numerics::require(std::isfinite(b) && b > 0, "b", b, "(finite, > 0)");
    ComputeOptimalSplit split;
    // In logs: ln G = (ln a + ln A − ln b − ln B)/(a+b), safe for A, B ~ e^25.
    split.G = std::exp((std::log(a) + std::log(A) - std::log(b) - std::log(B)) / (a + b));
    split.n_exponent = b / (a + b);
    split.d_exponent = a / (a + b);
    return split;
}

double ComputeOptimalSplit::n_opt(double compute) const {
    numerics::require(std::isfinite(compute) && compute > 0, "compute", compute, "(finite, > 0)");
    return G * std::pow(compute / 6.0, n_exponent);
}

double ComputeOptimalSplit::d_opt(double compute) const { return compute / 6.0 / n_opt(compute); }

}  // namespace sklaws::fitting
