// K3's P(K_n < n) (docs/theory.md §3); method and accuracy in repeat_probability.hpp.
#include "sklaws/theory/repeat_probability.hpp"

#include "sklaws/theory/pitman_yor_parameters.hpp"

#include <cmath>
#include <limits>

namespace sklaws::theory {

numerics::Evaluation<double> repeat_probability_e(double alpha, double beta, std::uint64_t n) {
    PitmanYorParameters{alpha, beta}.validate();
    numerics::require(n >= 1 && n <= 1000000000000ULL, "n", static_cast<double>(n), "1 <= n <= 1e12");
    constexpr double eps = std::numeric_limits<double>::epsilon() / 2;
    constexpr double stop = -40.0;
    // Σ ln((β + iα)/(β + i)), every term <= 0, Neumaier-compensated.
    double sum = 0.0, compensation = 0.0;
    for (std::uint64_t k = 1; k < n && sum > stop; ++k) {
        const double i = static_cast<double>(k);
        const double ratio = (beta + i * alpha) / (beta + i);
        const double term = ratio >= 0.5 ? std::log1p(-(i * (1.0 - alpha)) / (beta + i)) : std::log(ratio);
        const double t = sum + term;
        compensation += std::fabs(sum) >= std::fabs(term) ? (sum - t) + term : (term - t) + sum;
        sum = t;
    }
    sum += compensation;
    if (sum <= stop) return {1.0, std::exp(sum) + 2 * eps};
    const double q = -std::expm1(sum);
    return {q, 16 * eps * q};
}

}  // namespace sklaws::theory
