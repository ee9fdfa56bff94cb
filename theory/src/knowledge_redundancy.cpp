// R1: the knowledge per-token redundancy (see knowledge_redundancy.hpp).
//
// Derivation of the evaluated form. Write a = 1−α, b = β+α (a + b = 1+β).
//  1. E[M_{j,n}](j−α)/(β+n) = C(n,j)(a)_j(b)_{n−j}/(1+β)_n = P(k = j) with
//     k ~ BetaBinomial(n, a, b) (and P(k = 0) = p_new(n), K7), so
//       Σ_j E[M_{j,n}] h((j−α)/(β+n)) = (1−p_new) ln(β+n) − E[1{k≥1} ln(k−α)].
//  2. ln x = ψ(x+1) − g(x), and E[ψ(a+k)] = ψ(a) − ψ(1+β) + ψ(1+β+n) (the
//     posterior mean of ln p in the Beta-binomial model, averaged), so the
//     O(1) pieces cancel against E[H(W)] = ψ(β+1) − ψ(1−α) (K6):
//       r_n = −g(β+n) + p_new(ψ(1−α) + ln M + ln V) + U_n − W_n.
//  3. W_n = E[(β+αK)/(β+n) ln(β+αK)]: with Y = K_n + β/α,
//     Γ(Y+p)/Γ(Y)·Γ(β+n)/Γ(β+n+pα) is a martingale for every p (one CRP step
//     multiplies it by 1 + αp/(β+n) in expectation); d/dp at p = 1 gives
//     E[Yψ(Y+1)] = E[Y](ψ(2+β/α) + α(ψ(β+α+n) − ψ(β+α+1))), and
//     Y ln Y = Yψ(Y+1) − ½ + e(Y), e(Y) = ½ − Y g(Y) ∈ (0, 1/(12Y)).
//  4. U_n = Σ_{k≥1} P(k) g(k−α) and E[e(Y)] are split at K0 = 64: below, the
//     two laws (BetaBinomial urn and K3) are advanced exactly in n on k < K0;
//     above, g and e are expanded in inverse falling factorials
//     φ_r(x) = 1/(x(x−1)…(x−r+1)), r ≤ 16 (truncation ≤ 2e-17 relative for g,
//     2e-15 for e at the cut), and φ_r(k−α), φ_r(Y−1) are eigenfunctions of the
//     urns: E[φ_r | past] shrinks by (1 − r/(1+β+n)) resp. (1 − αr/(β+n)) per
//     step, so each tail Σ_{k≥K0} is one scalar recursion fed by the mass that
//     crosses K0.
#include <sklaws/theory/knowledge_redundancy.hpp>

#include "digamma_log_gap.hpp"
#include "euler_maclaurin.hpp"
#include "inverse_factorial_series.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/numerics/summation.hpp>

#include <sklaws/theory/heaps.hpp>

#include <gsl/gsl_sf_zeta.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace sklaws::theory {

namespace {

using numerics::Evaluation;

constexpr std::size_t cut = detail::factorial_cut;     // K0: exact laws below, factorial series above
constexpr std::size_t terms = detail::factorial_terms;  // R: factorial-series terms
using detail::falling_inverses;

struct FactorialSeries {
    detail::FactorialCoefficients g{};  // g(x) ≈ Σ_r g[r] φ_r(x)
    detail::FactorialCoefficients e{};  // e(Z+1) ≈ Σ_r e[r] φ_r(Z)
};

const FactorialSeries& factorial_series() {
    static const FactorialSeries series = [] {
        FactorialSeries s;
        const auto& b_over = detail::bernoulli_over_index();  // B_{2k}/(2k), k ≥ 1
        s.g = detail::digamma_log_gap_factorial_series();
        // e(Y) = Σ_k B_{2k}/(2k) Y^{1−2k}, re-expanded in Z = Y − 1:
        // Y^{−j} = Σ_i (−1)^i C(j+i−1, i) Z^{−j−i}.
        std::array<long double, terms + 1> e_power{};
        for (std::size_t k = 1; 2 * k - 1 <= terms; ++k) {
            const std::size_t j = 2 * k - 1;
            long double binom = 1;  // C(j+i−1, i)
            for (std::size_t i = 0; j + i <= terms; ++i) {
                if (i > 0) binom = binom * (j + i - 1) / i;
                e_power[j + i] += ((i % 2) ? -1.0L : 1.0L) * binom * b_over[k];
            }
        }
        s.e = detail::to_factorial_series(e_power);
        return s;
    }();
    return series;
}

double e_function(double y) { return 0.5 - y * detail::digamma_log_gap(y); }

// g(x) = ψ(x+1) − ln x for the per-step term g(β+n): the Stirling series with
// B_{2k}/(2k) cached (x ≥ 64 here needs ≤ 6 terms), else the general routine.
double fast_digamma_log_gap(double x) {
    static const std::array<double, 10> b_over = [] {
        std::array<double, 10> t{};
        for (int k = 1; k <= 10; ++k) t[k - 1] = boost::math::bernoulli_b2n<double>(k) / (2.0 * k);
        return t;
    }();
    if (x < 64) return detail::digamma_log_gap(x);
    const double inv2 = 1 / (x * x);
    double power = inv2, sum = 0.5 / x;
    for (double b : b_over) {
        const double term = b * power;
        sum -= term;
        if (std::abs(term) <= 1e-17 * sum) break;
        power *= inv2;
    }
    return sum;
}

void validate_costs(double M, double V) {
    numerics::require_finite("names", M);
    numerics::require_finite("values", V);
    numerics::require(M >= 1, "names", M, "M >= 1");
    numerics::require(V >= 1, "values", V, "V >= 1");
}

double knowledge_entropy_k6(double alpha, double beta) {
    return numerics::digamma(beta + 1.0) - numerics::digamma(1.0 - alpha);
}

// Advances the state n → n+1 and yields r_n at each n (the R1 recursion of
// the file comment).
class KnowledgeRedundancyRecursion {
public:
    KnowledgeRedundancyRecursion(const PitmanYorParameters& p, double M, double V)
        : alpha_(p.alpha), beta_(p.beta), cost_(std::log(M) + std::log(V)) {
        const FactorialSeries& fs = factorial_series();
        const double a = 1.0 - alpha_;
        for (std::size_t k = 1; k < cut; ++k) g_table_[k] = detail::digamma_log_gap(static_cast<double>(k) - alpha_);
        const auto phi_bb = falling_inverses(static_cast<double>(cut) - alpha_);  // φ_r at k = K0
        for (std::size_t r = 1; r <= terms; ++r) bb_entry_[r] = phi_bb[r] * fs.g[r];
        bb_.fill(0.0);
        bb_[0] = 1.0;  // n = 0: k = 0 surely
        (void)a;
        if (alpha_ > 0) {
            const double shift = beta_ / alpha_;
            for (std::size_t k = 1; k < cut; ++k) e_table_[k] = e_function(static_cast<double>(k) + shift);
            const auto phi_k = falling_inverses(static_cast<double>(cut) + shift - 1.0);  // φ_r(Y−1) at K = K0
            for (std::size_t r = 1; r <= terms; ++r) k_entry_[r] = phi_k[r] * fs.e[r];
            constant_w_ = std::log(alpha_) + numerics::digamma(2.0 + shift) -
                          alpha_ * numerics::digamma(beta_ + alpha_ + 1.0);
        }
        k_law_.fill(0.0);
        k_law_[1] = 1.0;  // n = 1: K = 1 surely
        psi_1ma_ = numerics::digamma(1.0 - alpha_);
        psi_shifted_.add(numerics::digamma(beta_ + alpha_ + 1.0));
        r0_ = cost_ - knowledge_entropy_k6(alpha_, beta_);
    }

    std::uint64_t n() const { return n_; }

    double value() const {
        if (n_ == 0) return r0_;
        const double nb = beta_ + static_cast<double>(n_);
        const double p_new = bb_[0];
        double u = 0;
        const std::size_t top = std::min<std::uint64_t>(n_, cut - 1);
        for (std::size_t k = 1; k <= top; ++k) u += bb_[k] * g_table_[k];
        for (std::size_t r = 1; r <= terms; ++r) u += bb_tail_[r];
        double w;
        if (alpha_ > 0) {
            double e_mean = 0;
            for (std::size_t k = 1; k <= top; ++k) e_mean += k_law_[k] * e_table_[k];
            for (std::size_t r = 1; r <= terms; ++r) e_mean += k_tail_[r];
            w = p_new * (constant_w_ + alpha_ * psi_shifted_.value()) - alpha_ / nb * (0.5 - e_mean);
        } else {
            w = p_new * std::log(beta_);
        }
        return -fast_digamma_log_gap(nb) + p_new * (psi_1ma_ + cost_) + u - w;
    }

    void advance() {
        const double n = static_cast<double>(n_);
        const double a = 1.0 - alpha_;
        // BetaBinomial(n, a, b) urn: k → k+1 with probability (a+k)/(1+β+n).
        const double inv = 1.0 / (1.0 + beta_ + n);
        const double cross_bb = bb_[cut - 1] * (a + static_cast<double>(cut - 1)) * inv;
        for (std::size_t r = 1; r <= terms; ++r) {
            bb_tail_[r] = bb_tail_[r] * (1.0 - static_cast<double>(r) * inv) + cross_bb * bb_entry_[r];
        }
        const std::size_t top = std::min<std::uint64_t>(n_ + 1, cut - 1);
        for (std::size_t k = top; k >= 1; --k) {
            const double kd = static_cast<double>(k);
            bb_[k] = bb_[k] * (1.0 - (a + kd) * inv) + bb_[k - 1] * (a + kd - 1.0) * inv;
        }
        bb_[0] *= 1.0 - a * inv;
        // K3: K → K+1 with probability (β+αK)/(β+n), from n ≥ 1.
        if (alpha_ > 0 && n_ >= 1) {
            const double inv_bn = 1.0 / (beta_ + n);
            const double cross_k = k_law_[cut - 1] * (beta_ + alpha_ * static_cast<double>(cut - 1)) * inv_bn;
            for (std::size_t r = 1; r <= terms; ++r) {
                k_tail_[r] = k_tail_[r] * (1.0 - alpha_ * static_cast<double>(r) * inv_bn) + cross_k * k_entry_[r];
            }
            for (std::size_t k = top; k >= 1; --k) {
                const double kd = static_cast<double>(k);
                k_law_[k] = k_law_[k] * ((n - kd * alpha_) * inv_bn) + k_law_[k - 1] * ((beta_ + (kd - 1.0) * alpha_) * inv_bn);
            }
        }
        // ψ(β+α+n) → ψ(β+α+n+1) = ψ(β+α+n) + 1/(β+α+n), compensated.
        if (n_ >= 1) psi_shifted_.add(1.0 / (beta_ + alpha_ + n));
        ++n_;
    }

private:
    double alpha_, beta_, cost_;
    std::uint64_t n_ = 0;
    std::array<double, cut> bb_{};      // P(k) of BetaBinomial(n, 1−α, β+α), k < K0
    std::array<double, cut> k_law_{};   // P_n(K = k), k < K0 (K3)
    std::array<double, cut> g_table_{}, e_table_{};
    std::array<double, terms + 1> bb_tail_{}, k_tail_{};    // γ_r Σ_{k≥K0} P φ_r
    std::array<double, terms + 1> bb_entry_{}, k_entry_{};  // γ_r φ_r at k = K0
    double constant_w_ = 0, psi_1ma_ = 0, r0_ = 0;
    numerics::NeumaierSum<double> psi_shifted_;  // ψ(β+α+n), n ≥ 1, by ψ(x+1) = ψ(x) + 1/x
};

// G_α = Σ_{k≥1} (1−α)_k/k! g(k−α) (α > 0), or G_0 = Σ_k (g(k) − 1/(2k)):
// direct to k = 20000, then the tail from the two-term expansion of the
// summand, c_0 k^{−s}(1 + c_1/k), summed with Hurwitz ζ (error O(k^{−2}) relative).
double sibuya_gap_constant(double alpha) {
    constexpr int direct = 20000;
    numerics::NeumaierSum<double> sum;
    if (alpha > 0) {
        double t = 1.0;
        for (int k = 1; k <= direct; ++k) {
            t *= (static_cast<double>(k) - alpha) / static_cast<double>(k);  // (1−α)_k/k!
            sum.add(t * detail::digamma_log_gap(static_cast<double>(k) - alpha));
        }
        const double c0 = 0.5 / std::tgamma(1.0 - alpha);
        const double c1 = alpha - 1.0 / 6.0 - alpha * (1.0 - alpha) / 2.0;
        const double q = direct + 1.0;
        sum.add(c0 * (gsl_sf_hzeta(1.0 + alpha, q) + c1 * gsl_sf_hzeta(2.0 + alpha, q)));
    } else {
        for (int k = 1; k <= direct; ++k) {
            const double kd = static_cast<double>(k);
            sum.add(detail::digamma_log_gap(kd) - 0.5 / kd);
        }
        const double q = direct + 1.0;
        sum.add(-gsl_sf_hzeta(2.0, q) / 12.0 + gsl_sf_hzeta(4.0, q) / 120.0);
    }
    return sum.value();
}

// ---------------------------------------------------------------- large n
//
// The large-n form (α > 0): the same decomposition as the recursion,
//   r_n = −g(β+n) + p_new·[ψ(1−α) + ln M + ln V − ln α − ψ(2+β/α) − α(ψ(β+α+n) − ψ(β+α+1))]
//         + U_n + α/(2(β+n)) − α/(β+n)·E[e(Y)],
// with U_n evaluated in closed form instead of by advancing the urn:
//  * k < K0: P(k) of BetaBinomial(n, 1−α, β+α) from P(0) = p_new by the
//    pmf ratio (n−k)(1−α+k)/((k+1)(β+α+n−k−1)), times g(k−α) − G(k−α),
//    G = Σ_r γ_r φ_r the factorial series of g (exact: g − G is what the
//    series misses at small k);
//  * every k ≥ 1: Σ_r γ_r Σ_{k≥1} P(k) φ_r(k−α), and the full expectation of
//    φ_r(k−α) = Γ(k+1−α−r)/Γ(k+1−α) over the BetaBinomial law is, by
//    Chu–Vandermonde (Σ_k C(n,k)(x)_k(y)_{n−k} = (x+y)_n),
//      E[φ_r(k−α)] = φ_r(−α)·(1+β−r)_r / (1+β−r+n)_r,
//    so Σ_{k≥1} P(k)φ_r(k−α) = φ_r(−α)[(1+β−r)_r/(1+β−r+n)_r − p_new]
//    (a finite product: no pole at any β). Beyond K0 the series G is g to
//    2e-17 relative, so U_n is exact to rounding at every n.
//  * E[e(Y)], Y = K_n + β/α, 0 < e(Y) < 1/(12Y) (Binet), is not in closed
//    form; it enters as the midpoint of [0, α/(12(β+n))·B] with half that
//    interval as its error, B ≥ E[1/Y]: for β > 0, E[1/(Y−1)] (1/Y < 1/(Y−1)),
//    exact by the martingale Γ(Y+p)/Γ(Y)·Γ(β+n)/Γ(β+n+pα) at p = −1:
//      E[1/(Y−1)] = (α/β)·Γ(β+1)Γ(β+n−α)/(Γ(β+1−α)Γ(β+n));
//    for β ≤ 0 the cruder 1/Y_min = α/(α+β). The term is O(n^{−1−α}), so its
//    relative size α²n^{−2α}/(24 L) (L = ln MV + c − α ln n) is the error of
//    this form: < 1e-9 for α ≥ 0.5 at n ≥ 1e7, ~1e-6 at α = 0.1.
// n is real here (every piece is analytic in n): the cumulative sum
// integrates it (Euler–Maclaurin).
// (g − G)(k − α) for 1 ≤ k < K0 and |g| + |G| there, for one α (a call at
// fixed α — a grid in n — computes them once per thread).
struct SmallGap {
    double alpha = -1;
    std::array<double, cut> difference{}, magnitude{};
};

const SmallGap& small_gap(double alpha) {
    thread_local SmallGap cache;
    if (cache.alpha == alpha) return cache;
    const FactorialSeries& fs = factorial_series();
    for (std::size_t k = 1; k < cut; ++k) {
        const double x = static_cast<double>(k) - alpha;
        const auto phi = falling_inverses(x);
        double series = 0;
        for (std::size_t r = 1; r <= terms; ++r) series += fs.g[r] * phi[r];
        const double g = detail::digamma_log_gap(x);
        cache.difference[k] = g - series;
        cache.magnitude[k] = std::abs(g) + std::abs(series);
    }
    cache.alpha = alpha;
    return cache;
}

// E[e(Y)] ∈ [lo, hi], Y = K_n + β/α, from e(Y) ∈ (1/(12Y) − 1/(360Y³), 1/(12Y))
// (Binet) and bounds on E[1/Y] from exact moments:
//   lower  Jensen, E[1/Y] ≥ 1/E[Y] (E[Y] = E[K_n] + β/α, K1), with
//          1/Y³ ≤ 1/(Y·Y_min²), Y_min = 1 + β/α;
//   upper  β > 0: 1/Y < 1/(Y−1), E[1/(Y−1)] = (α/β)Π_{i<n}(1 − α/(β+i)) (the
//          martingale Γ(Y+p)/Γ(Y)·Γ(β+n)/Γ(β+n+pα) at p = −1);
//          −α < β < 0: the same identity holds (Y − 1 ≠ 0), and 1/Y ≤ 1/(Y−1)
//          except at K = 1 (Y − 1 = β/α < 0), so E[1/Y] ≤ E[1/(Y−1)] +
//          P(K_n = 1)(1/Y_min − α/β), P(K_n = 1) = Π_{i<n}(i−α)/(β+i);
//          β = 0: 1/Y ≤ 1;
//   β/α > 1: also E[1/Y] ≥ E[1/(Y−1)] − E[1/((Y−1)(Y−2))] (p = −2), which
//          pins E[e(Y)] to O(n^{−2α}) relative.
struct EInterval {
    double lo, hi;
};

EInterval e_interval(double alpha, double beta, double n) {
    const double theta = beta / alpha, y_min = 1 + theta;
    // E[Y] = (1 + β/α)Π_{i<n}(1 + α/(β+i)) (the same martingale at p = 1).
    const double ey = y_min * std::exp(numerics::log_gamma_ratio(beta + n, alpha) - numerics::log_gamma_ratio(beta + 1, alpha));
    double lo = std::max(0.0, (1 - 1 / (30 * y_min * y_min)) / (12 * ey));
    double hi = 1 / (12 * y_min);
    if (beta > 0) {
        const double e1 = alpha / beta *
                          std::exp(numerics::log_gamma_ratio(beta + 1 - alpha, alpha) -
                                   numerics::log_gamma_ratio(beta + n - alpha, alpha));
        hi = std::min(hi, e1 / 12);
        if (theta > 1) {
            const double e2 = 1 / (theta * (theta - 1)) *
                              std::exp(numerics::log_gamma_ratio(beta + 1 - 2 * alpha, 2 * alpha) -
                                       numerics::log_gamma_ratio(beta + n - 2 * alpha, 2 * alpha));
            lo = std::max(lo, e1 / 12 - e2 * (1.0 / 12 + 1 / (360 * y_min)));
        }
    } else if (beta < 0) {
        const double e1 = alpha / beta * (1 - alpha / (beta + 1)) *
                          std::exp(numerics::log_gamma_ratio(beta + 2 - alpha, alpha) -
                                   numerics::log_gamma_ratio(beta + n - alpha, alpha));
        const double p1 = std::exp(std::lgamma(beta + 1) - std::lgamma(1 - alpha) -
                                   numerics::log_gamma_ratio(n - alpha, alpha + beta));
        hi = std::min(hi, (e1 + p1 * (1 / y_min - alpha / beta)) / 12);
    }
    // The atoms K_n = 1, 2, 3 exactly (they carry most of the mass at small α,
    // and all of it as β → −α, where the moment bounds above are loose or,
    // with Y_min → 0, useless): with P^(j) = Γ(β+1)Γ(n−jα)/(Γ(1−jα)Γ(β+n))
    // (P^(1) = P(K_n = 1), K3), the generalized factorial coefficients give
    //   P(K_n = 2) = ((β+α)/α)·P1·(1 − e^{L2}),
    //   P(K_n = 3) = ((β+α)(β+2α)/(2α²))·P1·(1 − 2e^{L2} + e^{L3}),
    // L_j = ln(P^(j)/P1) = lnΓ(1−α)/Γ(1−jα)·Γ(n−jα)/Γ(n−α) (log-Gamma ratios
    // with shifts (j−1)α, the differences by expm1), and, as 0 < e(Y) < 1/(12Y)
    // with Y ≥ Y_min + 3 on K ≥ 4,
    //   E[e(Y)] ∈ Σ_{k≤3} P_k e(Y_min + k − 1) + [0, (1 − P1 − P2 − P3)/(12(Y_min + 3))].
    // Rounding (the second difference cancels ~1/(α ln n)² relative) is
    // added to both ends. For α < 1/3 (1 − 3α > 0).
    if (alpha < 1.0 / 3) {
        const double log_p1 = std::lgamma(beta + 1) - std::lgamma(1 - alpha) - numerics::log_gamma_ratio(n - alpha, alpha + beta);
        const double p1 = std::exp(log_p1);
        const double l2 = numerics::log_gamma_ratio(1 - 2 * alpha, alpha) - numerics::log_gamma_ratio(n - 2 * alpha, alpha);
        const double l3 =
            numerics::log_gamma_ratio(1 - 3 * alpha, 2 * alpha) - numerics::log_gamma_ratio(n - 3 * alpha, 2 * alpha);
        const double c2 = (beta + alpha) / alpha, c3 = (beta + alpha) * (beta + 2 * alpha) / (2 * alpha * alpha);
        const double d2 = -std::expm1(l2), d3 = -2 * std::expm1(l2) + std::expm1(l3);
        const double p2 = c2 * p1 * d2, p3 = c3 * p1 * d3;
        const double e1 = e_function(y_min), e2 = e_function(y_min + 1), e3 = e_function(y_min + 2);
        const double atoms = p1 * e1 + p2 * e2 + p3 * e3;
        const double rest = std::max(0.0, -std::expm1(log_p1) - p2 - p3);
        constexpr double eps = std::numeric_limits<double>::epsilon();
        const double magnitude = p1 * (e1 + std::abs(c2) * (std::abs(d2) + 1) * e2 +
                                       std::abs(c3) * (std::abs(d3) + 4 * std::abs(std::expm1(l2)) + 2) * e3);
        const double slack = 64 * eps * (magnitude + 16 * std::abs(log_p1) * p1 + 1) +
                             64 * eps * (std::abs(l2) + std::abs(l3)) * p1 * (std::abs(c2) * e2 + std::abs(c3) * e3);
        lo = std::max(lo, atoms - slack);
        hi = std::min(hi, atoms + rest / (12 * (y_min + 3)) + slack + 64 * eps * rest);
    }
    hi = std::min(hi, 0.5);  // e(Y) = 1/2 − Y g(Y) < 1/2
    if (hi < lo) hi = lo;  // rounding only (the bounds are nested)
    return {lo, hi};
}

Evaluation<double> large_n_form(double alpha, double beta, double n, double cost) {
    const FactorialSeries& fs = factorial_series();
    constexpr double eps = std::numeric_limits<double>::epsilon();
    const double a = 1.0 - alpha, b = beta + alpha, nb = beta + n;
    // K7 as two ratios with a small shift 1−α (accurate at any n: a ratio
    // Γ(x+n)/Γ(x) at n = 1e15 is e^(3e16), its logarithm's ulp ~ 4).
    const double log_p_new = numerics::log_gamma_ratio(b, a) - numerics::log_gamma_ratio(b + n, a);
    const double p_new = std::exp(log_p_new);
    double magnitude = 0;  // Σ |terms|, for the rounding bound
    // Σ_{1≤k<K0} P(k)(g − G)(k−α), the differences cached per α.
    const SmallGap& gap = small_gap(alpha);
    double small = 0, pk = p_new;
    for (std::size_t k = 0; k + 1 < cut; ++k) {
        const double kd = static_cast<double>(k);
        pk *= (n - kd) / (kd + 1.0) * (a + kd) / (b + n - kd - 1.0);
        if (!(pk > 0)) break;
        small += pk * gap.difference[k + 1];
        magnitude += pk * gap.magnitude[k + 1];
    }
    // Σ_r γ_r φ_r(−α)[(1+β−r)_r/(1+β−r+n)_r − p_new].
    double full = 0;
    const auto phi0 = falling_inverses(-alpha);
    for (std::size_t r = 1; r <= terms; ++r) {
        double ratio = 1;  // (1+β−r)_r/(1+β−r+n)_r
        for (std::size_t i = 0; i < r; ++i) {
            const double x = 1.0 + beta - static_cast<double>(r) + static_cast<double>(i);
            ratio *= x / (x + n);
        }
        const double term = fs.g[r] * phi0[r] * (ratio - p_new);
        full += term;
        magnitude += std::abs(fs.g[r] * phi0[r]) * (std::abs(ratio) + p_new) * (r + 2);
    }
    const double u = small + full;
    // E[e(Y)] ∈ [lo, hi] (see above), the term is its midpoint.
    const EInterval ei = e_interval(alpha, beta, n);
    const double e_value = alpha / nb * (ei.lo + ei.hi) / 2, e_half = alpha / nb * (ei.hi - ei.lo) / 2;
    const double psi_gap = numerics::digamma(beta + alpha + n) - numerics::digamma(beta + alpha + 1.0);
    const double bracket = numerics::digamma(1.0 - alpha) + cost - std::log(alpha) - numerics::digamma(2.0 + beta / alpha) -
                           alpha * psi_gap;
    const double g_n = fast_digamma_log_gap(nb);
    const double head = alpha / (2.0 * nb);
    const double value = -g_n + p_new * bracket + u + head - e_value;
    magnitude += std::abs(g_n) + p_new * (std::abs(bracket) + alpha * std::abs(numerics::digamma(beta + alpha + n)) + cost) +
                 head + e_value;
    // Rounding: ~8 ε per term (digamma, log-gamma ratios to a few ulp), the
    // e-term's half interval, the factorial series' truncation beyond K0.
    const double err = 8 * eps * magnitude + e_half + 2e-17 * std::abs(u) +
                       16 * eps * std::abs(p_new * bracket) * std::abs(log_p_new);
    return {value, err};
}

}  // namespace

std::vector<double> knowledge_redundancy_curve(const PitmanYorParameters& params, std::uint64_t n_max, double M,
                                               double V) {
    params.validate();
    numerics::require(params.alpha > 0 || params.beta > 0, "beta", params.beta, "beta > 0 when alpha = 0");
    validate_costs(M, V);
    numerics::require(n_max <= knowledge_recursion_max_n, "n", n_max, "n <= 1e7");
    std::vector<double> out(n_max + 1);
    KnowledgeRedundancyRecursion rec(params, M, V);
    for (std::uint64_t n = 0;; ++n) {
        out[n] = rec.value();
        if (n == n_max) break;
        rec.advance();
    }
    return out;
}

double knowledge_per_token_redundancy_exact(const PitmanYorParameters& params, std::uint64_t n, double M, double V) {
    params.validate();
    numerics::require(params.alpha > 0 || params.beta > 0, "beta", params.beta, "beta > 0 when alpha = 0");
    validate_costs(M, V);
    numerics::require(n <= knowledge_recursion_max_n, "n", n, "n <= 1e7");
    KnowledgeRedundancyRecursion rec(params, M, V);
    while (rec.n() < n) rec.advance();
    return rec.value();
}

double knowledge_per_token_redundancy_asymptotic(const PitmanYorParameters& params, double n, double M, double V) {
    params.validate();
    numerics::require(params.alpha > 0 || params.beta > 0, "beta", params.beta, "beta > 0 when alpha = 0");
    validate_costs(M, V);
    numerics::require_finite("n", n);
    numerics::require(n >= 1, "n", n, "n >= 1");
    const double alpha = params.alpha, beta = params.beta;
    const double cost = std::log(M) + std::log(V);
    const double nb = beta + n;
    const double gap = detail::digamma_log_gap(nb);
    if (alpha > 0) {
        // p_new = Γ(β+1)Γ(β+α+n)/(Γ(β+α)Γ(β+1+n)) (K7), via a Stirling log ratio.
        const double p_new = std::exp(numerics::log_gamma_ratio(beta + alpha, n) - numerics::log_gamma_ratio(beta + 1.0, n));
        const double c = numerics::digamma(1.0 - alpha) - std::log(alpha) - numerics::digamma(2.0 + beta / alpha) +
                         alpha * numerics::digamma(beta + alpha + 1.0) + sibuya_gap_constant(alpha);
        return p_new * (cost + c - alpha * numerics::digamma(beta + alpha + n)) + alpha / (2.0 * nb) - gap;
    }
    const double p_new = beta / nb;
    return -gap + p_new * (numerics::digamma(1.0) + cost - std::log(beta)) +
           beta / n * (0.5 * (std::log(n) - numerics::digamma(beta)) + sibuya_gap_constant(0.0));
}

double knowledge_per_token_redundancy(const PitmanYorParameters& params, std::uint64_t n, double M, double V) {
    if (n <= knowledge_exact_max_n) return knowledge_per_token_redundancy_exact(params, n, M, V);
    return knowledge_per_token_redundancy_asymptotic(params, static_cast<double>(n), M, V);
}

std::vector<double> cumulative_redundancy(const std::vector<double>& per_token) {
    std::vector<double> out(per_token.size() + 1);
    numerics::NeumaierSum<double> sum;
    out[0] = 0;
    for (std::size_t n = 0; n < per_token.size(); ++n) {
        sum.add(per_token[n]);
        out[n + 1] = sum.value();
    }
    return out;
}

double knowledge_cumulative_redundancy(const PitmanYorParameters& params, std::uint64_t N, double M, double V) {
    numerics::require(N <= knowledge_recursion_max_n + 1, "n", N, "N <= 1e7 + 1");
    if (N == 0) return 0.0;
    return cumulative_redundancy(knowledge_redundancy_curve(params, N - 1, M, V)).back();
}

// ---------------------------------------------------------------- evaluated R1

namespace {

// printf-style text for the refusals (theory/ links no formatting library).
template <class... Args>
std::string text(const char* format, Args... args) {
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, format, args...);
    return buffer;
}

void validate_r1(const PitmanYorParameters& params, double M, double V) {
    params.validate();
    numerics::require(params.alpha > 0 || params.beta > 0, "beta", params.beta, "beta > 0 when alpha = 0");
    validate_costs(M, V);
}

// The recursion's stated accuracy (header): 1e-11 relative + 1e-13, plus the
// forward recursions' drift ~n·ε.
Evaluation<double> recursion_value(const PitmanYorParameters& p, std::uint64_t n, double M, double V) {
    const double r = knowledge_per_token_redundancy_exact(p, n, M, V);
    const double drift = static_cast<double>(n) * std::numeric_limits<double>::epsilon();
    return {r, (1e-11 + drift) * std::abs(r) + 1e-13};
}

// Adds the neglected first-order collision term to a value's bound.
Evaluation<double> with_collisions(Evaluation<double> e, const LabelCollisions& c) {
    e.err += std::abs(e.val) * c.relative_effect;
    return e;
}

}  // namespace

LabelCollisions label_collisions(const PitmanYorParameters& params, double n, double M, double V) {
    validate_r1(params, M, V);
    LabelCollisions c;
    c.tokens = n;
    c.expected_elements = n <= 0 ? 0.0 : expected_tables<double>(params.alpha, params.beta, n);
    c.labels = M * V;
    c.expected_collisions = c.expected_elements * c.expected_elements / (2 * c.labels);
    c.relative_effect = c.expected_elements / c.labels;
    return c;
}

LabelCollisions require_distinct_labels(const PitmanYorParameters& params, double n, double M, double V) {
    const LabelCollisions c = label_collisions(params, n, M, V);
    if (c.expected_collisions > knowledge_collision_limit)
        throw numerics::DomainError(
            "names", text("R1 is no estimate of the redundancy here (label collision regime): over n = %.6g tokens "
                          "E[K_n] = %.4g elements share names x values = %.4g labels, E[K_n]^2/(2MV) = %.3g expected "
                          "collisions > %g; R1 assumes labels never collide (docs/theory.md R1, domain of validity): "
                          "raise names or values",
                          c.tokens, c.expected_elements, c.labels, c.expected_collisions, knowledge_collision_limit));
    return c;
}

Evaluation<double> knowledge_redundancy_large_n_e(const PitmanYorParameters& params, double n, double M, double V) {
    validate_r1(params, M, V);
    numerics::require(params.alpha > 0, "alpha", params.alpha, "alpha > 0 (the large-n form)");
    numerics::require_finite("n", n);
    numerics::require(n >= 1, "n", n, "n >= 1");
    return large_n_form(params.alpha, params.beta, n, std::log(M) + std::log(V));
}

Evaluation<double> knowledge_redundancy_e(const PitmanYorParameters& params, std::uint64_t n, double M, double V) {
    validate_r1(params, M, V);
    // Collisions up to the element token n+1 draws (first: a query in the
    // collision regime is refused as such, at any n).
    const LabelCollisions c = require_distinct_labels(params, static_cast<double>(n) + 1.0, M, V);
    numerics::require(n <= knowledge_max_n, "n", n, "n <= 1e15");
    Evaluation<double> e;
    if (n <= knowledge_exact_max_n) {
        e = recursion_value(params, n, M, V);
        // From 1e4 on, the large-n form where its bound is the tighter (tiny
        // r at beta near -alpha, where the recursion's absolute 1e-13 rules).
        if (params.alpha > 0 && n >= 10'000 && e.err > knowledge_switch_accuracy * std::abs(e.val)) {
            const Evaluation<double> form = knowledge_redundancy_large_n_e(params, static_cast<double>(n), M, V);
            if (form.err < e.err) e = form;
        }
    } else if (params.alpha > 0) {
        e = knowledge_redundancy_large_n_e(params, static_cast<double>(n), M, V);
        // The recursion where the form is coarser than 1e-10 and the
        // recursion's own bound (estimated at the form's value) is tighter:
        // its absolute 1e-13 dominates at tiny r (beta near -alpha).
        const double recursion_err =
            (1e-11 + static_cast<double>(n) * std::numeric_limits<double>::epsilon()) * std::abs(e.val) + 1e-13;
        if (e.err > knowledge_switch_accuracy * std::abs(e.val) && n <= knowledge_recursion_max_n &&
            recursion_err < e.err)
            e = recursion_value(params, n, M, V);
    } else if (n <= knowledge_recursion_max_n) {
        e = recursion_value(params, n, M, V);
    } else {
        // Dirichlet process (α = 0): the leading asymptotic, relative error
        // O(ln n/n) (≤ 10 ln n/n, header).
        const double nd = static_cast<double>(n);
        const double r = knowledge_per_token_redundancy_asymptotic(params, nd, M, V);
        e = {r, 10 * std::log(nd) / nd * std::abs(r)};
    }
    if (!(e.val > 0))
        throw numerics::DomainError("names", text("R1 is no estimate of the redundancy here: r_n = %.4g <= 0 at n = %.6g "
                                                  "(a redundancy increment is never negative; E[K_n] = %.4g elements "
                                                  "on %.4g labels)",
                                                  e.val, static_cast<double>(n), c.expected_elements, c.labels));
    return with_collisions(e, c);
}

Evaluation<double> knowledge_cumulative_redundancy_e(const PitmanYorParameters& params, std::uint64_t N, double M,
                                                     double V) {
    validate_r1(params, M, V);
    const LabelCollisions c = require_distinct_labels(params, static_cast<double>(N), M, V);
    numerics::require(N <= knowledge_max_n, "n", N, "N <= 1e15");
    if (N == 0) return {0.0, 0.0};
    const bool direct = N <= knowledge_exact_max_n + 1 || (params.alpha == 0 && N <= knowledge_recursion_max_n + 1);
    numerics::require(direct || params.alpha > 0, "n", N, "N <= 1e7 + 1 when alpha = 0 (no large-n form)");
    const std::uint64_t n0 = direct ? N - 1 : knowledge_exact_max_n;
    // R_{n0+1} = Σ_{n≤n0} r_n exactly, each to the recursion's accuracy.
    const auto curve = knowledge_redundancy_curve(params, n0, M, V);
    numerics::NeumaierSum<double> sum, magnitude;
    for (double r : curve) {
        sum.add(r);
        magnitude.add(std::abs(r));
    }
    const double drift = static_cast<double>(n0) * std::numeric_limits<double>::epsilon();
    double value = sum.value();
    double err = (1e-11 + drift) * magnitude.value() + 1e-13 * static_cast<double>(n0 + 1);
    if (!direct) {
        // Σ_{n=a}^{N−1} f(n), a = n0 + 1, f the large-n form (analytic in n),
        // by Euler–Maclaurin (euler_maclaurin.hpp).
        const double cost = std::log(M) + std::log(V);
        const Evaluation<double> tail = detail::euler_maclaurin_sum(
            [&](double x) { return large_n_form(params.alpha, params.beta, x, cost); }, static_cast<double>(n0 + 1),
            static_cast<double>(N));
        value += tail.val;
        err += tail.err;
    }
    if (!(value > 0))
        throw numerics::DomainError(
            "names", text("R1 is no estimate of the redundancy here: R_N = %.4g <= 0 at N = %.6g", value,
                          static_cast<double>(N)));
    return with_collisions({value, err}, c);
}

Evaluation<double> knowledge_averaged_redundancy_e(const PitmanYorParameters& params, std::uint64_t N, double M,
                                                   double V) {
    numerics::require(N >= 1, "n", N, "N >= 1 (R_N/N)");
    const Evaluation<double> R = knowledge_cumulative_redundancy_e(params, N, M, V);
    const double Nd = static_cast<double>(N);
    return {R.val / Nd, R.err / Nd + std::numeric_limits<double>::epsilon() * std::abs(R.val / Nd)};
}

}  // namespace sklaws::theory
