// GemWeights: stick-breaking weights and exact (untruncated) sampling from W.
// n draws from W must reproduce the CRP marginal: K1, K2, K4 at α = 0.8 and
// 0.95, where truncating the sticks would visibly bias E[K_n].
#include "sampler_oracle.hpp"

#include <sklaws/validation/stick_breaking.hpp>

#include <catch2/catch.hpp>

#include <map>

using namespace sklaws;
using sklaws::test::Moments;
using sklaws::test::oracle;

namespace {
constexpr double z_max = 4.0;
}

TEST_CASE("Sampling n tokens from GEM weights matches K1, K2, K4 (alpha = 0.8, 0.95)", "[validation][sampler]") {
    for (const char* name : {"a08_b1_n1000", "a08_b10_n1000", "a095_b05_n2000", "a03_bm02_n500"}) {
        INFO("case " << name);
        const auto& c = oracle().at(name);
        test::PartitionStatistics stats;
        for (std::uint64_t rep = 0; rep < 2000; ++rep) {
            validation::GemWeights w({c.alpha, c.beta}, 707, rep);
            numerics::RandomStream draws(708, rep);
            std::vector<std::uint64_t> counts;
            for (std::uint64_t i = 0; i < c.n; ++i) {
                const std::size_t atom = w.sample(draws);
                if (atom == counts.size()) counts.push_back(0);
                REQUIRE(atom < counts.size());
                ++counts[atom];
            }
            REQUIRE(w.discovered() == counts.size());
            stats.add(counts);
        }
        stats.check_against_oracle(name, z_max);
    }
}

TEST_CASE("GEM stick moments: E[W_1] and the expected remaining mass", "[validation][sampler]") {
    // V_j ~ Beta(1−α, β+jα): E[W_1] = (1−α)/(1+β) and
    // E[Π_{j≤J}(1−V_j)] = Π_{j≤J} (β+jα)/(β+(j−1)α+1), by independence.
    const double alpha = 0.8, beta = 1.0;
    const std::size_t sticks = 200;
    Moments w1, rest;
    for (std::uint64_t rep = 0; rep < 20000; ++rep) {
        validation::GemWeights w({alpha, beta}, 808, rep);
        w1.add(w.weight(0));
        w.weight(sticks - 1);
        REQUIRE(w.instantiated() == sticks);
        rest.add(w.remaining_mass());
    }
    double expected_rest = 1.0;
    for (std::size_t j = 1; j <= sticks; ++j) expected_rest *= (beta + j * alpha) / (beta + (j - 1) * alpha + 1.0);
    CHECK(test::z_score(w1.mean(), w1.mean_se(), (1 - alpha) / (1 + beta)) <= z_max);
    INFO("remaining after " << sticks << ": " << rest.mean() << " ± " << rest.mean_se() << " vs " << expected_rest);
    CHECK(test::z_score(rest.mean(), rest.mean_se(), expected_rest) <= z_max);
    CHECK(expected_rest > 0.2);  // the tail a truncation would have dropped
}

TEST_CASE("GEM weights sum with the remaining mass to 1 and do not depend on the draws", "[validation][sampler]") {
    validation::GemWeights a({0.5, 2.0}, 1, 9), b({0.5, 2.0}, 1, 9);
    numerics::RandomStream draws(3, 3);
    for (int i = 0; i < 10000; ++i) a.sample(draws);
    double total = a.remaining_mass();
    for (std::size_t j = 0; j < a.instantiated(); ++j) {
        CHECK(a.weight(j) == b.weight(j));
        total += a.weight(j);
    }
    CHECK(total == Approx(1.0).margin(1e-12));
    CHECK(a.undiscovered_mass() >= a.remaining_mass());
    // Same seeds ⇒ same draws.
    validation::GemWeights c({0.5, 2.0}, 1, 9), e({0.5, 2.0}, 1, 9);
    numerics::RandomStream d1(3, 3), d2(3, 3);
    for (int i = 0; i < 1000; ++i) REQUIRE(c.sample(d1) == e.sample(d2));
}

TEST_CASE("GEM draws of a discovered atom have frequency W_j", "[validation][sampler]") {
    // After discovering atoms, draws are i.i.d. from W: the frequency of atom
    // 0 among later draws is W_0 (binomial SE).
    validation::GemWeights w({0.8, 1.0}, 5, 5);
    numerics::RandomStream draws(6, 6);
    const int warmup = 1000, n = 200000;
    for (int i = 0; i < warmup; ++i) w.sample(draws);
    std::map<std::size_t, double> hits;
    for (int i = 0; i < n; ++i) hits[w.sample(draws)] += 1;
    for (std::size_t j = 0; j < 3; ++j) {
        const double p = w.weight(j);
        const double se = std::sqrt(p * (1 - p) / n);
        INFO("atom " << j << ": " << hits[j] / n << " vs W = " << p);
        CHECK(test::z_score(hits[j] / n, se, p) <= z_max);
    }
}
