// S1, S2 and the per-token syntax redundancy (see dirichlet_multinomial.hpp).
#include <sklaws/theory/dirichlet_multinomial.hpp>

#include "digamma_log_gap.hpp"
#include "euler_maclaurin.hpp"
#include "inverse_factorial_series.hpp"
#include <sklaws/numerics/stirling_series.hpp>
#include "knowledge_evaluation.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/numerics/summation.hpp>

#include <boost/math/constants/constants.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <cmath>
#include <utility>
#include <vector>

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
        const Real ck = numerics::stirling_coefficient<Real>(k);
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
    const Real x0 = numerics::stirling_threshold<Real>();
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
    const Real x0 = numerics::stirling_threshold<Real>();
    if (c >= x0) {
        // Both on the series: (½ − c)(ln x − ln c) = (½ − c) log1p((x−c)/c).
        return (Real(0.5) - c) * log1p((x - c) / c) + stirling_tail_of_a(c, x) - stirling_tail_of_a(c, c);
    }
    return a_function(c, x) + numerics::log_gamma(c) + c;  // A_c(c) = −lnΓ(c) − c
}

// One BetaBinomial(N, a, b) expectation E[f(k)] in O(N) without any
// lnΓ of large arguments (their ~N ln N magnitude would cost N ln N ulp):
// unnormalised log weights advance by ln r_k, r_k = P(k+1)/P(k) =
//   (N−k)(a+k) / ((k+1)(b+N−k−1)) = 1 + ((a−1)(N−k) − (b−1)(k+1)) / ((k+1)(b+N−k−1)),
// taken as log1p of the second form while |r_k − 1| < ½ (small in the bulk,
// so its rounding is far below an ulp of the weight) and as the log of the
// product form otherwise. The second matters at a small prior: there
// r_0 ≈ a·N/(N−1) ≪ 1, and log1p(r_0 − 1) would turn the unit rounding of
// r_0 − 1 ≈ −1 into a relative error u/r_0 of the weight (1e-7 at a = 1e-9).
// Either way each step is a few ulp of max(1, |ln r_k|) absolute. The log
// weights are accumulated with compensation, then normalised by their sum
// (Σ P = 1). Returns E[f] and E[|f|] (for the error bound).
template <class Real>
struct WeightedMean {
    Real mean;       // E[f]
    Real abs_mean;   // E[|f|]
    Real variation;  // Σ_k |ln(P(k+1)/P(k))|: bounds the log-weight rounding
};

template <class Real, class Visit>
void for_each_log_weight(std::uint64_t N, const Real& a, const Real& b, Visit&& visit) {
    using std::log;
    using std::log1p;
    const Real n_real = Real(static_cast<double>(N));
    numerics::NeumaierSum<Real> log_acc;
    visit(std::uint64_t{0}, Real(0));
    for (std::uint64_t k = 0; k < N; ++k) {
        const Real k_real = Real(static_cast<double>(k));
        const Real num = (a - 1) * (n_real - k_real) - (b - 1) * (k_real + 1);
        // N − k − 1 first (exact): b + N − k − 1 left to right would bury a
        // tiny b in the rounding of b + N (prior 6e-11: 2e-6 relative at k = N−1).
        const Real den = (k_real + 1) * (b + (n_real - k_real - 1));
        const Real step = num / den;  // r_k − 1
        if (step > Real(-0.5) && step < Real(0.5)) {
            log_acc.add(log1p(step));
        } else {
            log_acc.add(log(Real((n_real - k_real) * (a + k_real) / den)));
        }
        visit(k + 1, log_acc.value());
    }
}

template <class Real, class F>
WeightedMean<Real> beta_binomial_expectation(std::uint64_t N, const Real& a, const Real& b, F&& f) {
    using std::abs;
    using std::exp;
    // Pass 1: the largest log weight (so exp never overflows) and the variation.
    Real top = 0, previous = 0, variation = 0;
    for_each_log_weight(N, a, b, [&](std::uint64_t, const Real& lw) {
        if (lw > top) top = lw;
        variation += abs(Real(lw - previous));
        previous = lw;
    });
    // Pass 2: normalised weights (recomputed identically, no O(N) storage).
    numerics::NeumaierSum<Real> mass, sum;
    Real magnitude = 0;
    for_each_log_weight(N, a, b, [&](std::uint64_t k, const Real& lw) {
        const Real weight = exp(Real(lw - top));
        const Real value = f(Real(static_cast<double>(k)));
        mass.add(weight);
        sum.add(weight * value);
        magnitude += weight * abs(value);
    });
    const Real total = mass.value();
    return {sum.value() / total, magnitude / total, variation};
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
    const Real n_real = Real(static_cast<double>(N));
    const WeightedMean<Real> m =
        beta_binomial_expectation(N, a, b, [&](const Real& k) { return w_function(a, Real(a + k)); });
    const Real last = w_function(sa, Real(sa + Real(static_cast<double>(N))));
    const Real val = s_real * m.mean - last;
    // Weights: relative error ≤ 4ε(variation + 4) each (twice, through the
    // normalisation), plus a drift of up to ~ε per step of the log-weight
    // recursion observed in double (16εN covers it); each w ≤ ~32 ulp.
    const Real eps = numerics::unit_roundoff<Real>();
    const Real err = eps * ((8 * (m.variation + 4) + 32 + 16 * n_real) * s_real * m.abs_mean + 64 * abs(last) + 8 * abs(val));
    return {val, err};
}

template <class Real>
Evaluation<Real> per_token_direct(unsigned S, const Real& a, std::uint64_t n) {
    using std::abs;
    const Real sa = Real(S) * a;
    const Real b = sa - a;
    const Real n_real = Real(static_cast<double>(n));
    const WeightedMean<Real> m = beta_binomial_expectation(
        n, Real(a + 1), b, [&](const Real& k) { return detail::digamma_log_gap(Real(a + k)); });
    const Real last = detail::digamma_log_gap(Real(sa + Real(static_cast<double>(n))));
    const Real val = m.mean - last;
    const Real eps = numerics::unit_roundoff<Real>();
    const Real err = eps * ((8 * (m.variation + 4) + 32 + 16 * n_real) * m.abs_mean + 64 * abs(last) + 8 * abs(val));
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

// Largest N for which the double API re-evaluates in multiprecision when its
// own bound shows fewer than 14 digits (tiny priors cancel: E_k[g(a+k)] and
// g(Sa+n) are O(ln 1/a) while r_n is O(a)); beyond, the double value is
// returned with the digits its bound shows.
constexpr std::uint64_t double_fallback_max_n = 100'000;

// Multiprecision: `direct` (generic in Real) at D + guard digits until the
// bound shows D digits (detail::evaluate_to_digits). Double: the double
// evaluation when its bound shows ≥ 14 digits, else (N small enough) the
// same evaluation at 20 digits rounded, as evaluate_knowledge does for K1–K7.
template <class Real, class Direct>
Evaluation<Real> with_precision_policy(const Real& a, std::uint64_t n, Direct direct) {
    if constexpr (numerics::is_multiprecision_v<Real>) {
        return detail::evaluate_to_digits(numerics::working_digits<mp_real>(),
                                          [&] { return direct(detail::at_working_precision(a)); });
    } else {
        const Evaluation<double> fast = direct(a);
        if (fast.digits() >= 14 || n > double_fallback_max_n) return fast;
        const Evaluation<mp_real> slow =
            detail::evaluate_to_digits(20, [&] { return direct(detail::at_working_precision(a)); });
        const double value = static_cast<double>(slow.val);
        return {value, static_cast<double>(slow.err) + std::abs(value) * numerics::unit_roundoff<double>()};
    }
}

}  // namespace

// ---------------------------------------------------------------- large n
//
// The per-token value without the O(n) sum (double; the header's large-n
// form). k ~ BetaBinomial(n, A, B), A = a + 1, B = (S−1)a, C = A + B = Sa + 1:
//   E[g(a+k)] = Σ_{k<K0} P(k) g(a+k) + Σ_r γ_r T_r,
//   T_r = Σ_{k≥K0} P(k) φ_r(a+k) = φ_r(a)·(C−r)_n/(C)_n − Σ_{k<K0} P(k) φ_r(a+k)
// (inverse_factorial_series.hpp: G = Σ γ_r φ_r is g to 2e-17 at x ≥ K0 = 64,
// and E[φ_r(a+k)] = φ_r(a)(C−r)_n/(C)_n by Chu–Vandermonde, a product of r
// factors). P(0) = (B)_n/(C)_n (head_law), P(k+1)/P(k) =
// (n−k)(A+k)/((k+1)(B+n−k−1)). Every piece is analytic in real n ≥ K0, so
// the cumulative sum integrates it (Euler–Maclaurin).
// φ_r(a+k) has a pole at a + k = r − 1 when a is an integer m < R: the two
// parts of T_r (r > m) then cancel a pole of size ~P(k)/|a − m|. Each factor
// of φ_r is formed as (integer) + (a − round(a)), so the poles are resolved
// to one rounding; still, within h = 1e-2 of such an m, T_r (r > m) is the
// quintic through a = m ± h, m ± 2h, m ± 3h (each evaluated as above,
// cancelling ~P(k)/h), its error bounded by its difference from the cubic
// through m ± h, m ± 2h (h = 1e-2 balances the two: ≥ 11 digits of r_n at
// a = 1, n = 1e5, against ~10 with h = 1e-3 or 3e-2).
// Rounding: 8ε per term, the pmf recursion 4kε at k, P(0)'s (head_law),
// the products 64ε, each times the term's magnitude.
namespace {

using detail::factorial_cut;
using detail::factorial_terms;
using detail::FactorialCoefficients;

constexpr double eps = std::numeric_limits<double>::epsilon();
constexpr double pole_window = 1e-2;

struct FactorialTails {
    FactorialCoefficients value{};  // T_r
    FactorialCoefficients err{};    // its rounding bound
};

// The BetaBinomial(n, a+1, (S−1)a) pmf at k < K0 (0 past an underflow), and
// the relative rounding of P(k): base + 4kε (each pmf-ratio step ~4 roundings).
// P(0) = (B)_n/(C)_n, C − B = a + 1 = (m + 1) + f (m = round(a)): for m < 64
// as the rational part Π_{i≤m}(B+i)/(B+n+i) times the small-shift ratio
// exp(lnΓ(B+m+1+f)/Γ(B+m+1) − lnΓ(B+n+m+1+f)/Γ(B+n+m+1)) (~f ln n, so its
// rounding is ε·|f ln n|, and exact at integer a: there the head terms that
// carry φ_r's poles cancel the closed form's to rounding); else as two
// log-Gamma ratios with shift a + 1 (rounding 16ε|ln P(0)|).
struct HeadLaw {
    std::array<double, factorial_cut> p{};
    double base_err = 0;
    double relative_err(std::size_t k) const { return base_err + 4.0 * static_cast<double>(k) * eps; }
};

HeadLaw head_law(unsigned S, double a, double n) {
    const double A = a + 1, B = (static_cast<double>(S) - 1) * a;
    HeadLaw law;
    const double m = std::round(a), f = a - m;
    double pk;
    if (m < static_cast<double>(factorial_cut)) {
        double rational = 1;
        for (double i = 0; i <= m; ++i) rational *= (B + i) / (B + (n + i));
        const double l1 = numerics::log_gamma_ratio(B + m + 1, f), l2 = numerics::log_gamma_ratio(B + n + m + 1, f);
        pk = rational * std::exp(l1 - l2);
        law.base_err = (4 * (m + 1) + 16 * (std::abs(l1) + std::abs(l2)) + 8) * eps;
    } else {
        const double log_p0 = numerics::log_gamma_ratio(B, A) - numerics::log_gamma_ratio(B + n, A);
        pk = std::exp(log_p0);
        law.base_err = (16 * std::max(1.0, std::abs(log_p0)) + 8) * eps;
    }
    for (std::size_t k = 0; k < factorial_cut; ++k) {
        if (!(pk > 0)) break;
        law.p[k] = pk;
        const double kd = static_cast<double>(k);
        // (B + (n − k − 1)): a tiny B is not buried in the rounding of B + n.
        pk *= (n - kd) / (kd + 1.0) * (A + kd) / (B + (n - kd - 1.0));
    }
    return law;
}

// φ_r(x), x = I + f with I an integer and f = a − round(a): each factor
// x − j = (I − j) + f exactly up to one rounding, so a factor near a pole
// (a near an integer) keeps its relative accuracy (fl(a + k) − j would not:
// ε(a+k)/|x − j| relative).
// One division: φ_R = 1/Π factors, then φ_{r−1} = φ_r·(x − r + 1) (each
// step one rounding, so φ_r within (2R)ε relative, counted in the 64ε of the
// products).
FactorialCoefficients falling_inverses_split(double integer, double fraction) {
    FactorialCoefficients factor{}, phi{};
    double p = 1;
    for (std::size_t r = 1; r <= factorial_terms; ++r) {
        factor[r] = (integer - static_cast<double>(r - 1)) + fraction;
        p *= factor[r];
    }
    if (p != 0 && std::isfinite(p)) {
        phi[factorial_terms] = 1.0 / p;
        for (std::size_t r = factorial_terms; r > 1; --r) phi[r - 1] = phi[r] * factor[r];
        return phi;
    }
    p = 1;  // at a pole (a factor 0): φ_r = ∞ from there on, the rest as before
    for (std::size_t r = 1; r <= factorial_terms; ++r) {
        p *= factor[r];
        phi[r] = 1.0 / p;
    }
    return phi;
}

FactorialTails factorial_tails(unsigned S, double a, double n) {
    const HeadLaw law = head_law(S, a, n);
    const double Sd = static_cast<double>(S);
    const double m = std::round(a), f = a - m;  // exact (Sterbenz)
    FactorialTails t;
    const FactorialCoefficients phi_a = falling_inverses_split(m, f);
    for (std::size_t r = 1; r <= factorial_terms; ++r) {
        double ratio = 1;  // (C−r)_r/(C−r+n)_r = (C−r)_n/(C)_n, C = Sa + 1 = (Sm + 1) + Sf
        for (std::size_t i = 0; i < r; ++i) {
            const double x = (Sd * m + 1 - static_cast<double>(r) + static_cast<double>(i)) + Sd * f;
            ratio *= x / (x + n);
        }
        t.value[r] = phi_a[r] * ratio;
        t.err[r] = 64 * eps * std::abs(t.value[r]);
    }
    for (std::size_t k = 0; k < factorial_cut && law.p[k] > 0; ++k) {
        const FactorialCoefficients phi = falling_inverses_split(m + static_cast<double>(k), f);
        for (std::size_t r = 1; r <= factorial_terms; ++r) {
            t.value[r] -= law.p[k] * phi[r];
            t.err[r] += (law.relative_err(k) + 40 * eps) * law.p[k] * std::abs(phi[r]);
        }
    }
    return t;
}

// T_r with the pole regularised (see above); err_r its error bound.
struct RegularTails {
    FactorialCoefficients value{}, err{};
};

// Lagrange weights at t for the nodes `nodes` (in units of h).
template <std::size_t K>
std::array<double, K> lagrange_weights(const std::array<double, K>& nodes, double t) {
    std::array<double, K> w{};
    for (std::size_t j = 0; j < K; ++j) {
        double l = 1;
        for (std::size_t i = 0; i < K; ++i) {
            if (i != j) l *= (t - nodes[i]) / (nodes[j] - nodes[i]);
        }
        w[j] = l;
    }
    return w;
}

RegularTails regular_tails(unsigned S, double a, double n) {
    const FactorialTails here = factorial_tails(S, a, n);
    RegularTails out;
    const double m = std::round(a);
    const bool near_pole = m >= 1 && m < static_cast<double>(factorial_terms) && std::abs(a - m) < pole_window;
    for (std::size_t r = 1; r <= factorial_terms; ++r) {
        out.value[r] = here.value[r];
        out.err[r] = here.err[r];
    }
    if (!near_pole) return out;
    // The quintic through m ± h, m ± 2h, m ± 3h; its error bounded by its
    // difference from the cubic through m ± h, m ± 2h (the cubic's error
    // estimate, O(h⁴) against the quintic's O(h⁶)).
    const double h = pole_window, t = (a - m) / h;
    const std::array<double, 6> nodes{-3, -2, -1, 1, 2, 3};
    const std::array<double, 6> quintic = lagrange_weights(nodes, t);
    const std::array<double, 4> cubic = lagrange_weights(std::array<double, 4>{-2, -1, 1, 2}, t);
    std::array<FactorialTails, 6> at{};
    for (std::size_t j = 0; j < 6; ++j) at[j] = factorial_tails(S, m + nodes[j] * h, n);
    for (std::size_t r = static_cast<std::size_t>(m) + 1; r <= factorial_terms; ++r) {
        double value = 0, rounding = 0, lower = 0;
        for (std::size_t j = 0; j < 6; ++j) {
            value += quintic[j] * at[j].value[r];
            rounding += std::abs(quintic[j]) * at[j].err[r];
        }
        for (std::size_t j = 0; j < 4; ++j) lower += cubic[j] * at[j + 1].value[r];
        out.value[r] = value;
        out.err[r] = rounding + std::abs(value - lower);
    }
    return out;
}

Evaluation<double> per_token_large_n(unsigned S, double a, double n) {
    const HeadLaw law = head_law(S, a, n);
    const FactorialCoefficients& gamma = detail::digamma_log_gap_factorial_series();
    double head = 0, head_err = 0;
    for (std::size_t k = 0; k < factorial_cut && law.p[k] > 0; ++k) {
        const double gk = detail::digamma_log_gap(a + static_cast<double>(k));
        head += law.p[k] * gk;
        head_err += (law.relative_err(k) + 8 * eps) * law.p[k] * std::abs(gk);
    }
    const RegularTails tails = regular_tails(S, a, n);
    double series = 0, series_err = 0;
    for (std::size_t r = 1; r <= factorial_terms; ++r) {
        series += gamma[r] * tails.value[r];
        series_err += std::abs(gamma[r]) * tails.err[r];
    }
    const double mean = head + series;  // E[g(a+k)]
    const double last = detail::digamma_log_gap(static_cast<double>(S) * a + n);
    const double value = mean - last;
    const double err = head_err + series_err +
                       2e-17 * std::abs(mean) + 8 * eps * std::abs(last) + 2 * eps * std::abs(value);
    return {value, err};
}

}  // namespace


template <class Real>
Evaluation<Real> syntax_entropy_rate_e(unsigned S, const Real& a) {
    validate_syntax(S, a);
    return with_precision_policy<Real>(a, 0, [&](const auto& prior) { return entropy_rate_direct(S, prior); });
}

template <class Real>
Evaluation<Real> syntax_redundancy_exact_e(unsigned S, const Real& a, std::uint64_t N) {
    validate_syntax(S, a);
    if constexpr (numerics::is_multiprecision_v<Real>) {
        numerics::require(N <= syntax_exact_max_n, "n", N,
                          "N <= 1e7 in multiprecision (double: N <= 1e15; S2 asymptotic beyond)");
    } else {
        numerics::require(N <= syntax_max_n, "n", N, "N <= 1e15 (use the S2 asymptotic beyond)");
        if (N > syntax_large_n_min_n + 1) {
            // R_{n0+1} exactly, then Σ_{n=n0+1}^{N−1} r_n over the large-n
            // form, from n0 = 1000: the exact sum's bound at 1e3 (≥ 14 digits,
            // re-evaluated at 20 digits where double cancels) is ~1e4 times
            // tighter than at 1e5, and the Euler–Maclaurin remainder
            // ~r/(720 n0²) is still below 1e-9 of r_{n0}.
            const std::uint64_t n0 = syntax_cumulative_start_n;
            const Evaluation<double> head = syntax_redundancy_exact_e<double>(S, a, n0 + 1);
            const Evaluation<double> tail = detail::euler_maclaurin_sum(
                [&](double x) { return per_token_large_n(S, a, x); }, static_cast<double>(n0 + 1),
                static_cast<double>(N));
            const double value = head.val + tail.val;
            return {value, head.err + tail.err + eps * std::abs(value)};
        }
    }
    if (N == 0) return {Real(0), Real(0)};
    return with_precision_policy<Real>(a, N,
                                       [&](const auto& prior) { return redundancy_exact_direct(S, prior, N); });
}

template <class Real>
Evaluation<Real> syntax_redundancy_asymptotic_e(unsigned S, const Real& a, const Real& N) {
    validate_syntax(S, a);
    numerics::require_finite("n", N);
    numerics::require(N >= 1, "n", N, "N >= 1");
    if constexpr (numerics::is_multiprecision_v<Real>) {
        return detail::evaluate_to_digits(numerics::working_digits<mp_real>(), [&] {
            return asymptotic_direct(S, detail::at_working_precision(a), detail::at_working_precision(N));
        });
    } else {
        return asymptotic_direct(S, a, N);
    }
}

double syntax_redundancy_asymptotic_error(unsigned S, double a, double N) {
    validate_syntax(S, a);
    numerics::require(N >= 1, "n", N, "N >= 1");
    const double s = static_cast<double>(S);
    return (2.0 * s / a + s) * std::pow(N, -std::min(a, 1.0)) + (s * s * (a + 1.0) / 2.0 + 2.0 * s) / N;
}

template <class Real>
Evaluation<Real> syntax_per_token_redundancy_e(unsigned S, const Real& a, std::uint64_t n) {
    validate_syntax(S, a);
    if constexpr (numerics::is_multiprecision_v<Real>) {
        numerics::require(n <= syntax_exact_max_n, "n", n,
                          "n <= 1e7 in multiprecision (double: n <= 1e15; d/(2n) beyond)");
    } else {
        numerics::require(n <= syntax_max_n, "n", n, "n <= 1e15 (use d/(2n) beyond)");
        if (n > syntax_large_n_min_n) return per_token_large_n(S, a, static_cast<double>(n));
    }
    return with_precision_policy<Real>(a, n, [&](const auto& prior) { return per_token_direct(S, prior, n); });
}

Evaluation<double> syntax_per_token_redundancy_double(unsigned S, double a, std::uint64_t n) {
    validate_syntax(S, a);
    numerics::require(n <= syntax_max_n, "n", n, "n <= 1e15 (use d/(2n) beyond)");
    if (n > syntax_large_n_min_n) return per_token_large_n(S, a, static_cast<double>(n));
    return per_token_direct(S, a, n);
}

Evaluation<double> syntax_per_token_redundancy_large_n_e(unsigned S, double a, double n) {
    validate_syntax(S, a);
    numerics::require_finite("n", n);
    numerics::require(n >= static_cast<double>(detail::factorial_cut), "n", n, "n >= 64 (the large-n form)");
    return per_token_large_n(S, a, n);
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
