// A value with its error bound, in the style of GSL's gsl_sf_result.
//
//   |true value − val| ≤ err
//
// `digits()` turns the bound into the number of significant decimal digits
// the evaluation guarantees: floor(−log10(err/|val|)), capped at the working
// precision. A result of exactly zero with err = 0 guarantees every digit.
#pragma once

#include "precision.hpp"

#include <algorithm>
#include <cmath>

namespace sklaws::numerics {

template <class Real>
struct Evaluation {
    Real val;
    Real err;

    double digits() const {
        using std::abs;
        const double cap = static_cast<double>(working_digits<Real>());
        if (err == 0) return cap;
        if (val == 0) return 0.0;
        const double rel = static_cast<double>(Real(err / abs(val)));
        return std::clamp(std::floor(-std::log10(rel)), 0.0, cap);
    }
};

}  // namespace sklaws::numerics
