// RandomStream: reproducibility, independence of (seed, stream) keys, and the
// distributions of uniform(), below(n) and normal().
//
// Statistical checks use fixed seeds (so they are deterministic) and a 5σ
// tolerance, or chi-square thresholds with p ≈ 1e-6 under the null: a correct
// generator fails one of them with probability ~1e-6 per key, a biased one
// (e.g. below(n) by `next() % n`, or correlated keys) fails them surely.
#include <sklaws/numerics/random_stream.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

using sklaws::numerics::RandomStream;

namespace {

double chi_square(const std::vector<double>& observed, double expected_each) {
    double chi2 = 0;
    for (double o : observed) chi2 += (o - expected_each) * (o - expected_each) / expected_each;
    return chi2;
}

double correlation(RandomStream a, RandomStream b, int n) {
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (int i = 0; i < n; ++i) {
        const double x = a.uniform(), y = b.uniform();
        sa += x, sb += y, saa += x * x, sbb += y * y, sab += x * y;
    }
    const double cov = sab / n - (sa / n) * (sb / n);
    return cov / std::sqrt((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n)));
}

}  // namespace

TEST_CASE("a (seed, stream) key always gives the same sequence", "[numerics][random]") {
    RandomStream a(2026, 17), b(2026, 17);
    for (int i = 0; i < 1000; ++i) REQUIRE(a.next() == b.next());
    for (int i = 0; i < 1000; ++i) REQUIRE(a.uniform() == b.uniform());
    for (int i = 0; i < 1000; ++i) REQUIRE(a.normal() == b.normal());
    for (int i = 0; i < 1000; ++i) REQUIRE(a.below(1000003) == b.below(1000003));
    // A stream's sequence does not depend on draws from other streams, so
    // work items may run on any thread in any order.
    RandomStream c(2026, 17), other(2026, 18), d(2026, 17);
    std::vector<std::uint64_t> interleaved, alone;
    for (int i = 0; i < 100; ++i) {
        interleaved.push_back(c.next());
        other.next();
        alone.push_back(d.next());
    }
    CHECK(interleaved == alone);
}

TEST_CASE("distinct keys give distinct sequences", "[numerics][random]") {
    const std::array<std::pair<std::uint64_t, std::uint64_t>, 6> keys{
        {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {42, 0}, {0, 42}}};
    std::vector<std::array<std::uint64_t, 4>> firsts;
    for (const auto& [seed, id] : keys) {
        RandomStream r(seed, id);
        firsts.push_back({r.next(), r.next(), r.next(), r.next()});
    }
    for (std::size_t i = 0; i < firsts.size(); ++i)
        for (std::size_t j = i + 1; j < firsts.size(); ++j) CHECK(firsts[i] != firsts[j]);
}

TEST_CASE("neighbouring keys are uncorrelated", "[numerics][random]") {
    // |r| ≤ 5/sqrt(N) for independent uniform sequences (SE of r is 1/sqrt(N)).
    const int n = 20000;
    const double tolerance = 5.0 / std::sqrt(n);
    for (std::uint64_t id = 0; id < 8; ++id) {
        INFO("stream " << id);
        CHECK(std::abs(correlation(RandomStream(7, id), RandomStream(7, id + 1), n)) <= tolerance);
        CHECK(std::abs(correlation(RandomStream(id, 3), RandomStream(id + 1, 3), n)) <= tolerance);
        // Lagged: stream id+1 shifted by one draw.
        RandomStream lagged(7, id + 1);
        lagged.next();
        CHECK(std::abs(correlation(RandomStream(7, id), lagged, n)) <= tolerance);
    }
    // Joint law of (below(4) from stream 0, below(4) from stream 1): 16 cells,
    // chi-square with 15 degrees of freedom, P(χ² > 50) ≈ 1e-5.
    RandomStream a(99, 0), b(99, 1);
    std::vector<double> cells(16, 0.0);
    const int draws = 160000;
    for (int i = 0; i < draws; ++i) cells[a.below(4) * 4 + b.below(4)] += 1;
    CHECK(chi_square(cells, draws / 16.0) < 50.0);
}

TEST_CASE("uniform() is uniform on the open interval (0, 1)", "[numerics][random]") {
    RandomStream r(1, 2);
    const int n = 200000;
    std::vector<double> bins(20, 0.0);
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        const double x = r.uniform();
        REQUIRE(x > 0.0);
        REQUIRE(x < 1.0);
        sum += x;
        bins[static_cast<int>(x * 20)] += 1;
    }
    CHECK(std::abs(sum / n - 0.5) <= 5 * std::sqrt(1.0 / 12.0 / n));
    CHECK(chi_square(bins, n / 20.0) < 60.0);  // 19 dof, P(χ² > 60) ≈ 3e-6
}

TEST_CASE("below(n) is unbiased", "[numerics][random]") {
    RandomStream r(3, 4);
    for (std::uint64_t n : {1ULL, 2ULL, 7ULL, 10ULL}) {
        INFO("n = " << n);
        std::vector<double> counts(n, 0.0);
        const int draws = 70000;
        for (int i = 0; i < draws; ++i) {
            const std::uint64_t v = r.below(n);
            REQUIRE(v < n);
            counts[v] += 1;
        }
        // dof n−1 ≤ 9: P(χ² > 45) < 1e-6.
        if (n > 1) CHECK(chi_square(counts, static_cast<double>(draws) / n) < 45.0);
    }
    // n = 3·2^62: `next() % n` would put 1/2 of the mass below 2^62 instead
    // of 1/3; Lemire without rejection is biased the same way.
    const std::uint64_t n = 3ULL << 62;
    const int draws = 100000;
    int low = 0;
    for (int i = 0; i < draws; ++i) low += r.below(n) < (1ULL << 62);
    const double p = 1.0 / 3.0;
    CHECK(std::abs(static_cast<double>(low) / draws - p) <= 5 * std::sqrt(p * (1 - p) / draws));
    CHECK_THROWS_AS(r.below(0), sklaws::numerics::DomainError);
}

TEST_CASE("normal() has the standard normal law", "[numerics][random]") {
    RandomStream r(5, 6);
    const int n = 200000;
    double sum = 0, sum2 = 0;
    int within_one = 0;
    for (int i = 0; i < n; ++i) {
        const double z = r.normal();
        REQUIRE(std::isfinite(z));
        sum += z;
        sum2 += z * z;
        within_one += std::abs(z) < 1;
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    CHECK(std::abs(mean) <= 5 / std::sqrt(n));
    CHECK(std::abs(var - 1) <= 5 * std::sqrt(2.0 / n));
    const double p = std::erf(1 / std::sqrt(2.0));
    CHECK(std::abs(static_cast<double>(within_one) / n - p) <= 5 * std::sqrt(p * (1 - p) / n));
}
