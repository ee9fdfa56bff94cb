// A1 fact accuracy and A2 capacity threshold (see acquisition.hpp).
//
// Noisy A1, P(correct | m). Let c0 be the count of the true value
// (Binomial(m, q), q = 1−ε+ε/V) and the other m' = m − c0 mentions spread
// uniformly over the K = V−1 wrong values. The vote is correct with
// probability 1/(t+1) when exactly t wrong values tie with the true one at
// the maximum c0 and none exceeds it:
//   B(c0, m') = Σ_t C(K,t)/(t+1) · m'!/K^{m'} · (1/c0!)^t · [x^{m'−t c0}] F_{c0}(x)^{K−t},
//   F_c(x) = Σ_{j<c} x^j/j!  (each remaining wrong value has fewer than c0).
// The coefficients of F_c^E are computed, normalised as
//   π(s) = s!/E^s [x^s] F_c^E = P(s balls in E boxes all hold < c),
// by J.C.P. Miller's power recurrence when E ≥ s_max (all its coefficients are
// then positive, so it is stable) and by repeated multiplication otherwise.
// Every sum is of positive terms.
#include <sklaws/theory/acquisition.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/theory/diversity.hpp>

#include "knowledge_evaluation.hpp"

#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace sklaws::theory {

namespace {

using numerics::Evaluation;
using numerics::mp_real;

constexpr std::uint64_t max_mentions = 150;  // noisy A1: largest m summed

// ln of [x^s] F_c(x)^E for s = 0..s_max (−inf where zero), E ≥ 0, c ≥ 1.
std::vector<double> log_power_coefficients(std::uint64_t c, std::uint64_t E, std::uint64_t s_max) {
    std::vector<double> out(s_max + 1, -INFINITY);
    if (E == 0) {
        out[0] = 0;
        return out;
    }
    const double e = static_cast<double>(E);
    if (E >= s_max) {
        // Miller on π(k) = k!/E^k [x^k] F^E: π(k) = Σ_{j=1}^{min(k,c−1)} ((E+1)j − k)/k · C(k,j) E^{−j} π(k−j).
        std::vector<double> pi(s_max + 1, 0.0);
        pi[0] = 1;
        for (std::uint64_t k = 1; k <= s_max; ++k) {
            double sum = 0, binom = 1, e_pow = 1;
            for (std::uint64_t j = 1; j <= std::min<std::uint64_t>(k, c - 1); ++j) {
                binom = binom * static_cast<double>(k - j + 1) / static_cast<double>(j);
                e_pow /= e;
                sum += ((e + 1) * static_cast<double>(j) - static_cast<double>(k)) / static_cast<double>(k) * binom *
                       e_pow * pi[k - j];
            }
            pi[k] = sum;
        }
        for (std::uint64_t s = 0; s <= s_max; ++s) {
            if (pi[s] > 0) out[s] = std::log(pi[s]) + static_cast<double>(s) * std::log(e) - std::lgamma(s + 1.0);
        }
        return out;
    }
    // Small E: multiply E times by F_c (positive coefficients).
    std::vector<double> f(std::min<std::uint64_t>(c, s_max + 1));
    for (std::size_t j = 0; j < f.size(); ++j) f[j] = std::exp(-std::lgamma(j + 1.0));
    std::vector<double> poly(s_max + 1, 0.0), next(s_max + 1);
    poly[0] = 1;
    for (std::uint64_t i = 0; i < E; ++i) {
        std::fill(next.begin(), next.end(), 0.0);
        for (std::uint64_t s = 0; s <= s_max; ++s) {
            if (poly[s] == 0) continue;
            for (std::size_t j = 0; j < f.size() && s + j <= s_max; ++j) next[s + j] += poly[s] * f[j];
        }
        poly.swap(next);
    }
    for (std::uint64_t s = 0; s <= s_max; ++s) {
        if (poly[s] > 0) out[s] = std::log(poly[s]);
    }
    return out;
}

double log_choose(double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); }

// A(m) for m = 0..m_max.
std::vector<double> accuracy_table(std::uint64_t m_max, std::uint64_t V, double eps) {
    const double q = 1.0 - eps + eps / static_cast<double>(V);
    const std::uint64_t K = V - 1;
    const double k_real = static_cast<double>(K);
    std::vector<double> acc(m_max + 1, 0.0);
    acc[0] = 1.0 / static_cast<double>(V);
    // B(c0, m') for every c0 ≥ 1 and m' ≤ m_max − c0.
    for (std::uint64_t c0 = 1; c0 <= m_max; ++c0) {
        const std::uint64_t rest_max = m_max - c0;
        std::vector<double> b(rest_max + 1, 0.0);
        for (std::uint64_t t = 0; t <= K && t * c0 <= rest_max; ++t) {
            const std::uint64_t E = K - t;
            const auto log_coef = log_power_coefficients(c0, E, rest_max - t * c0);
            const double log_lead = log_choose(k_real, static_cast<double>(t)) - std::log(t + 1.0) -
                                    static_cast<double>(t) * std::lgamma(c0 + 1.0);
            for (std::uint64_t rest = t * c0; rest <= rest_max; ++rest) {
                const double lc = log_coef[rest - t * c0];
                if (!std::isfinite(lc)) continue;
                const double log_norm = std::lgamma(rest + 1.0) - static_cast<double>(rest) * std::log(k_real);
                b[rest] += std::exp(log_lead + lc + log_norm);
            }
        }
        for (std::uint64_t rest = 0; rest <= rest_max; ++rest) {
            const std::uint64_t m = c0 + rest;
            if (b[rest] == 0) continue;
            double log_pm = log_choose(static_cast<double>(m), static_cast<double>(c0)) + static_cast<double>(c0) * std::log(q);
            if (rest > 0) log_pm += static_cast<double>(rest) * std::log1p(-q);
            acc[m] += std::exp(log_pm) * b[rest];
        }
    }
    return acc;
}

void validate_fact(double w, std::uint64_t V, double eps) {
    numerics::require_finite("weight", w);
    numerics::require(w >= 0 && w <= 1, "weight", w, "0 <= w <= 1");
    numerics::require(V >= 2, "values", V, "V >= 2");
    numerics::require_finite("noise", eps);
    numerics::require(eps >= 0 && eps <= 1, "noise", eps, "0 <= epsilon <= 1");
}

// Range of m ~ Binomial(n, w) holding all but ~1e-30 of the mass.
std::pair<std::uint64_t, std::uint64_t> mention_window(double w, std::uint64_t n) {
    const double mean = static_cast<double>(n) * w;
    const double sd = std::sqrt(mean * (1 - w));
    const double lo = std::max(0.0, std::floor(mean - 12 * sd - 12));
    const double hi = std::min(static_cast<double>(n), std::ceil(mean + 12 * sd + 12));
    return {static_cast<std::uint64_t>(lo), static_cast<std::uint64_t>(hi)};
}

double noisy_accuracy(double w, std::uint64_t n, std::uint64_t V, double eps) {
    const auto [lo, hi] = mention_window(w, n);
    numerics::require(hi <= max_mentions, "n", n,
                      "n*w + 12 sqrt(n*w) + 12 <= 150 for the exact noisy accuracy (expected mentions <= ~80)");
    const auto acc = accuracy_table(hi, V, eps);
    double sum = 0;
    for (std::uint64_t m = lo; m <= hi; ++m) {
        double log_pm = log_choose(static_cast<double>(n), static_cast<double>(m));
        if (m > 0) log_pm += static_cast<double>(m) * std::log(w);
        if (n > m) log_pm += static_cast<double>(n - m) * std::log1p(-w);
        sum += std::exp(log_pm) * acc[m];
    }
    return sum;
}

// Acc = 1/V + (1 − 1/V)(1 − (1−w)^n), with 1 − (1−w)^n = −expm1(n·log1p(−w)):
// a sum of two non-negative terms, so full relative accuracy even when
// Acc ≈ 1/V (n = 0, tiny w) or Acc ≈ 1.
template <class Real>
Evaluation<Real> noise_free_direct(const Real& w, std::uint64_t n, std::uint64_t V) {
    using std::abs;
    using std::expm1;
    using std::log1p;
    const Real n_real = Real(static_cast<double>(n));
    const Real guess = Real(1) / Real(static_cast<double>(V));
    const Real log_keep = (w == 1) ? Real(0) : Real(n_real * log1p(-w));  // ln (1−w)^n
    const Real seen = (w == 1) ? Real(n == 0 ? 0 : 1) : Real(-expm1(log_keep));
    const Real val = guess + (1 - guess) * seen;
    // expm1 turns the absolute error of its argument (≈ ε|ln(1−w)^n|) into ≤ that relative error.
    const Real err = numerics::unit_roundoff<Real>() * (6 * abs(val) + 2 * abs(seen) * (2 + abs(log_keep)));
    return {val, err};
}

}  // namespace

template <class Real>
Evaluation<Real> fact_accuracy_e(const Real& w, std::uint64_t n, std::uint64_t V, const Real& epsilon) {
    validate_fact(static_cast<double>(w), V, static_cast<double>(epsilon));
    if (epsilon == 0) {
        if constexpr (numerics::is_multiprecision_v<Real>) {
            return detail::evaluate_to_digits(numerics::working_digits<mp_real>(), [&] {
                return noise_free_direct(detail::at_working_precision(w), n, V);
            });
        } else {
            return noise_free_direct(w, n, V);
        }
    }
    const double val = noisy_accuracy(static_cast<double>(w), n, V, static_cast<double>(epsilon));
    return {Real(val), Real(1e-13 * val)};
}

double accuracy_given_mentions(std::uint64_t m, std::uint64_t V, double epsilon) {
    validate_fact(0.5, V, epsilon);
    numerics::require(m <= max_mentions, "mentions", m, "m <= 150");
    return accuracy_table(m, V, epsilon)[m];
}

std::vector<Evaluation<double>> accuracy_given_mentions_table(std::uint64_t m_max, std::uint64_t V, double epsilon) {
    validate_fact(0.5, V, epsilon);
    numerics::require(m_max <= max_mentions, "mentions", m_max, "m <= 150");
    const std::vector<double> acc = accuracy_table(m_max, V, epsilon);
    std::vector<Evaluation<double>> out;
    out.reserve(acc.size());
    for (double a : acc) out.push_back({a, 1e-13 * a});  // the stated relative accuracy
    return out;
}

double capacity_threshold_weight(const PitmanYorParameters& params, double C) {
    params.validate();
    numerics::require(params.alpha > 0, "alpha", params.alpha, "0 < alpha < 1 (no power law at alpha = 0)");
    numerics::require_finite("capacity", C);
    numerics::require(C >= 1, "capacity", C, "C >= 1");
    const double a = params.alpha;
    const double moment = diversity_moment_e<double>(a, params.beta, 1.0 / a).val;
    return std::exp(-std::lgamma(1.0 - a) / a + std::log(moment) - std::log(C) / a);
}

double capacity_acquisition_probability(double w, std::uint64_t n, double threshold_weight) {
    numerics::require_finite("weight", w);
    numerics::require(w >= 0 && w <= 1, "weight", w, "0 <= w <= 1");
    numerics::require_finite("threshold", threshold_weight);
    numerics::require(threshold_weight >= 0, "threshold", threshold_weight, "threshold >= 0");
    const double k = std::floor(static_cast<double>(n) * threshold_weight);  // need m > n·w*
    if (k >= static_cast<double>(n)) return 0.0;
    if (w == 0) return 0.0;
    if (w == 1) return 1.0;
    return boost::math::ibeta(k + 1.0, static_cast<double>(n) - k, w);  // P(Binomial(n, w) ≥ k+1)
}

template Evaluation<double> fact_accuracy_e<double>(const double&, std::uint64_t, std::uint64_t, const double&);
template Evaluation<mp_real> fact_accuracy_e<mp_real>(const mp_real&, std::uint64_t, std::uint64_t, const mp_real&);

}  // namespace sklaws::theory
