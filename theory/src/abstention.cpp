// H2 abstention (docs/theory.md §3); the model, method and bounds are in
// abstention.hpp.
#include <sklaws/theory/abstention.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/acquisition.hpp>

#include "binomial_law.hpp"
#include "knowledge_evaluation.hpp"

#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace sklaws::theory {

void AbstentionSetting::validate() const {
    numerics::require(values >= 2, "values", values, "V >= 2");
    numerics::require_finite("noise", noise);
    numerics::require(noise >= 0 && noise <= 1, "noise", noise, "0 <= epsilon <= 1");
    numerics::require_finite("threshold", threshold);
    numerics::require(threshold >= 0 && threshold <= 1, "threshold", threshold, "0 <= tau <= 1");
    numerics::require(!std::isnan(capacity_threshold_weight), "capacity_threshold_weight", capacity_threshold_weight,
                      "a number (negative = unlimited capacity)");
    numerics::require(capacity_threshold_weight <= 1, "capacity_threshold_weight", capacity_threshold_weight,
                      "w* <= 1");
}

namespace {

using detail::binomial_log_pmf;
using detail::binomial_tails;
using detail::complement;
using numerics::Evaluation;
using numerics::mp_real;

constexpr double max_error = 1e-3;           // beyond: DomainError (the rates would say nothing)
constexpr std::uint64_t table_mentions = 150;  // A1's exact table
constexpr std::uint64_t max_cdf_terms = 10'000'000;
constexpr std::uint64_t max_band_terms = 1'000'000;
constexpr std::uint64_t max_multiprecision_terms = 1'000'000;

// k = ⌊n·w*⌋ (stored iff m > k); 0 for unlimited capacity. n·w* is formed
// in long double so that k is exact for every n·w* below 2^63.
std::uint64_t storage_threshold(const AbstentionSetting& s) {
    if (s.unlimited()) return 0;
    const long double product = static_cast<long double>(s.tokens) * s.capacity_threshold_weight;
    if (product >= static_cast<long double>(s.tokens)) return s.tokens;
    return static_cast<std::uint64_t>(std::floor(product));
}

bool guess_answered(const AbstentionSetting& s) { return 1.0 / static_cast<double>(s.values) >= s.threshold; }

template <class Real>
AbstentionRates<Real> rates_from(const Evaluation<Real>& answered, const Evaluation<Real>& hallucinated) {
    using std::abs;
    AbstentionRates<Real> r{answered, hallucinated, {Real(0), Real(0)}, answered.val > 0};
    if (r.any_answered) {
        const Real correct = answered.val - hallucinated.val;
        const Real accuracy = correct / answered.val;
        const Real u = numerics::unit_roundoff<Real>();
        r.accuracy = {accuracy, (answered.err + hallucinated.err + accuracy * answered.err) / answered.val +
                                    4 * u * abs(accuracy)};
    }
    return r;
}

// ---------------------------------------------------------------- noise-free
// The mention law enters only through U = P(M ≤ k) and S = P(M > k) = 1 − U
// (k = 0: P(M = 0) and P(M ≥ 1)); stored answers are always right.
template <class Real>
AbstentionRates<Real> noise_free_rates(const AbstentionSetting& s, const Evaluation<Real>& unstored,
                                       const Evaluation<Real>& stored) {
    const Real u = numerics::unit_roundoff<Real>();
    const Real wrong_guess = 1 - Real(1) / Real(static_cast<double>(s.values));
    if (guess_answered(s)) {
        const Real h = unstored.val * wrong_guess;
        return rates_from<Real>({Real(1), Real(0)}, {h, unstored.err * wrong_guess + 3 * u * h});
    }
    return rates_from<Real>(stored, {Real(0), Real(0)});
}

// Σ_{m=0}^{k} of positive terms given by p(0) and the ratio p(m+1)/p(m):
// each term's relative error grows by ≤ 4u a step from p(0)'s.
template <class Real, class Ratio>
Evaluation<Real> positive_prefix_sum(const Evaluation<Real>& first, std::uint64_t k, Ratio ratio) {
    using std::abs;
    numerics::require(k < max_multiprecision_terms || !numerics::is_multiprecision_v<Real>, "tokens", k,
                      "n*w* < 1e6 for the multiprecision capacity sum");
    numerics::require(k < max_cdf_terms, "tokens", k, "n*w* < 1e7 for the capacity sum");
    const Real u = numerics::unit_roundoff<Real>();
    const Real first_rel = first.val == 0 ? Real(0) : Real(first.err / first.val);
    Real term = first.val, sum = first.val, err = first.err;
    for (std::uint64_t m = 0; m < k; ++m) {
        term *= ratio(m);
        sum += term;
        err += term * (first_rel + 4 * u * Real(static_cast<double>(m + 1)));
    }
    return {sum, err + u * Real(static_cast<double>(k + 1)) * sum};
}

// Per element, noise-free: Binomial(n, w).
template <class Real>
AbstentionRates<Real> noise_free_for_weight(const Real& w, const AbstentionSetting& s) {
    using std::abs;
    using std::exp;
    using std::expm1;
    using std::log1p;
    const Real u = numerics::unit_roundoff<Real>();
    const Real n = Real(static_cast<double>(s.tokens));
    const std::uint64_t k = storage_threshold(s);
    if (k == 0 || w == 0 || w == 1) {
        // P(M = 0) = (1−w)^n = e^L, P(M ≥ 1) = −expm1(L), L = n log1p(−w).
        Evaluation<Real> unseen{Real(0), Real(0)}, seen{Real(1), Real(0)};
        if (w == 0 || s.tokens == 0) {
            unseen = {Real(1), Real(0)};
            seen = {Real(0), Real(0)};
        } else if (w < 1) {
            const Real L = n * log1p(-w);
            const Real L_err = 3 * u * abs(L);
            unseen = {exp(L), exp(L) * (L_err + 2 * u)};
            const Real v = -expm1(L);
            seen = {v, (1 - v) * L_err + 2 * u * v};
        }
        if (k == 0) return noise_free_rates(s, unseen, seen);
        // k ≥ 1 with w ∈ {0, 1}: stored iff m > k, m is 0 or n.
        const bool all_stored = w == 1 && s.tokens > k;
        return noise_free_rates<Real>(s, {Real(all_stored ? 0 : 1), Real(0)}, {Real(all_stored ? 1 : 0), Real(0)});
    }
    if (k >= s.tokens) return noise_free_rates<Real>(s, {Real(1), Real(0)}, {Real(0), Real(0)});
    if constexpr (!numerics::is_multiprecision_v<Real>) {
        // Double while the bound shows 14 digits, else 25 digits and rounded.
        const auto [unstored, stored] = binomial_tails<double>(s.tokens, w, k);
        if (std::min(unstored.digits(), stored.digits()) >= 14) return noise_free_rates(s, unstored, stored);
        numerics::WorkingPrecision precision(25);
        const auto [u_mp, s_mp] = binomial_tails<mp_real>(s.tokens, mp_real(w), k);
        // Only the tail the rates use must fit in double (the other may be 1 − 1e-5000).
        const bool needed_unstored = guess_answered(s);
        auto to_double = [&](const Evaluation<mp_real>& e, bool needed) {
            const double v = static_cast<double>(e.val);
            numerics::require(!needed || e.val == 0 || std::isnormal(v), "tokens", s.tokens,
                              "rates within the double range (this one is below 1e-308: ask for more digits)");
            return Evaluation<double>{v, static_cast<double>(e.err) + 1.2e-16 * std::abs(v)};
        };
        return noise_free_rates(s, to_double(u_mp, needed_unstored), to_double(s_mp, !needed_unstored));
    } else {
        const auto [unstored, stored] = binomial_tails<Real>(s.tokens, w, k);
        return noise_free_rates(s, unstored, stored);
    }
}

// Frequency-weighted, noise-free: BetaBinomial(n, 1−α, α+β).
// P(M = 0) = (α+β)_n/(1+β)_n = e^{−q}, q = ln[(β+1)_n/(β+α)_n] (K7's p_new).
template <class Real>
AbstentionRates<Real> noise_free_frequency_weighted(const Real& alpha, const Real& beta, const AbstentionSetting& s) {
    using std::abs;
    using std::exp;
    using std::expm1;
    const Real u = numerics::unit_roundoff<Real>();
    const Real n = Real(static_cast<double>(s.tokens));
    Evaluation<Real> unseen{Real(1), Real(0)}, seen{Real(0), Real(0)};
    if (s.tokens > 0) {
        const Evaluation<Real> q = detail::log_pochhammer_quotient(Real(beta + alpha), Real(1 - alpha), n);
        unseen = {exp(-q.val), exp(-q.val) * (q.err + 2 * u)};
        const Real v = -expm1(-q.val);
        seen = {v, (1 - v) * q.err + 2 * u * v};
    }
    const std::uint64_t k = storage_threshold(s);
    if (k == 0) return noise_free_rates(s, unseen, seen);
    if (k >= s.tokens) return noise_free_rates<Real>(s, {Real(1), Real(0)}, {Real(0), Real(0)});
    const Real a = 1 - alpha, b = alpha + beta;
    const Evaluation<Real> unstored = positive_prefix_sum(unseen, k, [&](std::uint64_t m) {
        const Real mr = Real(static_cast<double>(m));
        return Real((n - mr) * (a + mr) / ((mr + 1) * (b + n - mr - 1)));
    });
    return noise_free_rates(s, unstored, complement(unstored));
}

// --------------------------------------------------------------------- noisy
// A mention law in double: the pmf for m ≤ 150 and the CDF anywhere, each
// value with relative error ≤ relative_error() (absolute for the band).
class MentionLaw {
public:
    virtual ~MentionLaw() = default;
    virtual double pmf(std::uint64_t m) const = 0;
    virtual double cdf(std::uint64_t m) const = 0;  // P(M ≤ m)
    virtual double error(double value) const = 0;   // bound on the error of a pmf/cdf value
    std::uint64_t n = 0;
};

class BinomialLaw final : public MentionLaw {
public:
    BinomialLaw(std::uint64_t tokens, double w) : w_(w) { n = tokens; }
    double pmf(std::uint64_t m) const override {
        if (m > n) return 0.0;
        if (w_ == 0 || w_ == 1) return (w_ == 0 ? m == 0 : m == n) ? 1.0 : 0.0;
        const Evaluation<double> l = binomial_log_pmf<double>(n, w_, m);
        worst_ = std::max(worst_, l.err + 4e-16);
        return std::exp(l.val);
    }
    double cdf(std::uint64_t m) const override {
        if (m >= n) return 1.0;
        if (w_ == 0 || w_ == 1) return w_ == 0 ? 1.0 : 0.0;
        const auto [lower, upper] = binomial_tails<double>(n, w_, m);
        if (lower.err >= 1 && upper.err >= 1) {
            // The tail on m's side of the mode starts below e^-700, so (its
            // terms shrinking geometrically away from the mode, ratio ≤
            // m/(n·w) or (n−m)w/((m+1)(1−w))) it is below n·e^-700 < 1e-285:
            // 0 or 1 to far better than error()'s 1e-15, not "unknown".
            return static_cast<double>(m) < static_cast<double>(n) * w_ ? 0.0 : 1.0;
        }
        worst_ = std::max(worst_, std::max(lower.err, upper.err));  // absolute
        return lower.val;
    }
    double error(double value) const override { return worst_ * std::max(value, 1e-300) + 1e-300; }

private:
    double w_;
    mutable double worst_ = 1e-15;
};

// BetaBinomial(n, a, b) (optionally restricted to a weight band) with a CDF
// table grown on demand by the pmf recursion.
class BetaBinomialLaw : public MentionLaw {
public:
    BetaBinomialLaw(std::uint64_t tokens, double alpha, double beta) : a_(1 - alpha), b_(alpha + beta) {
        n = tokens;
        const Evaluation<double> q =
            tokens == 0 ? Evaluation<double>{0, 0}
                        : detail::log_pochhammer_quotient(beta + alpha, 1 - alpha, static_cast<double>(tokens));
        first_ = std::exp(-q.val);
        first_rel_ = q.err + 2e-16;
    }
    double pmf(std::uint64_t m) const override {
        grow(m);
        return m > n ? 0.0 : pmf_[m];
    }
    double cdf(std::uint64_t m) const override {
        if (m >= n) return 1.0;
        grow(m);
        return cdf_[m];
    }
    double error(double value) const override {
        return value * (first_rel_ + 4e-16 * static_cast<double>(pmf_.size() + 1)) + 1e-300;
    }

protected:
    // BetaBinomial pmf at m from the previous one.
    double next_pmf(std::uint64_t m, double previous) const {
        const double mr = static_cast<double>(m - 1), nr = static_cast<double>(n);
        return previous * (nr - mr) * (a_ + mr) / ((mr + 1) * (b_ + nr - mr - 1));
    }
    virtual void grow(std::uint64_t m) const {
        m = std::min(m, n);
        numerics::require(m < max_cdf_terms, "tokens", n,
                          "a decision boundary below 1e7 mentions for the exact H2 sums (lower the noise or n)");
        while (pmf_.size() <= m) {
            const double p = pmf_.empty() ? first_ : next_pmf(pmf_.size(), pmf_.back());
            pmf_.push_back(p);
            cdf_.push_back(std::min(1.0, (cdf_.empty() ? 0.0 : cdf_.back()) + p));
        }
    }
    double a_, b_;
    double first_ = 1, first_rel_ = 0;
    mutable std::vector<double> pmf_, cdf_;
};

// The band [w_lo, w_hi): P(M = m | W ∈ band) = BB(m)·ΔI(m)/Z with
// ΔI(m) = I_{w_hi}(a+m, b+n−m) − I_{w_lo}(a+m, b+n−m), Z = ΔI at n = 0.
class BandLaw final : public BetaBinomialLaw {
public:
    BandLaw(std::uint64_t tokens, double alpha, double beta, double lo, double hi)
        : BetaBinomialLaw(tokens, alpha, beta), lo_(lo), hi_(hi) {
        z_ = mass(a_, b_);
        numerics::require(z_ > 0, "band", hi, "a weight band with positive probability");
        // Beyond n·w_hi + 12√(n·w_hi) + 12 mentions the band holds < 1e-30.
        const double mean = static_cast<double>(n) * hi;
        cap_ = static_cast<std::uint64_t>(std::min<double>(static_cast<double>(n), std::ceil(mean + 12 * std::sqrt(mean) + 12)));
        numerics::require(cap_ < max_band_terms, "tokens", n, "n*w_hi < ~1e6 for a frequency band");
    }
    // Beyond the cap the band holds < 1e-30 (in error()).
    double pmf(std::uint64_t m) const override { return m > cap_ ? 0.0 : BetaBinomialLaw::pmf(m); }
    double cdf(std::uint64_t m) const override { return BetaBinomialLaw::cdf(std::min(m, cap_)); }
    double error(double value) const override { return 1e-14 * value + 1e-30 + 1e-300; }

private:
    // I_hi(x, y) − I_lo(x, y), from whichever tails do not cancel.
    double mass(double x, double y) const {
        const double upper = hi_ >= 1 ? 1.0 : boost::math::ibeta(x, y, hi_);
        const double lower = lo_ <= 0 ? 0.0 : boost::math::ibeta(x, y, lo_);
        if (lower < 0.5) return std::max(0.0, upper - lower);
        const double upper_c = hi_ >= 1 ? 0.0 : boost::math::ibetac(x, y, hi_);
        return std::max(0.0, boost::math::ibetac(x, y, lo_) - upper_c);
    }
    void grow(std::uint64_t m) const override {
        m = std::min(m, cap_);
        while (pmf_.size() <= m) {
            const std::uint64_t j = pmf_.size();
            bb_ = j == 0 ? first_ : next_pmf(j, bb_);
            const double p = bb_ * mass(a_ + static_cast<double>(j), b_ + static_cast<double>(n - j)) / z_;
            pmf_.push_back(p);
            cdf_.push_back(std::min(1.0, (cdf_.empty() ? 0.0 : cdf_.back()) + p));
        }
    }
    double lo_, hi_, z_ = 1;
    std::uint64_t cap_ = 0;
    mutable double bb_ = 0;
};

// A(m) for m ≤ 150 (A1's table; noise-free: exact 1/V and 1).
std::vector<Evaluation<double>> accuracy_head(const AbstentionSetting& s, std::uint64_t last) {
    if (s.noise == 0) {
        std::vector<Evaluation<double>> exact(last + 1, Evaluation<double>{1.0, 0.0});
        exact[0] = {1.0 / static_cast<double>(s.values), 0.0};
        return exact;
    }
    // The table costs O(150^2 V); callers evaluate many weights at one
    // (V, ε) (sklaws evaluate: one per query), so the last one is kept per thread.
    struct Cached {
        std::uint64_t values = 0, last = 0;
        double noise = -1;
        std::vector<Evaluation<double>> head;
    };
    thread_local Cached cached;
    if (cached.values != s.values || cached.noise != s.noise || cached.last != last) {
        cached.head = accuracy_given_mentions_table(last, s.values, s.noise);
        cached.values = s.values;
        cached.noise = s.noise;
        cached.last = last;
    }
    return cached.head;
}

// The Chernoff bound B(m) on 1 − A(m) (abstention.hpp).
struct VoteBound {
    double log_rate = -INFINITY;  // ln(1 − (√q − √r)²)
    double log_factor = 0;        // ln(V − 1)
    double at(std::uint64_t m) const {
        return std::min(1.0, std::exp(log_factor + static_cast<double>(m) * log_rate));
    }
};

VoteBound vote_bound(const AbstentionSetting& s) {
    const double V = static_cast<double>(s.values);
    const double q = 1 - s.noise + s.noise / V, r = s.noise / V;
    const double gap = std::sqrt(q) - std::sqrt(r);
    return {std::log1p(-gap * gap), std::log(V - 1)};
}

// One τ of the general engine (file comment of abstention.hpp).
AbstentionRates<double> noisy_rates(const MentionLaw& law, const std::vector<Evaluation<double>>& head,
                                    const AbstentionSetting& s, double tau) {
    const std::uint64_t k = storage_threshold(s);
    const double guess = 1.0 / static_cast<double>(s.values);
    const bool guesses = guess >= tau;
    const std::uint64_t last = head.size() - 1;  // explicit m = 0..last
    double a = 0, ea = 0, h = 0, eh = 0;
    for (std::uint64_t m = 0; m <= last; ++m) {
        const double p = law.pmf(m);
        if (p == 0) continue;
        const double pe = law.error(p);
        if (m <= k) {
            if (guesses) {
                a += p, ea += pe;
                h += p * (1 - guess), eh += pe;
            }
            continue;
        }
        const Evaluation<double> A = head[m];
        if (s.noise > 0 && tau >= 1) continue;  // A(m) < 1 for every m when ε > 0: never answered
        if (A.val - A.err >= tau) {
            a += p, ea += pe;
            h += p * (1 - A.val), eh += p * A.err + (1 - A.val + A.err) * pe;
        } else if (A.val + A.err >= tau) {  // undecided: all of it in the bound
            ea += p + pe;
            eh += p * (1 - A.val + A.err) + pe;
        }
    }
    if (law.n > last) {
        // Unstored beyond the table: (last, k].
        if (k > last && guesses) {
            const double mass = law.cdf(k) - law.cdf(last);
            a += mass, ea += law.error(1);
            h += mass * (1 - guess), eh += law.error(1);
        }
        // Stored beyond the table: m ≥ s0, confidence in [1 − B(m), 1].
        const std::uint64_t s0 = std::max(last, k) + 1;
        if (s0 <= law.n) {
            const double tail = 1 - law.cdf(s0 - 1);
            if (s.noise == 0) {
                a += tail, ea += law.error(1);
            } else if (tau < 1) {
                const VoteBound bound = vote_bound(s);
                // m* = first m ≥ s0 with B(m) ≤ 1 − τ.
                std::uint64_t m_star = s0;
                if (bound.at(s0) > 1 - tau) {
                    const double need = (std::log(1 - tau) - bound.log_factor) / bound.log_rate;
                    m_star = need >= static_cast<double>(law.n) + 1
                                 ? law.n + 1
                                 : std::max(s0, static_cast<std::uint64_t>(std::ceil(need)));
                    while (m_star <= law.n && bound.at(m_star) > 1 - tau) ++m_star;
                }
                const double answered_mass = m_star > law.n ? 0.0 : 1 - law.cdf(m_star - 1);
                const double undecided = tail - answered_mass;
                const double b = bound.at(std::max(m_star, s0));
                a += answered_mass, ea += undecided + 2 * law.error(1);
                h += answered_mass * b / 2, eh += answered_mass * b / 2 + undecided + 2 * law.error(1);
            }
            // τ = 1 with noise: A(m) < 1 for every m, nothing stored is answered.
        }
    }
    const double u = std::numeric_limits<double>::epsilon() / 2;
    ea += u * static_cast<double>(last + 4) * a;
    eh += u * static_cast<double>(last + 4) * h;
    if (!(ea <= max_error && eh <= max_error)) {
        throw numerics::DomainError("noise", "the exact H2 rates are undecided on more than 1e-3 of the queries "
                                             "(noise too high for n*w this large, or tau within A1's rounding of A(m))");
    }
    return rates_from<double>({std::min(1.0, a), ea}, {h, eh});
}

std::vector<AbstentionRates<double>> curve(const MentionLaw& law, const AbstentionSetting& s,
                                           std::span<const double> thresholds) {
    const std::uint64_t last = std::min<std::uint64_t>(table_mentions, s.tokens);
    const auto head = accuracy_head(s, last);
    std::vector<AbstentionRates<double>> out;
    out.reserve(thresholds.size());
    for (double tau : thresholds) {
        AbstentionSetting at = s;
        at.threshold = tau;
        at.validate();
        out.push_back(noisy_rates(law, head, at, tau));
    }
    return out;
}

void validate_weight(double w) {
    numerics::require_finite("weight", w);
    numerics::require(w >= 0 && w <= 1, "weight", w, "0 <= w <= 1");
}

}  // namespace

template <class Real>
AbstentionRates<Real> abstention_for_weight_e(const Real& w, const AbstentionSetting& setting) {
    setting.validate();
    validate_weight(static_cast<double>(w));
    if (setting.noise == 0) {
        if constexpr (numerics::is_multiprecision_v<Real>) {
            // Guard digits: the closed forms lose ≲ log10(n) digits to n·log1p(−w).
            AbstentionRates<Real> out;
            const unsigned target = numerics::working_digits<Real>();
            for (unsigned guard = 10;; guard *= 2) {
                numerics::WorkingPrecision precision(target + guard);
                out = noise_free_for_weight<Real>(detail::at_working_precision(w), setting);
                if (std::min(out.answered.digits(), out.hallucinated.digits()) >= target || guard > 160) break;
            }
            return out;
        } else {
            return noise_free_for_weight<Real>(w, setting);
        }
    }
    numerics::require(!numerics::is_multiprecision_v<Real>, "noise", setting.noise,
                      "noise = 0 in multiprecision (A1's noisy table is double)");
    const BinomialLaw law(setting.tokens, static_cast<double>(w));
    const double tau = setting.threshold;
    const auto r = curve(law, setting, std::span<const double>(&tau, 1))[0];
    return {{Real(r.answered.val), Real(r.answered.err)},
            {Real(r.hallucinated.val), Real(r.hallucinated.err)},
            {Real(r.accuracy.val), Real(r.accuracy.err)},
            r.any_answered};
}

template <class Real>
AbstentionRates<Real> abstention_frequency_weighted_e(const Real& alpha, const Real& beta,
                                                      const AbstentionSetting& setting) {
    setting.validate();
    detail::validate_knowledge_parameters(alpha, beta);
    if (setting.noise == 0) {
        if constexpr (numerics::is_multiprecision_v<Real>) {
            AbstentionRates<Real> out;
            const unsigned target = numerics::working_digits<Real>();
            for (unsigned guard = 10;; guard *= 2) {
                numerics::WorkingPrecision precision(target + guard);
                out = noise_free_frequency_weighted<Real>(detail::at_working_precision(alpha),
                                                          detail::at_working_precision(beta), setting);
                if (std::min(out.answered.digits(), out.hallucinated.digits()) >= target || guard > 160) break;
            }
            return out;
        } else {
            return noise_free_frequency_weighted<Real>(alpha, beta, setting);
        }
    }
    numerics::require(!numerics::is_multiprecision_v<Real>, "noise", setting.noise,
                      "noise = 0 in multiprecision (A1's noisy table is double)");
    const BetaBinomialLaw law(setting.tokens, static_cast<double>(alpha), static_cast<double>(beta));
    const double tau = setting.threshold;
    const auto r = curve(law, setting, std::span<const double>(&tau, 1))[0];
    return {{Real(r.answered.val), Real(r.answered.err)},
            {Real(r.hallucinated.val), Real(r.hallucinated.err)},
            {Real(r.accuracy.val), Real(r.accuracy.err)},
            r.any_answered};
}

AbstentionRates<double> abstention_in_band(const PitmanYorParameters& params, const AbstentionSetting& setting,
                                           double w_lo, double w_hi) {
    const double tau = setting.threshold;
    return abstention_curve_in_band(params, setting, w_lo, w_hi, std::span<const double>(&tau, 1))[0];
}

std::vector<AbstentionRates<double>> abstention_curve_for_weight(double w, const AbstentionSetting& setting,
                                                                 std::span<const double> thresholds) {
    setting.validate();
    validate_weight(w);
    if (setting.noise == 0) {
        std::vector<AbstentionRates<double>> out;
        for (double tau : thresholds) {
            AbstentionSetting at = setting;
            at.threshold = tau;
            out.push_back(abstention_for_weight_e<double>(w, at));
        }
        return out;
    }
    return curve(BinomialLaw(setting.tokens, w), setting, thresholds);
}

std::vector<AbstentionRates<double>> abstention_curve_frequency_weighted(const PitmanYorParameters& params,
                                                                         const AbstentionSetting& setting,
                                                                         std::span<const double> thresholds) {
    setting.validate();
    params.validate();
    if (setting.noise == 0) {
        std::vector<AbstentionRates<double>> out;
        for (double tau : thresholds) {
            AbstentionSetting at = setting;
            at.threshold = tau;
            out.push_back(abstention_frequency_weighted_e<double>(params.alpha, params.beta, at));
        }
        return out;
    }
    return curve(BetaBinomialLaw(setting.tokens, params.alpha, params.beta), setting, thresholds);
}

std::vector<AbstentionRates<double>> abstention_curve_in_band(const PitmanYorParameters& params,
                                                              const AbstentionSetting& setting, double w_lo,
                                                              double w_hi, std::span<const double> thresholds) {
    setting.validate();
    params.validate();
    numerics::require_finite("w_lo", w_lo);
    numerics::require_finite("w_hi", w_hi);
    numerics::require(w_lo >= 0 && w_lo < w_hi && w_hi <= 1, "w_hi", w_hi, "0 <= w_lo < w_hi <= 1");
    return curve(BandLaw(setting.tokens, params.alpha, params.beta, w_lo, w_hi), setting, thresholds);
}

template AbstentionRates<double> abstention_for_weight_e<double>(const double&, const AbstentionSetting&);
template AbstentionRates<mp_real> abstention_for_weight_e<mp_real>(const mp_real&, const AbstentionSetting&);
template AbstentionRates<double> abstention_frequency_weighted_e<double>(const double&, const double&,
                                                                         const AbstentionSetting&);
template AbstentionRates<mp_real> abstention_frequency_weighted_e<mp_real>(const mp_real&, const mp_real&,
                                                                           const AbstentionSetting&);

}  // namespace sklaws::theory
