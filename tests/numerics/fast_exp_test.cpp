// fast_exp / fast_expm1 (tables + short Taylor series) against MPFR's
// correctly rounded mpfr_exp / mpfr_expm1, an independent implementation,
// at several precisions, over the whole reduced range and its edges.
#include <sklaws/numerics/fast_exp.hpp>
#include <sklaws/numerics/random_stream.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace sklaws::numerics;

namespace {

// |ours − reference| / |reference| in units of the working precision's u.
double error_in_ulp(const mp_real& ours, const mp_real& reference) {
    const mp_real ulp = std::numeric_limits<mp_real>::epsilon();
    return static_cast<double>(abs(ours - reference) / (abs(reference) * ulp));
}

}  // namespace

TEST_CASE("fast_exp agrees with mpfr_exp to within 1 ulp", "[numerics][precision]") {
    RandomStream random(12, 0);
    for (unsigned digits : {20u, 50u, 60u, 100u, 300u}) {
        WorkingPrecision wp(digits);
        double worst = 0;
        for (int i = 0; i < 400; ++i) {
            // |q| from 1e-12 to 700, both signs, with digits beyond double.
            const double scale = std::pow(10.0, -12.0 + 14.85 * random.uniform());
            mp_real q = mp_real(random.uniform() - 0.5) * 2 * scale;
            q += q * mp_real("1e-25") / 3;
            worst = std::max(worst, error_in_ulp(fast_exp(q), exp(q)));
        }
        // Reduction edges: multiples of ln 2 / 2, table knots, zero.
        for (const char* q : {"0", "0.34657359027997265", "-0.34657359027997265", "0.69314718055994531", "0.00390625",
                              "-0.00390625", "1e-30", "-700.5", "17.26954472686469"}) {
            worst = std::max(worst, error_in_ulp(fast_exp(mp_real(q)), exp(mp_real(q))));
        }
        INFO("digits " << digits << ": worst " << worst << " ulp");
        CHECK(worst <= 1.0);
    }
}

TEST_CASE("fast_exp defers outside its domain and fast_expm1 keeps relative accuracy near 0",
          "[numerics][precision]") {
    WorkingPrecision wp(50);
    CHECK(fast_exp(mp_real("1e8")) == exp(mp_real("1e8")));  // |q| > 2^24: mpfr_exp
    for (const char* q : {"1e-40", "-3e-9", "0.1", "-0.124", "1.99", "2", "-2", "2.5", "-2.5", "40"}) {
        mp_real reference;
        mpfr_expm1(reference.backend().data(), mp_real(q).backend().data(), MPFR_RNDN);
        INFO("q = " << q);
        CHECK(error_in_ulp(fast_expm1(mp_real(q)), reference) <= 2.0);
    }
}
