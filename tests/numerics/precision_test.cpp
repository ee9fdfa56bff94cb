// Precision policy and Evaluation::digits().
#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <catch2/catch.hpp>

using namespace sklaws::numerics;

TEST_CASE("WorkingPrecision sets and restores the multiprecision digits", "[numerics][precision]") {
    const unsigned before = mp_real::default_precision();
    {
        WorkingPrecision outer(50);
        CHECK(working_digits<mp_real>() == 50);
        {
            WorkingPrecision inner(120);
            CHECK(working_digits<mp_real>() == 120);
            // 1/3 carries the requested digits.
            const mp_real third = mp_real(1) / 3;
            CHECK(abs(third * 3 - 1) < mp_real("1e-118"));
        }
        CHECK(working_digits<mp_real>() == 50);
        CHECK(unit_roundoff<mp_real>() < mp_real("1e-49"));
        CHECK(unit_roundoff<mp_real>() > mp_real("1e-52"));
    }
    CHECK(mp_real::default_precision() == before);
    CHECK(working_digits<double>() == 16);
    CHECK(unit_roundoff<double>() == 0x1p-53);
}

TEST_CASE("Evaluation::digits turns the error bound into significant digits", "[numerics][precision]") {
    CHECK(Evaluation<double>{1.0, 0.9e-10}.digits() == 10);
    CHECK(Evaluation<double>{-250.0, 2.4e-12}.digits() == 14);
    CHECK(Evaluation<double>{1.0, 0.0}.digits() == 16);    // exact: capped at working digits
    CHECK(Evaluation<double>{0.0, 1e-20}.digits() == 0);   // no relative digits of zero
    CHECK(Evaluation<double>{1.0, 10.0}.digits() == 0);    // worse than useless
    WorkingPrecision wp(50);
    CHECK(Evaluation<mp_real>{mp_real(3), mp_real("2.9e-40")}.digits() == 40);
    CHECK(Evaluation<mp_real>{mp_real(3), mp_real(0)}.digits() == 50);
}
