// Messages name what the user typed (issue 18 item 7): an option or config
// key and its value as given, and what was expected — not an internal
// variable.
#include <catch2/catch.hpp>

#include "../support/run_sklaws.hpp"

#include <algorithm>
#include <string>

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
bool one_line(const std::string& s) { return std::count(s.begin(), s.end(), '\n') == 1; }

}  // namespace

TEST_CASE("model-scaling with one capacity names --capacity and the list typed", "[messages]") {
    const auto r = sklaws::test::run_sklaws("simulate model-scaling --capacity 100000 --replicates 10 --quiet");
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(one_line(r.err));
    CHECK(has(r.err, "capacity expects a list of at least two capacities C"));
    CHECK(has(r.err, "got [100000]"));
    CHECK_FALSE(has(r.err, "capacity = 1 "));
}
