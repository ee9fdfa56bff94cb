// The Stirling coefficients c_k = B_{2k}/(2k(2k−1)) of
//   ln Γ(z) = (z − ½) ln z − z + ½ ln 2π + Σ_{k≥1} c_k z^{1−2k} + R_K(z)
// (1/12, −1/360, 1/1260, …), in double and cached per multiprecision
// precision, and the argument X0 above which the series reaches working
// precision. Used by stirling_series.hpp and stirling_difference_mp.hpp.
#pragma once

#include "precision.hpp"

#include <boost/math/special_functions/bernoulli.hpp>

#include <array>
#include <deque>
#include <map>
#include <mutex>

namespace sklaws::numerics::detail {

// Smallest argument at which the Stirling series reaches working precision.
template <class Real>
Real stirling_threshold() {
    if constexpr (!is_multiprecision_v<Real>) {
        return Real(10);
    } else {
        return Real(10 + (4 * working_digits<Real>()) / 10);
    }
}

// Table of c_1, c_2, … at the working precision in effect. Double reads
// Boost's Bernoulli table once; multiprecision computes
// B_{2k} = (−1)^{k+1} 2 (2k)! ζ(2k) / (2π)^{2k} with MPFR and caches it per
// precision (a deque, so references stay valid while the table grows).
class StirlingCoefficients {
public:
    static constexpr unsigned double_count = 60;

    static const std::array<double, double_count>& for_double() {
        static const std::array<double, double_count> table = [] {
            std::array<double, double_count> t{};
            for (unsigned k = 1; k <= double_count; ++k) {
                t[k - 1] = boost::math::bernoulli_b2n<double>(static_cast<int>(k)) / (2.0 * k * (2.0 * k - 1.0));
            }
            return t;
        }();
        return table;
    }

    // c_1 … c_count at the current multiprecision default precision.
    static const std::deque<mp_real>& for_multiprecision(unsigned count) {
        static std::mutex mutex;
        static std::map<unsigned, std::deque<mp_real>> cache;
        std::lock_guard<std::mutex> lock(mutex);
        std::deque<mp_real>& table = cache[mp_real::default_precision()];
        while (table.size() < count) table.push_back(compute(static_cast<unsigned>(table.size()) + 1));
        return table;
    }

private:
    static mp_real compute(unsigned k) {
        mp_real zeta, factorial, two_pi_power;
        mpfr_zeta_ui(zeta.backend().data(), 2 * k, MPFR_RNDN);
        mpfr_fac_ui(factorial.backend().data(), 2 * k, MPFR_RNDN);
        two_pi_power = boost::multiprecision::pow(2 * boost::math::constants::pi<mp_real>(), mp_real(2 * k));
        mp_real b2k = 2 * factorial * zeta / two_pi_power;
        if (k % 2 == 0) b2k = -b2k;
        return b2k / (mp_real(2 * k) * mp_real(2 * k - 1));
    }
};

// Largest number of Stirling terms any call can use at the current precision
// (at z = X0 the terms stop shrinking near k ≈ πX0).
template <class Real>
unsigned stirling_max_terms() {
    if constexpr (!is_multiprecision_v<Real>) {
        return StirlingCoefficients::double_count - 1;
    } else {
        return static_cast<unsigned>(3.2 * static_cast<double>(stirling_threshold<Real>())) + 2;
    }
}

}  // namespace sklaws::numerics::detail
