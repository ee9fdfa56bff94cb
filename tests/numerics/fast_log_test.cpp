// detail::fast_log (table + atanh series) against MPFR's correctly rounded
// mpfr_log, an independent implementation, at several precisions.
#include <sklaws/numerics/fast_log.hpp>
#include <sklaws/numerics/random_stream.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace sklaws::numerics;

TEST_CASE("fast_log agrees with mpfr_log to within 2 ulp", "[numerics][precision]") {
    RandomStream random(11, 0);
    for (unsigned digits : {20u, 50u, 100u, 300u}) {
        WorkingPrecision wp(digits);
        const mp_real ulp = std::numeric_limits<mp_real>::epsilon();
        for (int i = 0; i < 300; ++i) {
            // y = 1 + e^{U·70}: from just above 1 (j = 0, tiny s) to 2.5e30.
            const mp_real y = 1 + exp(mp_real(random.uniform() * 70.0)) * (i % 3 == 0 ? mp_real("1e-20") : mp_real(1));
            INFO("digits " << digits << " y = " << y.str(30));
            const mp_real ours = detail::fast_log(y);
            const mp_real reference = log(y);
            CHECK(abs(ours - reference) <= 2 * ulp * abs(reference));
        }
        // Powers of two and table knots hit s = 0 exactly.
        for (const char* y : {"1", "2", "1024", "1.00390625", "3.5"}) {
            CHECK(abs(detail::fast_log(mp_real(y)) - log(mp_real(y))) <= 2 * ulp * abs(log(mp_real(y))));
        }
        // Below 1 it defers to mpfr_log.
        CHECK(detail::fast_log(mp_real("0.25")) == log(mp_real("0.25")));
    }
}
