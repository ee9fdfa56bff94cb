// Percentile bootstrap: quantile definition, determinism across thread
// counts, and the interval of a mean against its normal-theory interval.
#include <catch2/catch.hpp>

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/numerics/random_stream.hpp>

#include <cmath>
#include <stdexcept>

using namespace sklaws::fitting;

TEST_CASE("bootstrap: type-7 quantile as numpy.quantile", "[fitting][bootstrap]") {
    // numpy.quantile([1, 2, 3, 4], [0, .25, .5, .9, 1]) = 1, 1.75, 2.5, 3.7, 4
    const std::vector<double> v{4, 1, 3, 2};
    CHECK(sample_quantile(v, 0.0) == 1.0);
    CHECK(sample_quantile(v, 0.25) == Approx(1.75).epsilon(1e-15));
    CHECK(sample_quantile(v, 0.5) == Approx(2.5).epsilon(1e-15));
    CHECK(sample_quantile(v, 0.9) == Approx(3.7).epsilon(1e-15));
    CHECK(sample_quantile(v, 1.0) == 4.0);
}

namespace {

std::vector<double> sample(std::size_t n) {
    sklaws::numerics::RandomStream s(5, 0);
    std::vector<double> v(n);
    for (auto& x : v) x = 10 + 2 * s.normal();
    return v;
}

BootstrapResult mean_bootstrap(const std::vector<double>& v, std::size_t threads, std::size_t resamples) {
    return bootstrap_percentile(
        v.size(),
        [&](std::span<const std::size_t> idx) {
            double m = 0;
            for (auto i : idx) m += v[i];
            return std::vector<double>{m / static_cast<double>(idx.size())};
        },
        {"mean"}, {resamples, 42, threads, 0.95});
}

}  // namespace

TEST_CASE("bootstrap: identical replicates for 1 and 2 threads", "[fitting][bootstrap]") {
    const auto v = sample(100);
    const auto one = mean_bootstrap(v, 1, 300), two = mean_bootstrap(v, 2, 300);
    CHECK(one.replicates == two.replicates);
    CHECK(one.intervals[0].lo == two.intervals[0].lo);
    CHECK(one.intervals[0].hi == two.intervals[0].hi);
    // Resample r is RandomStream(seed, r): reproducible on its own.
    CHECK(resample_indices(100, 42, 7) == resample_indices(100, 42, 7));
    CHECK(resample_indices(100, 42, 7) != resample_indices(100, 42, 8));
}

// For the mean of n = 400 normal points the bootstrap SE must match
// s/sqrt(n) (the plug-in SE uses the 1/n variance, a 0.1 % difference) to the
// Monte Carlo accuracy of 4000 resamples: the SE of an SD estimate is about
// SE/sqrt(2·4000) = 1.1 %, so 5 % is > 4 sigma. The interval half-width must
// match 1.96·SE to 8 % (quantile noise of the 2.5 % tails is larger).
TEST_CASE("bootstrap: interval of a mean agrees with normal theory", "[fitting][bootstrap]") {
    const auto v = sample(400);
    double mean = 0, ss = 0;
    for (double x : v) mean += x;
    mean /= 400;
    for (double x : v) ss += (x - mean) * (x - mean);
    const double se = std::sqrt(ss / 400) / std::sqrt(400.0);
    const auto r = mean_bootstrap(v, 0, 4000);
    CHECK(r.failed == 0);
    CHECK(r.standard_errors[0] == Approx(se).epsilon(0.05));
    CHECK((r.intervals[0].hi - r.intervals[0].lo) / 2 == Approx(1.959964 * se).epsilon(0.08));
    CHECK(r.intervals[0].lo < mean);
    CHECK(mean < r.intervals[0].hi);
}

TEST_CASE("bootstrap: failing resamples are counted, not fatal", "[fitting][bootstrap]") {
    const auto r = bootstrap_percentile(
        10,
        [](std::span<const std::size_t> idx) -> std::vector<double> {
            if (idx[0] == 0) throw std::runtime_error("degenerate");
            return {static_cast<double>(idx[0]), idx[1] == 0 ? NAN : 1.0};
        },
        {"first", "maybe"}, {500, 3, 0, 0.9});
    // idx[0] == 0 has probability 1/10: about 50 of 500 fail.
    CHECK(r.failed > 20);
    CHECK(r.failed < 90);
    CHECK(r.invalid[1] > 20);
    CHECK(r.available[0]);
}
