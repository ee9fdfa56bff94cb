// `sklaws theory` quantities of part B run through the real executable
// (SKLAWS_BINARY) with --json, compared with the mpmath oracle tables; bad
// input must exit with status 2 and one line on stderr.
#include "../support/run_sklaws.hpp"
#include "scaling_oracle_table.hpp"

#include <sklaws/theory/knowledge_redundancy.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

using Run = sklaws::test::SklawsRun;

Run run(const std::string& arguments) { return sklaws::test::run_sklaws("theory " + arguments); }

nlohmann::json run_json(const std::string& arguments) {
    const Run r = run(arguments + " --json");
    INFO(arguments << "\nstdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.out);
}

double value_of(const nlohmann::json& j, const std::string& key) { return std::stod(j.at(key).get<std::string>()); }

std::string oracle_field(const std::string& table, const std::vector<std::string>& key, std::size_t column) {
    for (const auto& r : sklaws::test::read_scaling_oracle(table)) {
        bool match = true;
        for (std::size_t i = 0; i < key.size(); ++i) match = match && r[i] == key[i];
        if (match) return r[column];
    }
    FAIL("no oracle row");
    return "";
}

}  // namespace

TEST_CASE("sklaws theory syntax-redundancy prints S1 and S2 with guaranteed digits", "[theory][scaling][cli]") {
    const auto j = run_json("syntax-redundancy --templates 5 --prior 0.5 --n 100 --digits 25");
    CHECK(j.at("label") == "S1");
    const std::string want = oracle_field("theory_scaling_syntax.tsv", {"5", "0.5", "100"}, 4);
    CHECK(std::abs(value_of(j, "value") - std::stod(want)) <= 1e-15 * std::stod(want));
    CHECK(j.at("value").get<std::string>().substr(0, 20) == want.substr(0, 20));  // 25 digits asked, mp path
    CHECK(j.at("digits").get<double>() >= 24);
    const auto a = run_json("syntax-redundancy --templates 5 --prior 0.5 --n 100 --asymptotic");
    CHECK(a.at("label") == "S2");
    CHECK(value_of(a, "value") ==
          Approx(std::stod(oracle_field("theory_scaling_syntax.tsv", {"5", "0.5", "100"}, 5))).epsilon(1e-14));
    CHECK(a.at("digits").get<double>() <= 2);  // S2 at N = 100, a = 0.5 is a rough estimate of R_N
}

TEST_CASE("sklaws theory knowledge-redundancy matches the R1 oracle", "[theory][scaling][cli]") {
    const auto j = run_json("knowledge-redundancy --alpha 0.5 --beta 1 --n 100 --names 1000 --values 50");
    const double want = std::stod(oracle_field("theory_scaling_knowledge.tsv", {"0.5", "1.0", "1000.0", "50.0", "100"}, 5));
    CHECK(std::abs(value_of(j, "value") - want) <= 1e-11 * std::abs(want));
    // The digits are the Evaluation's: the recursion's bound plus the
    // neglected first-order label-collision term E[K_n]/(MV) (~4e-4 here).
    const auto e = sklaws::theory::knowledge_redundancy_e({0.5, 1.0}, 100, 1000.0, 50.0);
    CHECK(j.at("digits").get<double>() == std::floor(-std::log10(e.err / std::abs(e.val))));
    CHECK(j.at("digits").get<double>() >= 3);
    CHECK(j.contains("cumulative"));
    CHECK(j.contains("averaged"));
}

TEST_CASE("sklaws theory tail-mass, exponents, alpha-from and acquisition", "[theory][scaling][cli]") {
    const auto t = run_json("tail-mass --alpha 0.5 --beta 1 --capacity 1000 --asymptotic --digits 35");
    const std::string want = oracle_field("theory_scaling_tail.tsv", {"0.5", "1", "1000"}, 3);
    CHECK(t.at("value").get<std::string>().substr(0, 30) == want.substr(0, 30));
    const auto e = run_json("exponents --alpha 0.25");
    CHECK(value_of(e, "data-exponent") == Approx(0.75).epsilon(1e-15));
    CHECK(value_of(e, "model-exponent") == Approx(3.0).epsilon(1e-15));
    CHECK(value_of(run_json("alpha-from --data-exponent 0.3"), "value") == Approx(0.7).epsilon(1e-15));
    CHECK(value_of(run_json("alpha-from --model-exponent 3"), "value") == Approx(0.25).epsilon(1e-15));
    const auto acc = run_json("acquisition --weight 0.3 --n 20 --values 3 --noise 0.5");
    CHECK(value_of(acc, "value") ==
          Approx(std::stod(oracle_field("theory_scaling_accuracy.tsv", {"0.3", "20", "3", "0.5"}, 4))).epsilon(1e-12));
    const auto clean = run_json("acquisition --weight 0.001 --n 1000 --values 1000000");
    CHECK(value_of(clean, "value") ==
          Approx(std::stod(oracle_field("theory_scaling_accuracy.tsv", {"0.001", "1000", "1000000", "0"}, 4))).epsilon(1e-15));
}

TEST_CASE("sklaws theory part-B quantities reject bad input with exit status 2 and one stderr line",
          "[theory][scaling][cli]") {
    for (const std::string bad :
         {"syntax-redundancy --templates 1 --prior 0.5 --n 10", "syntax-redundancy --templates 3 --prior -1 --n 10",
          "syntax-redundancy --templates 3 --prior 0.5", "knowledge-redundancy --alpha 1.5 --beta 1 --n 10 --names 2 --values 2",
          "knowledge-redundancy --alpha 0.5 --beta -0.7 --n 10 --names 2 --values 2",
          "tail-mass --alpha 0 --beta 1 --capacity 10", "tail-mass --alpha 0.5 --beta 1 --capacity abc",
          "exponents --alpha 1", "alpha-from --data-exponent 0.3 --model-exponent 1", "alpha-from",
          "acquisition --weight 2 --n 10 --values 3", "acquisition --weight 0.5 --n 10 --values 3 --noise 1.5",
          "acquisition --weight 0.5 --n 10 --values 3 --typo 1"}) {
        const Run r = run(bad);
        INFO(bad << "\nstderr: " << r.err);
        CHECK(r.status == 2);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
}

TEST_CASE("sklaws theory syntax-redundancy and data-exponent-local accept n up to 1e15", "[theory][scaling][cli]") {
    // S1 at n = 1e12 by the large-n form, against the mpmath oracle's bounds
    // (theory_syntax_large_n.tsv: S 8, a 1, n 1e12).
    const auto j = run_json("syntax-redundancy --templates 8 --prior 1 --n 1e12");
    CHECK(j.at("label") == "S1");
    const double low = std::stod(oracle_field("theory_syntax_large_n.tsv", {"8", "1", "1000000000000.0"}, 3));
    const double high = std::stod(oracle_field("theory_syntax_large_n.tsv", {"8", "1", "1000000000000.0"}, 4));
    const double printed = value_of(j, "per-token");
    const double digits = j.at("per-token_digits").get<double>();
    CHECK(digits >= 11);
    CHECK(std::abs(printed - (low + high) / 2) <= std::pow(10.0, 1 - digits) * printed);
    CHECK(value_of(j, "value") > 0);
    CHECK(j.at("digits").get<double>() >= 10);
    // The D1 total's local exponent at 1e15, above its limit 1 - alpha.
    const auto a = run_json("data-exponent-local --alpha 0.5 --beta 1 --n 1e15 --names 1e12 --values 1e9 --templates 8 "
                            "--prior 1");
    CHECK(value_of(a, "value") > 0.5);
    CHECK(a.at("digits").get<double>() >= 6);
    CHECK(run("syntax-redundancy --templates 8 --prior 1 --n 2e15").status == 0);  // S2 beyond 1e15
    CHECK(run("data-exponent-local --alpha 0.5 --beta 1 --n 2e15 --names 1e12 --values 1e9 --templates 8 --prior 1")
              .status == 2);
}
