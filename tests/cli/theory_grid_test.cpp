// The grid syntax of `sklaws theory` (cli/theory_grid.hpp): lists, log and
// linear ranges (ends as typed, powers of ten exact, integers de-duplicated),
// the Cartesian product in the order typed, the point limit, bad ranges
// named by option; the table and CSV rendering.
#include "theory_grid.hpp"

#include <catch2/catch.hpp>

using namespace sklaws::cli;

namespace {

GridKind kinds(const std::string& name) {
    if (name == "n" || name == "j") return GridKind::count;
    if (name == "alpha" || name == "beta") return GridKind::real;
    return GridKind::none;
}

}  // namespace

TEST_CASE("grid values: single, list, log and linear ranges", "[cli][grid]") {
    CHECK(grid_values("n", "1000", true) == std::vector<std::string>{"1000"});
    CHECK(grid_values("alpha", "0.1,0.5,0.9", false) == std::vector<std::string>{"0.1", "0.5", "0.9"});
    const auto n = grid_values("n", "1e2:1e12:11", true);
    REQUIRE(n.size() == 11);
    CHECK(n.front() == "1e2");
    CHECK(n.back() == "1e12");
    std::uint64_t p = 100;
    for (std::size_t i = 1; i + 1 < n.size(); ++i) {
        p *= 10;
        CHECK(n[i] == std::to_string(p));
    }
    CHECK(grid_values("beta", "1e-3:1e3:7", false) ==
          std::vector<std::string>{"1e-3", "1e-2", "1e-1", "1", "1e1", "1e2", "1e3"});
    CHECK(grid_values("beta", "-0.5:0.5:5", false) == std::vector<std::string>{"-0.5", "-0.25", "0", "0.25", "0.5"});
    // log-spaced counts are rounded and de-duplicated
    const auto small = grid_values("n", "1:10:100", true);
    CHECK(small.size() == 10);
    CHECK(small.front() == "1");
    CHECK(small.back() == "10");
    CHECK(grid_values("n", "0:10:3", true) == std::vector<std::string>{"0", "5", "10"});
    CHECK(grid_values("n", "7:7:1", true) == std::vector<std::string>{"7"});
    const auto real_log = grid_values("beta", "2:3:3", false);
    REQUIRE(real_log.size() == 3);
    CHECK(std::stod(real_log[1]) == Approx(std::sqrt(6.0)).epsilon(1e-15));
}

TEST_CASE("grid values: bad ranges and lists are refused naming the option", "[cli][grid]") {
    CHECK_THROWS_WITH(grid_values("n", "1:10", true), Catch::Contains("--n") && Catch::Contains("start:stop:count"));
    CHECK_THROWS_WITH(grid_values("n", "1:10:0", true), Catch::Contains("--n") && Catch::Contains("at least 1"));
    CHECK_THROWS_WITH(grid_values("n", "1:10:2.5", true), Catch::Contains("point count"));
    CHECK_THROWS_WITH(grid_values("n", "1:10:5:3", true), Catch::Contains("start:stop:count"));
    CHECK_THROWS_WITH(grid_values("n", "1.5:10:5", true), Catch::Contains("--n"));
    CHECK_THROWS_WITH(grid_values("alpha", "nan:1:5", false), Catch::Contains("--alpha"));
    CHECK_THROWS_WITH(grid_values("alpha", "0.1,,0.3", false), Catch::Contains("empty item"));
    CHECK_THROWS_WITH(grid_values("alpha", "0.1,0.3,", false), Catch::Contains("empty item"));
    CHECK_THROWS_WITH(grid_values("n", "1:1e9:2000000", true), Catch::Contains("point count"));
}

TEST_CASE("grid expansion is the product in the order typed, with inline values", "[cli][grid]") {
    const std::vector<std::string> one{"--alpha", "0.5", "--beta", "1", "--n", "10"};
    CHECK(expand_grid(one, kinds) == std::vector<std::vector<std::string>>{one});
    const auto grid = expand_grid({"--alpha=0.25,0.5", "--beta", "1", "--n", "10:1000:3", "--json"}, kinds);
    REQUIRE(grid.size() == 6);
    CHECK(grid[0] == std::vector<std::string>{"--alpha=0.25", "--beta", "1", "--n", "10", "--json"});
    CHECK(grid[1] == std::vector<std::string>{"--alpha=0.25", "--beta", "1", "--n", "100", "--json"});
    CHECK(grid[5] == std::vector<std::string>{"--alpha=0.5", "--beta", "1", "--n", "1000", "--json"});
    // non-numeric options are left alone, even with commas
    CHECK(expand_grid({"--names", "1,2"}, kinds).size() == 1);
    CHECK_THROWS_WITH(expand_grid({"--alpha", "0.1:0.9:1000", "--n", "1:1e9:2000"}, kinds),
                      Catch::Contains("more than 1000000 points"));
}

TEST_CASE("grid tables: aligned text and CSV with quoting", "[cli][grid]") {
    std::vector<nlohmann::ordered_json> rows(2);
    rows[0] = {{"quantity", "q"}, {"label", "K1"}, {"n", "10"}, {"value", "1.5"}};
    rows[1] = {{"quantity", "q"}, {"label", "K1"}, {"n", "1000"}, {"value", "a,\"b\""}, {"extra", 3}};
    CHECK(grid_table(rows, true) == "n,value,extra\n10,1.5,\n1000,\"a,\"\"b\"\"\",3\n");
    CHECK(grid_table(rows, false) == "n     value  extra\n10    1.5\n1000  a,\"b\"  3\n");
}
