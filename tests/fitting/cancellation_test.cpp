// Cancellation of long fits (fitting/cancellation.hpp): a check installed on
// the calling thread is polled before each bootstrap resample (on TBB worker
// threads too), before each start of a multi-start grid and after each Ceres
// iteration; its exception leaves the fit, and nothing is polled after it.
// Without a scope the results are those of an uncancellable fit.
#include <catch2/catch.hpp>

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/cancellation.hpp>
#include <sklaws/fitting/joint_law_fit.hpp>
#include <sklaws/fitting/power_law_fit.hpp>

#include <atomic>
#include <cmath>
#include <stdexcept>
#include <vector>

using namespace sklaws::fitting;

namespace {

struct Stopped {};  // not a std::exception: nothing may swallow it as a failed fit

// A std::exception, as Python's Cancelled is: a bootstrap must not count it
// as a degenerate resample.
struct Interrupted : std::runtime_error {
    Interrupted() : std::runtime_error("interrupted") {}
};

// Throws once it has been called `allowed` times, and on every call after
// (sticky, as cancellation.hpp requires); counts every call.
template <class Exception = Stopped>
struct CountingCheck {
    std::size_t allowed;
    std::atomic<std::size_t> calls{0};
    void operator()() {
        if (calls.fetch_add(1) + 1 > allowed) throw Exception{};
    }
};

std::vector<double> xs(std::size_t n) {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = 1.0 + static_cast<double>(i);
    return x;
}

std::vector<double> law(const std::vector<double>& x) {
    std::vector<double> y;
    for (double v : x) y.push_back(1.5 + 4.0 * std::pow(v, -0.7));
    return y;
}

}  // namespace

TEST_CASE("cancellation: no scope, no check; scopes nest and restore", "[fitting][cancellation]") {
    CHECK(!current_cancel_check());
    CHECK_NOTHROW(poll_cancellation());
    {
        const CancellationScope outer([] { throw Stopped{}; });
        CHECK_THROWS_AS(poll_cancellation(), Stopped);
        {
            const CancellationScope inner([] {});
            CHECK_NOTHROW(poll_cancellation());
        }
        CHECK_THROWS_AS(poll_cancellation(), Stopped);
    }
    CHECK(!current_cancel_check());
}

TEST_CASE("cancellation: a power-law fit polls every start and every Ceres iteration", "[fitting][cancellation]") {
    const auto x = xs(40), y = law(x);
    const PowerLawFit plain = fit_power_law(x, y);
    REQUIRE(plain.starts > 10);
    // A check that never throws changes nothing and is called more often than
    // there are starts (once per start plus once per iteration).
    CountingCheck<> never{~std::size_t{0}};
    PowerLawFit watched;
    {
        const CancellationScope scope([&] { never(); });
        watched = fit_power_law(x, y);
    }
    CHECK(watched.E == plain.E);
    CHECK(watched.A == plain.A);
    CHECK(watched.a == plain.a);
    CHECK(watched.objective == plain.objective);
    CHECK(never.calls.load() > 2 * plain.starts);
    // One start: only the iteration callback can stop it.
    PowerLawOptions one;
    one.start = PowerLawStart{0.0, 1.0, 0.3};
    CountingCheck<> third{3};
    {
        const CancellationScope scope([&] { third(); });
        CHECK_THROWS_AS(fit_power_law(x, y, one), Stopped);
    }
    CHECK(third.calls.load() == 4);  // stopped at the first call that threw, polled no more
}

TEST_CASE("cancellation: a multi-start joint-law fit stops on its TBB workers", "[fitting][cancellation]") {
    std::vector<double> n, d, loss;
    for (double ni : {1e7, 3e7, 1e8, 3e8, 1e9})
        for (double di : {1e9, 3e9, 1e10, 3e10}) {
            n.push_back(ni);
            d.push_back(di);
            loss.push_back(1.7 + 400 * std::pow(ni, -0.34) + 410 * std::pow(di, -0.28));
        }
    JointLawOptions options;
    options.threads = 2;
    const std::size_t starts = options.grid.size();
    CountingCheck<> check{50};
    {
        const CancellationScope scope([&] { check(); });
        CHECK_THROWS_AS(fit_joint_law(n, d, loss, options), Stopped);
    }
    // Once the check threw, at most the starts already running on the other
    // worker reach a few more polls; the grid's thousands of starts do not.
    CHECK(check.calls.load() < 50 + starts / 10);
}

TEST_CASE("cancellation: a bootstrap stops before the next resamples, also inside a refit", "[fitting][cancellation]") {
    std::atomic<std::size_t> evaluated{0};
    const BootstrapEstimator estimator = [&](std::span<const std::size_t> idx) {
        ++evaluated;
        poll_cancellation();  // a refit inside the resample polls too
        return std::vector<double>{static_cast<double>(idx.size())};
    };
    BootstrapOptions o;
    o.resamples = 100000;
    o.threads = 2;
    o.chunk = 64;
    CountingCheck<Interrupted> check{500};
    {
        const CancellationScope scope([&] { check(); });
        CHECK_THROWS_AS(bootstrap_percentile(10, estimator, {"n"}, o), Interrupted);
    }
    // A Stopped thrown inside the estimator is not counted as a failed
    // resample: the bootstrap ends within the chunk it was in.
    CHECK(evaluated.load() < 500 + 2 * o.chunk);
    // Without a scope the same bootstrap runs every resample.
    evaluated = 0;
    o.resamples = 1000;
    const auto result = bootstrap_percentile(10, estimator, {"n"}, o);
    CHECK(evaluated.load() == 1000);
    CHECK(result.failed == 0);
}
