// K4 expected block counts E[M_{j,n}] (docs/theory.md §3); method and accuracy in
// block_counts.hpp.
#include "sklaws/theory/block_counts.hpp"

#include "sklaws/theory/p_new.hpp"

#include "knowledge_evaluation.hpp"

#include <algorithm>
#include <cmath>

namespace sklaws::theory {
namespace {

using detail::minus;
using detail::plus;
using numerics::Evaluation;
using numerics::log_gamma_ratio_e;

// ln E[M_{j,n}] = ln[Γ(β+1)/Γ(β+α)] − ln Γ(1−α) − ln[Γ(j)/Γ(j−α)] − ln j
//               + ln[Γ(n+1)/Γ(n−j+1) · Γ(β+α+n−j)/Γ(β+n)],
// the last bracket grouped two ways (see block_counts.hpp).
template <class Real>
Evaluation<Real> log_expected_block_count(const Real& alpha, const Real& beta, const Real& n, const Real& j) {
    using std::log;
    const Real one(1);
    Evaluation<Real> head = minus(log_gamma_ratio_e(Real(beta + alpha), Real(one - alpha)),
                                  numerics::log_gamma_e(Real(one - alpha)));
    head = minus(head, log_gamma_ratio_e(Real(j - alpha), alpha));
    head = minus(head, Evaluation<Real>{log(j), numerics::unit_roundoff<Real>() * log(j)});
    // Grouping 1: each ratio ~ j ln n (good for small j).
    const Evaluation<Real> by_j = minus(log_gamma_ratio_e(Real(n - j + 1), j),
                                        log_gamma_ratio_e(Real((n - j) + (beta + alpha)), Real(j - alpha)));
    // Grouping 2: each ratio ~ |β| ln n (good for small |β|, any j). Its
    // arguments are rounded sums, and where |β| dwarfs n (β = 1e300: β + n
    // and 1 − β cancel to 0) or β + α − 1 swallows n − j + 1, the rounded
    // ratio leaves its domain: grouping 1 holds there and is the accurate one.
    const Real x1 = beta + n, d1 = one - beta, x2 = n - j + 1, d2 = beta + alpha - one;
    if (!(x1 + d1 > 0 && x2 + d2 > 0)) return plus(head, by_j);
    const Evaluation<Real> by_beta = plus(log_gamma_ratio_e(x1, d1), log_gamma_ratio_e(x2, d2));
    return plus(head, by_j.err <= by_beta.err ? by_j : by_beta);
}

template <class Real>
void validate_block(const Real& alpha, const Real& beta, const Real& n, const Real& j) {
    detail::validate_knowledge_parameters(alpha, beta);
    numerics::require_finite("n", n);
    numerics::require_finite("j", j);
    numerics::require(n >= 1, "n", n, "n >= 1");
    numerics::require(j >= 1 && j <= n, "j", j, "1 <= j <= n");
}

}  // namespace

template <class Real>
numerics::Evaluation<Real> expected_block_count_e(const Real& alpha, const Real& beta, const Real& n, const Real& j) {
    validate_block(alpha, beta, n, j);
    return detail::evaluate_knowledge<Real>(
        [](const auto& a, const auto& b, const auto& m, const auto& k) {
            return detail::exp_of(log_expected_block_count(a, b, m, k), "E[M_{j,n}]");
        },
        alpha, beta, n, j);
}

std::vector<double> expected_block_counts(double alpha, double beta, std::uint64_t n) {
    validate_block(alpha, beta, static_cast<double>(n), 1.0);
    numerics::require(n <= 100000000ULL, "n", n, "1 <= n <= 1e8 (one vector entry per j)");
    std::vector<double> counts(n);
    // Scaled mantissa: value = mantissa · 2^exponent, mantissa kept in
    // [2^−500, 2^500], so values far below the double range in the middle of
    // j (possible when E[M_{n,n}] is large) never break the recurrence.
    const double log_first = log_expected_block_count(alpha, beta, static_cast<double>(n), 1.0).val;
    long exponent = static_cast<long>(std::floor(log_first / std::log(2.0)));
    double mantissa = std::exp(log_first - static_cast<double>(exponent) * std::log(2.0));
    const double nd = static_cast<double>(n);
    for (std::uint64_t j = 1; j <= n; ++j) {
        counts[j - 1] = std::ldexp(mantissa, static_cast<int>(std::clamp(exponent, -100000L, 100000L)));
        if (j == n) break;
        const double jd = static_cast<double>(j);
        // (n − j − 1) is exact; adding β+α last keeps its digits when n − j is small.
        mantissa *= (nd - jd) * (jd - alpha) / ((jd + 1) * ((nd - jd - 1) + (beta + alpha)));
        if (mantissa < 0x1p-500) {
            mantissa *= 0x1p500;
            exponent -= 500;
        } else if (mantissa > 0x1p500) {
            mantissa *= 0x1p-500;
            exponent += 500;
        }
    }
    return counts;
}

BlockCountsRecursion::BlockCountsRecursion(PitmanYorParameters parameters) : parameters_(parameters), counts_{1.0} {
    parameters_.validate();
}

void BlockCountsRecursion::advance() {
    const double alpha = parameters_.alpha;
    const double beta = parameters_.beta;
    const double nd = static_cast<double>(n_);
    const double total = beta + nd;
    next_.assign(n_ + 1, 0.0);
    // Only up to one past the last nonzero entry can become nonzero.
    std::size_t last = counts_.size();
    while (last > 0 && counts_[last - 1] == 0.0) --last;
    for (std::size_t i = 0; i <= last && i <= n_; ++i) {  // i = j − 1
        const double j = static_cast<double>(i + 1);
        double value = 0.0;
        if (i < counts_.size()) value += counts_[i] * (((nd - j) + (beta + alpha)) / total);
        if (i >= 1) value += counts_[i - 1] * ((j - 1 - alpha) / total);
        // Below 1e-300 an entry no longer matters; flushing it keeps the
        // loop out of slow subnormal arithmetic.
        next_[i] = value < 1e-300 ? 0.0 : value;
    }
    next_[0] += p_new(alpha, beta, nd);
    counts_.swap(next_);
    ++n_;
}

template numerics::Evaluation<double> expected_block_count_e<double>(const double&, const double&, const double&,
                                                                     const double&);
template numerics::Evaluation<numerics::mp_real> expected_block_count_e<numerics::mp_real>(
    const numerics::mp_real&, const numerics::mp_real&, const numerics::mp_real&, const numerics::mp_real&);

}  // namespace sklaws::theory
