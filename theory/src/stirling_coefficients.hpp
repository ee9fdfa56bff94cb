// Private to theory/: Stirling coefficients c_k = B_{2k}/(2k(2k−1)) and the
// argument X0 above which the Stirling series of lnΓ, ψ and their relatives
// (S1's w-function, g(x) = ψ(x+1) − ln x) reach working precision: the
// truncation error is ~e^{−2πX0}, so X0 = 10 in double and 10 + 0.4·digits in
// multiprecision. Kept here (not numerics::detail) so theory/ depends only on
// the public numerics API.
#pragma once

#include <sklaws/numerics/precision.hpp>

#include <boost/math/special_functions/bernoulli.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <map>
#include <mutex>
#include <vector>

namespace sklaws::theory::detail {

template <class Real>
Real series_threshold() {
    if constexpr (numerics::is_multiprecision_v<Real>) {
        return Real(10 + (4 * numerics::working_digits<Real>()) / 10);
    } else {
        return Real(10);
    }
}

// c_k, k ≥ 1. Double reads Boost's table; multiprecision uses
// B_{2k} = (−1)^{k+1} 2 (2k)! ζ(2k)/(2π)^{2k} with MPFR's ζ, cached per precision.
template <class Real>
Real stirling_c(unsigned k) {
    if constexpr (!numerics::is_multiprecision_v<Real>) {
        return boost::math::bernoulli_b2n<double>(static_cast<int>(k)) / (2.0 * k * (2.0 * k - 1.0));
    } else {
        using numerics::mp_real;
        static std::mutex mutex;
        static std::map<unsigned, std::vector<mp_real>> cache;
        std::lock_guard<std::mutex> lock(mutex);
        std::vector<mp_real>& table = cache[mp_real::default_precision()];
        while (table.size() < k) {
            const unsigned j = static_cast<unsigned>(table.size()) + 1;
            mp_real zeta;
            mpfr_zeta_ui(zeta.backend().data(), 2 * j, MPFR_RNDN);
            const mp_real two_pi = 2 * boost::math::constants::pi<mp_real>();
            mp_real b2j = 2 * boost::multiprecision::exp(boost::multiprecision::lgamma(mp_real(2 * j + 1)) -
                                                         mp_real(2 * j) * boost::multiprecision::log(two_pi)) *
                          zeta;
            if (j % 2 == 0) b2j = -b2j;
            table.push_back(b2j / (mp_real(2 * j) * mp_real(2 * j - 1)));
        }
        return table[k - 1];
    }
}

}  // namespace sklaws::theory::detail
