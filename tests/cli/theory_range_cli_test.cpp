// The real `sklaws theory` executable on the commands of issue #13: values
// that leave MPFR's exponent range exit 2 naming the range (never a printed
// 0), alpha = 0 is refused for the model exponent instead of dropping it, and
// a --digits 15 request whose input double cannot hold, or whose value is
// outside the double range, says that it was evaluated in multiprecision.
// The values themselves are checked against mpmath by the oracle sweep
// (theory_sweep_test.cpp, whose table holds these same commands).
#include "../support/run_sklaws.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace {

sklaws::test::SklawsRun theory(const std::string& arguments) { return sklaws::test::run_sklaws("theory " + arguments); }

}  // namespace

TEST_CASE("sklaws theory: a value beyond MPFR's exponent range exits 2 naming the range", "[cli][theory][range]") {
    for (const std::string command : {"diversity-moment --alpha 0.5 --beta 1 --p 1e8",
                                      "diversity-moment --alpha 0.5 --beta 1 --p 1e8 --digits 15",
                                      "tail-mass --alpha 1e-8 --beta 1 --capacity 1e18 --asymptotic"}) {
        const auto r = theory(command);
        INFO(command << "\nstdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("MPFR's exponent range") != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
}

TEST_CASE("sklaws theory exponents --alpha 0 refuses the model exponent instead of dropping it", "[cli][theory][range]") {
    const auto r = theory("exponents --alpha 0");
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find("alpha") != std::string::npos);
    CHECK(r.err.find("0 < alpha < 1") != std::string::npos);
}

TEST_CASE("sklaws theory --digits 15 says when it had to use multiprecision", "[cli][theory][range]") {
    SECTION("an input double cannot hold") {
        const auto r = theory("exponents --alpha 0.999999999 --digits 15 --json");
        REQUIRE(r.status == 0);
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j.at("data-exponent_arithmetic").get<std::string>() == "multiprecision: --alpha is not exactly a double");
        // 1 − 0.999999999 is exactly 1e-9 in decimal: every digit is known.
        CHECK(j.at("data-exponent").get<std::string>() == "1.00000000000000e-09");
        CHECK(j.at("data-exponent_digits").get<int>() == 15);
    }
    SECTION("an exact double input stays in double") {
        const auto r = theory("exponents --alpha 0.75 --digits 15 --json");
        REQUIRE(r.status == 0);
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j.at("data-exponent_arithmetic").get<std::string>() == "double");
        CHECK(j.at("data-exponent").get<std::string>() == "0.250000000000000");
    }
    SECTION("a count double cannot hold") {
        const auto r = theory("block-count --alpha 0.99999 --beta 0.3 --n 1e18 --j 999999999999999999 --digits 15 --json");
        REQUIRE(r.status == 0);
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j.at("arithmetic").get<std::string>().find("multiprecision") == 0);
    }
    SECTION("a value below the double range") {
        const auto r = theory("block-count --alpha 0.5 --beta 1e5 --n 1e6 --j 500000 --digits 15 --json");
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        REQUIRE(r.status == 0);
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j.at("arithmetic").get<std::string>() == "multiprecision: the value is below the double range");
        CHECK(j.at("value").get<std::string>().find("e-28130") != std::string::npos);
        CHECK(j.at("digits").get<int>() == 15);
    }
}
