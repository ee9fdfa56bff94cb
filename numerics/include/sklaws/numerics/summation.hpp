// Compensated summation and log-sum-exp.
//
// NeumaierSum keeps a running compensation c so that Σ x_i is accurate to a
// few ulp of Σ|x_i| independent of the number of terms (Neumaier 1974, an
// improvement of Kahan's algorithm that also handles |x_i| > |sum|):
//
//   |value() − Σ x_i| ≤ u·|Σ x_i| + 2n·u²·Σ|x_i|     (u = unit roundoff),
//
// so the result is correctly rounded up to a last bit unless the terms
// cancel by a factor ~1/(n·u). Plain summation only guarantees (n−1)u·Σ|x_i|.
// Use it for every sum of many terms of mixed sign or scale (series, table
// sums, Monte Carlo accumulators). value() throws DomainError if a term was
// NaN or ±inf or the sum overflowed — never a silent NaN.
//
// log_sum_exp(x_1..x_n) = m + ln Σ exp(x_i − m), m = max x_i, never
// overflows or underflows to −inf for finite x_i; an empty range or all −inf
// gives −inf, any +inf gives +inf, NaN throws DomainError. The error is at
// most a few u·(|result| + 2).
#pragma once

#include "errors.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <type_traits>

namespace sklaws::numerics {

template <class Real>
class NeumaierSum {
public:
    void add(const Real& x) {
        using std::abs;
        const Real t = sum_ + x;
        if (abs(sum_) >= abs(x)) {
            compensation_ += (sum_ - t) + x;
        } else {
            compensation_ += (x - t) + sum_;
        }
        sum_ = t;
    }
    NeumaierSum& operator+=(const Real& x) {
        add(x);
        return *this;
    }
    Real value() const {
        using std::isfinite;
        const Real v = sum_ + compensation_;
        if (!isfinite(v)) {
            throw DomainError("x", "compensated sum is not finite (a term was NaN or infinite, or the sum overflowed)");
        }
        return v;
    }

private:
    Real sum_ = 0;
    Real compensation_ = 0;
};

template <class Range>
auto compensated_sum(const Range& values) {
    using Real = std::decay_t<decltype(*std::begin(values))>;
    NeumaierSum<Real> sum;
    for (const auto& v : values) sum.add(v);
    return sum.value();
}

template <class Range>
auto log_sum_exp(const Range& values) {
    using std::exp;
    using std::isnan;
    using std::log;
    using Real = std::decay_t<decltype(*std::begin(values))>;
    Real m = -std::numeric_limits<double>::infinity();
    for (const auto& v : values) {
        require(!isnan(v), "x", v, "(not NaN)");
        if (v > m) m = v;
    }
    if (m == -std::numeric_limits<double>::infinity()) return m;
    if (m == std::numeric_limits<double>::infinity()) return m;
    NeumaierSum<Real> sum;
    for (const auto& v : values) sum.add(exp(Real(v - m)));
    return Real(m + log(sum.value()));
}

}  // namespace sklaws::numerics
