// Chinchilla-form joint law: agreement with scipy on a committed synthetic
// dataset, determinism, and the replication of Besiroglu et al. (2024) on the
// Epoch-extracted Chinchilla data (skipped when ../shared is absent).
#include "fitting_test_support.hpp"

#include <catch2/catch.hpp>

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/joint_law_fit.hpp>
#include <sklaws/fitting/table_fit.hpp>

#include <cmath>
#include <filesystem>

using namespace sklaws::fitting;

namespace {

// The reduced grid fitting_oracle.py uses (162 starts).
JointLawOptions reduced_grid() {
    JointLawOptions o;
    o.grid.a = {0, 0.5, 1};
    o.grid.b = {0, 0.5, 1};
    o.grid.epsilon = {0, 0.5};
    o.grid.e = {0, 5, 10};
    o.grid.f = {0, 5, 10};
    return o;
}

JointLawData synthetic() {
    const auto t = fitting_test::oracle_csv("fitting_joint_data.csv");
    return make_joint_law_data(t.numeric_column("N", ValueDomain::positive), t.numeric_column("D", ValueDomain::positive),
                               t.numeric_column("loss", ValueDomain::positive));
}

}  // namespace

TEST_CASE("joint law: Huber multi-start fit matches scipy L-BFGS-B", "[fitting][joint][oracle]") {
    const auto fit = fit_joint_law(synthetic(), reduced_grid());
    CHECK(fit.starts == 162);
    CHECK(fit.best_converged);
    CHECK_ORACLE("joint_objective", fit.objective);
    CHECK_ORACLE("joint_E", fit.E);
    CHECK_ORACLE("joint_A", fit.A);
    CHECK_ORACLE("joint_B", fit.B);
    CHECK_ORACLE("joint_a", fit.a);
    CHECK_ORACLE("joint_b", fit.b);
}

TEST_CASE("joint law: analytic gradient matches central differences", "[fitting][joint]") {
    const auto data = synthetic();
    const JointLawParameters p{6.0, 7.5, 0.6, 0.33, 0.38};
    double g[5];
    joint_law_objective(data, p, 1e-3, g);
    for (int k = 0; k < 5; ++k) {
        const double h = 1e-6;
        JointLawParameters plus = p, minus = p;
        double* fields_plus[5] = {&plus.e, &plus.f, &plus.epsilon, &plus.a, &plus.b};
        double* fields_minus[5] = {&minus.e, &minus.f, &minus.epsilon, &minus.a, &minus.b};
        *fields_plus[k] += h;
        *fields_minus[k] -= h;
        const double numeric = (joint_law_objective(data, plus, 1e-3) - joint_law_objective(data, minus, 1e-3)) / (2 * h);
        INFO("parameter " << k);
        CHECK(g[k] == Approx(numeric).epsilon(1e-5).margin(1e-12));
    }
}

TEST_CASE("joint law: same result for 1 and 2 threads", "[fitting][joint]") {
    auto o = reduced_grid();
    o.threads = 1;
    const auto one = fit_joint_law(synthetic(), o);
    o.threads = 2;
    const auto two = fit_joint_law(synthetic(), o);
    CHECK(one.objective == two.objective);
    CHECK(one.a == two.a);
    CHECK(one.B == two.B);
    CHECK(one.converged == two.converged);
}

TEST_CASE("joint law: dropping the K highest losses", "[fitting][joint]") {
    const std::vector<double> loss{3, 9, 1, 9, 5, 7};
    CHECK(rows_below_top_losses(loss, 0).size() == 6);
    CHECK(rows_below_top_losses(loss, 2) == std::vector<std::size_t>{0, 2, 4, 5});  // < 9 (ties dropped together)
    CHECK(rows_below_top_losses(loss, 3) == std::vector<std::size_t>{0, 2, 4});      // < 7
}

// Besiroglu et al. (2024), their 240 points (245 minus the 5 highest losses),
// full 4500-start grid. Published (SOURCE.md): best objective 0.0010182740;
// A 477.8, B 2143, E 1.8172, α 0.34731, β 0.36716 (our a, b); bootstrap 95 %
// intervals A (285, 744), B (1042, 5810), E (1.769, 1.871), α (0.317, 0.373),
// β (0.331, 0.415).
// Tolerances: the objective is published to 8 significant digits, so
// |F − 0.0010182740| ≤ 1e-10 (1e-7 relative: rounding plus margin). Point
// estimates: the published digits (A, B to 4 significant digits; E to 5)
// within one unit of the last digit, α, β within 2e-5 (their default-tolerance
// L-BFGS-B stops ~1e-5 short in β: scipy with tight tolerances gives
// β = 0.3671724, as we do) — far inside the intervals, which is the issue's
// bar and is checked too. Our bootstrap (200 resamples, refit from
// the point estimate as they did) must give intervals whose ends are within
// 25 % of the published interval width of theirs (Monte Carlo error of 2.5 %
// quantiles from 200 resamples is ~10 % of the width).
TEST_CASE("joint law: replicates Besiroglu et al. on the Chinchilla data", "[fitting][joint][real-data]") {
    const auto path = fitting_test::chinchilla_csv();
    if (!std::filesystem::exists(path)) {
        WARN("skipped: Chinchilla data not found at " << path.string() << " (../shared absent)");
        return;
    }
    const auto t = read_csv(path);
    const auto n_all = t.numeric_column("Model Size", ValueDomain::positive);
    const auto c_all = t.numeric_column("Training FLOP", ValueDomain::positive);
    const auto l_all = t.numeric_column("loss", ValueDomain::positive);
    REQUIRE(l_all.size() == 245);
    std::vector<double> n, d, l;
    for (auto i : rows_below_top_losses(l_all, 5)) {
        n.push_back(n_all[i]);
        d.push_back(c_all[i] / (6 * n_all[i]));
        l.push_back(l_all[i]);
    }
    REQUIRE(l.size() == 240);
    const auto data = make_joint_law_data(n, d, l);
    const auto fit = fit_joint_law(data);
    CHECK(fit.starts == 4500);
    CHECK(fit.best_converged);
    CHECK(std::abs(fit.objective - 0.0010182740) <= 1e-10);
    CHECK(std::abs(fit.A - 477.8) <= 0.1);
    CHECK(std::abs(fit.B - 2143) <= 1);
    CHECK(std::abs(fit.E - 1.8172) <= 1e-4);
    CHECK(std::abs(fit.a - 0.34731) <= 2e-5);
    CHECK(std::abs(fit.b - 0.36716) <= 2e-5);
    struct Published {
        const char* name;
        double estimate, lo, hi;
    };
    const Published published[] = {{"A", fit.A, 285, 744},      {"B", fit.B, 1042, 5810},
                                   {"E", fit.E, 1.769, 1.871},  {"a", fit.a, 0.317, 0.373},
                                   {"b", fit.b, 0.331, 0.415}};
    for (const auto& p : published) {
        INFO(p.name);
        CHECK(p.lo <= p.estimate);
        CHECK(p.estimate <= p.hi);
    }
    const auto boot = bootstrap_percentile(
        data.size(),
        [&](std::span<const std::size_t> idx) {
            JointLawData r;
            for (auto i : idx) {
                r.log_n.push_back(data.log_n[i]);
                r.log_d.push_back(data.log_d[i]);
                r.log_loss.push_back(data.log_loss[i]);
            }
            const auto f = refine_joint_law(r, fit.log_parameters);
            return std::vector<double>{f.A, f.B, f.E, f.a, f.b};
        },
        {"A", "B", "E", "a", "b"}, {200, 2024, 0, 0.95});
    for (const auto& p : published) {
        const auto ci = boot.interval(p.name);
        const double width = p.hi - p.lo;
        INFO(p.name << ": ours (" << ci.lo << ", " << ci.hi << ") vs published (" << p.lo << ", " << p.hi << ")");
        CHECK(std::abs(ci.lo - p.lo) <= 0.25 * width);
        CHECK(std::abs(ci.hi - p.hi) <= 0.25 * width);
    }
}

// The same fit through fitting::fit_table — the column selection (found by
// name: 'Model Size', 'Training FLOP', 'loss'), the exclusion of the 5
// highest losses and the fit that `sklaws fit` and `report --data` share —
// gives the published point estimate again, bit for bit the explicit path's.
TEST_CASE("joint law: the shared table fit reproduces Besiroglu et al. on the Chinchilla file", "[fitting][joint][real-data]") {
    const auto path = fitting_test::chinchilla_csv();
    if (!std::filesystem::exists(path)) {
        WARN("skipped: Chinchilla data not found at " << path.string() << " (../shared absent)");
        return;
    }
    const auto table = read_csv(path);
    TableFitRequest request;
    request.form.form = LossForm::chinchilla;
    request.exclude_top_loss = 5;
    const auto t = fit_table(table, request);
    CHECK(t.excluded == 5);
    CHECK(t.excluded_lines.size() == 5);
    CHECK(t.rows.data.size() == 240);
    CHECK_THAT(t.rows.description, Catch::Matchers::Contains("'Model Size'") && Catch::Matchers::Contains("'Training FLOP'"));
    CHECK(std::abs(t.fit.objective - 0.0010182740) <= 1e-10);
    CHECK(std::abs(t.fit.value("A") - 477.8) <= 0.1);
    CHECK(std::abs(t.fit.value("B") - 2143) <= 1);
    CHECK(std::abs(t.fit.value("E") - 1.8172) <= 1e-4);
    CHECK(std::abs(t.fit.value("a") - 0.34731) <= 2e-5);
    CHECK(std::abs(t.fit.value("b") - 0.36716) <= 2e-5);
    // without the exclusion (the report --data default before): a different fit
    request.exclude_top_loss = 0;
    const auto all = fit_table(table, request);
    CHECK(all.rows.data.size() == 245);
    CHECK(std::abs(all.fit.value("b") - 0.36716) > 0.01);
}
