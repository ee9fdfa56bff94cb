// Precision policy: one template parameter `Real` selects the arithmetic.
//
//   Real = double     fast path, ~15.9 significant digits of working precision;
//   Real = mp_real    Boost.Multiprecision on MPFR with run-time digits.
//
// Working precision is per thread. Boost 1.74 keeps mp_real's default
// precision in one process-wide static, and not only WorkingPrecision writes
// it: every mixed-precision operation (detail::scoped_default_precision in
// boost/multiprecision/detail/precision.hpp) sets it for the duration of the
// operation and then "restores" it. Two threads working at different
// precisions — a TBB loop whose double calls fall back to multiprecision next
// to a 50-digit fit — would race on it and leave each other's temporaries,
// epsilons and final default at the wrong precision. Boost 1.77 made that
// default thread_local; we give 1.74 the same semantics by having the one
// function that holds it (mpfr_float_imp<0>::get_default_precision, whose only
// configurable token is BOOST_MULTIPRECISION_MPFR_DEFAULT_PRECISION) return a
// thread_local copy. So:
//   * WorkingPrecision and Boost's own guards change the calling thread only;
//   * a new thread (every TBB worker) starts at initial_working_digits, whatever
//     another thread has set: set the precision in the task that evaluates;
//   * this header must be the first to include boost/multiprecision/mpfr.hpp in
//     every translation unit (checked below), so that all see one definition.
// Working precision is not accuracy: every evaluation reports the digits it
// guarantees (see evaluation.hpp) and adds guard digits where it cancels.
#pragma once

#if defined(BOOST_MATH_BN_MPFR_HPP) && !defined(SKLAWS_THREAD_LOCAL_MPFR_PRECISION)
#error "include <sklaws/numerics/precision.hpp> before <boost/multiprecision/mpfr.hpp>: it makes the default precision per thread"
#endif
#define SKLAWS_THREAD_LOCAL_MPFR_PRECISION 1
// Expands inside get_default_precision() { static precision_type val(<here>); return val; }:
// the process-wide `val` keeps Boost's initial 20 digits and is never written;
// the function returns the calling thread's copy instead.
#define BOOST_MULTIPRECISION_MPFR_DEFAULT_PRECISION                                                  \
    20);                                                                                             \
    thread_local boost::multiprecision::detail::precision_type sklaws_thread_precision(              \
        static_cast<unsigned>(val));                                                                 \
    return sklaws_thread_precision;                                                                  \
    (void)(0

#include <boost/multiprecision/mpfr.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

namespace sklaws::numerics {

using mp_real = boost::multiprecision::mpfr_float;

// The working digits every thread starts with (Boost's initial default).
inline constexpr unsigned initial_working_digits = 20;

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

// RAII: sets the calling thread's multiprecision working precision to
// `digits10` decimal digits for the lifetime of the scope, then restores the
// thread's previous value. Other threads are not affected (file comment).
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
