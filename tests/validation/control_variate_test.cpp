// Control variates (control_variate.hpp): the regression estimator against
// its closed form on data built so that every quantity is known.
#include <sklaws/validation/control_variate.hpp>

#include <sklaws/numerics/random_stream.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace sklaws::validation;

namespace {

// X = 3 + 2·(Y − 5) + ε with Y ~ 5 + N(0, 1)-ish (uniform, variance 1) and ε
// of variance 0.01: b = 2, residual variance 0.01, 1 − ρ² = 0.01/4.01.
struct Sample {
    std::vector<double> x, y;
};

Sample linear_sample(std::size_t n, std::uint64_t seed) {
    sklaws::numerics::RandomStream rng(seed, 0);
    Sample s;
    for (std::size_t i = 0; i < n; ++i) {
        const double y = 5 + std::sqrt(12.0) * (rng.uniform() - 0.5);
        const double e = 0.1 * std::sqrt(12.0) * (rng.uniform() - 0.5);
        s.y.push_back(y);
        s.x.push_back(3 + 2 * (y - 5) + e);
    }
    return s;
}

}  // namespace

TEST_CASE("a control variate removes the variance it explains and keeps it in the SE", "[validation][control]") {
    const Sample s = linear_sample(20000, 11);
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    SharedControlMoments shared;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
        moments.add(std::vector<double>{s.x[i], s.y[i]});
        shared.add(std::vector<double>{s.x[i], s.y[i]});
    }
    const ControlledEstimate c = control_variate_mean(moments, 0, {1}, {5.0});
    CHECK(c.coefficient[0] == Approx(2.0).epsilon(0.01));
    CHECK(c.variance_ratio == Approx(0.01 / 4.01).epsilon(0.05));
    // SE = residual SD / √R = 0.1/√20000 (to its own sampling error, ~1 %).
    CHECK(c.estimate.se == Approx(0.1 / std::sqrt(20000.0)).epsilon(0.03));
    // The corrected mean is within 4 SE of the true 3; the plain mean's SE is 20× larger.
    CHECK(std::fabs(c.estimate.mean - 3.0) <= 4 * c.estimate.se);
    CHECK(moments.mean(0).se > 15 * c.estimate.se);
    // The streamed one-control form gives the same numbers.
    const ControlledEstimate d = shared.controlled(0, 5.0);
    CHECK(d.estimate.mean == Approx(c.estimate.mean).epsilon(1e-12));
    CHECK(d.estimate.se == Approx(c.estimate.se).epsilon(1e-9));
    CHECK(d.coefficient[0] == Approx(c.coefficient[0]).epsilon(1e-12));
    // A wrong control mean moves the estimate by b·δμ: the check then fails.
    const ControlledEstimate wrong = control_variate_mean(moments, 0, {1}, {5.1});
    CHECK(wrong.estimate.mean - c.estimate.mean == Approx(0.1 * c.coefficient[0]).epsilon(1e-9));
}

TEST_CASE("a constant or duplicated control leaves the plain mean", "[validation][control]") {
    const Sample s = linear_sample(1000, 12);
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    for (std::size_t i = 0; i < s.x.size(); ++i) moments.add(std::vector<double>{s.x[i], 7.0, s.y[i], s.y[i]});
    // Constant control: b = 0, the plain mean and SE (R − 1 vs R − 2 divisor aside).
    const ControlledEstimate constant = control_variate_mean(moments, 0, {1}, {7.0});
    CHECK(constant.coefficient[0] == 0.0);
    CHECK(constant.estimate.mean == Approx(moments.mean(0).mean).epsilon(1e-15));
    CHECK(constant.estimate.se == Approx(moments.mean(0).se).epsilon(1e-3));
    // Two copies of one control: the second is dropped, the fit is the one-control fit.
    const ControlledEstimate twice = control_variate_mean(moments, 0, {2, 3}, {5.0, 5.0});
    const ControlledEstimate once = control_variate_mean(moments, 0, {2}, {5.0});
    CHECK(twice.coefficient[0] + twice.coefficient[1] == Approx(once.coefficient[0]).epsilon(1e-9));
    CHECK(twice.estimate.mean == Approx(once.estimate.mean).epsilon(1e-12));
    CHECK(std::isfinite(twice.estimate.se));
}

TEST_CASE("with fewer than controls + 2 replicates the control-variate mean is the plain mean", "[validation][control]") {
    // Two controls need four replicates for the residual variance; at three
    // (an experiment run at its minimum replicates) no regression is made.
    const Sample s = linear_sample(3, 5);
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    for (std::size_t i = 0; i < s.x.size(); ++i) moments.add(std::vector<double>{s.x[i], s.y[i], 2 * s.y[i]});
    const ControlledEstimate c = control_variate_mean(moments, 0, {1, 2}, {5.0, 10.0});
    CHECK(c.estimate.mean == moments.mean(0).mean);
    CHECK(c.estimate.se == moments.mean(0).se);
    CHECK(c.coefficient == std::vector<double>{0.0, 0.0});
    CHECK(c.variance_ratio == 1.0);
    // One more replicate and the regression runs (the controls explain X).
    ColumnMoments four(ColumnMoments::Options{.covariances = true});
    const Sample t = linear_sample(4, 5);
    for (std::size_t i = 0; i < t.x.size(); ++i) four.add(std::vector<double>{t.x[i], t.y[i], t.y[i] * t.y[i]});
    CHECK(control_variate_mean(four, 0, {1, 2}, {5.0, 26.0}).variance_ratio < 1.0);
}

TEST_CASE("a control that determines the statistic leaves the plain mean, never an SE of 0", "[validation][control]") {
    // X = (n + Y)/2 exactly (K_n against M_{1,n} when only pairs repeat): the
    // regression would return the closed form itself with SE 0.
    const Sample s = linear_sample(500, 9);
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    for (double y : s.y) moments.add(std::vector<double>{(1000 + y) / 2, y});
    const ControlledEstimate c = control_variate_mean(moments, 0, {1}, {5.0});
    CHECK(c.estimate.mean == moments.mean(0).mean);
    CHECK(c.estimate.se > 0);
    CHECK(c.estimate.se == moments.mean(0).se);
    CHECK(c.variance_ratio == 1.0);
}
