// The behaviour quantities of `sklaws theory` in-process (theory_query.hpp)
// against the committed mpmath oracles: abstention (H2) at 30 digits
// noise-free (multiprecision) and within its bound with noise (double), per
// element and frequency-weighted, with and without A2's capacity rule
// (tests/oracle/theory_abstention_oracle.py); fine-tuning's format cost (F1)
// per-token and cumulative at 30 digits and the examples needed
// (tests/oracle/theory_format_cost_oracle.py); tables-law (K3) summing to 1
// with its mean equal to expected-tables; structure-function's JSON shape;
// bad input.
#include "../support/theory_query_json.hpp"
#include "../theory/scaling_oracle_table.hpp"
#include "theory_query.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/precision.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using sklaws::numerics::mp_real;
using namespace sklaws::cli;
using sklaws::test::theory_query_json;

namespace {

std::string slashes_to_commas(std::string s) {
    std::replace(s.begin(), s.end(), '/', ',');
    return s;
}

// |value − oracle| ≤ 10^(1−digits)·|oracle| (exact 0 must be printed as 0).
void check_digits(const nlohmann::ordered_json& out, const std::string& key, const std::string& oracle, int digits) {
    sklaws::numerics::WorkingPrecision precision(60);
    INFO(key << ": " << out.dump() << " oracle " << oracle);
    REQUIRE(out.contains(key));
    const mp_real v(out[key].get<std::string>()), o(oracle);
    CHECK(abs(v - o) <= pow(mp_real(10), 1 - digits) * abs(o));
}

}  // namespace

TEST_CASE("abstention matches the H2 oracle: 30 digits noise-free, its bound with noise", "[cli][abstention]") {
    std::size_t exact = 0, noisy = 0;
    for (const auto& f : sklaws::test::read_scaling_oracle("theory_abstention.tsv")) {
        if (f[0] == "band") continue;
        std::vector<std::string> words{f[0] == "weight" ? "abstention-per-element" : "abstention", "--threshold", f[8],
                                       "--n", f[5], "--values", f[6]};
        if (f[0] == "weight") {
            words.insert(words.end(), {"--weight", f[1]});
        } else {
            words.insert(words.end(), {"--alpha", f[1], "--beta", f[2]});
        }
        if (f[9] != "-1") words.insert(words.end(), {"--capacity-weight", f[9]});
        const bool noise_free = f[7] == "0";
        if (!noise_free) words.insert(words.end(), {"--noise", f[7]});
        words.insert(words.end(), {"--digits", noise_free ? "30" : "15"});
        const auto out = theory_query_json(words);
        if (noise_free) {
            check_digits(out, "answered", f[10], 30);
            check_digits(out, "hallucinated", f[11], 30);
            if (out.contains("accuracy")) check_digits(out, "accuracy", f[12], 30);
            CHECK(out["answered_digits"] == 30);
            ++exact;
        } else {
            // double: the digits claimed must hold
            for (const auto& [key, col] : {std::pair{"answered", 10}, {"hallucinated", 11}, {"accuracy", 12}}) {
                if (!out.contains(key)) continue;
                const int claimed = out[std::string(key) + "_digits"];
                if (claimed >= 1) check_digits(out, key, f[col], claimed);
            }
            ++noisy;
        }
    }
    CHECK(exact >= 100);
    CHECK(noisy >= 20);
}

TEST_CASE("fine-tuning's format cost matches the F1 oracle to 30 digits", "[cli][fine-tuning]") {
    std::size_t checked = 0;
    for (const auto& f : sklaws::test::read_scaling_oracle("theory_format_cost.tsv")) {
        const std::string b = slashes_to_commas(f[2]), theta = slashes_to_commas(f[3]);
        // The matched prior (b proportional to theta) has r_0 = R_1 = 0 exactly for the
        // decimal inputs; both the oracle (7.7e-60) and sklaws (~1e-103) see
        // the binary rounding of 0.3, 0.15, ... instead: an exact zero is not
        // resolved from rounded inputs (a known limit of F1's bound there).
        const bool exact_zero = f[0] == "matched" && ((f[1] == "per-token" && f[4] == "0") || (f[1] == "cumulative" && f[4] == "1"));
        // k up to 1e4 here (seconds); tests/theory/format_cost_test.cpp covers 1e6 at 35 digits.
        if ((f[1] == "per-token" || f[1] == "cumulative") && !exact_zero && std::stoull(f[4]) <= 10000) {
            const auto out = theory_query_json({"fine-tuning", "--prior-counts", b, "--new-target", theta, "--k", f[4], "--digits", "30"});
            check_digits(out, f[1], f[5], std::min(30, std::stoi(f[6])));
            ++checked;
        } else if (f[1].rfind("needed@", 0) == 0) {
            const std::string eps = f[1].substr(7);
            const auto out = theory_query_json({"fine-tuning", "--prior-counts", b, "--new-target", theta, "--k", "1", "--epsilon", eps});
            CHECK(out["examples-needed"] == f[5]);
            ++checked;
        }
    }
    CHECK(checked >= 50);
    CHECK(theory_query_json({"fine-tuning", "--prior-counts", "1,1", "--new-target", "0.5,0.5", "--k", "3", "--old-weight", "0.01",
                 "--new-weight", "0.03", "--digits", "20"})["break-even"] == "0.25000000000000000000");
    CHECK_THROWS_AS(theory_query_json({"fine-tuning", "--prior-counts", "1,1", "--new-target", "0.5,0.3,0.2", "--k", "3"}), UsageError);
    CHECK_THROWS_AS(theory_query_json({"fine-tuning", "--new-target", "0.5,0.5", "--k", "3"}), UsageError);
}

TEST_CASE("tables-law sums to 1 and its mean is expected-tables", "[cli][tables-law]") {
    const auto out = theory_query_json({"tables-law", "--alpha", "0.5", "--beta", "1", "--n", "200"});
    const auto& pmf = out["pmf"];
    REQUIRE(pmf.size() > 10);
    double total = 0, mean = 0;
    for (const auto& e : pmf) {
        const double p = std::stod(e[1].get<std::string>());
        total += p;
        mean += e[0].get<double>() * p;
    }
    CHECK(total == Approx(1).epsilon(1e-12));
    const auto k1 = theory_query_json({"expected-tables", "--alpha", "0.5", "--beta", "1", "--n", "200", "--digits", "15"});
    CHECK(mean == Approx(std::stod(k1["value"].get<std::string>())).epsilon(1e-10));
    const auto one = theory_query_json({"tables-law", "--alpha", "0.5", "--beta", "1", "--n", "200", "--k", "20", "--digits", "12"});
    CHECK(std::stod(one["value"].get<std::string>()) == Approx(std::stod(pmf[19][1].get<std::string>())).epsilon(1e-11));
    CHECK(theory_query_json({"tables-law", "--alpha", "0.5", "--beta", "1", "--n", "200", "--k", "201"})["value"] == "0");
    CHECK_THROWS_AS(theory_query_json({"tables-law", "--alpha", "0.5", "--beta", "1", "--n", "200", "--k", "200"}),
                    sklaws::numerics::UnderflowError);
}

TEST_CASE("structure-function prints its vertices in increasing c with the order computed", "[cli][structure-function]") {
    // Strong syntax and flatter knowledge put theta first; weak syntax and a heavy top element put elements first.
    for (const auto& [beta, prior, syntax_first] : {std::tuple{"100", "0.01", true}, {"0.5", "5", false}}) {
        const auto out = theory_query_json({"structure-function", "--alpha", "0.5", "--beta", beta, "--n", "1e6", "--templates", "20",
                                "--prior", prior, "--names", "1e3", "--values", "1e3", "--elements", "8",
                                "--replicates", "100"});
        INFO(out.dump());
        CHECK(out["quantity"] == "structure-function");
        const auto& points = out["points"];
        REQUIRE(points.size() >= 2);
        CHECK(points[0]["c"] == 0.0);
        CHECK(points[0]["syntax_stored"] == false);
        CHECK(points[0]["stored_elements"] == 0);
        for (std::size_t i = 1; i < points.size(); ++i) {
            CHECK(points[i]["c"].get<double>() > points[i - 1]["c"].get<double>());
            CHECK(points[i]["h"].get<double>() < points[i - 1]["h"].get<double>());
        }
        CHECK(out["syntax_first"] == syntax_first);
        CHECK(out["crossover_condition"] == syntax_first);
        CHECK((out["elements_before_syntax"] == 0) == syntax_first);
    }
}
