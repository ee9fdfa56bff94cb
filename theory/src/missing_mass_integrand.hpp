// Private to theory/: the M2 integrands in x = ln t (see missing_mass.hpp).
//
// With g = cΓ(−α, t), p = g/(1+g), q = 1 − p and the Beta(C, θ+1) density f(p),
//   E[T_C]   = ∫ P(1−α, t) f(p) |dp/dx| dx,
//   E[W_(C)] = (1/(α(θ+C))) ∫ t f(p)/q |dp/dx| dx,       |dp/dx| = c t^{−α} e^{−t} q²,
//   dE[T_C]/dC = ∫ P(1−α, t) f(p) |dp/dx| (ln p + ψ(C+θ+1) − ψ(C)) dx.
// Everything is kept in logarithms (t runs from e^{−10^3} to e^{4} and more).
// The functions are generic in Real: long double for the double API (the
// extra 3 digits pay for the θ·ln C-sized terms of ln f and for the
// sensitivity (θ+2)·δg of f to the rounding δg of g), mp_real for the
// multiprecision one.
#pragma once

#include <sklaws/numerics/precision.hpp>
#include <sklaws/numerics/special_functions.hpp>

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/log1p.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace sklaws::theory::detail {

template <class Real>
Real missing_mass_epsilon() {
    return std::numeric_limits<Real>::epsilon();
}

// Stirling remainder δ(y) = lnΓ(y+1) − (y ln y − y + ½ ln 2πy), y ≥ 10.
template <class Real>
Real stirling_remainder(const Real& y) {
    using std::abs;
    const Real inv2 = 1 / (y * y);
    Real power = 1 / y, sum = 0;
    for (unsigned k = 1; k <= 60; ++k) {
        const Real term = numerics::stirling_coefficient<Real>(k) * power;
        sum += term;
        if (abs(term) <= missing_mass_epsilon<Real>() * abs(sum)) break;
        power *= inv2;
    }
    return sum;
}

// Loader's deviance x ln(x/M) + M − x ≥ 0, given d = x − M as computed by
// the caller (x ≈ M is where it matters, and there d is known more
// accurately than M itself).
template <class Real>
Real deviance(const Real& x, const Real& M, const Real& d) {
    using std::abs;
    if (abs(d) < Real(0.1) * (x + M)) {
        const Real v = d / (x + M);
        Real s = d * v, ej = 2 * x * v;
        const Real v2 = v * v;
        for (unsigned j = 1; j < 1000; ++j) {
            ej *= v2;
            const Real s1 = s + ej / (2 * j + 1);
            if (s1 == s) break;
            s = s1;
        }
        return s;
    }
    return x * boost::math::log1p(Real(d / M)) - d;
}

// Elementary functions whose relative accuracy in double is enough (their
// results enter the integrand multiplicatively, or are O(1) parts of sums
// whose large parts are formed in Real): double for long double, Real's own
// otherwise. About 3× faster than x87 long double in the inner loop.
template <class Real>
Real lite_exp(const Real& x) {
    using std::exp;
    if constexpr (std::is_same_v<Real, long double>) return std::exp(static_cast<double>(x));
    else return exp(x);
}
template <class Real>
Real lite_log(const Real& x) {
    using std::log;
    if constexpr (std::is_same_v<Real, long double>) return std::log(static_cast<double>(x));
    else return log(x);
}
template <class Real>
Real lite_log1p(const Real& x) {
    if constexpr (std::is_same_v<Real, long double>) return std::log1p(static_cast<double>(x));
    else return boost::math::log1p(x);
}

// ψ(C+θ+1) − ψ(C) without the cancellation of two ψ ≈ ln C at large C.
template <class Real>
Real digamma_gap(const Real& C, const Real& shift) {
    using std::log;
    if (C < 20 || C + shift < 20) return boost::math::digamma(Real(C + shift)) - boost::math::digamma(C);
    const Real y = C + shift;
    // ψ(x) = ln x − 1/(2x) − Σ_k B_{2k}/(2k) x^{−2k}; B_{2k}/(2k) = (2k−1)·c_k.
    Real sum = boost::math::log1p(Real(shift / C)) - (1 / (2 * y) - 1 / (2 * C));
    const Real iy2 = 1 / (y * y), ic2 = 1 / (C * C);
    Real py = iy2, pc = ic2;
    for (unsigned k = 1; k <= 60; ++k) {
        const Real b = (2 * k - 1) * numerics::stirling_coefficient<Real>(k);
        const Real term = b * (py - pc);
        sum -= term;
        if (std::abs(static_cast<double>(term)) <= static_cast<double>(missing_mass_epsilon<Real>()) * 1e-3) break;
        py *= iy2;
        pc *= ic2;
    }
    return sum;
}

// Constants of one (α, β, C) evaluation.
template <class Real>
struct MissingMassModel {
    Real alpha, beta, theta, a;  // a = 1 − α, θ = β/α
    Real C, A, Bb;               // Beta(C, θ+1) exponents A = C−1, Bb = θ
    Real gamma_a, ln_gamma_a, gm1, ln_c, ln_alpha;
    bool deviance_form = false;
    Real norm;  // direct: −ln B(C, θ+1); deviance: ln(N+1) + ½ln(N/(2πA·Bb)) + δ(N) − δ(A) − δ(Bb)
    Real N;
    Real norm_magnitude;  // Σ|terms| of norm, for the rounding bound
    Real norm_error = 0;  // error bound of norm from the log-Gamma functions (absolute)
    // Reciprocals for the t ≤ 1.5 power series (no division in the loops):
    // 1/k and 1/(k − α) in Real, 1/(a + k) in double (that series is lite).
    static constexpr unsigned series_terms = 64;  // 3^64/64! < 1e-58
    std::array<Real, series_terms + 1> inv_k{}, inv_k_minus_alpha{};
    std::array<std::conditional_t<std::is_same_v<Real, long double>, double, Real>, series_terms + 1> inv_a_plus_k{};

    MissingMassModel(const Real& alpha_in, const Real& beta_in, const Real& C_in)
        : alpha(alpha_in), beta(beta_in), theta(beta_in / alpha_in), a(1 - alpha_in), C(C_in), A(C_in - 1),
          Bb(beta_in / alpha_in) {
        using std::abs;
        using std::log;
        gamma_a = boost::math::tgamma(a);
        ln_gamma_a = log(gamma_a);
        gm1 = boost::math::tgamma1pm1(Real(-alpha));
        ln_alpha = log(alpha);
        ln_c = ln_alpha - ln_gamma_a;
        N = A + Bb;
        for (unsigned k = 1; k <= series_terms; ++k) {
            inv_k[k] = Real(1) / k;
            inv_k_minus_alpha[k] = 1 / (k - alpha);
        }
        for (unsigned k = 0; k <= series_terms; ++k) {
            using Lite = std::conditional_t<std::is_same_v<Real, long double>, double, Real>;
            inv_a_plus_k[k] = 1 / (static_cast<Lite>(a) + k);
        }
        deviance_form = A >= 10 && Bb >= 10;
        if (deviance_form) {
            const Real two_pi = 2 * boost::math::constants::pi<Real>();
            norm = log(N + 1) + log(N / (two_pi * A * Bb)) / 2 + stirling_remainder(N) - stirling_remainder(A) -
                   stirling_remainder(Bb);
            norm_magnitude = abs(norm) + 10;
        } else {
            // −ln B(C, θ+1) = lnΓ(C+θ+1) − lnΓ(C) − lnΓ(θ+1), as the Gamma
            // ratio over the larger argument (no cancellation of two
            // lnΓ(θ+1) ≈ θ ln θ when θ ≫ C, or of lnΓ(C) when C ≫ θ).
            const bool theta_larger = theta + 1 > C;
            const Real big = theta_larger ? Real(theta + 1) : C, small = theta_larger ? C : Real(theta + 1);
            const auto lgr_e = numerics::log_gamma_ratio_e(big, small);
            const Real lgr = lgr_e.val;
            norm_error = lgr_e.err;
            Real lg;
            if constexpr (std::is_same_v<Real, long double>) {
                lg = std::lgamma(small);
            } else {
                const auto lg_e = numerics::log_gamma_e(small);
                lg = lg_e.val;
                norm_error += lg_e.err;
            }
            norm = lgr - lg;
            norm_magnitude = abs(lgr) + abs(lg);
        }
    }
};

// The pieces of every integrand at x = ln t.
template <class Real>
struct MissingMassNode {
    Real x, t;
    Real ln_g, ln_p, ln_q;  // g = cΓ(−α,t), p = g/(1+g), q = 1/(1+g)
    Real ln_H;              // ln P(1−α, t)
    bool series = true;     // t ≤ 1.5: power series (ln g in full Real precision)
    Real ln_f;              // ln of the Beta(C, θ+1) density at p
    Real ln_jac;            // ln |dp/dx| = ln c − αx − t + 2 ln q
    Real magnitude;         // Σ|terms| of ln f + ln jac (rounding bound)
    Real rel_error;         // bound on the relative error of the integrand value
};

// Relative precision of the lite_* functions for Real.
template <class Real>
Real lite_epsilon() {
    if constexpr (std::is_same_v<Real, long double>) return Real(std::numeric_limits<double>::epsilon());
    else return std::numeric_limits<Real>::epsilon();
}

template <class Real>
MissingMassNode<Real> missing_mass_node(const MissingMassModel<Real>& m, const Real& x) {
    using std::abs;
    using std::exp;
    using std::log;
    const Real eps = missing_mass_epsilon<Real>();
    MissingMassNode<Real> n;
    n.x = x;
    n.t = lite_exp(x);
    const Real& t = n.t;
    const Real& alpha = m.alpha;
    if (t <= Real(3)) {
        // Γ(−α, t) = t^{−α}·[(1 − Γ(1−α) t^α)/α − Σ_{k≥1} (−t)^k/(k!(k−α))],
        // the first bracket as −(expm1(αx) + e^{αx}(Γ(1−α) − 1))/α.
        Real s1 = 0, u = 1;
        for (unsigned k = 1; k <= MissingMassModel<Real>::series_terms; ++k) {
            u *= -t * m.inv_k[k];
            const Real term = u * m.inv_k_minus_alpha[k];
            s1 += term;
            if (abs(term) <= eps * abs(s1) || u == 0) break;
        }
        const Real ax = alpha * x;
        if (ax < -8) {
            // t^α < e^{−8}: b1 = (1 − Γ(1−α)t^α)/α − s1 = (1/α)(1 + r) with a
            // small r, whose lite evaluation is accurate to ~e^{−8} lite ulps.
            const Real r = -m.gamma_a * lite_exp(ax) - alpha * s1;
            n.ln_g = m.ln_c - ax - m.ln_alpha + lite_log1p(r);
        } else {
            const Real b1 = -(boost::math::expm1(ax) + exp(ax) * m.gm1) / alpha - s1;
            n.ln_g = m.ln_c - ax + log(b1);
        }
        // γ(1−α, t) = t^a e^{−t} Σ_{k≥0} t^k/((a)(a+1)…(a+k)) (positive terms;
        // it enters through its logarithm only, so in double).
        // (Lite is double for the long double path, Real itself otherwise.)
        using Lite = std::conditional_t<std::is_same_v<Real, long double>, double, Real>;
        const Lite td = static_cast<Lite>(t);
        const Lite lite_eps = std::numeric_limits<Lite>::epsilon();
        Lite s2 = m.inv_a_plus_k[0], v = s2;
        for (unsigned k = 1; k <= MissingMassModel<Real>::series_terms; ++k) {
            v *= td * m.inv_a_plus_k[k];
            s2 += v;
            if (v <= lite_eps * Lite(0.1) * s2) break;
        }
        n.ln_H = m.a * x - t + lite_log(Real(s2)) - m.ln_gamma_a;
    } else {
        n.series = false;
        // Legendre's continued fraction for Γ(s, t), s = −α (modified Lentz),
        // in lite precision (only ln h and 1 − αh ≥ 1/(t+1) are used).
        using Lite = std::conditional_t<std::is_same_v<Real, long double>, double, Real>;
        const Lite sl = -static_cast<Lite>(alpha), tl = static_cast<Lite>(t);
        const Lite tiny = std::numeric_limits<Lite>::min() * Lite(1e10);
        const Lite lite_eps = std::numeric_limits<Lite>::epsilon();
        Lite b = tl + 1 - sl, c = 1 / tiny, d = 1 / b, hl = d;
        for (unsigned i = 1; i < 100000; ++i) {
            const Lite an = -Lite(i) * (Lite(i) - sl);
            b += 2;
            d = an * d + b;
            if (abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (abs(c) < tiny) c = tiny;
            d = 1 / d;
            const Lite del = d * c;
            hl *= del;
            if (abs(del - 1) <= lite_eps) break;
        }
        const Real h = static_cast<Real>(hl);
        n.ln_g = m.ln_c - t - alpha * x + lite_log(h);
        // Γ(1−α, t) = t^{−α}e^{−t}(1 − αh); Q = Γ(1−α,t)/Γ(1−α), H = 1 − Q.
        const Real Q = (1 - alpha * h) * lite_exp(Real(-t - alpha * x)) / m.gamma_a;
        n.ln_H = lite_log1p(Real(-Q));
    }
    if (n.ln_g > 0) {
        n.ln_p = -lite_log1p(lite_exp(Real(-n.ln_g)));
        n.ln_q = n.ln_p - n.ln_g;
    } else {
        n.ln_q = -lite_log1p(lite_exp(n.ln_g));
        n.ln_p = n.ln_g + n.ln_q;
    }
    n.ln_jac = m.ln_c - alpha * x - t + 2 * n.ln_q;
    if (m.deviance_form) {
        // A − Np = Nq − Bb, formed from the smaller of p and q.
        const Real diff = n.ln_q < n.ln_p ? Real(m.N * lite_exp(n.ln_q) - m.Bb) : Real(m.A - m.N * lite_exp(n.ln_p));
        const Real d1 = deviance(m.A, Real(m.A - diff), diff), d2 = deviance(m.Bb, Real(m.Bb + diff), Real(-diff));
        n.ln_f = m.norm - d1 - d2;
        n.magnitude = m.norm_magnitude + d1 + d2;
    } else {
        const Real l1 = m.A * n.ln_p, l2 = m.Bb * n.ln_q;
        n.ln_f = l1 + l2 + m.norm;
        n.magnitude = m.norm_magnitude + abs(l1) + abs(l2);
    }
    n.magnitude += abs(m.ln_c) + abs(alpha * x) + t + 2 * abs(n.ln_q) + abs(n.ln_H) + 8;
    // A relative error δ of g moves ln f by (A q − Bb p)·δ and ln H by up to
    // δ(1−α)/α (small t, where H ∝ t^{1−α} ∝ g^{−(1−α)/α}); δ is a Real ulp
    // on the series branch and a lite ulp on the continued-fraction one. The
    // lite ln p (g > 1) or ln q (g < 1) carries a lite ulp of itself.
    const Real p = lite_exp(n.ln_p), q = lite_exp(n.ln_q);
    const Real lite = lite_epsilon<Real>();
    const Real delta_g = n.series ? eps * 8 : lite * 4;
    const Real lnpq = n.ln_g > 0 ? m.A * abs(n.ln_p) : m.Bb * abs(n.ln_q);
    n.rel_error = m.norm_error + eps * (n.magnitude + 64) + delta_g * (abs(m.A * q - m.Bb * p) + (n.series ? 1 / alpha : Real(1))) +
                  lite * (12 + 2 * lnpq);
    return n;
}

// Which integrand.
enum class MissingMassKind { tail, ranked_weight };

// Log-integrand and its x-derivative (for the mode search).
template <class Real>
Real missing_mass_log_integrand(const MissingMassNode<Real>& n, MissingMassKind kind) {
    if (kind == MissingMassKind::tail) return n.ln_H + n.ln_f + n.ln_jac;
    return n.x + n.ln_f + n.ln_jac - n.ln_q;
}

template <class Real>
Real missing_mass_log_slope(const MissingMassModel<Real>& m, const MissingMassNode<Real>& n, MissingMassKind kind) {
    using std::exp;
    const Real common = m.ln_c - m.alpha * n.x - n.t;
    const Real dq = exp(common + n.ln_q);                      // d ln q/dx
    const Real dp = exp(common + 2 * n.ln_q - n.ln_p);         // −d ln p/dx
    const Real base = -m.A * dp + m.Bb * dq - m.alpha - n.t;   // ln f + ln jac, less 2·dq
    if (kind == MissingMassKind::tail) {
        const Real dH = exp(m.a * n.x - n.t - m.ln_gamma_a - n.ln_H);
        return dH + base + 2 * dq;
    }
    return 1 + base + dq;
}

}  // namespace sklaws::theory::detail
