// `sklaws theory compute-optimal` (X1) and hallucination's frequency-weighted
// rate (H1) in-process (theory_query.hpp) against the committed mpmath
// oracles: compute-optimal's C*, N* and reducible loss at 30 digits
// (multiprecision) and 15 (double) from tests/oracle/
// theory_compute_optimal_oracle.py, from exponents and from alpha, and as a
// grid over F; E[T_C](1 - 1/V) at 30 digits from M2's oracle table
// (tests/oracle/theory_missing_mass_oracle.py); bad input.
#include "../support/run_sklaws.hpp"
#include "../support/theory_query_json.hpp"
#include "../theory/scaling_oracle_table.hpp"
#include "theory_query.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/precision.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

using sklaws::numerics::mp_real;
using namespace sklaws::cli;
using sklaws::test::theory_query_json;

namespace {

// |printed − oracle| within the printed digits (half a unit in the last place
// plus the claimed relative accuracy), and at least `want` digits claimed.
void check_value(const nlohmann::ordered_json& out, const std::string& key, const std::string& oracle, int want) {
    sklaws::numerics::WorkingPrecision precision(60);
    INFO(key << ": " << out.dump() << " oracle " << oracle);
    REQUIRE(out.contains(key));
    const std::string digits_key = key == "value" ? "digits" : key + "_digits";
    const int digits = out[digits_key].get<int>();
    CHECK(digits >= want);
    const mp_real v(out[key].get<std::string>()), o(oracle);
    CHECK(abs(v - o) <= pow(mp_real(10), 1 - digits) * abs(o));
}

std::vector<std::string> compute_words(const sklaws::test::OracleRow& r) {
    std::vector<std::string> w{"compute-optimal", "--compute", r[6], "--model-amplitude", r[2], "--data-amplitude", r[4]};
    if (r[0] == "alpha") {
        w.insert(w.end(), {"--alpha", r[5]});
    } else {
        w.insert(w.end(), {"--model-exponent", r[1], "--data-exponent", r[3]});
    }
    return w;
}

}  // namespace

TEST_CASE("compute-optimal matches the X1 oracle at 30 digits and in double", "[cli][compute-optimal]") {
    const auto rows = sklaws::test::read_scaling_oracle("theory_compute_optimal.tsv");
    REQUIRE(rows.size() >= 17);
    for (const auto& r : rows) {
        auto words = compute_words(r);
        words.insert(words.end(), {"--digits", "30"});
        const auto out = theory_query_json(words);
        CHECK(out["quantity"] == "compute-optimal");
        CHECK(out["label"] == "X1");
        CHECK(out["capacity_arithmetic"] == "multiprecision");
        check_value(out, "capacity", r[7], 30);
        check_value(out, "data", r[8], 30);
        check_value(out, "reducible-loss", r[9], 30);
        words.back() = "15";
        const auto d = theory_query_json(words);
        // 15 digits: double where every input is exactly one (1e20 is, 406.4 is not).
        check_value(d, "capacity", r[7], 13);
        check_value(d, "data", r[8], 13);
        check_value(d, "reducible-loss", r[9], 13);
    }
    // Inputs that are exact doubles take the double path.
    const auto d = theory_query_json({"compute-optimal", "--compute", "1e6", "--model-amplitude", "1", "--data-amplitude", "1",
                          "--model-exponent", "0.5", "--data-exponent", "0.5", "--digits", "15"});
    CHECK(d["capacity_arithmetic"] == "double");
    CHECK(d["capacity"] == "1000.00000000000");
    CHECK(d["capacity-compute-exponent"] == "0.500000000000000");
}

TEST_CASE("compute-optimal over a grid of budgets: C* grows like F^(alpha/(1+alpha))", "[cli][compute-optimal]") {
    const auto run = sklaws::test::run_sklaws(
        "theory compute-optimal --compute 1e10:1e14:3 --model-amplitude 2 --data-amplitude 3 --alpha 0.25 "
        "--digits 15 --json");
    INFO(run.err);
    REQUIRE(run.status == 0);
    const auto points = nlohmann::json::parse(run.out);
    REQUIRE(points.size() == 3);
    CHECK(points[1]["compute"] == "1e12");
    const double c0 = std::stod(points[0]["capacity"].get<std::string>());
    const double c2 = std::stod(points[2]["capacity"].get<std::string>());
    const double n2 = std::stod(points[2]["data"].get<std::string>());
    CHECK(c2 / c0 == Approx(std::pow(1e4, 0.25 / 1.25)).epsilon(1e-13));
    CHECK(points[0]["capacity-compute-exponent"] == "0.200000000000000");
    CHECK(c2 * n2 == Approx(1e14).epsilon(1e-14));
}

TEST_CASE("compute-optimal refuses ambiguous or bad input", "[cli][compute-optimal]") {
    const std::vector<std::string> base{"compute-optimal", "--compute", "1e10", "--model-amplitude", "2",
                                        "--data-amplitude", "3"};
    auto with = [&](std::vector<std::string> more) {
        auto w = base;
        w.insert(w.end(), more.begin(), more.end());
        return w;
    };
    CHECK_THROWS_AS(theory_query_json(base), UsageError);
    CHECK_THROWS_AS(theory_query_json(with({"--alpha", "0.5", "--model-exponent", "1", "--data-exponent", "0.5"})), UsageError);
    CHECK_THROWS_AS(theory_query_json(with({"--model-exponent", "1"})), UsageError);
    CHECK_THROWS_AS(theory_query_json(with({"--alpha", "1"})), sklaws::numerics::DomainError);
    CHECK_THROWS_AS(theory_query_json(with({"--model-exponent", "-1", "--data-exponent", "0.5"})), sklaws::numerics::DomainError);
    auto zero = base;
    zero[2] = "0";
    zero.insert(zero.end(), {"--alpha", "0.5"});
    CHECK_THROWS_AS(theory_query_json(zero), sklaws::numerics::DomainError);
}

TEST_CASE("hallucination's frequency-weighted rate is E[T_C](1 - 1/V) with M2's exact E[T_C], 30 digits",
          "[cli][hallucination]") {
    std::size_t checked = 0;
    for (const auto& r : sklaws::test::read_scaling_oracle("theory_missing_mass.tsv")) {
        const std::string& C = r[2];
        if (std::stod(C) > 1e7) continue;  // --capacity is also the entity-uniform rate's C
        const auto out = theory_query_json({"hallucination", "--alpha", r[0], "--beta", r[1], "--n", "1000", "--capacity", C,
                                "--values", "7", "--digits", "30"});
        sklaws::numerics::WorkingPrecision precision(60);
        const mp_real want = mp_real(r[3]) * (1 - mp_real(1) / 7);
        check_value(out, "frequency-weighted", want.str(40, std::ios_base::scientific), 30);
        ++checked;
    }
    CHECK(checked >= 8);
    // C = 0: every query is about an unstored element.
    const auto none = theory_query_json({"hallucination", "--alpha", "0.5", "--beta", "1", "--n", "100", "--capacity", "0",
                             "--values", "4", "--digits", "15"});
    CHECK(none["frequency-weighted"] == "0.750000000000000");
    // The three rates side by side, with the per-element one.
    const auto all = theory_query_json({"hallucination", "--alpha", "0.5", "--beta", "1", "--n", "2000", "--capacity", "50",
                            "--values", "10", "--weight", "0.001"});
    for (const char* key : {"entity-uniform", "entity-uniform-plugin", "frequency-weighted", "per-element"})
        CHECK(all.contains(key));
    // M2 needs an integer capacity and 0 < alpha.
    CHECK_THROWS_AS(theory_query_json({"hallucination", "--alpha", "0.5", "--beta", "1", "--n", "100", "--capacity", "2.5",
                           "--values", "4"}),
                    sklaws::numerics::DomainError);
    CHECK_THROWS_AS(theory_query_json({"hallucination", "--alpha", "0", "--beta", "1", "--n", "100", "--capacity", "3",
                           "--values", "4"}),
                    sklaws::numerics::DomainError);
}
