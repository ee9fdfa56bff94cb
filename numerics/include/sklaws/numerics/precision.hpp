// Precision policy: one template parameter `Real` selects the arithmetic.
//
//   Real = double     fast path, ~15.9 significant digits of working precision;
//   Real = mp_real    Boost.Multiprecision on MPFR with run-time digits.
//
// mp_real takes its precision from a process-wide default (Boost 1.74 keeps it
// in a plain static), so multiprecision evaluations are meant for one thread at
// a time: set the precision with a WorkingPrecision scope around the call.
// Working precision is not accuracy: every evaluation reports the digits it
// guarantees (see evaluation.hpp) and adds guard digits where it cancels.
#pragma once

#include <boost/multiprecision/mpfr.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

namespace sklaws::numerics {

using mp_real = boost::multiprecision::mpfr_float;

template <class Real>
inline constexpr bool is_multiprecision_v = !std::is_floating_point_v<Real>;

// Decimal digits of working precision currently in effect for Real.
template <class Real>
unsigned working_digits() {
    if constexpr (is_multiprecision_v<Real>) {
        return mp_real::default_precision();
    } else {
        return std::numeric_limits<Real>::digits10 + 1;
    }
}

// Unit roundoff of Real at the working precision in effect.
template <class Real>
Real unit_roundoff() {
    if constexpr (is_multiprecision_v<Real>) {
        return std::numeric_limits<Real>::epsilon();
    } else {
        return std::numeric_limits<Real>::epsilon() / 2;
    }
}

// RAII: sets the multiprecision working precision to `digits10` decimal
// digits for the lifetime of the scope, then restores the previous value.
class WorkingPrecision {
public:
    explicit WorkingPrecision(unsigned digits10) : saved_(mp_real::default_precision()) {
        mp_real::default_precision(digits10);
    }
    ~WorkingPrecision() { mp_real::default_precision(saved_); }
    WorkingPrecision(const WorkingPrecision&) = delete;
    WorkingPrecision& operator=(const WorkingPrecision&) = delete;

private:
    unsigned saved_;
};

}  // namespace sklaws::numerics
