// Zipf's rank-frequency estimator: the number of elements seen at least j
// times matches the K4 tail sum Σ_{i≥j} E[M_{i,n}] at z = 4 (each term from
// theory::expected_block_count, one closed-form evaluation per i, not the
// recurrence the experiment uses), and not at a shifted α; the frequency at
// rank r is non-increasing in r and sums consistently with K_n; results are
// identical for 1, 2 and 8 threads.
#include <catch2/catch.hpp>

#include <sklaws/theory/block_counts.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/validation/check.hpp>
#include <sklaws/validation/zipf_estimators.hpp>

using namespace sklaws;
using namespace sklaws::validation;

namespace {

constexpr std::uint64_t kN = 2000;
const std::vector<std::uint64_t> kRanks{1, 2, 5, 10, 20, 50, 100, 200};
const std::vector<std::uint64_t> kFrequencies{1, 2, 5, 20, 100};

RankFrequencyEstimate run(unsigned threads, std::size_t replicates) {
    RunOptions options;
    options.seed = 11;
    options.threads = threads;
    return estimate_rank_frequency({0.5, 1.0}, kN, kRanks, kFrequencies, replicates, options);
}

double seen_at_least(double alpha, double beta, std::uint64_t j) {
    double sum = 0;
    for (std::uint64_t i = kN; i >= j; --i) {  // smallest terms first
        sum += theory::expected_block_count<double>(alpha, beta, static_cast<double>(kN), static_cast<double>(i));
    }
    return sum;
}

}  // namespace

TEST_CASE("rank-frequency: elements seen >= j times match K4 tail sums", "[validation]") {
    const auto e = run(0, 3000);
    REQUIRE(e.seen_at_least.size() == kFrequencies.size());
    for (std::size_t i = 0; i < kFrequencies.size(); ++i) {
        const Check check = compare("N_{>=j}", "K4", seen_at_least(0.5, 1.0, kFrequencies[i]), e.seen_at_least[i]);
        INFO("j = " << kFrequencies[i] << ": " << check.estimate << " ± " << check.se << " vs K4 " << check.theory
                    << ", z = " << check.z);
        CHECK(check.pass);
    }
    // j = 1 counts every element: K1.
    CHECK(compare("K_n", "K1", theory::expected_tables<double>(0.5, 1.0, static_cast<double>(kN)), e.seen_at_least[0]).pass);
    // A shifted α moves the curve by far more than 4 SE where counts are large.
    CHECK_FALSE(compare("N_{>=j}", "K4", seen_at_least(0.55, 1.0, 2), e.seen_at_least[1]).pass);
    // The r-th largest size cannot grow with r.
    for (std::size_t i = 1; i < kRanks.size(); ++i) {
        CHECK(e.frequency_at_rank[i].mean <= e.frequency_at_rank[i - 1].mean);
    }
    CHECK(e.frequency_at_rank[0].mean < static_cast<double>(kN));
    CHECK(e.frequency_at_rank[0].se > 0.0);
}

TEST_CASE("rank-frequency estimates are identical for 1, 2 and 8 threads", "[validation]") {
    const auto one = run(1, 200);
    for (unsigned threads : {2U, 8U}) {
        const auto other = run(threads, 200);
        for (std::size_t i = 0; i < kRanks.size(); ++i) {
            CHECK(other.frequency_at_rank[i].mean == one.frequency_at_rank[i].mean);
            CHECK(other.frequency_at_rank[i].se == one.frequency_at_rank[i].se);
        }
        for (std::size_t i = 0; i < kFrequencies.size(); ++i) {
            CHECK(other.seen_at_least[i].mean == one.seen_at_least[i].mean);
        }
    }
}

TEST_CASE("rank-frequency rejects bad grids", "[validation]") {
    RunOptions options;
    using numerics::DomainError;
    CHECK_THROWS_AS(estimate_rank_frequency({0.5, 1.0}, 100, {}, {1}, 10, options), DomainError);
    CHECK_THROWS_AS(estimate_rank_frequency({0.5, 1.0}, 100, {2, 1}, {1}, 10, options), DomainError);
    CHECK_THROWS_AS(estimate_rank_frequency({0.5, 1.0}, 100, {1}, {0}, 10, options), DomainError);
    CHECK_THROWS_AS(estimate_rank_frequency({0.5, 1.0}, 100, {101}, {1}, 10, options), DomainError);
}
