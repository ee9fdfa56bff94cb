// The replicate runner and the checks: reproducibility across thread counts,
// correct means/SEs on laws with known moments, and checks that can fail.
#include <catch2/catch.hpp>

#include <sklaws/validation/check.hpp>
#include <sklaws/validation/monte_carlo.hpp>
#include <sklaws/validation/scaling_estimators.hpp>

#include <cmath>

using namespace sklaws::validation;
using sklaws::numerics::RandomStream;

namespace {
std::vector<std::vector<double>> draws(unsigned threads) {
    RunOptions options;
    options.seed = 7;
    options.threads = threads;
    return run_replicates(500, options, [](RandomStream& rng, std::size_t r) {
        std::vector<double> v(1 + r % 5);
        for (auto& x : v) x = rng.normal();
        return v;
    });
}
}  // namespace

TEST_CASE("run_replicates gives identical results for 1, 2 and 8 threads", "[validation]") {
    const auto one = draws(1);
    CHECK(draws(2) == one);
    CHECK(draws(8) == one);
    RunOptions other;
    other.seed = 8;
    const auto different = run_replicates(500, other, [](RandomStream& rng, std::size_t) { return rng.normal(); });
    CHECK(different[0] != one[0][0]);
}

TEST_CASE("estimate_mean: uniform(0,1) mean 1/2 and SE sqrt(1/12/R)", "[validation]") {
    RunOptions options;
    options.seed = 3;
    const std::size_t R = 40000;
    const auto u = run_replicates(R, options, [](RandomStream& rng, std::size_t) { return rng.uniform(); });
    const Estimate e = estimate_mean(u);
    const double se = std::sqrt(1.0 / 12.0 / R);
    CHECK(std::abs(e.mean - 0.5) <= 4 * se);
    CHECK(e.se == Approx(se).epsilon(0.03));  // SE of an SE estimate is ~1/sqrt(2R) relative
    CHECK(e.replicates == R);
}

TEST_CASE("estimate_variance: exponential(1) has variance 1", "[validation]") {
    RunOptions options;
    options.seed = 4;
    const auto x = run_replicates(40000, options, [](RandomStream& rng, std::size_t) { return -std::log(rng.uniform()); });
    const Estimate v = estimate_variance(x);
    // Var(s²) ≈ (μ4 − σ⁴)/R = (9 − 1)/R for the exponential law.
    CHECK(v.se == Approx(std::sqrt(8.0 / 40000)).epsilon(0.15));
    CHECK(std::abs(v.mean - 1.0) <= 4 * v.se);
}

TEST_CASE("compare passes within z*SE and fails outside; limits are not verdicts", "[validation]") {
    const Estimate e{1.0, 0.1, 100};
    CHECK(compare("q", "K1", 1.35, e).pass);
    const Check far = compare("q", "K1", 1.5, e);
    CHECK_FALSE(far.pass);
    CHECK(far.z == Approx(-5.0));
    CHECK_FALSE(compare("q", "K1", 1.0001, Estimate{1.0, 0.0, 10}).pass);
    CHECK(compare("q", "K1", 1.0, Estimate{1.0, 0.0, 10}).pass);
    CHECK_FALSE(compare("q", "K1", std::nan(""), e).pass);
    // A limit is never a verdict, however close or far.
    const Check limit = limit_check("q", "M1", 1.1, Estimate{1.0, 0.001, 10});
    CHECK_FALSE(limit.is_z_test());
    CHECK(limit.relative_distance == Approx(-0.1 / 1.1));
    CHECK(to_json(limit)["pass"].is_null());
    const auto j = to_json(far);
    CHECK(j["pass"] == false);
    CHECK(j["label"] == "K1");
    CHECK(j["inputs"]["replicates"] == 100);
}

TEST_CASE("log-log slope of a noisy power law recovers the exponent within its SE", "[validation]") {
    const std::vector<double> x{10, 20, 40, 80, 160};
    RunOptions options;
    options.seed = 11;
    const auto rows = run_replicates(4000, options, [&](RandomStream& rng, std::size_t) {
        std::vector<double> y(x.size());
        for (std::size_t b = 0; b < x.size(); ++b) y[b] = std::pow(x[b], -0.7) * (1.0 + 0.3 * rng.normal());
        return y;
    });
    const Estimate slope = estimate_loglog_slope(x, rows);
    CHECK(slope.se > 0.0);
    CHECK(slope.se < 0.01);
    CHECK(std::abs(slope.mean + 0.7) <= 4 * slope.se);
    CHECK(loglog_slope(x, {std::pow(10, -0.7), std::pow(20, -0.7), std::pow(40, -0.7), std::pow(80, -0.7),
                           std::pow(160, -0.7)}) == Approx(-0.7).epsilon(1e-12));
}

TEST_CASE("log-log slope from streamed moments is the rows form, bit for bit; T_C streamed too", "[validation]") {
    const std::vector<double> x{10, 20, 40, 80};
    RunOptions options;
    options.seed = 12;
    auto noisy = [&](RandomStream& rng, std::size_t) {
        std::vector<double> y(x.size());
        for (std::size_t b = 0; b < x.size(); ++b) y[b] = std::pow(x[b], -0.5) * (1.0 + 0.2 * rng.normal());
        return y;
    };
    const auto rows = run_replicates(3000, options, noisy);
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    reduce_replicates(3000, options, noisy, moments);
    const Estimate from_rows = estimate_loglog_slope(x, rows), streamed = estimate_loglog_slope(x, moments);
    CHECK(streamed.mean == from_rows.mean);
    CHECK(streamed.se == from_rows.se);
    CHECK(std::abs(streamed.mean + 0.5) <= 4 * streamed.se);

    const sklaws::theory::PitmanYorParameters py{0.5, 1.0};
    const std::vector<std::uint64_t> capacities{10, 20, 40};
    const auto tail_rows = simulate_tail_mass(py, capacities, 40, options);
    const ColumnMoments tail = tail_mass_moments(py, capacities, 40, options);
    const auto tail_means = estimate_columns(tail_rows);
    for (std::size_t i = 0; i < capacities.size(); ++i) {
        CHECK(tail.mean(i).mean == tail_means[i].mean);
        CHECK(tail.mean(i).se == tail_means[i].se);
    }
    CHECK(estimate_loglog_slope({10, 20, 40}, tail).se == estimate_loglog_slope({10, 20, 40}, tail_rows).se);
}
