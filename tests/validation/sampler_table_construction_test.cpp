// table_sizes_by_construction (n_j = 1 + Binomial(R_j − 1, V_j)) against the
// mpmath oracle: K1, K2, K3, K4 and the first-table law at z = 4, including
// n = 1e9 and n = 1e12, where only the O(K) construction is feasible.
#include "sampler_oracle.hpp"

#include <sklaws/validation/table_construction.hpp>

#include <catch2/catch.hpp>

#include <numeric>

using namespace sklaws;
using sklaws::test::oracle;

namespace {
constexpr double z_max = 4.0;

// Only the O(K) construction reaches n = 1e12; the oracle lists block
// counts only for the small cases, and the check skips them elsewhere.
void check_moments(const std::string& name, int reps) {
    const auto& c = oracle().at(name);
    test::PartitionStatistics stats;
    for (int rep = 0; rep < reps; ++rep) {
        numerics::RandomStream rng(505, static_cast<std::uint64_t>(rep));
        const auto sizes = validation::table_sizes_by_construction({c.alpha, c.beta}, c.n, rng);
        REQUIRE(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}) == c.n);
        stats.add(sizes);
    }
    stats.check_against_oracle(name, z_max);
}
}  // namespace

TEST_CASE("Table construction matches K1, K2, K4 and the first-table law", "[validation][sampler]") {
    for (const char* name : {"a05_b1_n1000", "a08_b10_n1000", "a0_b2_n1000", "a03_bm02_n500", "a095_b05_n2000",
                             "a08_b1_n1000"}) {
        check_moments(name, 3000);
    }
}

TEST_CASE("Table construction at n = 1e9 and 1e12 matches K1 and K2", "[validation][sampler]") {
    // ≈ 1.5e4 and 7e4 tables per replicate, ~0.5 µs each.
    check_moments("a03_b1_n1e12", 200);
    check_moments("a05_b1_n1e9", 60);
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
