// Private to theory/: inverse factorial series, the expansion that turns an
// expectation of g(x) = ψ(x+1) − ln x (digamma_log_gap.hpp) over an urn law
// into closed forms.
//
//   φ_r(x) = 1/(x(x−1)…(x−r+1)) = Γ(x+1−r)/Γ(x+1),  r ≥ 1,
// is an eigenfunction of the Pólya urns in R1 and S1: for k ~ BetaBinomial(n, A, B)
// with A = c + 1, E[φ_r(c+k)] = φ_r(c)·(A+B−r)_n/(A+B)_n (Chu–Vandermonde),
// a finite product. An asymptotic series Σ_m A_m x^{−m} is converted into
// Σ_r γ_r φ_r(x) by φ_r(x) = Σ_{m≥r} S(m−1, r−1) x^{−m} (Stirling numbers of
// the second kind): A_m = Σ_{r≤m} γ_r S(m−1, r−1), solved forward.
// With `factorial_terms` = 16 terms, g's series G = Σ γ_r φ_r is g to 2e-17
// relative at x ≥ 64 (the cut K0 below which the callers sum exactly).
// φ_r has poles at x = 0, 1, …, r−1: callers keep x away from them or
// subtract the exact terms there.
#pragma once

#include <boost/math/special_functions/bernoulli.hpp>

#include <array>
#include <cstddef>

namespace sklaws::theory::detail {

inline constexpr std::size_t factorial_terms = 16;  // R: factorial-series terms
inline constexpr std::size_t factorial_cut = 64;    // K0: exact sums below, the series above

using FactorialCoefficients = std::array<double, factorial_terms + 1>;

inline FactorialCoefficients to_factorial_series(const std::array<long double, factorial_terms + 1>& power) {
    constexpr std::size_t terms = factorial_terms;
    std::array<std::array<long double, terms + 1>, terms + 1> stirling{};
    stirling[0][0] = 1;
    for (std::size_t m = 1; m <= terms; ++m) {
        for (std::size_t r = 1; r <= m; ++r) stirling[m][r] = r * stirling[m - 1][r] + stirling[m - 1][r - 1];
    }
    std::array<long double, terms + 1> gamma{};
    FactorialCoefficients out{};
    for (std::size_t m = 1; m <= terms; ++m) {
        long double s = power[m];
        for (std::size_t r = 1; r < m; ++r) s -= gamma[r] * stirling[m - 1][r - 1];
        gamma[m] = s;
        out[m] = static_cast<double>(s);
    }
    return out;
}

// B_{2k}/(2k), k = 1..terms/2, in long double (index k).
inline const std::array<long double, factorial_terms + 1>& bernoulli_over_index() {
    static const std::array<long double, factorial_terms + 1> b = [] {
        std::array<long double, factorial_terms + 1> t{};
        for (std::size_t k = 1; 2 * k <= factorial_terms; ++k) {
            t[k] = static_cast<long double>(boost::math::bernoulli_b2n<long double>(static_cast<int>(k))) /
                   (2.0L * static_cast<long double>(k));
        }
        return t;
    }();
    return b;
}

// γ_r of g(x) = 1/(2x) − Σ_k B_{2k}/(2k) x^{−2k}.
inline const FactorialCoefficients& digamma_log_gap_factorial_series() {
    static const FactorialCoefficients g = [] {
        const auto& b_over = bernoulli_over_index();
        std::array<long double, factorial_terms + 1> power{};
        power[1] = 0.5L;
        for (std::size_t k = 1; 2 * k <= factorial_terms; ++k) power[2 * k] = -b_over[k];
        return to_factorial_series(power);
    }();
    return g;
}

// φ_r(x) for r = 1..terms.
inline FactorialCoefficients falling_inverses(double x) {
    FactorialCoefficients phi{};
    double p = 1;
    for (std::size_t r = 1; r <= factorial_terms; ++r) {
        p *= x - static_cast<double>(r - 1);
        phi[r] = 1.0 / p;
    }
    return phi;
}

}  // namespace sklaws::theory::detail
