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

BootstrapResult mean_bootstrap(const std::vector<double>& v, std::size_t threads, std::size_t resamples,
                               bool keep = true, std::size_t chunk = 1024, double level = 0.95) {
    BootstrapOptions o{resamples, 42, threads, level};
    o.keep_replicates = keep;
    o.chunk = chunk;
    return bootstrap_percentile(
        v.size(),
        [&](std::span<const std::size_t> idx) {
            double m = 0;
            for (auto i : idx) m += v[i];
            return std::vector<double>{m / static_cast<double>(idx.size())};
        },
        {"mean"}, o);
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

// The streaming reduction keeps only the order statistics the interval needs;
// it must give exactly the type-7 quantiles of all replicates, for any chunk
// size and thread count, at any level.
TEST_CASE("bootstrap: streaming tails equal the quantiles of all replicates", "[fitting][bootstrap]") {
    const auto v = sample(50);
    for (double level : {0.5, 0.9, 0.95, 0.99}) {
        for (std::size_t resamples : {1u, 2u, 3u, 37u, 2000u}) {
            const auto kept = mean_bootstrap(v, 2, resamples, true, 1024, level);
            const auto streamed = mean_bootstrap(v, 1, resamples, false, 7, level);
            INFO("level " << level << ", R = " << resamples);
            CHECK(streamed.replicates.empty());
            if (resamples < 2) {
                CHECK_FALSE(streamed.available[0]);
                continue;
            }
            std::vector<double> all;
            for (const auto& r : kept.replicates) all.push_back(r[0]);
            const double tail = (1 - level) / 2;
            CHECK(streamed.intervals[0].lo == sample_quantile(all, tail));
            CHECK(streamed.intervals[0].hi == sample_quantile(all, 1 - tail));
            CHECK(streamed.standard_errors[0] == Approx(kept.standard_errors[0]).epsilon(1e-12));
        }
    }
}

TEST_CASE("bootstrap: tail buffers, and memory that does not grow with R x q", "[fitting][bootstrap]") {
    TailQuantiles t(1000, 0.025);
    for (int i = 999; i >= 0; --i) t.add(i);
    t.add(NAN);
    CHECK(t.valid() == 1000);
    CHECK(t.invalid() == 1);
    std::vector<double> all(1000);
    for (int i = 0; i < 1000; ++i) all[i] = i;
    CHECK(t.interval().lo == sample_quantile(all, 0.025));
    CHECK(t.interval().hi == sample_quantile(all, 0.975));
    // 1e7 resamples of the 11 Chinchilla quantities: 5 % of the replicates, not all of them
    const std::size_t bytes = bootstrap_peak_bytes(11, 10000000, 0.95);
    CHECK(bytes < 60u * 1024 * 1024);
    CHECK(bytes > 11u * 2 * 250000 * sizeof(double));
    CHECK(bootstrap_peak_bytes(11, 1000, 0.95) < 200u * 1024);
}
