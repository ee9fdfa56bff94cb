// Compensated summation and log-sum-exp.
//
// NeumaierSum keeps a running compensation c so that Σ x_i is accurate to a
// few ulp of Σ|x_i| independent of the number of terms (Neumaier 1974, an
// improvement of Kahan's algorithm that also handles |x_i| > |sum|).
//
// log_sum_exp(x_1..x_n) = m + ln Σ exp(x_i − m), m = max x_i, never
// overflows; an empty range or all −inf gives −inf.
#pragma once

#include "errors.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

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
    Real value() const { return sum_ + compensation_; }

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
