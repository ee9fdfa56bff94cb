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
#include <cstdio>
#include <limits>
#include <vector>

namespace sklaws::theory {

namespace {

using numerics::Evaluation;
using numerics::mp_real;

constexpr std::uint64_t max_mentions = 150;  // noisy A1: largest m summed

// The noisy sums run in long double (64-bit mantissa) and carry a running
// a-priori bound. Every quantity is a product or a sum of positive terms, so
// relative errors add: a product of t rounded factors is off by ≤ t·u, a sum
// of positive terms by ≤ (its terms' worst) + (number of terms)·u, and
// exp(L) by |error of L| ≤ c·u·(Σ |parts of L|) (lgammal, logl, log1pl are
// within a few ulp). Rel tracks that bound in units of u.
using Wide = long double;
constexpr Wide wide_u = std::numeric_limits<Wide>::epsilon() / 2;

struct LogTerm {
    Wide log;        // ln of a positive quantity
    Wide magnitude;  // Σ |parts| of log, for the error of exp(log)
    Wide rel;        // relative error (units of u) already carried by the parts
};

// ln of [x^s] F_c(x)^E for s = 0..s_max (−inf where zero), E ≥ 0, c ≥ 1.
std::vector<LogTerm> log_power_coefficients(std::uint64_t c, std::uint64_t E, std::uint64_t s_max) {
    std::vector<LogTerm> out(s_max + 1, LogTerm{-INFINITY, 0, 0});
    if (E == 0) {
        out[0] = {0, 0, 0};
        return out;
    }
    const Wide e = static_cast<Wide>(E);
    if (E >= s_max) {
        // Miller on π(k) = k!/E^k [x^k] F^E: π(k) = Σ_{j=1}^{min(k,c−1)} ((E+1)j − k)/k · C(k,j) E^{−j} π(k−j),
        // every term positive since E ≥ s_max ≥ k. rel(π(k)) ≤ max_j rel(π(k−j)) + (3j + 6) + terms.
        std::vector<Wide> pi(s_max + 1, 0.0L), rel(s_max + 1, 0.0L);
        pi[0] = 1;
        for (std::uint64_t k = 1; k <= s_max; ++k) {
            Wide sum = 0, binom = 1, e_pow = 1, worst = 0;
            const std::uint64_t top = std::min<std::uint64_t>(k, c - 1);
            for (std::uint64_t j = 1; j <= top; ++j) {
                binom = binom * static_cast<Wide>(k - j + 1) / static_cast<Wide>(j);
                e_pow /= e;
                sum += ((e + 1) * static_cast<Wide>(j) - static_cast<Wide>(k)) / static_cast<Wide>(k) * binom * e_pow *
                       pi[k - j];
                worst = std::max(worst, rel[k - j] + 3 * static_cast<Wide>(j) + 6);
            }
            pi[k] = sum;
            rel[k] = worst + static_cast<Wide>(top);
        }
        for (std::uint64_t s = 0; s <= s_max; ++s) {
            if (pi[s] > 0) {
                const Wide a = std::log(pi[s]), b = static_cast<Wide>(s) * std::log(e), g = std::lgamma(s + 1.0L);
                out[s] = {a + b - g, std::abs(a) + std::abs(b) + std::abs(g), rel[s]};
            }
        }
        return out;
    }
    // Small E: multiply E times by F_c (positive coefficients); each pass adds
    // ≤ (c + 2)u to every coefficient.
    std::vector<Wide> f(std::min<std::uint64_t>(c, s_max + 1));
    for (std::size_t j = 0; j < f.size(); ++j) f[j] = std::exp(-std::lgamma(j + 1.0L));
    std::vector<Wide> poly(s_max + 1, 0.0L), next(s_max + 1);
    poly[0] = 1;
    for (std::uint64_t i = 0; i < E; ++i) {
        std::fill(next.begin(), next.end(), 0.0L);
        for (std::uint64_t s = 0; s <= s_max; ++s) {
            if (poly[s] == 0) continue;
            for (std::size_t j = 0; j < f.size() && s + j <= s_max; ++j) next[s + j] += poly[s] * f[j];
        }
        poly.swap(next);
    }
    const Wide rel = static_cast<Wide>(E) * (static_cast<Wide>(f.size()) + 2 + 64);  // 64: exp(−lgamma) of f
    for (std::uint64_t s = 0; s <= s_max; ++s) {
        if (poly[s] > 0) out[s] = {std::log(poly[s]), std::abs(std::log(poly[s])), rel};
    }
    return out;
}

Wide log_choose_small(Wide n, Wide k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); }

// A(m) for m = 0..m_max, with rel[m] its relative error bound in units of u.
struct AccuracyTable {
    std::vector<Wide> acc, rel;
};

AccuracyTable accuracy_table(std::uint64_t m_max, std::uint64_t V, double eps) {
    const Wide q = 1.0L - static_cast<Wide>(eps) + static_cast<Wide>(eps) / static_cast<Wide>(V);
    const std::uint64_t K = V - 1;
    const Wide k_real = static_cast<Wide>(K);
    AccuracyTable table{std::vector<Wide>(m_max + 1, 0.0L), std::vector<Wide>(m_max + 1, 0.0L)};
    table.acc[0] = 1.0L / static_cast<Wide>(V);
    table.rel[0] = 1;
    const Wide log_q = std::log(q), log_1mq = std::log1p(-q);
    // B(c0, m') for every c0 ≥ 1 and m' ≤ m_max − c0.
    for (std::uint64_t c0 = 1; c0 <= m_max; ++c0) {
        const std::uint64_t rest_max = m_max - c0;
        std::vector<Wide> b(rest_max + 1, 0.0L), b_rel(rest_max + 1, 0.0L);
        std::vector<std::uint64_t> b_terms(rest_max + 1, 0);
        for (std::uint64_t t = 0; t <= K && t * c0 <= rest_max; ++t) {
            const std::uint64_t E = K - t;
            const auto log_coef = log_power_coefficients(c0, E, rest_max - t * c0);
            const Wide lc1 = log_choose_small(k_real, static_cast<Wide>(t)), lt = std::log(t + 1.0L),
                       lg = static_cast<Wide>(t) * std::lgamma(c0 + 1.0L);
            const Wide log_lead = lc1 - lt - lg;
            const Wide lead_mag = std::abs(lc1) + std::abs(lt) + std::abs(lg) + 3 * std::abs(std::lgamma(k_real + 1));
            for (std::uint64_t rest = t * c0; rest <= rest_max; ++rest) {
                const LogTerm& lc = log_coef[rest - t * c0];
                if (!std::isfinite(lc.log)) continue;
                const Wide g = std::lgamma(rest + 1.0L), r = static_cast<Wide>(rest) * std::log(k_real);
                const Wide log_norm = g - r;
                const Wide magnitude = lead_mag + lc.magnitude + std::abs(g) + std::abs(r);
                b[rest] += std::exp(log_lead + lc.log + log_norm);
                b_rel[rest] = std::max(b_rel[rest], lc.rel + 8 * magnitude + 8);
                ++b_terms[rest];
            }
        }
        for (std::uint64_t rest = 0; rest <= rest_max; ++rest) {
            const std::uint64_t m = c0 + rest;
            if (b[rest] == 0) continue;
            const Wide lc = log_choose_small(static_cast<Wide>(m), static_cast<Wide>(c0));
            const Wide a = static_cast<Wide>(c0) * log_q, r = rest > 0 ? static_cast<Wide>(rest) * log_1mq : 0.0L;
            const Wide magnitude = 3 * std::abs(std::lgamma(m + 1.0L)) + std::abs(a) + std::abs(r);
            table.acc[m] += std::exp(lc + a + r) * b[rest];
            table.rel[m] = std::max(table.rel[m], b_rel[rest] + static_cast<Wide>(b_terms[rest]) + 8 * magnitude + 8);
        }
    }
    for (std::uint64_t m = 1; m <= m_max; ++m) table.rel[m] += static_cast<Wide>(m);  // terms summed into acc[m]
    return table;
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

// ln P(m) for m ~ Binomial(n, w), 0 < w < 1, with Σ|parts| for its error:
//   ln C(n, m) + m ln w + (n−m) log1p(−w)
//     = m ln(n w) − lnΓ(m+1) + Σ_{i<m} log1p(−i/n) + (n−m) log1p(−w).
// Written so, no part is of size m ln n (n up to 1e18: ln C(n, m) and m ln w
// are each ~m·41 and cancel to ~m ln(nw) − ln m!, which cost 12 digits when
// taken apart).
LogTerm log_binomial_pmf(std::uint64_t m, std::uint64_t n, double w) {
    const Wide nn = static_cast<Wide>(n), ww = static_cast<Wide>(w), mm = static_cast<Wide>(m);
    Wide falling = 0, falling_mag = 0;
    for (std::uint64_t i = 1; i < m; ++i) {
        const Wide t = std::log1p(-static_cast<Wide>(i) / nn);
        falling += t;
        falling_mag += std::abs(t);
    }
    const Wide a = m > 0 ? mm * std::log(nn * ww) : 0.0L, g = std::lgamma(mm + 1), r = (nn - mm) * std::log1p(-ww);
    return {a - g + falling + r, std::abs(a) + std::abs(g) + falling_mag + std::abs(r), static_cast<Wide>(m) + 4};
}

Evaluation<double> noisy_accuracy(double w, std::uint64_t n, std::uint64_t V, double eps) {
    const auto [lo, hi] = mention_window(w, n);
    numerics::require(hi <= max_mentions, "n", n,
                      "n*w + 12*sqrt(n*w) + 12 <= 150 for the exact noisy accuracy (n*w up to about 52)");
    if (w == 0 || n == 0) return {1.0 / static_cast<double>(V), 1.0 / static_cast<double>(V) * 0x1p-52};
    const AccuracyTable table = accuracy_table(hi, V, eps);
    Wide sum = 0, worst = 0;
    for (std::uint64_t m = lo; m <= hi; ++m) {
        if (w == 1 && m != n) continue;
        const LogTerm lp = w == 1 ? LogTerm{0, 0, 0} : log_binomial_pmf(m, n, w);
        sum += std::exp(lp.log) * table.acc[m];
        worst = std::max(worst, lp.rel + 8 * lp.magnitude + table.rel[m] + 8);
    }
    // Relative: worst term + the terms summed, in units of u; the truncated
    // tails of the window hold ≤ 1e-30 of the mass (A ≤ 1); w and ε as
    // doubles (a relative change δ) move Acc by ≤ δ·(2 + √(n w) + m_max).
    const Wide rel = (worst + static_cast<Wide>(hi - lo + 1)) * wide_u;
    const double val = static_cast<double>(sum);
    const double err = static_cast<double>(sum * rel) + 1e-30 +
                       std::abs(val) * 0x1p-52 * (2 + std::sqrt(static_cast<double>(n) * w) + static_cast<double>(hi));
    return {val, err};
}

// Acc = 1/V + (1 − 1/V)(1 − (1−w)^n), with 1 − (1−w)^n = −expm1(n·log1p(−w)):
// a sum of two non-negative terms, so full relative accuracy even when
// Acc ≈ 1/V (n = 0, tiny w) or Acc ≈ 1.
template <class Real>
Evaluation<Real> noise_free_direct(const Real& w, std::uint64_t n, std::uint64_t V) {
    using std::abs;
    using std::expm1;
    using std::log1p;
    // n and V exactly in multiprecision (n near 1e18 is not a double); in
    // double their rounding is one more u in log_keep, which err covers.
    const Real n_real = Real(n);
    const Real guess = Real(1) / Real(V);
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
    // Double only (long double inside): the value is a double whatever Real is.
    const Evaluation<double> e = noisy_accuracy(static_cast<double>(w), n, V, static_cast<double>(epsilon));
    return {Real(e.val), Real(e.err)};
}

double accuracy_given_mentions(std::uint64_t m, std::uint64_t V, double epsilon) {
    validate_fact(0.5, V, epsilon);
    numerics::require(m <= max_mentions, "mentions", m, "m <= 150");
    return static_cast<double>(accuracy_table(m, V, epsilon).acc[m]);
}

std::vector<Evaluation<double>> accuracy_given_mentions_table(std::uint64_t m_max, std::uint64_t V, double epsilon) {
    validate_fact(0.5, V, epsilon);
    numerics::require(m_max <= max_mentions, "mentions", m_max, "m <= 150");
    const AccuracyTable table = accuracy_table(m_max, V, epsilon);
    std::vector<Evaluation<double>> out;
    out.reserve(table.acc.size());
    for (std::size_t m = 0; m < table.acc.size(); ++m) {
        // The table's own a-priori bound (long double), plus the rounding to
        // double and ε as a double moving A(m) by ≤ (m + 2)·2^-52 relative.
        const double a = static_cast<double>(table.acc[m]);
        const double err = static_cast<double>(table.acc[m] * table.rel[m] * wide_u) +
                           a * 0x1p-52 * (static_cast<double>(m) + 3);
        out.push_back({a, err});
    }
    return out;
}

namespace {

// ln K of w*(C) = K·C^(−1/α).
double log_threshold_scale(const PitmanYorParameters& params) {
    params.validate();
    numerics::require(params.alpha > 0, "alpha", params.alpha, "0 < alpha < 1 (no power law at alpha = 0)");
    const double a = params.alpha;
    const double moment = diversity_moment_e<double>(a, params.beta, 1.0 / a).val;
    return -std::lgamma(1.0 - a) / a + std::log(moment);
}

}  // namespace

double capacity_threshold_min_capacity(const PitmanYorParameters& params) {
    const double a = params.alpha;
    return std::max(1.0, std::exp(log_threshold_scale(params) * a / (1.0 - a)));
}

double capacity_threshold_weight(const PitmanYorParameters& params, double C) {
    const double log_k = log_threshold_scale(params);
    numerics::require_finite("capacity", C);
    numerics::require(C >= 1, "capacity", C, "C >= 1");
    const double a = params.alpha;
    const double log_w = log_k - std::log(C) / a;
    // w*(C) ≤ 1/C, i.e. ln C ≥ ln K·α/(1−α), with a few ulps of slack for C = C_min itself.
    if (log_w > -std::log(C) + 1e-12 * (std::fabs(log_w) + 1)) {
        const double c_min = std::exp(log_k * a / (1.0 - a));
        char range[240];
        std::snprintf(range, sizeof range,
                      "C >= %.6g (A2's large-C threshold w*(C) = %.3g exceeds 1/C, the most a C-th largest weight can "
                      "be, below C_min = K^(alpha/(1-alpha)) at alpha = %g, beta = %g)",
                      c_min, std::exp(log_w), a, params.beta);
        numerics::require(false, "capacity", C, range);
    }
    return std::exp(log_w);
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
