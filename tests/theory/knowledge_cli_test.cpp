// `sklaws theory` for the knowledge quantities (K1, K2, K4–K7), end to end:
// runs the sklaws executable (SKLAWS_BINARY) with --json and compares the
// printed value with the mpmath oracle (theory_knowledge.tsv); bad input
// must exit with status 2 and one line on stderr naming the option.
#include "../support/run_sklaws.hpp"
#include "knowledge_oracle_table.hpp"

#include <sklaws/numerics/precision.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using sklaws::numerics::mp_real;

using Run = sklaws::test::SklawsRun;
using sklaws::test::run_sklaws;

// The oracle row with these inputs.
std::string oracle_value(const std::string& quantity, const std::string& alpha, const std::string& beta,
                         const std::string& n, const std::string& extra, const char* column = "value") {
    const auto table = sklaws::tests::read_oracle_table("theory_knowledge.tsv");
    for (const auto& r : table.rows) {
        if (r[0] == quantity && r[2] == alpha && r[3] == beta && r[4] == n && r[5] == extra) return r[table.column(column)];
    }
    throw std::runtime_error("no oracle row for " + quantity);
}

struct Case {
    std::string quantity, alpha, beta, n, extra, options;
};

const Case cases[] = {
    {"expected-tables", "0.5", "1", "1e15", "-", "--alpha 0.5 --beta 1 --n 1e15"},
    {"expected-tables", "0", "1e6", "1e18", "-", "--alpha 0 --beta 1e6 --n 1e18"},
    {"tables-variance", "0.001", "1e6", "1e12", "-", "--alpha 0.001 --beta 1e6 --n 1e12"},
    {"p-new", "0.99", "-0.989", "1e18", "-", "--alpha 0.99 --beta -0.989 --n 1e18"},
    {"block-count", "0.9", "1", "1000", "500", "--alpha 0.9 --beta 1 --n 1000 --j 500"},
    {"knowledge-entropy", "0.999", "0", "-", "-", "--alpha 0.999 --beta 0"},
    {"diversity-moment", "0.5", "1", "-", "2", "--alpha 0.5 --beta 1 --p 2"},
};

}  // namespace

TEST_CASE("sklaws theory --json prints the oracle value to the requested digits", "[theory][knowledge][cli]") {
    sklaws::numerics::WorkingPrecision precision(80);
    for (const Case& c : cases) {
        for (int digits : {12, 40}) {
            const Run run = run_sklaws("theory " + c.quantity + " " + c.options + " --digits " + std::to_string(digits) + " --json");
            INFO(c.quantity << " " << c.options << " --digits " << digits << "\nstdout: " << run.out << "stderr: " << run.err);
            REQUIRE(run.status == 0);
            const auto json = nlohmann::json::parse(run.out);
            CHECK(json.at("quantity") == c.quantity);
            CHECK(json.at("label").get<std::string>().front() == 'K');
            CHECK(json.at("digits").get<int>() == digits);
            if (c.alpha != "-") CHECK(json.at("alpha") == c.alpha);
            const mp_real printed(json.at("value").get<std::string>());
            // Inputs 0.99 etc. are taken as decimals at high digits, so compare
            // with the oracle at the decimal inputs; D significant digits
            // rounded ⇒ relative error ≤ 10^{1−D}/2.
            const mp_real truth(oracle_value(c.quantity, c.alpha, c.beta, c.n, c.extra));
            const double rel = static_cast<double>(mp_real(abs(printed - truth) / abs(truth)));
            CHECK(rel <= 0.5 * std::pow(10.0, 1 - digits) * (1 + 1e-6) + (digits <= 15 ? 2e-15 : 0.0));
        }
    }
}

TEST_CASE("sklaws theory prints plain text and lists its quantities", "[theory][knowledge][cli]") {
    const Run help = run_sklaws("theory --help");
    REQUIRE(help.status == 0);
    for (const char* name : {"expected-tables", "tables-variance", "block-count", "knowledge-entropy", "p-new",
                             "diversity-moment"}) {
        CHECK(help.out.find(name) != std::string::npos);
    }
    const Run plain = run_sklaws("theory knowledge-entropy --alpha 0.5 --beta 1 --digits 30");
    REQUIRE(plain.status == 0);
    // ψ(2) − ψ(1/2) = 1 + 2 ln 2 exactly.
    CHECK(plain.out.find("knowledge-entropy = 2.38629436111989061883446424292  (30 digits guaranteed, multiprecision)") !=
          std::string::npos);
}

TEST_CASE("sklaws theory rejects bad input with exit status 2 and one line", "[theory][knowledge][cli]") {
    const std::pair<const char*, const char*> bad[] = {
        {"theory expected-tables --alpha 1.5 --beta 1 --n 10", "alpha"},
        {"theory expected-tables --alpha 0.5 --beta -0.7 --n 10", "beta"},
        {"theory expected-tables --alpha 0.5 --beta 1 --n 1e19", "--n"},
        {"theory expected-tables --alpha 0.5 --beta 1 --n -3", "--n"},
        {"theory expected-tables --alpha abc --beta 1 --n 10", "--alpha"},
        {"theory expected-tables --alpha 0.5 --beta 1", "--n"},
        {"theory expected-tables --alpha 0.5 --beta 1 --n 10 --digits 0", "--digits"},
        {"theory expected-tables --alpha 0.5 --beta 1 --n 10 --digits 1001", "--digits"},
        {"theory expected-tables --alpha 0.5 --beta 1 --n 10 --bogus 3", "--bogus"},
        {"theory block-count --alpha 0.5 --beta 1 --n 10 --j 11", "j"},
        {"theory diversity-moment --alpha 0 --beta 1 --p 1", "alpha"},
        {"theory no-such-quantity", "no-such-quantity"},
    };
    for (const auto& [arguments, names] : bad) {
        const Run run = run_sklaws(arguments);
        INFO(arguments << "\nstderr: " << run.err);
        CHECK(run.status == 2);
        CHECK(run.out.empty());
        CHECK(run.err.find(names) != std::string::npos);
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    }
}
