// Bad input: every special function throws a typed error naming the argument
// (DomainError) or the overflowing quantity (OverflowError); none returns NaN
// or ±inf, in double or in multiprecision.
#include <sklaws/numerics/beta_binomial.hpp>
#include <sklaws/numerics/special_functions.hpp>

#include <catch2/catch.hpp>

#include <limits>
#include <string>

using namespace sklaws::numerics;

namespace {

const double nan_value = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

// Runs f, expects DomainError whose argument() is `name` and whose message
// mentions it.
template <class F>
void expect_domain_error(F&& f, const std::string& name) {
    try {
        f();
        FAIL("no DomainError for bad " << name);
    } catch (const DomainError& e) {
        CHECK(e.argument() == name);
        CHECK(std::string(e.what()).find(name + " = ") != std::string::npos);
    }
}

}  // namespace

TEST_CASE("NaN and infinity are rejected for every argument", "[numerics][errors]") {
    for (double bad : {nan_value, inf, -inf}) {
        INFO("bad value " << bad);
        expect_domain_error([&] { log_gamma_e(bad); }, "x");
        expect_domain_error([&] { digamma_e(bad); }, "x");
        expect_domain_error([&] { log_gamma_ratio_e(bad, 0.5); }, "x");
        expect_domain_error([&] { log_gamma_ratio_e(2.0, bad); }, "delta");
        expect_domain_error([&] { gamma_ratio_e(2.0, bad); }, "delta");
        expect_domain_error([&] { log_rising_factorial_e(2.0, bad); }, "m");
        expect_domain_error([&] { log_binomial_e(bad, 1.0); }, "n");
        expect_domain_error([&] { log_binomial_e(5.0, bad); }, "k");
        expect_domain_error([&] { beta_binomial_log_pmf_e(bad, 5.0, 1.0, 1.0); }, "k");
        expect_domain_error([&] { beta_binomial_log_pmf_e(1.0, bad, 1.0, 1.0); }, "n");
        expect_domain_error([&] { beta_binomial_log_pmf_e(1.0, 5.0, bad, 1.0); }, "a");
        expect_domain_error([&] { beta_binomial_log_pmf_e(1.0, 5.0, 1.0, bad); }, "b");
    }
}

TEST_CASE("arguments outside the domain are rejected", "[numerics][errors]") {
    expect_domain_error([] { log_gamma_e(0.0); }, "x");
    expect_domain_error([] { log_gamma_e(-3.0); }, "x");
    expect_domain_error([] { digamma_e(-0.5); }, "x");
    expect_domain_error([] { log_gamma_ratio_e(-1.0, 2.0); }, "x");
    expect_domain_error([] { log_gamma_ratio_e(1.0, -1.0); }, "delta");  // x + δ = 0
    expect_domain_error([] { log_gamma_ratio_e(1.0, -2.5); }, "delta");
    expect_domain_error([] { log_rising_factorial_e(1.0, -1.0); }, "m");
    expect_domain_error([] { log_binomial_e(-1.0, 0.0); }, "n");
    expect_domain_error([] { log_binomial_e(3.0, 4.0); }, "k");
    expect_domain_error([] { log_binomial_e(3.0, -1.0); }, "k");
    expect_domain_error([] { beta_binomial_log_pmf_e(1.5, 5.0, 1.0, 1.0); }, "k");
    expect_domain_error([] { beta_binomial_log_pmf_e(6.0, 5.0, 1.0, 1.0); }, "k");
    expect_domain_error([] { beta_binomial_log_pmf_e(1.0, 5.5, 1.0, 1.0); }, "n");
    expect_domain_error([] { beta_binomial_log_pmf_e(1.0, 5.0, 0.0, 1.0); }, "a");
    expect_domain_error([] { beta_binomial_log_pmf_e(1.0, 5.0, 1.0, -2.0); }, "b");
}

TEST_CASE("multiprecision rejects the same bad input", "[numerics][errors]") {
    WorkingPrecision wp(50);
    const mp_real nan_mp = std::numeric_limits<mp_real>::quiet_NaN();
    expect_domain_error([&] { log_gamma_e(nan_mp); }, "x");
    expect_domain_error([&] { log_gamma_ratio_e(mp_real(2), nan_mp); }, "delta");
    expect_domain_error([&] { log_gamma_ratio_e(mp_real(1), mp_real(-1)); }, "delta");
    expect_domain_error([&] { digamma_e(mp_real(0)); }, "x");
    expect_domain_error([&] { beta_binomial_log_pmf_e(mp_real(2), mp_real(1), mp_real(1), mp_real(1)); }, "k");
}

TEST_CASE("results beyond the double range throw OverflowError", "[numerics][errors]") {
    CHECK_THROWS_AS(log_gamma_e(1e307), OverflowError);       // lnΓ ≈ 7e309
    CHECK_THROWS_AS(digamma_e(4.9e-324), OverflowError);      // ψ ≈ −1/x
    CHECK_THROWS_AS(gamma_ratio_e(1e300, 10.0), OverflowError);  // ≈ 1e3000
    CHECK_THROWS_AS(gamma_ratio_e(1e300, -10.0), OverflowError);
    CHECK_THROWS_WITH(gamma_ratio_e(1e18, 50.0), Catch::Contains("log_gamma_ratio"));
    // The log form and multiprecision carry on where double overflows.
    CHECK(log_gamma_ratio_e(1e300, 10.0).val == Approx(6907.755278982137).epsilon(1e-14));
    WorkingPrecision wp(30);
    CHECK(gamma_ratio_e(mp_real(1e300), mp_real(10)).val > mp_real("1e2999"));
}
