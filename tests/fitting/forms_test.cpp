// Constrained and new fit forms on committed synthetic data, against the
// independent scipy program tests/oracle/fitting_forms_oracle.py: tied
// exponents, fixed parameters (reported as fixed), the data-constrained law,
// Pitman-Yor with one parameter held, the isoFLOP estimator on exact
// parabolas, and bootstrap predictions.
#include "fitting_test_support.hpp"

#include <catch2/catch.hpp>

#include <sklaws/fitting/data_constrained_law.hpp>
#include <sklaws/fitting/isoflop.hpp>
#include <sklaws/fitting/loss_forms.hpp>
#include <sklaws/fitting/pitman_yor_fit.hpp>

#include <cmath>

using namespace sklaws::fitting;
using Catch::Matchers::Contains;

namespace {

LossFormData joint_synthetic() {
    const auto t = fitting_test::oracle_csv("fitting_joint_data.csv");
    LossFormData d;
    d.x = t.numeric_column("N", ValueDomain::positive);
    d.d = t.numeric_column("D", ValueDomain::positive);
    d.y = t.numeric_column("loss", ValueDomain::positive);
    return d;
}

JointLawGrid reduced_grid() {
    JointLawGrid g;
    g.a = {0, 0.5, 1};
    g.b = {0, 0.5, 1};
    g.epsilon = {0, 0.5};
    g.e = {0, 5, 10};
    g.f = {0, 5, 10};
    return g;
}

bool fixed(const LossFormFit& f, const std::string& name) {
    for (const auto& p : f.parameters)
        if (p.name == name) return p.fixed;
    throw std::runtime_error("no parameter " + name);
}

}  // namespace

TEST_CASE("forms: Chinchilla with tied exponents matches scipy", "[fitting][forms][oracle]") {
    const auto d = joint_synthetic();
    JointLawOptions o;
    o.grid = reduced_grid();
    o.constraints.tie_exponents = true;
    const auto fit = fit_joint_law(make_joint_law_data(d.x, d.d, d.y), o);
    CHECK(fit.starts == 3 * 3 * 2 * 3);  // the b axis is not visited
    CHECK(fit.best_converged);
    CHECK(fit.a == fit.b);
    CHECK_ORACLE("tied_objective", fit.objective);
    CHECK_ORACLE("tied_E", fit.E);
    CHECK_ORACLE("tied_A", fit.A);
    CHECK_ORACLE("tied_B", fit.B);
    CHECK_ORACLE("tied_a", fit.a);
}

TEST_CASE("forms: fixed parameters are held and reported as fixed", "[fitting][forms][oracle]") {
    const auto d = joint_synthetic();
    JointLawOptions o;
    o.grid = reduced_grid();
    o.constraints.E = 1.8;
    o.constraints.b = 0.37;
    const auto fit = fit_joint_law(make_joint_law_data(d.x, d.d, d.y), o);
    CHECK(fit.starts == 3 * 3 * 3);
    CHECK(fit.E == 1.8);
    CHECK(fit.b == 0.37);
    CHECK_ORACLE("fixedEb_objective", fit.objective);
    CHECK_ORACLE("fixedEb_A", fit.A);
    CHECK_ORACLE("fixedEb_B", fit.B);
    CHECK_ORACLE("fixedEb_a", fit.a);

    // through the form layer: fixed ones flagged, left out of the bootstrap quantities
    LossFormOptions lo;
    lo.form = LossForm::chinchilla;
    lo.fixed = {{"E", 1.8}, {"b", 0.37}};
    const auto lf = fit_loss_form(d, lo);
    CHECK(fixed(lf, "E"));
    CHECK(fixed(lf, "b"));
    CHECK_FALSE(fixed(lf, "A"));
    const auto names = lf.quantity_names();
    CHECK(std::find(names.begin(), names.end(), "E") == names.end());
    CHECK(std::find(names.begin(), names.end(), "A") != names.end());
    lo.fixed = {{"C", 1.0}};
    CHECK_THROWS_WITH(fit_loss_form(d, lo), Contains("no parameter 'C'") && Contains("E, A, B, a, b"));
    lo.fixed = {{"A", 1.0}, {"A", 2.0}};
    CHECK_THROWS_WITH(fit_loss_form(d, lo), Contains("twice"));
    lo.fixed = {{"A", -1.0}};
    CHECK_THROWS_AS(fit_loss_form(d, lo), sklaws::numerics::DomainError);
    // tied and one exponent fixed: both fixed
    lo.fixed = {{"a", 0.3}};
    lo.tie_exponents = true;
    const auto tied = fit_loss_form(d, lo);
    CHECK(tied.value("a") == 0.3);
    CHECK(tied.value("b") == 0.3);
    CHECK(fixed(tied, "b"));
}

TEST_CASE("forms: power law with E fixed matches scipy", "[fitting][forms][oracle]") {
    const auto t = fitting_test::oracle_csv("fitting_power_data.csv");
    PowerLawOptions o;
    o.fixed_E = 1.7;
    const auto fit = fit_power_law(t.numeric_column("x", ValueDomain::positive), t.numeric_column("y", ValueDomain::finite), o);
    CHECK(fit.E == 1.7);
    CHECK_ORACLE("powerfixE_A", fit.A);
    CHECK_ORACLE("powerfixE_a", fit.a);
}

TEST_CASE("forms: data-constrained law, base law fixed and all free, matches scipy", "[fitting][forms][oracle]") {
    const auto t = fitting_test::oracle_csv("fitting_data_constrained.csv");
    const auto data = make_data_constrained_data(t.numeric_column("N", ValueDomain::positive), t.numeric_column("D", ValueDomain::positive),
                                                 t.numeric_column("U", ValueDomain::positive),
                                                 t.numeric_column("loss", ValueDomain::positive));
    DataConstrainedOptions o;
    o.constraints = {1.8, 480.0, 2100.0, 0.35, 0.37, std::nullopt, std::nullopt};
    const auto base = fit_data_constrained(data, o);
    CHECK(base.starts == 4);
    CHECK(base.best_converged);
    CHECK(base.E == 1.8);
    CHECK_ORACLE("dcbase_objective", base.objective);
    CHECK_ORACLE("dcbase_R_D", base.R_D);
    CHECK_ORACLE("dcbase_R_N", base.R_N);
    // single-epoch runs have D' = D exactly; repeated data is worth less than fresh data
    const auto one = data_constrained_effective(base, 1e9, 1e9, 1e9);
    CHECK(one.d == Approx(1e9).epsilon(1e-14));
    const auto forty = data_constrained_effective(base, 1e9, 40e9, 1e9);
    CHECK(forty.d < 40e9);
    CHECK(forty.d > 1e9);

    DataConstrainedOptions all;
    all.grid = {{5, 10}, {5, 10}, {0, 0.5}, {0.25, 0.5}, {0.25, 0.5}, {1, 3}, {1, 3}};
    const auto free = fit_data_constrained(data, all);
    CHECK(free.starts == 128);
    CHECK(free.best_converged);
    CHECK_ORACLE("dcall_objective", free.objective);
    CHECK_ORACLE("dcall_E", free.E);
    CHECK_ORACLE("dcall_a", free.a);
    CHECK_ORACLE("dcall_b", free.b);
    CHECK_ORACLE("dcall_R_D", free.R_D);
    CHECK_ORACLE("dcall_R_N", free.R_N);
    // gradient by automatic differentiation agrees with central differences
    // (away from the optimum, where it is not ~0)
    const DataConstrainedTheta at{std::log(400.0), std::log(2500.0), 0.5, 0.3, 0.4, 2.0, 1.5};
    double g[7];
    const double f0 = data_constrained_objective(data, at, 1e-3, g);
    CHECK(std::isfinite(f0));
    for (int k = 0; k < 7; ++k) {
        auto plus = at, minus = at;
        const double h = 1e-6;
        plus[k] += h;
        minus[k] -= h;
        const double numeric = (data_constrained_objective(data, plus, 1e-3) - data_constrained_objective(data, minus, 1e-3)) / (2 * h);
        INFO("parameter " << k);
        CHECK(g[k] == Approx(numeric).epsilon(1e-5).margin(1e-9));
    }
    // D below the unique tokens is not a run
    const std::vector<double> n{1e8}, d{1e8}, u{2e8}, l{3};
    CHECK_THROWS_WITH(make_data_constrained_data(n, d, u, l), Contains("unique tokens"));
}

TEST_CASE("forms: Pitman-Yor with alpha or beta held fixed matches scipy", "[fitting][forms][oracle]") {
    const auto t = fitting_test::oracle_csv("fitting_py_counts.csv");
    const auto values = t.numeric_column("count", ValueDomain::count);
    const std::vector<std::uint64_t> counts(values.begin(), values.end());
    PitmanYorFitOptions o;
    o.fixed_alpha = 0.6;
    const auto a = fit_pitman_yor(counts, o);
    CHECK(a.alpha == 0.6);
    CHECK(a.alpha_fixed);
    CHECK_ORACLE("pyfix_alpha06_beta", a.beta);
    CHECK(a.information_ok);
    CHECK(a.beta_lo < a.beta);
    CHECK(a.beta < a.beta_hi);
    PitmanYorFitOptions b;
    b.fixed_beta = 3.0;
    const auto f = fit_pitman_yor(counts, b);
    CHECK(f.beta == 3.0);
    CHECK_ORACLE("pyfix_beta3_alpha", f.alpha);
}

// isoFLOP: on profiles that are exact parabolas in ln N (ln L = c + k (u − u*)²)
// the three-point vertex is u* exactly, wherever the sizes are sampled; with
// N* = 0.1·C^0.55 planted, the fitted law returns it.
TEST_CASE("isoflop: exact parabolas give the planted optimum whatever the sampling", "[fitting][isoflop]") {
    RunData runs;
    const double budgets[] = {1e18, 4e18, 1.6e19, 6.4e19};
    std::size_t line = 2;
    for (double c : budgets) {
        const double u_star = std::log(0.1 * std::pow(c, 0.55));
        // uneven: dense on the small side, sparse on the large side
        for (double du : {-2.0, -1.3, -0.9, -0.7, -0.2, 0.4, 1.9, 3.5}) {
            const double n = std::exp(u_star + du);
            runs.n.push_back(n);
            runs.c.push_back(c * (1 + 1e-5 * du));  // budgets need not be exact
            runs.d.push_back(c / (6 * n));
            runs.loss.push_back(std::exp(1.0 + 0.05 * du * du));
            runs.lines.push_back(line++);
        }
    }
    const auto fit = fit_isoflop(runs);
    REQUIRE(fit.budgets.size() == 4);
    CHECK(fit.used == 4);
    for (const auto& b : fit.budgets) {
        CHECK(b.runs == 8);
        CHECK(std::log(b.n_opt) == Approx(std::log(0.1 * std::pow(b.flops, 0.55))).margin(1e-4));
        CHECK(b.loss_opt == Approx(std::exp(1.0)).epsilon(1e-12));
    }
    CHECK(fit.a == Approx(0.55).margin(1e-4));
    CHECK(fit.b == Approx(0.45).margin(1e-4));
    CHECK(fit.sigma_log_loss < 1e-10);  // the 5-point parabolas fit exactly
    // a budget whose lowest loss is at its smallest size is reported, not used
    runs.n.push_back(1e3);
    runs.c.push_back(1e21);
    runs.d.push_back(1e21 / 6e3);
    runs.loss.push_back(2);
    runs.n.push_back(1e4);
    runs.c.push_back(1e21);
    runs.d.push_back(1e21 / 6e4);
    runs.loss.push_back(3);
    runs.n.push_back(1e5);
    runs.c.push_back(1e21);
    runs.d.push_back(1e21 / 6e5);
    runs.loss.push_back(4);
    for (int i = 0; i < 3; ++i) runs.lines.push_back(line++);
    const auto edge = fit_isoflop(runs);
    CHECK(edge.budgets.size() == 5);
    CHECK(edge.used == 4);
    CHECK_FALSE(edge.budgets.back().bracketed);
    CHECK_THAT(edge.budgets.back().note, Contains("smallest size"));
    CHECK(edge.a == fit.a);
    // a fixed exponent is held
    IsoflopOptions o;
    o.constraints.a = 0.5;
    const auto held = fit_isoflop(runs, o);
    CHECK(held.a == 0.5);
}

TEST_CASE("forms: bootstrap predictions and residuals", "[fitting][forms][bootstrap]") {
    const auto d = joint_synthetic();
    LossFormOptions o;
    o.form = LossForm::chinchilla;
    const auto fit = fit_loss_form(d, o);
    const auto held_out = d.subset(std::vector<std::size_t>{0, 1, 2});
    BootstrapOptions b{60, 3, 1, 0.9};
    const auto one = bootstrap_loss_form(d, fit, o, b, &held_out);
    b.threads = 2;
    const auto two = bootstrap_loss_form(d, fit, o, b, &held_out);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& ci = one.interval("prediction[" + std::to_string(i) + "]");
        const double p = loss_form_predict(fit, held_out, i);
        CHECK(ci.lo < p);
        CHECK(p < ci.hi);
        CHECK(ci.lo == two.interval("prediction[" + std::to_string(i) + "]").lo);
        CHECK(ci.hi == two.interval("prediction[" + std::to_string(i) + "]").hi);
    }
    CHECK(loss_form_fits_log(fit));
    // residuals of the fitted rows: ln L − ln L̂ summarises the Huber objective's inputs
    double total = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
        const double r = std::log(d.y[i]) - std::log(loss_form_predict(fit, d, i));
        total += std::abs(r) <= 1e-3 ? 0.5 * r * r : 1e-3 * (std::abs(r) - 0.5e-3);
    }
    CHECK(total == Approx(fit.objective).epsilon(1e-10));
}
