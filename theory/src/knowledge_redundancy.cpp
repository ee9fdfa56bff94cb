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

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/numerics/summation.hpp>

#include <gsl/gsl_sf_zeta.h>

#include <array>
#include <cmath>

namespace sklaws::theory {

namespace {

constexpr std::size_t cut = 64;     // K0: exact laws below, factorial series above
constexpr std::size_t terms = 16;   // R: factorial-series terms

struct FactorialSeries {
    std::array<double, terms + 1> g{};  // g(x) ≈ Σ_r g[r] φ_r(x)
    std::array<double, terms + 1> e{};  // e(Z+1) ≈ Σ_r e[r] φ_r(Z)
};

// Converts an asymptotic series Σ_m A_m x^{−m} into Σ_r γ_r φ_r(x) using
// φ_r(x) = Σ_{m≥r} S(m−1, r−1) x^{−m} (Stirling numbers of the second kind):
// A_m = Σ_{r≤m} γ_r S(m−1, r−1), solved forward (S(m−1, m−1) = 1).
std::array<double, terms + 1> to_factorial_series(const std::array<long double, terms + 1>& power) {
    std::array<std::array<long double, terms + 1>, terms + 1> stirling{};
    stirling[0][0] = 1;
    for (std::size_t m = 1; m <= terms; ++m) {
        for (std::size_t r = 1; r <= m; ++r) stirling[m][r] = r * stirling[m - 1][r] + stirling[m - 1][r - 1];
    }
    std::array<long double, terms + 1> gamma{};
    std::array<double, terms + 1> out{};
    for (std::size_t m = 1; m <= terms; ++m) {
        long double s = power[m];
        for (std::size_t r = 1; r < m; ++r) s -= gamma[r] * stirling[m - 1][r - 1];
        gamma[m] = s;
        out[m] = static_cast<double>(s);
    }
    return out;
}

const FactorialSeries& factorial_series() {
    static const FactorialSeries series = [] {
        FactorialSeries s;
        // B_{2k}/(2k), k ≥ 1.
        std::array<long double, terms + 1> b_over{};
        for (std::size_t k = 1; 2 * k <= terms; ++k) {
            b_over[k] = static_cast<long double>(boost::math::bernoulli_b2n<long double>(static_cast<int>(k))) /
                        (2.0L * k);
        }
        // g(x) = 1/(2x) − Σ_k B_{2k}/(2k) x^{−2k}.
        std::array<long double, terms + 1> g_power{};
        g_power[1] = 0.5L;
        for (std::size_t k = 1; 2 * k <= terms; ++k) g_power[2 * k] = -b_over[k];
        s.g = to_factorial_series(g_power);
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
        s.e = to_factorial_series(e_power);
        return s;
    }();
    return series;
}

// φ_r(x) for r = 1..terms.
std::array<double, terms + 1> falling_inverses(double x) {
    std::array<double, terms + 1> phi{};
    double p = 1;
    for (std::size_t r = 1; r <= terms; ++r) {
        p *= x - static_cast<double>(r - 1);
        phi[r] = 1.0 / p;
    }
    return phi;
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

}  // namespace sklaws::theory
