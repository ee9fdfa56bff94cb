// Exact random variates on numerics::RandomStream: Gamma, Beta, Binomial.
//
// std:: distributions are not specified bit-for-bit, so a seed would not
// reproduce across standard libraries; these are our own implementations,
// each consuming the stream in a fixed, documented way.
//
//   Gamma(a), a > 0, density x^{a−1} e^{−x}/Γ(a):
//     a ≥ 1: Marsaglia & Tsang (2000) squeeze/rejection on d(1+cZ)^3,
//            d = a − 1/3, c = 1/√(9d), Z standard normal.
//     a < 1: Gamma(a) = Gamma(a+1) · U^{1/a} (Stuart), computed in logs so
//            that tiny shapes (a = 0.01: U^{100}) never underflow to 0.
//   Beta(a, b) = X/(X+Y), X ~ Gamma(a), Y ~ Gamma(b). Evaluated from
//     ln X − ln Y so that both the value and its complement 1 − V are
//     accurate (stick-breaking multiplies the remaining mass by 1 − V; for
//     V near 1 the subtraction 1 − V would lose every digit).
//   Binomial(n, p), n up to 1e15 (exact, no normal approximation):
//     p > 1/2 is reflected (n − Binomial(n, 1−p));
//     (n+1)·p < 11: inversion by sequential search from 0;
//     otherwise Hörmann's BTRD (1993, "The generation of binomial random
//     variates", J. Stat. Comput. Simul. 46), whose final acceptance test
//     ln v ≤ ln f(k)/f(m) is evaluated with accurate log-Gamma ratios
//     (numerics::log_gamma_ratio) instead of the Stirling-difference form,
//     which at n = 1e12 would lose ~1e−4 in the log acceptance probability.
//
// All functions validate their parameters (DomainError on NaN/out of range).
#pragma once

#include <sklaws/numerics/random_stream.hpp>

#include <cstdint>

namespace sklaws::validation {

// ln of a Gamma(shape) variate; finite for every shape > 0.
double log_gamma_variate(numerics::RandomStream& rng, double shape);

// Gamma(shape) variate, shape > 0 (may underflow to 0 for shape ≪ 1; use
// log_gamma_variate when that matters).
double gamma_variate(numerics::RandomStream& rng, double shape);

// A Beta draw with its complement, each to full relative accuracy
// (value + complement = 1 up to rounding), and their logs, which stay finite
// when the value itself underflows (Beta(0.01, b) is below 1e−308 with
// probability ≈ 0.1).
struct BetaDraw {
    double value;
    double complement;
    double log_value;
    double log_complement;
};

// Beta(a, b), a > 0, b > 0.
BetaDraw beta_draw(numerics::RandomStream& rng, double a, double b);
inline double beta_variate(numerics::RandomStream& rng, double a, double b) { return beta_draw(rng, a, b).value; }

// Binomial(n, p), 0 ≤ p ≤ 1, n ≤ 1e15.
std::uint64_t binomial_variate(numerics::RandomStream& rng, std::uint64_t n, double p);

}  // namespace sklaws::validation
