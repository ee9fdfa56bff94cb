// K1 Heaps and K4/K5 Zipf exponents (see power_law_exponents.hpp).
#include <sklaws/theory/power_law_exponents.hpp>

#include <sklaws/numerics/errors.hpp>

#include <cmath>

namespace sklaws::theory {

namespace {

template <class Real>
void require_power_law_alpha(const Real& alpha) {
    using std::isfinite;
    // The message shows α as a double (17 digits suffice to say why it is
    // outside (0, 1); formatting an mp_real here made GCC 12 warn falsely
    // inside libstdc++, -Wstringop-overflow, once precompiled headers changed
    // its inlining).
    numerics::require(static_cast<bool>(isfinite(alpha)) && alpha > 0 && alpha < 1, "alpha",
                      static_cast<double>(alpha), "0 < alpha < 1 (no power law at alpha = 0)");
}

}  // namespace

template <class Real>
numerics::Evaluation<Real> heaps_exponent_e(const Real& alpha) {
    require_power_law_alpha(alpha);
    return {alpha, Real(0)};
}

template <class Real>
numerics::Evaluation<Real> zipf_exponent_e(const Real& alpha) {
    require_power_law_alpha(alpha);
    const Real s = 1 / alpha;
    return {s, numerics::unit_roundoff<Real>() * s};
}

double heaps_exponent(double alpha) { return heaps_exponent_e<double>(alpha).val; }
double zipf_exponent(double alpha) { return zipf_exponent_e<double>(alpha).val; }

template numerics::Evaluation<double> heaps_exponent_e<double>(const double&);
template numerics::Evaluation<double> zipf_exponent_e<double>(const double&);
template numerics::Evaluation<numerics::mp_real> heaps_exponent_e<numerics::mp_real>(const numerics::mp_real&);
template numerics::Evaluation<numerics::mp_real> zipf_exponent_e<numerics::mp_real>(const numerics::mp_real&);

}  // namespace sklaws::theory
