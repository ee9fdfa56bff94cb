// `sklaws theory tail-mass` (M2 by default, M1 with --asymptotic) and
// `model-exponent-local` through the real executable, against the mpmath
// oracle table of M2 (tests/oracle/theory_missing_mass.tsv); inputs outside
// M2's domain, and M1 where its asymptote is no mass, exit 2.
#include "../support/run_sklaws.hpp"
#include "scaling_oracle_table.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace {

using Run = sklaws::test::SklawsRun;

nlohmann::json run_json(const std::string& arguments) {
    const Run r = sklaws::test::run_sklaws("theory " + arguments + " --json");
    INFO(arguments << "\nstdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.out);
}

std::string m2_oracle(const std::string& alpha, const std::string& beta, const std::string& C, std::size_t column) {
    for (const auto& r : sklaws::test::read_scaling_oracle("theory_missing_mass.tsv"))
        if (r[0] == alpha && r[1] == beta && r[2] == C) return r[column];
    FAIL("no oracle row " << alpha << " " << beta << " " << C);
    return {};
}

}  // namespace

TEST_CASE("sklaws theory tail-mass gives M2 by default with the M1 asymptote beside it", "[theory][missing_mass][cli]") {
    const auto t = run_json("tail-mass --alpha 0.5 --beta 1 --capacity 20 --digits 30");
    CHECK(t.at("label") == "M2");
    CHECK(t.at("method") == "exact");
    // --exact names the default and changes nothing.
    CHECK(run_json("tail-mass --alpha 0.5 --beta 1 --capacity 20 --exact --digits 30").at("value") == t.at("value"));
    CHECK(t.at("value").get<std::string>().substr(0, 29) == m2_oracle("0.5", "1", "20", 3).substr(0, 29));
    CHECK(t.contains("asymptotic"));
    // At alpha 0.3, beta 20, C 15 the asymptote is 20.6, not a mass: only
    // the exact value is printed, and it is in (0, 1).
    const auto big = run_json("tail-mass --alpha 0.3 --beta 20 --capacity 15");
    const double v = std::stod(big.at("value").get<std::string>());
    CHECK(v > 0);
    CHECK(v < 1);
    CHECK_FALSE(big.contains("asymptotic"));
    const auto d = run_json("tail-mass --alpha 0.8 --beta 1 --capacity 1e6 --digits 15");
    CHECK(std::stod(d.at("value").get<std::string>()) ==
          Approx(std::stod(m2_oracle("0.8", "1", "1000000", 3))).epsilon(1e-14));
    const auto a = run_json("model-exponent-local --alpha 0.5 --beta 1 --capacity 20 --digits 15");
    CHECK(std::stod(a.at("value").get<std::string>()) ==
          Approx(std::stod(m2_oracle("0.5", "1", "20", 5))).epsilon(1e-12));
    CHECK(std::stod(a.at("limit").get<std::string>()) == 1.0);
}

TEST_CASE("sklaws theory M2 quantities refuse input outside the domain with exit 2", "[theory][missing_mass][cli]") {
    for (const std::string bad : {"tail-mass --alpha 0.5 --beta 1 --capacity 2.5",
                                  "tail-mass --alpha 0.5 --beta 1 --capacity 0 --exact",
                                  "tail-mass --alpha 0 --beta 1 --capacity 10",
                                  "tail-mass --alpha 0.5 --beta 1 --capacity 1e13",
                                  "tail-mass --alpha 0.5 --beta 1 --capacity 20 --exact --asymptotic",
                                  "model-exponent-local --alpha 0.5 --beta -0.5 --capacity 10",
                                  "model-exponent-local --alpha 1 --beta 1 --capacity 10"}) {
        const auto r = sklaws::test::run_sklaws("theory " + bad);
        INFO(bad << "\nstderr: " << r.err);
        CHECK(r.status == 2);
        CHECK_FALSE(r.err.empty());
    }
}

TEST_CASE("sklaws theory tail-mass --asymptotic is M1, refused where the asymptote is no mass", "[theory][missing_mass][cli]") {
    const auto m1 = run_json("tail-mass --alpha 0.5 --beta 1 --capacity 20.5 --asymptotic --digits 15");
    CHECK(m1.at("label") == "M1");
    CHECK(m1.at("method") == "asymptotic");
    CHECK_FALSE(m1.contains("asymptotic"));
    // M1 at alpha 0.3, beta 20, C 15 is 20.6: exit 2 naming the capacity and
    // the range [0, 1], nothing on stdout.
    const auto r = sklaws::test::run_sklaws("theory tail-mass --alpha 0.3 --beta 20 --capacity 15 --asymptotic");
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("capacity = 15") != std::string::npos);
    CHECK(r.err.find("[0, 1]") != std::string::npos);
    CHECK(r.err.find("20.6") != std::string::npos);
}
