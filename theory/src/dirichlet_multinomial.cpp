// S1, S2 and the per-token syntax redundancy (see dirichlet_multinomial.hpp).
#include <sklaws/theory/dirichlet_multinomial.hpp>

#include "digamma_log_gap.hpp"
#include "stirling_coefficients.hpp"
#include "knowledge_evaluation.hpp"

#include <sklaws/numerics/beta_binomial.hpp>
#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/numerics/summation.hpp>

#include <boost/math/constants/constants.hpp>

#include <cmath>

namespace sklaws::theory {

namespace {

using numerics::Evaluation;
using numerics::mp_real;

template <class Real>
void validate_syntax(unsigned S, const Real& a) {
    numerics::require(S >= 2, "templates", S, "S >= 2");
    numerics::require_finite("prior", a);
    numerics::require(a > 0, "prior", a, "a > 0");
}

// A_c(y) = (y − c)ψ(y) − lnΓ(y) − y for y ≥ X0 by its Stirling series,
// without the constant −½(1 + ln 2π) (it cancels in every difference we take):
//   (½ − c) ln y + c/(2y) + Σ_k c_k y^{1−2k} [c(2k−1)/y − 2k].
// Returns the part that is not (½ − c) ln y, which the caller combines with
// log1p when both arguments are large.
template <class Real>
Real stirling_tail_of_a(const Real& c, const Real& y) {
    using std::abs;
    const Real eps = numerics::unit_roundoff<Real>();
    Real sum = c / (2 * y);
    Real power = 1 / y;  // y^{1−2k}
    const Real inv2 = 1 / (y * y);
    for (unsigned k = 1; k < 400; ++k) {
        const Real ck = detail::stirling_c<Real>(k);
        const Real term = ck * power * (c * Real(2.0 * k - 1.0) / y - Real(2.0 * k));
        sum += term;
        if (abs(term) <= eps * (abs(sum) + 1)) break;
        power *= inv2;
    }
    return sum;
}

// A_c(y) = (y − c)ψ(y) − lnΓ(y) − y, directly (small y) or by the series.
template <class Real>
Real a_function(const Real& c, const Real& y) {
    using std::log;
    const Real x0 = detail::series_threshold<Real>();
    if (y < x0) return (y - c) * numerics::digamma(y) - numerics::log_gamma(y) - y;
    const Real half_log_2pi_e = (1 + log(2 * boost::math::constants::pi<Real>())) / 2;
    return (Real(0.5) - c) * log(y) + stirling_tail_of_a(c, y) - half_log_2pi_e;
}

// w_c(x) = A_c(x) − A_c(c), x ≥ c > 0: the count-conditioned redundancy
// contribution of one Dirichlet coordinate with its linear growth removed.
template <class Real>
Real w_function(const Real& c, const Real& x) {
    using std::log1p;
    if (x == c) return Real(0);
    const Real x0 = detail::series_threshold<Real>();
    if (c >= x0) {
        // Both on the series: (½ − c)(ln x − ln c) = (½ − c) log1p((x−c)/c).
        return (Real(0.5) - c) * log1p((x - c) / c) + stirling_tail_of_a(c, x) - stirling_tail_of_a(c, c);
    }
    return a_function(c, x) + numerics::log_gamma(c) + c;  // A_c(c) = −lnΓ(c) − c
}

// One BetaBinomial(N, a, b) expectation E[f(k)] in O(N): log pmf advanced by
// its ratio, re-anchored on the exact log pmf every 256 terms so rounding
// cannot accumulate. Returns the sum and Σ|terms| (for the error bound).
template <class Real, class F>
std::pair<Real, Real> beta_binomial_expectation(std::uint64_t N, const Real& a, const Real& b, F&& f) {
    using std::abs;
    using std::exp;
    using std::log;
    numerics::NeumaierSum<Real> sum;
    Real magnitude = 0;
    const Real n_real = Real(static_cast<double>(N));
    Real log_p = 0;
    for (std::uint64_t k = 0; k <= N; ++k) {
        const Real k_real = Real(static_cast<double>(k));
        if (k % 256 == 0) {
            log_p = numerics::beta_binomial_log_pmf(k_real, n_real, a, b);
        } else {
            const Real km1 = k_real - 1;
            log_p += log((n_real - km1) * (a + km1) / (k_real * (b + n_real - k_real)));
        }
        const Real term = exp(log_p) * f(k_real);
        sum.add(term);
        magnitude += abs(term);
    }
    return {sum.value(), magnitude};
}

template <class Real>
Evaluation<Real> entropy_rate_direct(unsigned S, const Real& a) {
    using std::abs;
    const Real sa = Real(S) * a;
    const Real v = numerics::digamma(Real(sa + 1)) - numerics::digamma(Real(a + 1));
    return {v, 8 * numerics::unit_roundoff<Real>() * (abs(numerics::digamma(Real(sa + 1))) + 1)};
}

template <class Real>
Evaluation<Real> redundancy_exact_direct(unsigned S, const Real& a, std::uint64_t N) {
    using std::abs;
    const Real s_real = Real(S);
    const Real sa = s_real * a;
    const Real b = sa - a;
    const auto [mean, magnitude] =
        beta_binomial_expectation(N, a, b, [&](const Real& k) { return w_function(a, Real(a + k)); });
    const Real last = w_function(sa, Real(sa + Real(static_cast<double>(N))));
    const Real val = s_real * mean - last;
    // Each pmf carries ≤ ~600 ulp (256-step ratio recursion); each w ≤ ~32 ulp of its size.
    const Real err = numerics::unit_roundoff<Real>() * (700 * s_real * magnitude + 64 * abs(last) + 8 * abs(val));
    return {val, err};
}

template <class Real>
Evaluation<Real> per_token_direct(unsigned S, const Real& a, std::uint64_t n) {
    using std::abs;
    const Real sa = Real(S) * a;
    const Real b = sa - a;
    const auto [mean, magnitude] = beta_binomial_expectation(
        n, Real(a + 1), b, [&](const Real& k) { return detail::digamma_log_gap(Real(a + k)); });
    const Real last = detail::digamma_log_gap(Real(sa + Real(static_cast<double>(n))));
    const Real val = mean - last;
    const Real err = numerics::unit_roundoff<Real>() * (700 * magnitude + 64 * abs(last) + 8 * abs(val));
    return {val, err};
}

template <class Real>
Evaluation<Real> asymptotic_direct(unsigned S, const Real& a, const Real& N) {
    using std::abs;
    using std::log;
    const Real s_real = Real(S);
    const Real sa = s_real * a;
    const Real d = s_real - 1;
    const Real two_pi_e = 2 * boost::math::constants::pi<Real>() * boost::math::constants::e<Real>();
    const Real t1 = d / 2 * log(N / two_pi_e);
    const Real t2 = s_real * numerics::log_gamma(a);
    const Real t3 = numerics::log_gamma(sa);
    const Real t4 = s_real * (a - Real(0.5)) * (numerics::digamma(sa) - numerics::digamma(a));
    const Real val = t1 + t2 - t3 + t4;
    return {val, 16 * numerics::unit_roundoff<Real>() * (abs(t1) + abs(t2) + abs(t3) + abs(t4))};
}

// mp inputs re-created at the working precision (Boost 1.74 keeps the
// precision of the operands); doubles pass through.
template <class Real>
Real working(const Real& x) {
    if constexpr (numerics::is_multiprecision_v<Real>) {
        return detail::at_working_precision(x);
    } else {
        return x;
    }
}

// Double uses the direct evaluation; multiprecision adds guard digits until
// the bound shows the requested digits (detail::evaluate_to_digits).
template <class Real, class Direct>
Evaluation<Real> with_precision_policy(Direct direct) {
    if constexpr (numerics::is_multiprecision_v<Real>) {
        return detail::evaluate_to_digits(numerics::working_digits<mp_real>(), direct);
    } else {
        return direct();
    }
}

}  // namespace

template <class Real>
Evaluation<Real> syntax_entropy_rate_e(unsigned S, const Real& a) {
    validate_syntax(S, a);
    return with_precision_policy<Real>([&] { return entropy_rate_direct(S, working(a)); });
}

template <class Real>
Evaluation<Real> syntax_redundancy_exact_e(unsigned S, const Real& a, std::uint64_t N) {
    validate_syntax(S, a);
    numerics::require(N <= syntax_exact_max_n, "n", N, "N <= 1e7 (use the S2 asymptotic beyond)");
    if (N == 0) return {Real(0), Real(0)};
    return with_precision_policy<Real>(
        [&] { return redundancy_exact_direct(S, working(a), N); });
}

template <class Real>
Evaluation<Real> syntax_redundancy_asymptotic_e(unsigned S, const Real& a, const Real& N) {
    validate_syntax(S, a);
    numerics::require_finite("n", N);
    numerics::require(N >= 1, "n", N, "N >= 1");
    return with_precision_policy<Real>([&] {
        return asymptotic_direct(S, working(a), working(N));
    });
}

double syntax_redundancy_asymptotic_error(unsigned S, double a, double N) {
    validate_syntax(S, a);
    numerics::require(N >= 1, "n", N, "N >= 1");
    const double s = static_cast<double>(S);
    return (s * s / a + s) / N;
}

template <class Real>
Evaluation<Real> syntax_per_token_redundancy_e(unsigned S, const Real& a, std::uint64_t n) {
    validate_syntax(S, a);
    numerics::require(n <= syntax_exact_max_n, "n", n, "n <= 1e7 (use d/(2n) beyond)");
    return with_precision_policy<Real>([&] { return per_token_direct(S, working(a), n); });
}

double syntax_per_token_redundancy_asymptotic(unsigned S, double n) {
    numerics::require(S >= 2, "templates", S, "S >= 2");
    numerics::require(n > 0, "n", n, "n > 0");
    return (static_cast<double>(S) - 1.0) / (2.0 * n);
}

#define SKLAWS_INSTANTIATE(Real)                                                                        \
    template Evaluation<Real> syntax_entropy_rate_e<Real>(unsigned, const Real&);                      \
    template Evaluation<Real> syntax_redundancy_exact_e<Real>(unsigned, const Real&, std::uint64_t);   \
    template Evaluation<Real> syntax_redundancy_asymptotic_e<Real>(unsigned, const Real&, const Real&); \
    template Evaluation<Real> syntax_per_token_redundancy_e<Real>(unsigned, const Real&, std::uint64_t);
SKLAWS_INSTANTIATE(double)
SKLAWS_INSTANTIATE(mp_real)
#undef SKLAWS_INSTANTIATE

}  // namespace sklaws::theory
