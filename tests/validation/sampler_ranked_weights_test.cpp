// The top-C ranked-weight sampler (validation/ranked_weights.hpp): its E[T_C]
// and E[W_(C)] are z-tested against M2's exact values from the mpmath oracle
// tests/oracle/validation_ranked_weights_oracle.py (alpha from 0.2 to 0.95,
// beta from near -alpha through 0 to 20, C from 1 to 1e5), its memory stays
// O(C) where stick-breaking would need ~C^{1/(1-alpha)} sticks, and a draw
// is a function of the stream alone.
#include "../support/oracle_table.hpp"
#include "../support/sanitizer.hpp"
#include "sampler_oracle.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/validation/ranked_weights.hpp>

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

using namespace sklaws;
using sklaws::test::Moments;

namespace {

// 22 z-tests: a false alarm in any of them has probability ~1.5e-4.
constexpr double z_max = 4.5;

struct Case {
    double alpha, beta;
    std::size_t C;
    double tail, weight;
    int digits;
};

std::vector<Case> cases() {
    const auto table = test::read_oracle_table("validation_ranked_weights.tsv", test::OracleHeader::none);
    std::vector<Case> out;
    for (const auto& row : table.rows)
        out.push_back({std::stod(row.cells.at(0)), std::stod(row.cells.at(1)),
                       static_cast<std::size_t>(std::stoull(row.cells.at(2))), std::stod(row.cells.at(3)),
                       std::stod(row.cells.at(4)), std::stoi(row.cells.at(5))});
    return out;
}

long max_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

}  // namespace

TEST_CASE("Ranked weights: the mean missing mass and C-th weight match M2's exact values (mpmath) by z-test", "[validation][sampler]") {
    const auto all = cases();
    REQUIRE(all.size() >= 10);
    for (const Case& c : all) {
        INFO("alpha " << c.alpha << " beta " << c.beta << " C " << c.C);
        REQUIRE(c.digits >= 6);
        // About 4e6 generated points per case (~0.3 s), 300 to 40000 draws
        // (a quarter, at least 100, in the ASan+UBSan tree: ~8x slower).
        const double budget = test_support::kAddressSanitizer ? 1e6 : 4e6;
        const double points = validation::ranked_weights_expected_points({c.alpha, c.beta}, c.C);
        const double fewest = test_support::kAddressSanitizer ? 100.0 : 300.0;
        const auto replicates = static_cast<std::size_t>(std::clamp(budget / points, fewest, 40000.0));
        Moments tail, weight;
        double worst_bound = 0;
        for (std::size_t r = 0; r < replicates; ++r) {
            numerics::RandomStream rng(1234, r);
            const auto draw = validation::ranked_weights({c.alpha, c.beta}, c.C, rng);
            REQUIRE(draw.top.size() == c.C);
            tail.add(draw.tail);
            weight.add(draw.top.back());
            worst_bound = std::max(worst_bound, draw.remainder_bias_bound);
            if (r < 20) {
                for (std::size_t i = 1; i < draw.top.size(); ++i) REQUIRE(draw.top[i] <= draw.top[i - 1]);
                double sum = draw.tail;
                for (double w : draw.top) sum += w;
                CHECK(sum == Approx(1.0).epsilon(1e-12));
                CHECK(draw.tail > 0);
            }
        }
        // The remainder approximation's bias is far below what the test resolves.
        CHECK(worst_bound <= 1e-6);
        INFO("T_C: MC " << tail.mean() << " ± " << tail.mean_se() << " vs M2 " << c.tail);
        CHECK(test::z_score(tail.mean(), tail.mean_se(), c.tail) <= z_max);
        INFO("W_(C): MC " << weight.mean() << " ± " << weight.mean_se() << " vs M2 " << c.weight);
        CHECK(test::z_score(weight.mean(), weight.mean_se(), c.weight) <= z_max);
        // The smallest relative error each z-test detects: 1-15%, except
        // where T_C is heavy-tailed (beta near -alpha: 26% at alpha = 0.95,
        // C = 1e5; 55% at alpha = 0.3, beta = -0.29, C = 10, where E[T_C] =
        // 1e-4 comes from rare draws); never a test that cannot fail.
        const double detectable = z_max * tail.mean_se() / c.tail;
        WARN("alpha " << c.alpha << " beta " << c.beta << " C " << c.C << ": " << replicates
                      << " draws detect a relative error of " << detectable << " in E[T_C]");
        if (!test_support::kAddressSanitizer) CHECK(detectable < 0.7);
    }
}

TEST_CASE("Ranked weights: T_C over a capacity grid from one draw", "[validation][sampler]") {
    numerics::RandomStream rng(99, 3);
    const auto draw = validation::ranked_weights({0.7, 2.0}, 1000, rng);
    const std::vector<std::uint64_t> grid{1, 10, 100, 1000};
    const auto tails = validation::tail_masses(draw, grid);
    REQUIRE(tails.size() == grid.size());
    CHECK(tails.back() == draw.tail);
    for (std::size_t j = 0; j < grid.size(); ++j) {
        double rest = draw.tail;
        for (std::size_t i = grid[j]; i < draw.top.size(); ++i) rest += draw.top[i];
        CHECK(tails[j] == Approx(rest).epsilon(1e-13));
        if (j > 0) CHECK(tails[j] < tails[j - 1]);
    }
    CHECK(tails.front() == Approx(1.0 - draw.top.front()).epsilon(1e-13));
    CHECK_THROWS_AS(validation::tail_masses(draw, {10, 2000}), numerics::DomainError);
    CHECK_THROWS_AS(validation::tail_masses(draw, {100, 10}), numerics::DomainError);
}

TEST_CASE("Ranked weights: the same stream gives identical bytes; bad input is refused", "[validation][sampler]") {
    for (const double beta : {-0.5, 0.0, 3.0}) {
        numerics::RandomStream a(7, 11), b(7, 11);
        const auto x = validation::ranked_weights({0.6, beta}, 500, a);
        const auto y = validation::ranked_weights({0.6, beta}, 500, b);
        REQUIRE(x.top.size() == y.top.size());
        CHECK(std::memcmp(x.top.data(), y.top.data(), x.top.size() * sizeof(double)) == 0);
        CHECK(std::memcmp(&x.tail, &y.tail, sizeof(double)) == 0);
    }
    // alpha -> 0: the first stable point is e^{400} and is thinned away; the
    // kept points are held in absolute units and must not underflow to 0/0.
    for (const double alpha : {0.01, 0.003}) {
        numerics::RandomStream small(3, 5);
        const auto d = validation::ranked_weights({alpha, 0.5}, 100, small);
        double sum = d.tail;
        for (double w : d.top) sum += w;
        CHECK(std::isfinite(d.tail));
        CHECK(d.tail >= 0);
        CHECK(d.top.front() > 0);
        CHECK(sum == Approx(1.0).epsilon(1e-12));
    }
    numerics::RandomStream rng(1, 1);
    CHECK_THROWS_AS(validation::ranked_weights({0.5, 1.0}, 0, rng), numerics::DomainError);
    CHECK_THROWS_AS(validation::ranked_weights({0.5, -0.5}, 10, rng), numerics::DomainError);
    CHECK_THROWS_AS(validation::ranked_weights({0.0, 1.0}, 10, rng), numerics::DomainError);
    CHECK_THROWS_AS(validation::ranked_weights({0.5, 1e9}, 10, rng), numerics::DomainError);
}

TEST_CASE("Ranked weights: alpha = 0.95, C = 1e5 in O(C) memory", "[validation][sampler]") {
    // Stick-breaking would need ~C^{1/(1-alpha)} = 1e100 sticks here.
    const long before = max_rss_kib();
    double tails = 0;
    for (std::size_t r = 0; r < 5; ++r) {
        numerics::RandomStream rng(5, r);
        const auto draw = validation::ranked_weights({0.95, 0.0}, 100000, rng);
        REQUIRE(draw.top.size() == 100000);
        tails += draw.tail;
    }
    CHECK(tails > 0);
    const long grown_kib = max_rss_kib() - before;
    INFO("peak RSS grew by " << grown_kib << " KiB");
    // The top 1e5 weights are 0.8 MB; ASan's quarantine keeps freed blocks.
    if (!test_support::kAddressSanitizer) CHECK(grown_kib < 16 * 1024);
}
