// CRP samplers (CrpSampler, crp_table_count, CrpCountsSampler) against the
// mpmath oracle: K1 E[K_n], K2 Var[K_n], K3 law of K_n, K4 E[M_{j,n}], and
// the first-table BetaBinomial law; all at z = 4 with fixed seeds
// (a false alarm per check has probability ≈ 6e-5).
#include "sampler_oracle.hpp"

#include <sklaws/validation/crp_counts_sampler.hpp>
#include <sklaws/validation/crp_sampler.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace sklaws;
using sklaws::test::Moments;
using sklaws::test::PartitionStatistics;
using sklaws::test::oracle;

namespace {

constexpr double z_max = 4.0;

theory::PitmanYorParameters params_of(const std::string& name) {
    const auto& c = oracle().at(name);
    return {c.alpha, c.beta};
}

const char* const moment_cases[] = {"a05_b1_n1000", "a08_b10_n1000", "a0_b2_n1000", "a03_bm02_n500",
                                    "a095_b05_n2000"};

}  // namespace

TEST_CASE("CrpSampler matches K1, K2, K4 and the first-table law", "[validation][sampler]") {
    for (const char* name : moment_cases) {
        const auto params = params_of(name);
        const std::uint64_t n = oracle().at(name).n;
        PartitionStatistics stats;
        for (std::uint64_t rep = 0; rep < 3000; ++rep) {
            numerics::RandomStream rng(101, rep);
            validation::CrpSampler crp(params, n);
            crp.seat_many(n, rng);
            stats.add(crp.table_sizes());
        }
        stats.check_against_oracle(name, z_max);
    }
}

TEST_CASE("CrpSampler law of K_50 matches the K3 recursion (chi-square)", "[validation][sampler]") {
    const std::string name = "a05_b1_n50";
    const auto params = params_of(name);
    const int reps = 40000;
    std::vector<double> observed(50, 0.0), probability(50);
    for (int k = 1; k <= 50; ++k) probability[k - 1] = oracle().value(name, "law_tables", k);
    for (int rep = 0; rep < reps; ++rep) {
        numerics::RandomStream rng(202, rep);
        validation::CrpSampler crp(params);
        for (int i = 0; i < 50; ++i) crp.seat(rng);
        observed[crp.tables() - 1] += 1;
    }
    const auto [stat, df] = test::chi_square(observed, probability, reps);
    INFO("chi-square " << stat << " on " << df << " df, critical (p = 1e-4) " << test::chi_square_critical(df));
    CHECK(df >= 10);
    CHECK(stat <= test::chi_square_critical(df));
}

TEST_CASE("seat_many, seat and crp_table_count agree bit for bit on one stream", "[validation][sampler]") {
    for (const auto params : {theory::PitmanYorParameters{0.5, 1.0}, theory::PitmanYorParameters{0.8, 10.0},
                              theory::PitmanYorParameters{0.0, 3.0}, theory::PitmanYorParameters{0.3, -0.25}}) {
        const std::uint64_t n = 20000;
        numerics::RandomStream a(7, 1), b(7, 1), c(7, 1);
        validation::CrpSampler one(params), many(params);
        std::vector<std::uint32_t> seats;
        for (std::uint64_t i = 0; i < n; ++i) seats.push_back(one.seat(a));
        many.seat_many(n, b);
        const auto count = validation::crp_table_count(params, n, c);
        REQUIRE(one.customers() == n);
        CHECK(std::equal(one.table_sizes().begin(), one.table_sizes().end(), many.table_sizes().begin(),
                         many.table_sizes().end()));
        CHECK(count == one.tables());
        CHECK(a.next() == b.next());  // both consumed exactly n uniforms
        // Seat indices are tables in order of appearance: a new table is K.
        std::uint32_t seen = 0;
        for (auto t : seats) {
            CHECK(t <= seen);
            if (t == seen) ++seen;
        }
    }
}

TEST_CASE("Same seed gives the same partition; different streams differ", "[validation][sampler]") {
    const theory::PitmanYorParameters params{0.5, 1.0};
    auto run = [&](std::uint64_t stream) {
        numerics::RandomStream rng(99, stream);
        validation::CrpSampler crp(params);
        crp.seat_many(5000, rng);
        return std::vector<std::uint32_t>(crp.table_sizes().begin(), crp.table_sizes().end());
    };
    CHECK(run(3) == run(3));
    CHECK(run(3) != run(4));
}

TEST_CASE("crp_table_count matches K1 and K2", "[validation][sampler]") {
    for (const char* name : {"a05_b1_n1000", "a095_b05_n2000", "a03_bm02_n500"}) {
        INFO("case " << name);
        const auto params = params_of(name);
        Moments k;
        for (std::uint64_t rep = 0; rep < 4000; ++rep) {
            numerics::RandomStream rng(303, rep);
            k.add(static_cast<double>(validation::crp_table_count(params, oracle().at(name).n, rng)));
        }
        CHECK(test::z_score(k.mean(), k.mean_se(), oracle().value(name, "mean_tables")) <= z_max);
        CHECK(test::z_score(k.variance(), k.variance_se(), oracle().value(name, "var_tables")) <= z_max);
    }
}

TEST_CASE("CrpCountsSampler (Fenwick, O(K) memory) matches K1, K2, K4 and CrpSampler's K_n", "[validation][sampler]") {
    for (const char* name : {"a05_b1_n1000", "a08_b10_n1000", "a03_bm02_n500"}) {
        const auto params = params_of(name);
        const std::uint64_t n = oracle().at(name).n;
        PartitionStatistics stats;
        for (std::uint64_t rep = 0; rep < 3000; ++rep) {
            numerics::RandomStream rng(404, rep), same(404, rep);
            validation::CrpCountsSampler counts(params);
            validation::CrpSampler urn(params);
            std::uint64_t total = 0;
            for (std::uint64_t i = 0; i < n; ++i) counts.seat(rng);
            urn.seat_many(n, same);
            for (auto s : counts.table_sizes()) total += s;
            REQUIRE(total == n);
            REQUIRE(counts.tables() == urn.tables());  // same new-table decisions
            stats.add(counts.table_sizes());
        }
        stats.check_against_oracle(name, z_max);
    }
}

TEST_CASE("CRP rejects bad parameters", "[validation][sampler]") {
    CHECK_THROWS_AS(validation::CrpSampler(theory::PitmanYorParameters{1.0, 1.0}), numerics::DomainError);
    CHECK_THROWS_AS(validation::CrpSampler(theory::PitmanYorParameters{0.5, -0.5}), numerics::DomainError);
    numerics::RandomStream rng(1, 1);
    CHECK_THROWS_AS(validation::crp_table_count({0.5, std::nan("")}, 10, rng), numerics::DomainError);
}
