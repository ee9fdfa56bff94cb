// Single power law y = E + A x^-a: agreement with scipy's least_squares on a
// committed dataset, and bootstrap coverage on synthetic data of known law.
#include "fitting_test_support.hpp"

#include <catch2/catch.hpp>

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/power_law_fit.hpp>
#include <sklaws/numerics/random_stream.hpp>

#include <cmath>

using namespace sklaws::fitting;

namespace {

struct Xy {
    std::vector<double> x, y;
};

Xy power_data() {
    const auto t = fitting_test::oracle_csv("fitting_power_data.csv");
    return {t.numeric_column("x", ValueDomain::positive), t.numeric_column("y", ValueDomain::finite)};
}

}  // namespace

TEST_CASE("power law: least squares matches scipy least_squares", "[fitting][power][oracle]") {
    const auto d = power_data();
    const auto fit = fit_power_law(d.x, d.y);
    CHECK(fit.best_converged);
    CHECK_ORACLE("power_E", fit.E);
    CHECK_ORACLE("power_A", fit.A);
    CHECK_ORACLE("power_a", fit.a);
    CHECK_ORACLE("power_objective", fit.objective);
}

TEST_CASE("power law: Huber loss matches scipy loss='huber'", "[fitting][power][oracle]") {
    const auto d = power_data();
    PowerLawOptions o;
    o.loss = RobustLoss::huber;
    o.loss_scale = 0.05;
    const auto fit = fit_power_law(d.x, d.y, o);
    CHECK_ORACLE("power_huber_E", fit.E);
    CHECK_ORACLE("power_huber_A", fit.A);
    CHECK_ORACLE("power_huber_a", fit.a);
    CHECK_ORACLE("power_huber_objective", fit.objective);
}

TEST_CASE("power law: E = 0 variant matches scipy", "[fitting][power][oracle]") {
    const auto d = power_data();
    PowerLawOptions o;
    o.fit_offset = false;
    const auto fit = fit_power_law(d.x, d.y, o);
    CHECK(fit.E == 0.0);
    CHECK_ORACLE("power_noE_A", fit.A);
    CHECK_ORACLE("power_noE_a", fit.a);
    CHECK_ORACLE("power_noE_objective", fit.objective);
}

TEST_CASE("power law: bad input is a domain error", "[fitting][power]") {
    const std::vector<double> x{1, 2, 3}, y{3, 2, 1};
    CHECK_THROWS_AS(fit_power_law(x, y), sklaws::numerics::DomainError);  // 3 points, 3 parameters
    const std::vector<double> x4{1, 2, -3, 4}, y4{4, 3, 2, 1};
    CHECK_THROWS_AS(fit_power_law(x4, y4), sklaws::numerics::DomainError);
    const std::vector<double> x5{1, 2, 3, 4}, y5{4, 3, NAN, 1};
    CHECK_THROWS_AS(fit_power_law(x5, y5), sklaws::numerics::DomainError);
    // Enough points but too few distinct x to identify the exponent (a
    // bootstrap resample that drew one point every time).
    const std::vector<double> same_x{5, 5, 5, 5}, same_y{1, 1.1, 0.9, 1};
    PowerLawOptions no_offset;
    no_offset.fit_offset = false;
    CHECK_THROWS_AS(fit_power_law(same_x, same_y, no_offset), sklaws::numerics::DomainError);
    const std::vector<double> two_x{5, 5, 7, 7}, two_y{1, 1.1, 0.9, 0.8};
    CHECK_THROWS_AS(fit_power_law(two_x, two_y), sklaws::numerics::DomainError);  // E, A, a need 3 distinct x
    CHECK_NOTHROW(fit_power_law(two_x, two_y, no_offset));
}

// Coverage: 60 datasets of 60 points from y = 1.7 + 400 x^-0.34 + N(0, 0.02²).
// Each gets 95 % percentile-bootstrap intervals for E, A and a (200
// resamples, each refit from the point estimate). Expected coverage 0.95 for
// each parameter; with 60 datasets the binomial SD is sqrt(.95·.05/60) =
// 0.028, so ≥ 52/60 (0.95 − 3 SD = 0.866) is required for each.
TEST_CASE("power law: bootstrap intervals cover the true parameters", "[fitting][power][bootstrap]") {
    const double E = 1.7, A = 400, a = 0.34, sigma = 0.02;
    const std::size_t datasets = 60, points = 60;
    std::size_t covered_E = 0, covered_A = 0, covered_a = 0;
    for (std::size_t k = 0; k < datasets; ++k) {
        sklaws::numerics::RandomStream noise(777, k);
        std::vector<double> x, y;
        for (std::size_t i = 0; i < points; ++i) {
            x.push_back(std::pow(10.0, 3 + 6.0 * static_cast<double>(i) / (points - 1)));
            y.push_back(E + A * std::pow(x.back(), -a) + sigma * noise.normal());
        }
        const auto fit = fit_power_law(x, y);
        const auto boot = bootstrap_percentile(
            points,
            [&](std::span<const std::size_t> idx) {
                std::vector<double> bx, by;
                for (auto i : idx) {
                    bx.push_back(x[i]);
                    by.push_back(y[i]);
                }
                PowerLawOptions o;
                o.start = PowerLawStart{fit.E, fit.A, fit.a};
                const auto f = fit_power_law(bx, by, o);
                return std::vector<double>{f.E, f.A, f.a};
            },
            {"E", "A", "a"}, {200, 1000 + k, 0, 0.95});
        auto inside = [&](const char* name, double truth) {
            const auto ci = boot.interval(name);
            return ci.lo <= truth && truth <= ci.hi ? 1 : 0;
        };
        covered_E += inside("E", E);
        covered_A += inside("A", A);
        covered_a += inside("a", a);
    }
    INFO("covered of " << datasets << ": E " << covered_E << ", A " << covered_A << ", a " << covered_a);
    CHECK(covered_E >= 52);
    CHECK(covered_A >= 52);
    CHECK(covered_a >= 52);
}
