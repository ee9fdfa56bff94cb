// Gamma (Marsaglia–Tsang), Beta (two Gammas, in logs) and Binomial
// (inversion / Hörmann BTRD) variates; see random_variates.hpp for the why.
#include <sklaws/validation/random_variates.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/special_functions.hpp>

#include <cmath>

namespace sklaws::validation {

namespace {

// ln of Gamma(shape) for shape ≥ 1 (Marsaglia & Tsang 2000). Acceptance
// probability ≥ 0.95 for every shape ≥ 1.
double log_gamma_variate_shape_ge_one(numerics::RandomStream& rng, double shape) {
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = rng.normal();
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = rng.uniform();
        const double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2) return std::log(d) + std::log(v);
        if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return std::log(d) + std::log(v);
    }
}

constexpr std::uint64_t max_binomial_n = 1000000000000000ULL;  // 1e15: (n+1)·p stays exact enough in double

// Inversion by sequential search from k = 0, for small means ((n+1)p < 11).
// p ≤ 1/2 here, so q^n = exp(n log1p(−p)) ≥ e^{−22}: the start never underflows.
std::uint64_t binomial_inversion(numerics::RandomStream& rng, std::uint64_t n, double p) {
    const double q_n = std::exp(static_cast<double>(n) * std::log1p(-p));
    const double r = p / (1.0 - p);
    const double nr = (static_cast<double>(n) + 1.0) * r;
    for (;;) {
        double u = rng.uniform();
        double f = q_n;
        std::uint64_t k = 0;
        while (u > f) {
            u -= f;
            ++k;
            if (k > n) break;
            f *= nr / static_cast<double>(k) - r;  // f(k)/f(k−1) = (n−k+1)/k · p/q
            if (f <= 0.0) break;  // rounding exhausted the tail: restart
        }
        if (k <= n && u <= f) return k;
    }
}

// ln[f(k)/f(m)] for the Binomial(n, p) pmf f, accurate for n up to 1e15:
// ln m!(n−m)! − ln k!(n−k)! + (k−m) ln r, with the factorial ratios taken as
// log-Gamma ratios (no cancellation between terms of size n ln n).
double log_pmf_ratio(std::uint64_t n, std::uint64_t k, std::uint64_t m, double log_r) {
    const double dk = static_cast<double>(k), dm = static_cast<double>(m), dn = static_cast<double>(n);
    const double delta = dk - dm;
    // ln Γ(k+1) − ln Γ(m+1) and ln Γ(n−k+1) − ln Γ(n−m+1)
    const double lg_k = numerics::log_gamma_ratio(dm + 1.0, delta);
    const double lg_nk = numerics::log_gamma_ratio(dn - dm + 1.0, -delta);
    return -lg_k - lg_nk + delta * log_r;
}

// Hörmann's BTRD, p ≤ 1/2, (n+1)p ≥ 11.
std::uint64_t binomial_btrd(numerics::RandomStream& rng, std::uint64_t n, double p) {
    const double dn = static_cast<double>(n);
    const auto m = static_cast<std::uint64_t>(std::floor((dn + 1.0) * p));
    const double dm = static_cast<double>(m);
    const double r = p / (1.0 - p);
    const double log_r = std::log(r);
    const double nr = (dn + 1.0) * r;
    const double npq = dn * p * (1.0 - p);
    const double sqrt_npq = std::sqrt(npq);
    const double b = 1.15 + 2.53 * sqrt_npq;
    const double a = -0.0873 + 0.0248 * b + 0.01 * p;
    const double c = dn * p + 0.5;
    const double alpha = (2.83 + 5.1 / b) * sqrt_npq;
    const double v_r = 0.92 - 4.2 / b;
    const double u_rv_r = 0.86 * v_r;

    for (;;) {
        double v = rng.uniform();
        double u;
        if (v <= u_rv_r) {  // inside the hat's central box: immediate acceptance
            u = v / v_r - 0.43;
            const double k = std::floor((2.0 * a / (0.5 - std::fabs(u)) + b) * u + c);
            if (k >= 0.0 && k <= dn) return static_cast<std::uint64_t>(k);
            continue;
        }
        if (v >= v_r) {
            u = rng.uniform() - 0.5;
        } else {
            u = v / v_r - 0.93;
            u = (u < 0.0 ? -0.5 : 0.5) - u;
            v = rng.uniform() * v_r;
        }
        const double us = 0.5 - std::fabs(u);
        const double kd = std::floor((2.0 * a / us + b) * u + c);
        if (kd < 0.0 || kd > dn) continue;
        const auto k = static_cast<std::uint64_t>(kd);
        v = v * alpha / (a / (us * us) + b);
        const double km = std::fabs(kd - dm);
        if (km <= 15.0) {  // f(k)/f(m) by its product recursion
            double f = 1.0;
            if (m < k) {
                for (std::uint64_t i = m + 1; i <= k; ++i) f *= nr / static_cast<double>(i) - r;
            } else if (m > k) {
                for (std::uint64_t i = k + 1; i <= m; ++i) v *= nr / static_cast<double>(i) - r;
            }
            if (v <= f) return k;
            continue;
        }
        // Squeeze on ln f(k)/f(m) (Hörmann's bounds), then the exact test.
        const double log_v = std::log(v);
        const double rho = (km / npq) * (((km / 3.0 + 0.625) * km + 1.0 / 6.0) / npq + 0.5);
        const double t = -km * km / (2.0 * npq);
        if (log_v < t - rho) return k;
        if (log_v > t + rho) continue;
        if (log_v <= log_pmf_ratio(n, k, m, log_r)) return k;
    }
}

}  // namespace

double log_gamma_variate(numerics::RandomStream& rng, double shape) {
    numerics::require_finite("shape", shape);
    numerics::require(shape > 0.0, "shape", shape, "shape > 0");
    if (shape >= 1.0) return log_gamma_variate_shape_ge_one(rng, shape);
    // Gamma(a) = Gamma(a+1)·U^{1/a}: in logs, ln U / a never underflows.
    const double log_g = log_gamma_variate_shape_ge_one(rng, shape + 1.0);
    return log_g + std::log(rng.uniform()) / shape;
}

double gamma_variate(numerics::RandomStream& rng, double shape) { return std::exp(log_gamma_variate(rng, shape)); }

BetaDraw beta_draw(numerics::RandomStream& rng, double a, double b) {
    numerics::require_finite("a", a);
    numerics::require_finite("b", b);
    numerics::require(a > 0.0, "a", a, "a > 0");
    numerics::require(b > 0.0, "b", b, "b > 0");
    const double lx = log_gamma_variate(rng, a);
    const double ly = log_gamma_variate(rng, b);
    // X/(X+Y) = 1/(1 + e^{ly−lx}); each side from its own exponent keeps
    // full relative accuracy even when the other is within 1e-16 of 1.
    // ln(X/(X+Y)) = −log1p(e^{ly−lx}), written to avoid overflow of e^{ly−lx}.
    const double d = ly - lx;
    const double log_value = d > 0 ? -d - std::log1p(std::exp(-d)) : -std::log1p(std::exp(d));
    const double log_complement = d < 0 ? d - std::log1p(std::exp(d)) : -std::log1p(std::exp(-d));
    return {1.0 / (1.0 + std::exp(d)), 1.0 / (1.0 + std::exp(-d)), log_value, log_complement};
}

std::uint64_t binomial_variate(numerics::RandomStream& rng, std::uint64_t n, double p) {
    numerics::require_finite("p", p);
    numerics::require(p >= 0.0 && p <= 1.0, "p", p, "0 <= p <= 1");
    numerics::require(n <= max_binomial_n, "n", n, "n <= 1e15");
    if (n == 0 || p == 0.0) return 0;
    if (p == 1.0) return n;
    if (p > 0.5) return n - binomial_variate(rng, n, 1.0 - p);
    // BTRD needs m = ⌊(n+1)p⌋ ≥ 11 (Hörmann; Boost.Random uses the same cut).
    if ((static_cast<double>(n) + 1.0) * p < 11.0) return binomial_inversion(rng, n, p);
    return binomial_btrd(rng, n, p);
}

}  // namespace sklaws::validation
