// F1's format cost (docs/theory.md §3); model, method and bounds in
// format_cost.hpp.
#include <sklaws/theory/format_cost.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/special_functions.hpp>

#include "binomial_law.hpp"
#include "knowledge_evaluation.hpp"

#include <algorithm>
#include <cmath>

namespace sklaws::theory {

namespace {

using numerics::Evaluation;
using numerics::mp_real;

constexpr std::uint64_t max_examples = 1'000'000'000'000ULL;

// Checks b and θ and returns θ/Σθ: a θ typed as decimals sums to 1 only
// within rounding, and the formulas need the exact simplex (an excess η of
// Σθ would move R_K by ~K·η).
template <class Real>
std::vector<Real> validate(std::span<const Real> prior, std::span<const Real> target) {
    using std::abs;
    numerics::require(prior.size() >= 2, "templates", prior.size(), "S >= 2");
    numerics::require(target.size() == prior.size(), "target", target.size(), "as many target weights as templates");
    Real sum = 0;
    for (const Real& b : prior) {
        numerics::require_finite("prior", b);
        numerics::require(b > 0, "prior", b, "b_s > 0");
    }
    for (const Real& t : target) {
        numerics::require_finite("target", t);
        numerics::require(t >= 0, "target", t, "theta_s >= 0");
        sum += t;
    }
    const double tolerance = numerics::is_multiprecision_v<Real>
                                 ? 100.0 * static_cast<double>(prior.size()) *
                                       static_cast<double>(numerics::unit_roundoff<Real>())
                                 : 1e-12;
    numerics::require(static_cast<double>(abs(Real(sum - 1))) <= tolerance, "target", sum,
                      "target weights summing to 1");
    std::vector<Real> normalised;
    for (const Real& t : target) normalised.push_back(Real(t / sum));
    return normalised;
}

// g(δ) = δ − ln(1 + δ) ≥ 0 with full relative accuracy: the series
// δ²/2 − δ³/3 + … for |δ| < 1/8 (relative error of the sum ≤ 2u), else
// directly (no cancellation: g ≥ δ²/2·(2/3) there).
template <class Real>
Real g_of(const Real& d) {
    using std::abs;
    using std::log1p;
    if (abs(d) >= Real(0.125)) return d - log1p(d);
    const Real u = numerics::unit_roundoff<Real>();
    Real power = d * d, sum = 0;
    for (int j = 2;; ++j) {
        const Real term = power / Real(j);
        sum += (j % 2 == 0) ? term : Real(-term);
        if (abs(term) <= u * abs(sum) / 4) break;
        power *= d;
    }
    return sum;
}

// r_k in the precision in effect (the direct form of the header).
// μ = θ(B + k) as hi + lo (two-sum of B + k, then an exact product by
// fma), so that b + c − μ is formed without the cancellation of b + c
// against μ: c − μ_hi is exact where c is within a factor 2 of μ (Sterbenz)
// and the rest is small. In multiprecision the guard digits do that job.
template <class Real>
struct Mean {
    Real hi, lo;
};

template <class Real>
Mean<Real> mean_of(const Real& theta, const Real& B, std::uint64_t k) {
    if constexpr (numerics::is_multiprecision_v<Real>) {
        return {theta * (B + Real(static_cast<double>(k))), Real(0)};
    } else {
        const double kd = static_cast<double>(k);
        const double s = B + kd, bb = s - B, s_lo = (B - (s - bb)) + (kd - bb);
        const double p = theta * s;
        return {p, std::fma(theta, s, -p) + theta * s_lo};
    }
}

template <class Real>
Evaluation<Real> per_token_direct(std::span<const Real> prior, std::span<const Real> target, std::uint64_t k) {
    using std::abs;
    const Real u = numerics::unit_roundoff<Real>();
    Real B = 0, absent = 0;  // absent: Σ b_s over templates with θ_s = 0
    for (std::size_t s = 0; s < prior.size(); ++s) {
        B += prior[s];
        if (target[s] == 0) absent += prior[s];
    }
    // r_k = Σ θ E[g(δ)] − Σ θ E[δ], and Σ_{θ>0} θ_s E[δ_s] = −absent/(B + k).
    Real total = absent / (B + Real(static_cast<double>(k))), err = 2 * u * total;
    for (std::size_t s = 0; s < prior.size(); ++s) {
        const Real& theta = target[s];
        if (theta == 0) continue;
        const Mean<Real> mu = mean_of(theta, B, k);
        const Real small = prior[s] - mu.lo;  // δ(c) = ((c − μ_hi) + small)/μ
        const detail::BinomialWindow<Real> window = detail::binomial_window(k, theta);
        Real sum = 0;
        for (std::size_t i = 0; i < window.p.size(); ++i) {
            const Real c = Real(static_cast<double>(window.lo + i));
            const Real d = (Real(c - mu.hi) + small) / mu.hi;
            sum += window.p[i] * g_of(d);
        }
        // Each δ within ~4u relative (plus 2u·|b|/μ from forming `small`):
        // g(δ) within ~(8u + 4u|b|/(μ|δ|))·g. The dropped tails (mass <
        // 1e−19, shrinking by ½ a step or faster while g, convex, grows at
        // most quadratically in the step): < 8·tail·g at the window's ends.
        const auto g_at = [&](std::uint64_t c) {
            return g_of(Real((Real(static_cast<double>(c)) - mu.hi + small) / mu.hi));
        };
        const Real g_end = std::max(g_at(window.lo), g_at(window.lo + window.p.size() - 1));
        total += theta * sum;
        err += theta * (sum * (window.rel + 12 * u) + 4 * u * prior[s] / mu.hi + 8 * window.tail * g_end);
    }
    return {total, err + 2 * u * total};
}

// R_K in the precision in effect: Σ_s E[lnΓ(b_s) − lnΓ(b_s + c_s) + c_s ln θ_s]
// + lnΓ(B+K) − lnΓ(B), with the bound from the magnitudes of the terms.
template <class Real>
Evaluation<Real> cumulative_direct(std::span<const Real> prior, std::span<const Real> target, std::uint64_t K) {
    using std::abs;
    using std::log;
    const Real u = numerics::unit_roundoff<Real>();
    if (K == 0) return {Real(0), Real(0)};
    Real B = 0;
    for (const Real& b : prior) B += b;
    const Real Kr = Real(static_cast<double>(K));
    const Evaluation<Real> top = numerics::log_gamma_ratio_e(B, Kr);  // lnΓ(B+K) − lnΓ(B)
    Real total = top.val, err = top.err, magnitude = abs(top.val);
    for (std::size_t s = 0; s < prior.size(); ++s) {
        const Real& theta = target[s];
        if (theta == 0) continue;  // c_s = 0: its term is 0
        const Real log_theta = log(theta);
        const detail::BinomialWindow<Real> window = detail::binomial_window(K, theta);
        // lnΓ(b + c) − lnΓ(b) by the recurrence from c = lo.
        const Evaluation<Real> start = numerics::log_gamma_ratio_e(prior[s], Real(static_cast<double>(window.lo)));
        Real lg = start.val, lg_err = start.err;
        Real sum = 0, term_magnitude = 0;
        for (std::size_t i = 0; i < window.p.size(); ++i) {
            const Real c = Real(static_cast<double>(window.lo + i));
            if (i > 0) {
                const Real step = log(Real(prior[s] + c - 1));
                lg += step;
                lg_err += 2 * u * (abs(step) + abs(lg));
            }
            const Real f = c * log_theta - lg;
            sum += window.p[i] * f;
            term_magnitude += window.p[i] * (abs(f) + lg_err + 2 * u * abs(c * log_theta));
        }
        const Real end_size = Kr * (abs(log_theta) + log(Real(prior[s] + Kr)) + 1);
        total += sum;
        magnitude += term_magnitude;
        err += window.rel * term_magnitude + window.tail * end_size + 2 * u * term_magnitude;
    }
    return {total, err + 4 * u * magnitude};
}

// (d/2) ln(K/(2πe)) + C(b, θ) in the precision in effect.
template <class Real>
Evaluation<Real> asymptote_direct(std::span<const Real> prior, std::span<const Real> target, std::uint64_t K) {
    using std::abs;
    using std::log;
    const Real u = numerics::unit_roundoff<Real>();
    Real B = 0, value = 0, magnitude = 0, err = 0;
    for (std::size_t s = 0; s < prior.size(); ++s) {
        B += prior[s];
        const Evaluation<Real> lg = numerics::log_gamma_e(prior[s]);
        const Real piece = Real(prior[s] - Real(0.5)) * log(target[s]);
        value += lg.val - piece;
        err += lg.err;
        magnitude += abs(lg.val) + abs(piece);
    }
    const Evaluation<Real> lgB = numerics::log_gamma_e(B);
    const Real d = Real(static_cast<double>(prior.size() - 1));
    const Real two_pi_e = 2 * boost::math::constants::pi<Real>() * boost::math::constants::e<Real>();
    const Real lead = d / 2 * log(Real(Real(static_cast<double>(K)) / two_pi_e));
    value += lead - lgB.val;
    err += lgB.err;
    magnitude += abs(lgB.val) + abs(lead);
    return {value, err + 4 * u * magnitude};
}

// θ/Σθ at the precision in effect: the formulas need Σθ = 1 to the working
// precision (an excess η moves R_K by ~K·η), and a θ normalised in double
// sums to 1 only within 1e-16.
inline void renormalise(std::vector<mp_real>& theta) {
    mp_real sum = 0;
    for (const auto& t : theta) sum += t;
    for (auto& t : theta) t /= sum;
}

// The public precision policy: double when the bound shows `need` digits,
// else multiprecision with the lost digits as guard; multiprecision raises
// its guard until the bound shows the working digits.
template <class Real, class Direct>
Evaluation<Real> evaluate(std::span<const Real> prior, std::span<const Real> target, Direct direct, double need) {
    if constexpr (!numerics::is_multiprecision_v<Real>) {
        const Evaluation<double> fast = direct(prior, target);
        if (fast.digits() >= need || fast.val == 0) return fast;
        const double lost = std::max(0.0, 16.0 - fast.digits());
        numerics::WorkingPrecision precision(static_cast<unsigned>(20 + lost));
        std::vector<mp_real> b(prior.begin(), prior.end()), t(target.begin(), target.end());
        renormalise(t);
        const Evaluation<mp_real> slow = direct(std::span<const mp_real>(b), std::span<const mp_real>(t));
        const double v = static_cast<double>(slow.val);
        return {v, static_cast<double>(slow.err) + 1.2e-16 * std::abs(v)};
    } else {
        const unsigned target_digits = numerics::working_digits<mp_real>();
        unsigned guard = 10;
        for (int attempt = 0;; ++attempt) {
            numerics::WorkingPrecision precision(target_digits + guard);
            std::vector<mp_real> b, t;
            for (const auto& x : prior) b.push_back(detail::at_working_precision(x));
            for (const auto& x : target) t.push_back(detail::at_working_precision(x));
            renormalise(t);
            Evaluation<mp_real> r = direct(std::span<const mp_real>(b), std::span<const mp_real>(t));
            const double have = r.digits();
            if (have >= target_digits + 1.0 || attempt == 4) return r;
            guard += static_cast<unsigned>(target_digits + guard - have) + 10;
        }
    }
}

}  // namespace

template <class Real>
numerics::Evaluation<Real> format_cost_per_token_e(std::span<const Real> prior, std::span<const Real> target,
                                                   std::uint64_t k) {
    const std::vector<Real> theta = validate(prior, target);
    numerics::require(k <= max_examples, "examples", k, "k <= 1e12");
    return evaluate<Real>(
        prior, std::span<const Real>(theta), [k](auto b, auto t) { return per_token_direct(b, t, k); }, 12);
}

template <class Real>
numerics::Evaluation<Real> format_cost_cumulative_e(std::span<const Real> prior, std::span<const Real> target,
                                                    std::uint64_t K) {
    const std::vector<Real> theta = validate(prior, target);
    numerics::require(K <= max_examples, "examples", K, "K <= 1e12");
    return evaluate<Real>(
        prior, std::span<const Real>(theta), [K](auto b, auto t) { return cumulative_direct(b, t, K); }, 12);
}

template <class Real>
numerics::Evaluation<Real> format_cost_asymptotic_e(std::span<const Real> prior, std::span<const Real> target,
                                                    std::uint64_t K) {
    const std::vector<Real> theta = validate(prior, target);
    numerics::require(K >= 1, "examples", K, "K >= 1");
    for (const Real& t : target) numerics::require(t > 0, "target", t, "every theta_s > 0 for the asymptote");
    return evaluate<Real>(
        prior, std::span<const Real>(theta), [K](auto b, auto t) { return asymptote_direct(b, t, K); }, 13);
}

std::uint64_t format_examples_needed(std::span<const double> prior, std::span<const double> target, double epsilon) {
    validate(prior, target);  // (each r_k below normalises θ itself)
    numerics::require_finite("epsilon", epsilon);
    numerics::require(epsilon > 0, "epsilon", epsilon, "epsilon > 0");
    auto r = [&](std::uint64_t k) { return format_cost_per_token_e<double>(prior, target, k).val; };
    // K_ε = min{K : r_k ≤ ε for every k ≥ K}. The maximum of the unimodal
    // r_k: none after 0 if r_1 ≤ r_0; else bracket it by doubling and close
    // in by ternary search.
    std::uint64_t peak = 0;
    if (r(1) > r(0)) {
        std::uint64_t hi = 1;
        while (r(2 * hi) >= r(hi)) {
            numerics::require(hi < max_examples, "epsilon", epsilon, "a maximum of r_k below k = 1e12");
            hi *= 2;
        }
        std::uint64_t lo = hi / 2, top = 2 * hi;  // the maximum is in [lo, top]
        while (top - lo > 2) {
            const std::uint64_t m1 = lo + (top - lo) / 3, m2 = top - (top - lo) / 3;
            if (r(m1) < r(m2)) {
                lo = m1 + 1;
            } else {
                top = m2;
            }
        }
        peak = lo;
        for (std::uint64_t m = lo + 1; m <= top; ++m) {
            if (r(m) > r(peak)) peak = m;
        }
    }
    if (r(peak) <= epsilon) return 0;
    // r falls after the peak: bisect for its first value ≤ ε.
    std::uint64_t above = peak, below = std::max<std::uint64_t>(2 * peak, 1);
    while (r(below) > epsilon) {
        numerics::require(below < max_examples, "epsilon", epsilon, "r_k <= epsilon for some k <= 1e12");
        above = below;
        below *= 2;
    }
    while (below - above > 1) {
        const std::uint64_t mid = above + (below - above) / 2;
        (r(mid) > epsilon ? above : below) = mid;
    }
    return below;
}

std::vector<double> format_prior(double a, double old_sentences, std::span<const double> old_target) {
    numerics::require_finite("prior", a);
    numerics::require(a > 0, "prior", a, "a > 0");
    numerics::require_finite("old_sentences", old_sentences);
    numerics::require(old_sentences >= 0, "old_sentences", old_sentences, "n_old >= 0");
    std::vector<double> b;
    for (double t : old_target) {
        numerics::require_finite("old_target", t);
        numerics::require(t >= 0, "old_target", t, "theta_old >= 0");
        b.push_back(a + old_sentences * t);
    }
    return b;
}

template numerics::Evaluation<double> format_cost_per_token_e<double>(std::span<const double>,
                                                                      std::span<const double>, std::uint64_t);
template numerics::Evaluation<mp_real> format_cost_per_token_e<mp_real>(std::span<const mp_real>,
                                                                        std::span<const mp_real>, std::uint64_t);
template numerics::Evaluation<double> format_cost_cumulative_e<double>(std::span<const double>,
                                                                       std::span<const double>, std::uint64_t);
template numerics::Evaluation<mp_real> format_cost_cumulative_e<mp_real>(std::span<const mp_real>,
                                                                         std::span<const mp_real>, std::uint64_t);
template numerics::Evaluation<double> format_cost_asymptotic_e<double>(std::span<const double>,
                                                                       std::span<const double>, std::uint64_t);
template numerics::Evaluation<mp_real> format_cost_asymptotic_e<mp_real>(std::span<const mp_real>,
                                                                         std::span<const mp_real>, std::uint64_t);

}  // namespace sklaws::theory
