// table_sizes_by_construction (n_j = 1 + Binomial(R_j − 1, V_j)) against the
// mpmath oracle: K1, K2, K3, K4 and the first-table law at z = 4, including
// n = 1e9 and n = 1e12, where only the O(K) construction is feasible.
#include "sampler_oracle.hpp"

#include <sklaws/validation/table_construction.hpp>

#include <catch2/catch.hpp>

#include <numeric>

using namespace sklaws;
using sklaws::test::Moments;
using sklaws::test::oracle;

namespace {
constexpr double z_max = 4.0;

void check_moments(const std::string& name, int reps, bool with_blocks) {
    INFO("case " << name);
    const auto& c = oracle().at(name);
    Moments tables, first, blocks[5];
    for (int rep = 0; rep < reps; ++rep) {
        numerics::RandomStream rng(505, static_cast<std::uint64_t>(rep));
        const auto sizes = validation::table_sizes_by_construction({c.alpha, c.beta}, c.n, rng);
        REQUIRE(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}) == c.n);
        tables.add(static_cast<double>(sizes.size()));
        first.add(static_cast<double>(sizes[0]));
        double m[5] = {};
        for (auto s : sizes) {
            if (s <= 5) m[s - 1] += 1;
        }
        for (int j = 0; j < 5; ++j) blocks[j].add(m[j]);
    }
    const double mean = oracle().value(name, "mean_tables"), var = oracle().value(name, "var_tables");
    INFO("K_n: " << tables.mean() << " ± " << tables.mean_se() << " vs K1 " << mean);
    CHECK(test::z_score(tables.mean(), tables.mean_se(), mean) <= z_max);
    INFO("Var K_n: " << tables.variance() << " ± " << tables.variance_se() << " vs K2 " << var);
    CHECK(test::z_score(tables.variance(), tables.variance_se(), var) <= z_max);
    const double first_mean = oracle().value(name, "first_table_mean");
    INFO("n_1: " << first.mean() << " ± " << first.mean_se() << " vs " << first_mean);
    CHECK(test::z_score(first.mean(), first.mean_se(), first_mean) <= z_max);
    if (!with_blocks) return;
    for (int j = 1; j <= 5; ++j) {
        const double expected = oracle().value(name, "block_count", j);
        INFO("M_" << j << ": " << blocks[j - 1].mean() << " ± " << blocks[j - 1].mean_se() << " vs K4 " << expected);
        CHECK(test::z_score(blocks[j - 1].mean(), blocks[j - 1].mean_se(), expected) <= z_max);
    }
}
}  // namespace

TEST_CASE("Table construction matches K1, K2, K4 and the first-table law", "[validation][sampler]") {
    for (const char* name : {"a05_b1_n1000", "a08_b10_n1000", "a0_b2_n1000", "a03_bm02_n500", "a095_b05_n2000",
                             "a08_b1_n1000"}) {
        check_moments(name, 3000, true);
    }
}

TEST_CASE("Table construction at n = 1e9 and 1e12 matches K1 and K2", "[validation][sampler]") {
    // ≈ 1.5e4 and 7e4 tables per replicate, ~0.5 µs each.
    check_moments("a03_b1_n1e12", 200, false);
    check_moments("a05_b1_n1e9", 60, false);
}

TEST_CASE("Table construction law of K_50 matches the K3 recursion (chi-square)", "[validation][sampler]") {
    const std::string name = "a05_b1_n50";
    const int reps = 40000;
    std::vector<double> observed(50, 0.0), probability(50);
    for (int k = 1; k <= 50; ++k) probability[k - 1] = oracle().value(name, "law_tables", k);
    for (int rep = 0; rep < reps; ++rep) {
        numerics::RandomStream rng(606, static_cast<std::uint64_t>(rep));
        observed[validation::table_sizes_by_construction({0.5, 1.0}, 50, rng).size() - 1] += 1;
    }
    const auto [stat, df] = test::chi_square(observed, probability, reps);
    INFO("chi-square " << stat << " on " << df << " df, critical " << test::chi_square_critical(df));
    CHECK(df >= 10);
    CHECK(stat <= test::chi_square_critical(df));
}

TEST_CASE("Table construction is reproducible and handles n = 0, 1", "[validation][sampler]") {
    numerics::RandomStream a(1, 2), b(1, 2);
    CHECK(validation::table_sizes_by_construction({0.6, 2.0}, 100000, a) ==
          validation::table_sizes_by_construction({0.6, 2.0}, 100000, b));
    CHECK(validation::table_sizes_by_construction({0.6, 2.0}, 0, a).empty());
    CHECK(validation::table_sizes_by_construction({0.6, 2.0}, 1, a) == std::vector<std::uint64_t>{1});
    CHECK_THROWS_AS(validation::table_sizes_by_construction({-0.1, 2.0}, 10, a), numerics::DomainError);
}
