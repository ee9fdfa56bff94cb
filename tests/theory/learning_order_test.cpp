// D1's learning order (theory/learning_order.hpp) against the mpmath oracle
// (tests/oracle/theory_learning_order_oracle.py: r_n^syn and r_n^know from
// their definitions at every n = 0..n_max, N* by scanning every n): the split
// within its stated bounds, N* exactly in each regime (crossover, knowledge
// above throughout, syntax still above at n_max, α = 0); N* does not move
// when n_max grows past it; domain errors (label collisions included).
#include "scaling_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/learning_order.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

using namespace sklaws::theory;

namespace {

struct Case {
    LearningOrderModel model;
    std::uint64_t n_max = 0;
};

Case parse_case(const sklaws::test::OracleRow& f) {
    Case c;
    c.model.templates = static_cast<unsigned>(std::stoul(f[1]));
    c.model.prior = std::stod(f[2]);
    c.model.knowledge = {std::stod(f[3]), std::stod(f[4])};
    c.model.names = std::stod(f[5]);
    c.model.values = std::stod(f[6]);
    c.n_max = std::stoull(f[7]);
    return c;
}

const auto& table() {
    static const auto rows = sklaws::test::read_scaling_oracle("theory_learning_order.tsv");
    return rows;
}

// |computed − oracle| within the computed bound plus the oracle's rounding to double.
void check_within(const sklaws::numerics::Evaluation<double>& e, double oracle, const std::string& what) {
    INFO(what << ": " << e.val << " ± " << e.err << ", oracle " << oracle);
    CHECK(std::abs(e.val - oracle) <= e.err + 0x1p-52 * std::abs(oracle));
    CHECK(e.err <= 1e-10 * std::abs(oracle) + 1e-12);  // at least 10 digits claimed
}

}  // namespace

TEST_CASE("D1 syntax/knowledge split matches the oracle within its bounds", "[theory][learning-order]") {
    std::size_t checked = 0;
    for (const auto& f : table()) {
        if (f[8] != "split") continue;
        const Case c = parse_case(f);
        const std::uint64_t n = std::stoull(f[9]);
        const auto split = learning_order_split(c.model, n);
        const std::string at = f[0] + " n = " + f[9];
        check_within(split.syntax, std::stod(f[10]), at + " syntax");
        check_within(split.knowledge, std::stod(f[11]), at + " knowledge");
        check_within(split.total, std::stod(f[10]) + std::stod(f[11]), at + " total");
        ++checked;
    }
    CHECK(checked >= 30);
}

TEST_CASE("D1 crossover N* equals the oracle's scan of every n", "[theory][learning-order]") {
    std::map<std::string, int> regimes;
    for (const auto& f : table()) {
        if (f[8] != "crossover") continue;
        const Case c = parse_case(f);
        const std::uint64_t expected = std::stoull(f[9]);
        const auto x = learning_order_crossover(c.model, c.n_max);
        INFO(f[0] << ": N* = " << x.crossover << ", oracle " << expected);
        CHECK(x.resolved);
        CHECK(x.crossover == expected);
        CHECK(x.crossover_low == expected);
        CHECK(x.knowledge_above_throughout == (expected == 0));
        CHECK(x.found == (expected <= c.n_max));
        CHECK(x.at_crossover.n == std::min(expected, c.n_max));
        CHECK(x.syntax_evaluations <= 200);
        if (x.found && expected > 0) {
            CHECK(x.at_crossover.knowledge.val > x.at_crossover.syntax.val);
            const auto before = learning_order_split(c.model, expected - 1);
            CHECK(before.knowledge.val <= before.syntax.val);
        }
        ++regimes[expected == 0 ? "throughout" : expected > c.n_max ? "not found" : "crossover"];
    }
    CHECK(regimes["throughout"] >= 1);
    CHECK(regimes["not found"] >= 1);
    CHECK(regimes["crossover"] >= 2);
}

TEST_CASE("D1 crossover stays put as n_max grows, and appears later for small alpha", "[theory][learning-order]") {
    for (const auto& f : table()) {
        if (f[8] != "crossover") continue;
        const Case c = parse_case(f);
        const std::uint64_t expected = std::stoull(f[9]);
        if (expected == 0 || expected > c.n_max) continue;
        // Knowledge falls like n^-(1-alpha), syntax like 1/n: once above, it stays above.
        CHECK(learning_order_crossover(c.model, 3 * c.n_max).crossover == expected);
    }
    LearningOrderModel slow;  // alpha = 0.2: knowledge only overtakes late
    slow.templates = 200;
    slow.knowledge = {0.2, 1.0};
    slow.names = 1e3;
    slow.values = 1e3;
    const auto x = learning_order_crossover(slow, 400);
    CHECK_FALSE(x.found);
    const auto later = learning_order_crossover(slow, 100'000);
    CHECK(later.found);
    CHECK(later.crossover > 400);
    CHECK(later.at_crossover.knowledge.val > later.at_crossover.syntax.val);
    CHECK(learning_order_split(slow, later.crossover - 1).knowledge.val <= learning_order_split(slow, later.crossover - 1).syntax.val);
}

TEST_CASE("D1 learning order refuses bad input and label collisions", "[theory][learning-order]") {
    using sklaws::numerics::DomainError;
    LearningOrderModel m;
    m.names = 1e9;
    CHECK_NOTHROW(learning_order_split(m, 1000));
    m.names = 2;
    m.values = 2;  // E[K_n]^2 >> 2MV: R1 would undercount, even turn negative
    CHECK_THROWS_AS(learning_order_split(m, 1000), DomainError);
    CHECK_THROWS_AS(learning_order_crossover(m, 1000), DomainError);
    m = LearningOrderModel{};
    CHECK_THROWS_AS(learning_order_crossover(m, 0), DomainError);
    CHECK_THROWS_AS(learning_order_crossover(m, 20'000'000), DomainError);
    CHECK_THROWS_AS(learning_order_split(m, 20'000'000), DomainError);
    m.templates = 1;
    CHECK_THROWS_AS(learning_order_split(m, 10), DomainError);
    m = LearningOrderModel{};
    m.prior = 0;
    CHECK_THROWS_AS(learning_order_split(m, 10), DomainError);
    m = LearningOrderModel{};
    m.knowledge.alpha = 1;
    CHECK_THROWS_AS(learning_order_split(m, 10), DomainError);
}
