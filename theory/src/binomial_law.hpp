// Private to theory/: the Binomial(n, w) law in log space, for the rates
// that average over an element's mention count (H2, F1's format cost).
// Every value carries its error bound; no lnΓ of n itself is formed, so n
// up to 1e18 costs only the rounding of a few O(m ln n) terms.
#pragma once

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>
#include <sklaws/numerics/special_functions.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace sklaws::theory::detail {

using numerics::Evaluation;

inline constexpr std::uint64_t binomial_max_terms = 10'000'000;

// 1 − p with p's bound.
template <class Real>
Evaluation<Real> complement(const Evaluation<Real>& p) {
    using std::abs;
    const Real v = 1 - p.val;
    return {v, p.err + numerics::unit_roundoff<Real>() * abs(v)};
}

// Binomial(n, w) in log space: ln p(m) = lgr(n−m+1, m) − lnΓ(m+1) + m ln w
// + (n−m) log1p(−w), each piece with its bound (no lnΓ of n itself, so n up
// to 1e18 costs nothing but the rounding of these few terms).
template <class Real>
Evaluation<Real> binomial_log_pmf(std::uint64_t n, const Real& w, std::uint64_t m) {
    using std::abs;
    using std::log;
    using std::log1p;
    const Real u = numerics::unit_roundoff<Real>();
    const Real mr = Real(static_cast<double>(m)), rest = Real(static_cast<double>(n - m));
    Evaluation<Real> sum{Real(0), Real(0)};
    Real magnitude = 0;
    auto add = [&](const Evaluation<Real>& t) {
        sum.val += t.val;
        sum.err += t.err;
        magnitude += abs(t.val);
    };
    if (m > 0) {
        add(numerics::log_gamma_ratio_e(Real(rest + 1), mr));
        const Evaluation<Real> lf = numerics::log_gamma_e(Real(mr + 1));
        add({-lf.val, lf.err});
        const Real lw = mr * log(w);
        add({lw, 2 * u * abs(lw)});
    }
    if (n > m) {
        const Real l1 = rest * log1p(-w);
        add({l1, 2 * u * abs(l1)});
    }
    sum.err += 2 * u * magnitude;
    return sum;
}

// U = P(M ≤ k) and S = P(M > k) for M ~ Binomial(n, w), 0 < w < 1, k < n:
// the smaller side is summed from its term next to k outward (the ratios
// p(m∓1)/p(m) shrink away from the mode, so the rest is bounded by a
// geometric series), the other is its complement.
template <class Real>
std::pair<Evaluation<Real>, Evaluation<Real>> binomial_tails(std::uint64_t n, const Real& w, std::uint64_t k) {
    using std::abs;
    using std::exp;
    const Real u = numerics::unit_roundoff<Real>();
    const Real nr = Real(static_cast<double>(n));
    const bool lower = Real(static_cast<double>(k)) < nr * w;  // sum m ≤ k downward, else m > k upward
    std::uint64_t m = lower ? k : k + 1;
    const Evaluation<Real> log_first = binomial_log_pmf(n, w, m);
    if (!numerics::is_multiprecision_v<Real> && log_first.val < Real(-700)) {
        // Below the double range: digits() = 0 sends the caller to multiprecision.
        const Evaluation<Real> unknown{Real(0), Real(1)};
        return {unknown, unknown};
    }
    Real term = exp(log_first.val), sum = term;
    const Real rel = log_first.err + 2 * u;
    Real steps = 0;
    const Real odds = w / (1 - w);
    for (std::uint64_t count = 0;; ++count) {
        Real ratio;
        if (lower) {
            if (m == 0) break;
            ratio = Real(static_cast<double>(m)) / (Real(static_cast<double>(n - m + 1)) * odds);  // p(m−1)/p(m)
            --m;
        } else {
            if (m == n) break;
            ratio = Real(static_cast<double>(n - m)) * odds / Real(static_cast<double>(m + 1));  // p(m+1)/p(m)
            ++m;
        }
        term *= ratio;
        sum += term;
        steps += 1;
        // The remaining terms shrink at least by `ratio` each (< 1 away from the mode).
        if (ratio < 1 && term * ratio / (1 - ratio) < u * sum / 4) {
            sum += term * ratio / (1 - ratio) / 2;  // midpoint of [0, the geometric bound]
            break;
        }
        numerics::require(count < binomial_max_terms, "tokens", n, "n*w < 1e7 for a Binomial tail");
    }
    const Evaluation<Real> near{sum, sum * (rel + 4 * u * (steps + 2)) + u * sum / 4};
    const Evaluation<Real> far = complement(near);
    return lower ? std::pair{near, far} : std::pair{far, near};
}

// The Binomial(n, w) pmf on the window [lo, lo + size) outside which every
// term is below `cut` of the largest (1e−20 in double, u·1e−4 in
// multiprecision; the tails shrink faster than a geometric series of ratio
// ½ there, so their mass is < 10·cut of the window's), normalised to sum 1 on the window: p[i] = P(M = lo + i | window).
// The values come from the mode's (log-space) by the ratio recursion in
// long double when Real is double, so the normalisation removes the mode's
// error and only the recursion's drift remains: p[i] within rel·p[i],
// rel = 4u_w·(steps from the mode) + 2u (u_w the working type's unit
// roundoff); `tail` bounds the dropped mass.
template <class Real>
struct BinomialWindow {
    std::uint64_t lo = 0;
    std::vector<Real> p;
    Real rel = 0;
    Real tail = 0;
};

template <class Real>
BinomialWindow<Real> binomial_window(std::uint64_t n, const Real& w) {
    using std::exp;
    using std::floor;
    using Work = std::conditional_t<numerics::is_multiprecision_v<Real>, Real, long double>;
    const Real u = numerics::unit_roundoff<Real>();
    const Work uw = numerics::is_multiprecision_v<Real> ? Work(u) : Work(std::numeric_limits<long double>::epsilon());
    BinomialWindow<Real> out;
    if (w == 0 || w == 1 || n == 0) {
        out.lo = (w == 1) ? n : 0;
        out.p.push_back(Real(1));
        return out;
    }
    const Real nr = Real(static_cast<double>(n));
    const Real mode_real = floor(Real((nr + 1) * w));
    std::uint64_t mode = static_cast<std::uint64_t>(static_cast<double>(mode_real));
    if (mode > n) mode = n;
    const Work odds = Work(w) / (Work(1) - Work(w));
    const Work peak = 1;  // the scale cancels in the normalisation
    // Terms below this fraction of the mode's are dropped: 1e−20 in double,
    // u·1e−4 at the working precision in multiprecision.
    const Work cut = numerics::is_multiprecision_v<Real> ? Work(u * Real(1e-4)) : Work(1e-20);
    std::vector<Work> up{peak}, down;
    Work term = peak;
    for (std::uint64_t m = mode; m < n;) {
        term *= Work(static_cast<double>(n - m)) * odds / Work(static_cast<double>(m + 1));
        ++m;
        up.push_back(term);
        if (term < cut) break;
        numerics::require(up.size() < binomial_max_terms, "n", n, "a Binomial window below 1e7 terms");
    }
    term = peak;
    for (std::uint64_t m = mode; m > 0;) {
        term *= Work(static_cast<double>(m)) / (Work(static_cast<double>(n - m + 1)) * odds);
        --m;
        down.push_back(term);
        if (term < cut) break;
        numerics::require(down.size() < binomial_max_terms, "n", n, "a Binomial window below 1e7 terms");
    }
    Work total = 0;
    for (const Work& x : down) total += x;
    for (const Work& x : up) total += x;
    out.lo = mode - down.size();
    out.p.reserve(down.size() + up.size());
    for (auto it = down.rbegin(); it != down.rend(); ++it) out.p.push_back(Real(*it / total));
    for (const Work& x : up) out.p.push_back(Real(x / total));
    const double steps = static_cast<double>(std::max(up.size(), down.size()));
    out.rel = Real(static_cast<double>(Work(4) * uw * Work(steps + 2) + Work(uw) * Work(static_cast<double>(out.p.size())))) +
              2 * u;
    out.tail = Real(10 * cut);
    return out;
}
}  // namespace sklaws::theory::detail
