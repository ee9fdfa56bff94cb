// Every `sklaws theory` quantity declares its outputs (TheoryQuantity::results):
// the declarations are well formed, and evaluate_checked — the one path every
// evaluation takes (the command, its grids, the Python module) — refuses an
// output that is undeclared, out of order or missing, so a declaration cannot
// drift from what the quantity prints. That every quantity's real outputs
// match is shown by the sweep (theory_sweep_test.cpp), which evaluates each
// one at thousands of points through the same path.
#include "command_registry.hpp"
#include "theory_quantity.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>

using namespace sklaws::cli;

TEST_CASE("theory outputs: every quantity declares its outputs, once each, with declared options", "[cli][theory]") {
    REQUIRE(!theory_quantities().empty());
    for (const TheoryQuantity& q : theory_quantities()) {
        INFO(q.name);
        CHECK(!q.results.empty());
        std::set<std::string> names;
        for (const QuantityResult& r : q.results) {
            CHECK(names.insert(r.name).second);
            CHECK(!r.doc.empty());
            for (const std::string& option : r.with_options) {
                INFO(r.name << " with --" << option);
                CHECK(std::any_of(q.options.begin(), q.options.end(), [&](const auto& o) { return o.name == option; }));
            }
        }
    }
}

namespace {

// A quantity declaring a (always), b (with --flag) and c (absent where the
// values say), evaluating to the outputs listed in `printed`.
TheoryQuantity toy(std::vector<std::string> printed) {
    return {"toy",
            "T1",
            "a toy",
            {{"flag", OptionKind::flag, "adds b", false}},
            {{"a", "always"}, {"b", "with --flag", {"flag"}}, {"c", "where defined", {}, "never here"}},
            [printed](const ParsedOptions&, unsigned) {
                TheoryResult r;
                for (const auto& name : printed) {
                    TheoryOutput o;
                    o.name = name;
                    o.value = "1";
                    o.digits = 15;
                    r.outputs.push_back(o);
                }
                return r;
            }};
}

TheoryResult checked(const TheoryQuantity& q, const std::vector<std::string>& words) {
    CLI::App app{"", "toy"};
    declare_quantity_options(app, q);
    parse_words(app, words);
    return evaluate_checked(q, ParsedOptions(app), 15);
}

}  // namespace

TEST_CASE("theory outputs: evaluate_checked holds a quantity to its declaration", "[cli][theory]") {
    CHECK(checked(toy({"a"}), {}).label == "T1");                 // c may be absent; b needs --flag
    CHECK(checked(toy({"a", "c"}), {}).outputs.size() == 2);
    CHECK(checked(toy({"a", "b", "c"}), {"--flag"}).outputs.size() == 3);
    CHECK_THROWS_AS(checked(toy({"a", "b"}), {}), std::logic_error);        // b without --flag
    CHECK_THROWS_AS(checked(toy({"a"}), {"--flag"}), std::logic_error);     // b missing
    CHECK_THROWS_AS(checked(toy({"c", "a"}), {}), std::logic_error);        // out of order
    CHECK_THROWS_AS(checked(toy({"a", "d"}), {}), std::logic_error);        // undeclared
    CHECK_THROWS_AS(checked(toy({}), {}), std::logic_error);                // a missing
    const auto applicable = applicable_results(toy({}), [](const std::string& o) { return o == "flag"; });
    CHECK(applicable.size() == 3);
    CHECK(applicable_results(toy({}), [](const std::string&) { return false; }).size() == 2);
}
