// M2: exact E[T_C], E[W_(i)] and a_M(C) (see missing_mass.hpp; the
// integrands are in missing_mass_integrand.hpp).
#include <sklaws/theory/missing_mass.hpp>

#include "knowledge_evaluation.hpp"
#include "missing_mass_integrand.hpp"

#include <sklaws/numerics/errors.hpp>

#include <boost/math/constants/constants.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <type_traits>

namespace sklaws::theory {

namespace {

using numerics::Evaluation;
using numerics::mp_real;
using ld = long double;
using detail::MissingMassKind;
using detail::MissingMassModel;
using detail::MissingMassNode;

void validate(double alpha, double beta, std::uint64_t C, const char* name) {
    detail::validate_knowledge_parameters(alpha, beta);
    numerics::require(alpha > 0, "alpha", alpha, "0 < alpha < 1 (M2 needs alpha > 0)");
    numerics::require(C >= 1 && C <= missing_mass_max_capacity, name, C, "1 <= C <= 1e12");
}

// Where the integrand lives in x = ln t: its mode (root of the log-slope,
// bracketed then refined by the Illinois method) and a width 1/√(−ℓ'').
// The trapezoid rule's map is x = x_c + s_R·τ + s_L·(1 − e^{−τ}): slope
// s_R + s_L at the peak, s_R on the right, an exponential stretch s_L·e^{|τ|}
// on the left, where the integrand falls only like e^{(1+β)(x−x_c)}. The
// factors 1.4 and 0.5 on the curvature width were tuned for the fewest
// integrand values over α ∈ [0.05, 0.95], β ∈ (−α, 100], C ∈ [1, 1e9].
struct Placement {
    ld center;
    ld left_scale;   // s_L
    ld right_scale;  // s_R
};

Placement place(const MissingMassModel<ld>& m, MissingMassKind kind) {
    const auto slope = [&](ld x) { return detail::missing_mass_log_slope(m, detail::missing_mass_node(m, x), kind); };
    const ld width0 = 1 / std::sqrt(m.alpha * (1 + m.beta));
    // Small-t asymptote of the mode (ℓ ≈ (1+β)x − (C−1)Γ(1−α)e^{αx}).
    ld x0 = 0;
    if (m.C >= 2) x0 = std::log((1 + m.beta) / (m.alpha * (m.C - 1) * m.gamma_a)) / m.alpha;
    x0 = std::clamp(x0, ld(-1e4), ld(1));
    ld lo = x0, hi = x0, s_lo, s_hi;
    const ld s0 = slope(x0);
    ld step = std::max(ld(1), 2 * width0);
    if (s0 > 0) {
        s_lo = s0;
        for (;;) {
            hi = lo + step;
            s_hi = slope(hi);
            if (!(s_hi > 0)) break;
            lo = hi;
            s_lo = s_hi;
            step *= 2;
        }
    } else {
        s_hi = s0;
        for (;;) {
            lo = hi - step;
            s_lo = slope(lo);
            if (s_lo > 0) break;
            hi = lo;
            s_hi = s_lo;
            step *= 2;
        }
    }
    // Illinois iterations on the bracket [lo, hi], s_lo > 0 ≥ s_hi, to a
    // fraction of the width (the rule only needs the peak roughly).
    int side = 0;
    for (int it = 0; it < 40 && hi - lo > ld(0.1) * width0; ++it) {
        ld c = (std::isfinite(s_hi) && s_lo - s_hi > 0) ? hi - s_hi * (hi - lo) / (s_hi - s_lo) : (lo + hi) / 2;
        if (!(c > lo && c < hi)) c = (lo + hi) / 2;
        const ld sc = slope(c);
        if (sc > 0) {
            lo = c;
            s_lo = sc;
            if (side == -1) s_hi /= 2;
            side = -1;
        } else {
            hi = c;
            s_hi = sc;
            if (side == 1) s_lo /= 2;
            side = 1;
        }
    }
    const ld c = (lo + hi) / 2;
    const ld d = std::max(hi - lo, ld(0.02) * width0) / 2;
    const ld curvature = -(slope(c + d) - slope(c - d)) / (2 * d);
    const ld scale = (std::isfinite(curvature) && curvature > 0) ? 1 / std::sqrt(curvature) : width0;
    // Right-hand scale: small t falls like e^{−A e^{αx}} (analytic for |Im x| <
    // π/(2α)), t ≳ 1 like e^{−t} (|Im x| < π/2).
    const ld right_limit = std::min(1 / m.alpha, std::max(ld(1), -c / 4));
    return {c, ld(0.5) * scale, ld(1.4) * std::min(scale, right_limit)};
}

// Trapezoid rule in τ on the map of Placement, τ = j·h, h = 2^{−level},
// refined by halving h (each level adds the odd multiples of the new h to
// the sums of the previous ones). The integrand is analytic in a strip
// around the real τ axis and decays exponentially (left, after the stretch)
// or double-exponentially (right), so the rule converges geometrically in
// 1/h: halving h squares the relative error, and the error of a level is
// estimated from the last two differences as e_L²/e_{L−1}. The range of τ is
// fixed at level 1 (three consecutive terms below tolerance/100 of the sum).
// (Boost.Math 1.74's sinh_sinh / tanh_sinh / exp_sinh cannot be used with the
// variable-precision mpfr_float: their abscissa range comes from
// tools::max_value, which is not finite for it, and sinh_sinh indexes past
// its rows when it refines beyond its precomputed levels. The same rule
// serves long double and mp_real here.)
template <class Real>
struct Integral {
    Real value = 0, err = 0;        // ∫ integrand
    Real weighted = 0, weighted_err = 0;  // ∫ integrand × (ln p + ψ(C+θ+1) − ψ(C))
};

template <class Real>
Integral<Real> integrate(const MissingMassModel<Real>& m, const Placement& where, MissingMassKind kind,
                         bool want_weighted, const Real& tolerance, int min_level, int max_level) {
    using std::abs;
    using std::cosh;
    using std::exp;
    using std::sinh;
    const Real center(static_cast<double>(where.center));
    const Real left_scale(static_cast<double>(where.left_scale)), right_scale(static_cast<double>(where.right_scale));
    const MissingMassNode<Real> peak = detail::missing_mass_node(m, center);
    const Real ln_peak = detail::missing_mass_log_integrand(peak, kind);
    const Real gap = want_weighted ? detail::digamma_gap(m.C, Real(m.theta + 1)) : Real(0);
    const Real small = tolerance * Real(0.01);  // a term this far below the sum is negligible

    // rounding: Σ |term|·(Σ|pieces| of its logarithm + 64): a node's relative
    // error is about eps times the magnitude of the log-integrand's terms.
    Real sum = 0, wsum = 0, abs_wsum = 0, rounding = 0, wrounding = 0, end_term = 0, wend_term = 0;
    Real last_weighted = 0;  // |weighted term| of the last node added
    const auto node = [&](const Real& tau) -> Real {  // adds one node, returns |term|
        last_weighted = 0;
        if (tau < -40) return Real(0);
        const Real stretch = detail::lite_exp(Real(-tau));
        const Real x = center + right_scale * tau + left_scale * (1 - stretch);
        if (x > 12) return Real(0);  // t > e^12: e^{−t} makes the integrand 0
        const Real w = right_scale + left_scale * stretch;
        const MissingMassNode<Real> n = detail::missing_mass_node(m, x);
        const Real value = detail::lite_exp(Real(detail::missing_mass_log_integrand(n, kind) - ln_peak)) * w;
        if (!(value < Real(1e300))) return Real(0);
        sum += value;
        rounding += value * n.rel_error;
        if (want_weighted) {
            const Real wv = value * (n.ln_p + gap);
            wsum += wv;
            abs_wsum += abs(wv);
            last_weighted = abs(wv);
            wrounding += abs(wv) * n.rel_error + value * (abs(n.ln_p) + abs(gap)) * 4 * detail::lite_epsilon<Real>();
        }
        return value;
    };
    // Level 1 (h = 1/2) fixes the range of τ in each direction; its even
    // nodes alone are the h = 1 rule.
    std::array<int, 2> reach{};  // last j (in units of 1/2) evaluated, per direction
    Real sum_h1 = node(Real(0));
    Real wsum_h1 = wsum;
    for (int side = 0; side < 2; ++side) {
        const int direction = side == 0 ? -1 : 1;
        int quiet = 0, j = 1;
        for (; j <= 160; ++j) {
            const Real before_w = wsum;
            const Real term = node(Real(direction * j) / 2);
            if (j % 2 == 0) {
                sum_h1 += term;
                wsum_h1 += wsum - before_w;
            }
            quiet = term <= small * sum ? quiet + 1 : 0;
            if (quiet >= 3) break;
        }
        reach[side] = j;
    }
    Integral<Real> out;
    Real previous = sum / 2, previous_w = wsum / 2;
    Real e_previous = abs(previous - sum_h1), ew_previous = abs(previous_w - wsum_h1);
    for (int level = 2; level <= max_level; ++level) {
        const int denominator = 1 << level;
        end_term = 0;
        wend_term = 0;
        for (int side = 0; side < 2; ++side) {
            const int direction = side == 0 ? -1 : 1;
            const int last = reach[side] << (level - 1);
            for (int j = 1; j <= last; j += 2) {
                const Real term = node(Real(direction * j) / denominator);
                if (j + 2 > last - (2 << (level - 1))) {
                    end_term = std::max(end_term, term);
                    wend_term = std::max(wend_term, last_weighted);
                }
            }
        }
        const Real h = Real(1) / denominator;
        const Real value = h * sum, weighted = h * wsum;
        const Real e = abs(value - previous), ew = abs(weighted - previous_w);
        // Quadratic convergence: the error at h is about e²/e_previous.
        const Real quadrature = (e_previous > 0 && e < e_previous) ? e * e / e_previous : e;
        const Real wquadrature = (ew_previous > 0 && ew < ew_previous) ? ew * ew / ew_previous : ew;
        out.value = value;
        out.weighted = weighted;
        out.err = quadrature;
        out.weighted_err = wquadrature;
        if (level >= min_level && quadrature <= tolerance * abs(value) &&
            (!want_weighted || wquadrature <= tolerance * h * abs_wsum))
            break;
        e_previous = e;
        ew_previous = ew;
        previous = value;
        previous_w = weighted;
    }
    const Real h_last = out.value / sum;
    out.err += h_last * rounding + 8 * h_last * end_term;
    out.weighted_err += h_last * wrounding + 8 * h_last * wend_term;
    const Real peak_value = exp(ln_peak);
    out.value *= peak_value;
    out.err *= peak_value;
    out.weighted *= peak_value;
    out.weighted_err *= peak_value;
    return out;
}

// One M2 integral at the working precision of Real (long double for the
// double API: levels to h = 1/8 at least; mp_real: until converged).
template <class Real>
Integral<Real> missing_mass_integral(const Real& alpha, const Real& beta, std::uint64_t C, MissingMassKind kind,
                                     bool weighted) {
    const Real Cr(static_cast<double>(C));
    const MissingMassModel<Real> m(alpha, beta, Cr);
    const MissingMassModel<ld> m_ld(static_cast<ld>(alpha), static_cast<ld>(beta), static_cast<ld>(C));
    const Placement where = place(m_ld, kind);
    if constexpr (numerics::is_multiprecision_v<Real>) {
        const mp_real tolerance = pow(mp_real(10), -static_cast<int>(numerics::working_digits<mp_real>()) - 1);
        return integrate(m, where, kind, weighted, tolerance, 3, 12);
    } else {
        return integrate(m, where, kind, weighted, ld(2e-17), 2, 7);
    }
}

// Evaluates `compute(Real-typed inputs)` (returns Evaluation<Real>): double
// through long double, with a 20-digit multiprecision retry when the bound
// shows fewer than `want` digits; multiprecision with guard digits.
template <class Real, class Compute>
Evaluation<Real> evaluate_m2(const Real& alpha, const Real& beta, double want, Compute&& compute) {
    if constexpr (numerics::is_multiprecision_v<Real>) {
        Evaluation<mp_real> r = detail::evaluate_to_digits(numerics::working_digits<mp_real>(), [&] {
            return compute(detail::at_working_precision(alpha), detail::at_working_precision(beta));
        });
        // The value is handed back rounded to the caller's working precision.
        r.val = mp_real(r.val);
        r.err = mp_real(r.err) + numerics::unit_roundoff<mp_real>() * abs(r.val);
        return r;
    } else {
        const Evaluation<ld> fast = compute(static_cast<ld>(alpha), static_cast<ld>(beta));
        const double value = static_cast<double>(fast.val);
        const Evaluation<double> out{value, static_cast<double>(fast.err) + numerics::unit_roundoff<double>() * std::abs(value)};
        if (std::isfinite(out.val) && std::isfinite(out.err) && out.digits() >= want) return out;
        const Evaluation<mp_real> slow =
            detail::evaluate_to_digits(20, [&] { return compute(mp_real(alpha), mp_real(beta)); });
        const double v = static_cast<double>(slow.val);
        return {v, static_cast<double>(slow.err) + numerics::unit_roundoff<double>() * std::abs(v)};
    }
}

}  // namespace

template <class Real>
Evaluation<Real> tail_mass_e(const Real& alpha, const Real& beta, std::uint64_t C) {
    detail::validate_knowledge_parameters(alpha, beta);
    validate(static_cast<double>(alpha), static_cast<double>(beta), C, "capacity");
    Evaluation<Real> e = evaluate_m2(alpha, beta, 13, [&](const auto& a, const auto& b) {
        using R = std::decay_t<decltype(a)>;
        const Integral<R> r = missing_mass_integral<R>(a, b, C, MissingMassKind::tail, false);
        return Evaluation<R>{r.value, r.err};
    });
    // Known defect (the randomized sweep, tests/oracle/theory_sweep*.tsv): at
    // alpha 0.05 and C ~ 5e7 both precisions agree with mpmath (40 and 70
    // digits) to only 13 digits — a systematic error of the integration range
    // common to both, not yet found. Until it is, the bound there is widened
    // to 1e-12 relative, so no digit beyond what was verified is claimed.
    if (static_cast<double>(alpha) < 0.15 && C > 100'000) {
        using std::abs;
        const Real floor_err = Real(1e-12) * abs(e.val);
        if (e.err < floor_err) e.err = floor_err;
    }
    return e;
}

template <class Real>
Evaluation<Real> ranked_weight_mean_e(const Real& alpha, const Real& beta, std::uint64_t i) {
    detail::validate_knowledge_parameters(alpha, beta);
    validate(static_cast<double>(alpha), static_cast<double>(beta), i, "rank");
    return evaluate_m2(alpha, beta, 13, [&](const auto& a, const auto& b) {
        using R = std::decay_t<decltype(a)>;
        const Integral<R> r = missing_mass_integral<R>(a, b, i, MissingMassKind::ranked_weight, false);
        const R denominator = b + a * R(static_cast<double>(i));  // α(θ + i)
        return Evaluation<R>{r.value / denominator,
                             r.err / denominator + 4 * std::numeric_limits<R>::epsilon() * r.value / denominator};
    });
}

template <class Real>
Evaluation<Real> model_exponent_local_e(const Real& alpha, const Real& beta, std::uint64_t C) {
    detail::validate_knowledge_parameters(alpha, beta);
    validate(static_cast<double>(alpha), static_cast<double>(beta), C, "capacity");
    return evaluate_m2(alpha, beta, 12, [&](const auto& a, const auto& b) {
        using std::abs;
        using R = std::decay_t<decltype(a)>;
        const Integral<R> r = missing_mass_integral<R>(a, b, C, MissingMassKind::tail, true);
        const R value = -R(static_cast<double>(C)) * r.weighted / r.value;
        const R rel = r.err / r.value + r.weighted_err / abs(r.weighted) + 4 * std::numeric_limits<R>::epsilon();
        return Evaluation<R>{value, abs(value) * rel};
    });
}

Evaluation<double> model_loss_gap_leading_e(const PitmanYorParameters& params, std::uint64_t C, double M, double V) {
    params.validate();
    numerics::require_finite("names", M);
    numerics::require_finite("values", V);
    numerics::require(M >= 1, "names", M, "M >= 1");
    numerics::require(V >= 1, "values", V, "V >= 1");
    const Evaluation<double> t = tail_mass_e<double>(params.alpha, params.beta, C);
    const double cost = std::log(M) + std::log(V);
    const double value = t.val * cost;
    return {value, t.err * cost + 4 * numerics::unit_roundoff<double>() * std::abs(value)};
}

template Evaluation<double> tail_mass_e<double>(const double&, const double&, std::uint64_t);
template Evaluation<mp_real> tail_mass_e<mp_real>(const mp_real&, const mp_real&, std::uint64_t);
template Evaluation<double> ranked_weight_mean_e<double>(const double&, const double&, std::uint64_t);
template Evaluation<mp_real> ranked_weight_mean_e<mp_real>(const mp_real&, const mp_real&, std::uint64_t);
template Evaluation<double> model_exponent_local_e<double>(const double&, const double&, std::uint64_t);
template Evaluation<mp_real> model_exponent_local_e<mp_real>(const mp_real&, const mp_real&, std::uint64_t);

}  // namespace sklaws::theory
