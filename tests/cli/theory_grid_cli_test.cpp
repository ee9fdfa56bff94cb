// `sklaws theory` grids end to end: an 11-point range of expected-tables
// from 1e2 to 1e12 at 30 digits against the mpmath oracle
// (tests/oracle/theory_grid_oracle.py), in four (alpha, beta) settings
// including alpha = 0 and beta < 0; a list times a range in the order typed;
// the table and CSV forms; bad grids refused with exit 2 naming the option.
#include "../support/run_sklaws.hpp"
#include "../theory/scaling_oracle_table.hpp"

#include <sklaws/numerics/precision.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>
#include <string>

using sklaws::numerics::mp_real;
using sklaws::test::run_sklaws;

TEST_CASE("an 11-point expected-tables grid from 1e2 to 1e12 matches the oracle to 30 digits", "[cli][grid]") {
    sklaws::numerics::WorkingPrecision precision(60);
    std::map<std::pair<std::string, std::string>, std::vector<sklaws::test::OracleRow>> settings;
    for (const auto& f : sklaws::test::read_scaling_oracle("theory_grid.tsv")) settings[{f[0], f[1]}].push_back(f);
    REQUIRE(settings.size() == 4);
    for (const auto& [ab, rows] : settings) {
        REQUIRE(rows.size() == 11);
        const auto run = run_sklaws("theory expected-tables --alpha " + ab.first + " --beta " + ab.second +
                                    " --n 1e2:1e12:11 --digits 30 --json");
        INFO(run.err);
        REQUIRE(run.status == 0);
        const auto points = nlohmann::json::parse(run.out);
        REQUIRE(points.is_array());
        REQUIRE(points.size() == 11);
        for (std::size_t i = 0; i < 11; ++i) {
            const auto& p = points[i];
            INFO("alpha " << ab.first << " beta " << ab.second << " point " << i << ": " << p.dump());
            CHECK(p["quantity"] == "expected-tables");
            CHECK(p["alpha"] == ab.first);
            CHECK(p["digits"] == 30);
            const std::string n = p["n"];
            CHECK(std::stod(n) == std::stod(rows[i][2]));
            const mp_real value(p["value"].get<std::string>()), oracle(rows[i][3]);
            CHECK(abs(value - oracle) <= mp_real("1e-29") * abs(oracle));
        }
        CHECK(points[0]["n"] == "1e2");
        CHECK(points[10]["n"] == "1e12");
    }
}

TEST_CASE("a list times a range is evaluated in the order typed; table and CSV", "[cli][grid]") {
    const auto run = run_sklaws("theory p-new --alpha 0.25,0.5 --beta 1 --n 10:1000:3 --json");
    INFO(run.err);
    REQUIRE(run.status == 0);
    const auto points = nlohmann::json::parse(run.out);
    REQUIRE(points.size() == 6);
    const char* alphas[] = {"0.25", "0.25", "0.25", "0.5", "0.5", "0.5"};
    const char* ns[] = {"10", "100", "1000", "10", "100", "1000"};
    for (std::size_t i = 0; i < 6; ++i) {
        CHECK(points[i]["alpha"] == alphas[i]);
        CHECK(points[i]["n"] == ns[i]);
        // each point is what a single query prints
        const auto one = run_sklaws(std::string("theory p-new --alpha ") + alphas[i] + " --beta 1 --n " + ns[i] + " --json");
        REQUIRE(one.status == 0);
        CHECK(nlohmann::json::parse(one.out) == points[i]);
    }
    const auto csv = run_sklaws("theory p-new --alpha 0.25,0.5 --beta 1 --n 10:1000:3 --csv");
    REQUIRE(csv.status == 0);
    std::istringstream lines(csv.out);
    std::string header, line;
    std::getline(lines, header);
    CHECK(header == "alpha,beta,n,value,digits,arithmetic");
    std::size_t rows = 0;
    while (std::getline(lines, line)) {
        ++rows;
        CHECK(std::count(line.begin(), line.end(), ',') == 5);
    }
    CHECK(rows == 6);
    const auto table = run_sklaws("theory p-new --alpha 0.25,0.5 --beta 1 --n 10:1000:3");
    REQUIRE(table.status == 0);
    CHECK(table.out.rfind("p-new [K7], 6 points\nalpha", 0) == 0);
}

TEST_CASE("bad grids exit 2 naming the option", "[cli][grid]") {
    auto run = run_sklaws("theory expected-tables --alpha 0.5 --beta 1 --n 1e2:1e12");
    CHECK(run.status == 2);
    CHECK(run.err.find("--n") != std::string::npos);
    CHECK(run.err.find("start:stop:count") != std::string::npos);
    run = run_sklaws("theory expected-tables --alpha 0.5,nan --beta 1 --n 10");
    CHECK(run.status == 2);
    CHECK(run.err.find("--alpha") != std::string::npos);
    run = run_sklaws("theory expected-tables --alpha 0.5 --beta 1 --n 1.5:10:3");
    CHECK(run.status == 2);
    CHECK(run.err.find("--n") != std::string::npos);
    // a point outside the formula's domain stops the grid with the domain error
    run = run_sklaws("theory expected-tables --alpha 0.5,1.5 --beta 1 --n 10");
    CHECK(run.status == 2);
    CHECK(run.err.find("alpha") != std::string::npos);
}
