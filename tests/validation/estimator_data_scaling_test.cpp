// The data-scaling Monte Carlo (data_scaling_estimators.hpp): the
// Rao-Blackwellised per-token excess loss on the nested exact CRP state,
// z-tested against mpmath's R1 (tests/oracle/theory_scaling_knowledge.tsv,
// 30 trusted digits) with and without the control variates (means from K7
// and the K1 martingale; coefficients from a pilot on disjoint streams); the nested
// construction's state against K7 at every grid point up to 1e7; identical
// rows for any thread count; the experiment's domain (collision regime,
// exact range); and (hidden tag [.data-scaling-grid], ctest label `slow`) the
// experiment at α ∈ {0.3, 0.5, 0.8} × β ∈ {−0.2, 1, 20} × seeds 2, 3, 4.
#include <catch2/catch.hpp>

#include "../support/oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>
#include <sklaws/theory/p_new.hpp>
#include <sklaws/validation/data_scaling_estimators.hpp>
#include <sklaws/validation/experiments.hpp>

#include <cmath>
#include <map>
#include <string>
#include <tuple>

using namespace sklaws;
using namespace sklaws::validation;

namespace {

RunOptions run_options(std::uint64_t seed, unsigned threads, std::size_t replicates = 0) {
    RunOptions options;
    options.seed = seed;
    options.threads = threads;
    options.replicates = replicates;
    return options;
}

struct OracleCurve {
    double alpha, beta, names, values;
    std::vector<std::uint64_t> n;
    std::vector<double> r;
};

// The R1 rows of the oracle with α > 0 and n ≥ 10, one curve per (α, β, M, V).
std::vector<OracleCurve> oracle_curves() {
    const auto table = test::read_oracle_table("theory_scaling_knowledge.tsv", test::OracleHeader::none);
    std::map<std::tuple<double, double, double, double>, OracleCurve> curves;
    for (const auto& row : table.rows) {
        const double alpha = std::stod(row.cells[0]), beta = std::stod(row.cells[1]);
        const double M = std::stod(row.cells[2]), V = std::stod(row.cells[3]);
        const auto n = static_cast<std::uint64_t>(std::stoull(row.cells[4]));
        if (!(alpha > 0) || n < 10) continue;
        auto& c = curves[{alpha, beta, M, V}];
        c.alpha = alpha, c.beta = beta, c.names = M, c.values = V;
        if (!c.n.empty() && n <= c.n.back()) continue;  // the table repeats some rows
        c.n.push_back(n);
        c.r.push_back(std::stod(row.cells[5]));
    }
    std::vector<OracleCurve> out;
    for (auto& [key, c] : curves) out.push_back(std::move(c));
    return out;
}

}  // namespace

TEST_CASE("data-scaling estimator: unbiased for mpmath's R1 at every oracle point, with and without the control",
          "[validation][data-scaling]") {
    const auto curves = oracle_curves();
    REQUIRE(curves.size() >= 6);
    std::size_t points = 0;
    for (const auto& c : curves) {
        INFO("alpha " << c.alpha << " beta " << c.beta << " M " << c.names << " V " << c.values);
        const theory::PitmanYorParameters py{c.alpha, c.beta};
        const KnowledgeCosts costs{c.names, c.values};
        const RunOptions options = run_options(11, 2);
        const OpeningControl control = fit_opening_control(py, costs, c.n, 1000, options);
        const auto plain = estimate_columns(simulate_knowledge_excess_loss(py, costs, c.n, 4000, options));
        const auto controlled = estimate_columns(simulate_knowledge_excess_loss(py, costs, c.n, 4000, options, control));
        for (std::size_t g = 0; g < c.n.size(); ++g) {
            INFO("n " << c.n[g] << " oracle " << c.r[g] << " plain " << plain[g].mean << " ± " << plain[g].se
                      << " controlled " << controlled[g].mean << " ± " << controlled[g].se);
            CHECK(std::fabs(plain[g].mean - c.r[g]) <= 4 * plain[g].se);
            CHECK(std::fabs(controlled[g].mean - c.r[g]) <= 4 * controlled[g].se);
            // Coefficients fitted on a disjoint pilot never add variance beyond the pilot's noise.
            CHECK(controlled[g].se <= 1.05 * plain[g].se);
            ++points;
        }
    }
    CHECK(points >= 30);
}

TEST_CASE("data-scaling estimator: the nested construction's opening probability has K7's mean at every n to 1e6-1e7",
          "[validation][data-scaling]") {
    // q = (β + αK_n)/(β + n) at each grid point of one construction: its mean
    // is p_new(n), so the state is right at every n, not only at the last.
    for (const auto& [alpha, beta] : {std::pair{0.5, 1.0}, std::pair{0.3, -0.2}, std::pair{0.8, 20.0}}) {
        INFO("alpha " << alpha << " beta " << beta);
        // α = 0.8, β = 20 has ~1.5e5 tables at 1e6 (9e5 at 1e7): a shorter grid keeps the test to seconds.
        const std::vector<std::uint64_t> grid = alpha > 0.7 ? std::vector<std::uint64_t>{1, 7, 100, 1000, 31623, 1000000}
                                                            : std::vector<std::uint64_t>{1, 7, 100, 1000, 31623, 1000000,
                                                                                         10000000};
        const theory::PitmanYorParameters py{alpha, beta};
        const auto rows = run_replicates(alpha > 0.7 ? 20 : 200, run_options(5, 2),
                                         [&](numerics::RandomStream& rng, std::size_t) {
                                             return knowledge_excess_loss_path(py, {1e12, 1e6}, grid, rng).opening;
                                         });
        const auto est = estimate_columns(rows);
        for (std::size_t g = 0; g < grid.size(); ++g) {
            const auto exact = theory::p_new_e<double>(alpha, beta, static_cast<double>(grid[g]));
            INFO("n " << grid[g] << " mc " << est[g].mean << " ± " << est[g].se << " K7 " << exact.val);
            if (grid[g] == 1) {
                CHECK(est[g].mean == Approx(exact.val).epsilon(1e-14));  // one customer: one table, no noise
            } else {
                CHECK(std::fabs(est[g].mean - exact.val) <= 4 * est[g].se);
            }
        }
    }
}

TEST_CASE("data-scaling estimator: identical rows for 1 and 2 threads; bad input refused", "[validation][data-scaling]") {
    const theory::PitmanYorParameters py{0.6, 2.0};
    const std::vector<std::uint64_t> grid{10, 1000, 100000};
    const auto one = simulate_knowledge_excess_loss(py, {1e9, 1e3}, grid, 50, run_options(3, 1));
    const auto two = simulate_knowledge_excess_loss(py, {1e9, 1e3}, grid, 50, run_options(3, 2));
    CHECK(one == two);
    const auto other = simulate_knowledge_excess_loss(py, {1e9, 1e3}, grid, 50, run_options(4, 2));
    CHECK(one != other);
    CHECK_THROWS_AS(simulate_knowledge_excess_loss(py, {1e9, 1e3}, {10, 10}, 50, {}), numerics::DomainError);
    CHECK_THROWS_AS(simulate_knowledge_excess_loss({0.0, 1.0}, {1e9, 1e3}, grid, 50, {}), numerics::DomainError);
    CHECK_THROWS_AS(simulate_knowledge_excess_loss(py, {1e9, 1e3}, grid, 1, {}), numerics::DomainError);
}

TEST_CASE("data-scaling experiment: the collision regime and n beyond the estimator's 1e12 are refused; 1e8 is the default",
          "[validation][data-scaling]") {
    const Experiment& e = find_experiment("data-scaling");
    ParameterValues collide;
    collide.set("names", std::uint64_t{1000});
    collide.set("values", std::uint64_t{100});
    try {
        e.resolve(collide);
        FAIL("the collision regime was accepted");
    } catch (const numerics::DomainError& error) {
        CHECK(error.argument() == "names");
        CHECK(std::string(error.what()).find("collisions") != std::string::npos);
        CHECK(std::string(error.what()).find("E[K_n]") != std::string::npos);
    }
    ParameterValues far;
    far.set("names", std::uint64_t{1'000'000'000'000'000});
    far.set("values", std::uint64_t{1'000'000'000'000'000});
    far.set("n", std::vector<std::uint64_t>{100, 10'000'000'000'000});
    CHECK_THROWS_AS(e.resolve(far), numerics::DomainError);
    // Six decades by default: N = 1e2 … 1e8.
    const auto defaults = e.resolve(ParameterValues{});
    const auto n = std::get<std::vector<std::uint64_t>>(defaults.at("n"));
    CHECK(n.front() == 100);
    CHECK(n.back() == 100'000'000);
}

// α ∈ {0.3, 0.5, 0.8} × β ∈ {−0.2, 1, 20} × seeds {2, 3, 4}: every z-test of
// the experiment (each r_N, each decade chord, X1's α) passes at z = 4 with
// labels that do not collide (M = 1e12, V = 1e6): over N = 1e2..1e8 (six
// decades, the exact side R1's large-n form beyond 1e5) for α ≤ 0.5, and
// 1e2..1e6 at α = 0.8, whose ~E[K] = n^0.8 tables per replicate make 1e8
// cost ~30 s a run. One more run takes the two-part path (the last two
// decades from fewer replicates; the run draws > 5e7 tables): α = 0.8,
// β = −0.2, N to 1e6, 1000 replicates.
TEST_CASE("data-scaling experiment passes by z at every (alpha, beta, seed) of the grid", "[.data-scaling-grid]") {
    const Experiment& e = find_experiment("data-scaling");
    const std::vector<std::uint64_t> six_decades{100,    316,     1000,    3162,     10000,    31623,   100000,
                                                 316228, 1000000, 3162278, 10000000, 31622777, 100000000};
    const std::vector<std::uint64_t> four_decades(six_decades.begin(), six_decades.begin() + 9);
    std::size_t runs = 0, z_tests = 0, expected_z_tests = 0;
    auto run = [&](double alpha, double beta, std::uint64_t seed, const std::vector<std::uint64_t>& grid,
                   std::size_t replicates) {
        INFO("alpha " << alpha << " beta " << beta << " seed " << seed << " N_max " << grid.back() << " replicates "
                      << replicates);
        ParameterValues p;
        p.set("alpha", alpha);
        p.set("beta", beta);
        p.set("names", std::uint64_t{1'000'000'000'000});
        p.set("values", std::uint64_t{1'000'000});
        p.set("n", grid);
        const auto result = e.run(p, run_options(seed, 2, replicates));
        for (const auto& check : result.checks) {
            if (!check.is_z_test()) continue;
            INFO(check.quantity << " " << check.point << ": z = " << check.z);
            CHECK(check.pass);
            ++z_tests;
        }
        // Each point, each decade chord (grid at half decades), X1's α.
        expected_z_tests += grid.size() + (grid.size() - 2) + 1;
        ++runs;
        return result;
    };
    for (double alpha : {0.3, 0.5, 0.8}) {
        for (double beta : {-0.2, 1.0, 20.0}) {
            if (!(beta > -alpha)) continue;
            for (std::uint64_t seed : {2, 3, 4})
                run(alpha, beta, seed, alpha > 0.7 ? four_decades : six_decades, alpha > 0.7 ? 40 : 100);
        }
    }
    // The two-part path: the points of the last two decades come from fewer replicates.
    const auto split = run(0.8, -0.2, 5, four_decades, 1000);
    std::size_t fewer = 0;
    for (const auto& check : split.checks) {
        if (check.is_z_test() && check.inputs.contains("replicates") && check.inputs["replicates"] == 250) ++fewer;
    }
    // N = 31623 … 1e6 are the top part's (100·N > 1e6), with the four chords ending there and X1.
    CHECK(fewer == 4 + 4 + 1);
    CHECK(runs == 28);
    CHECK(z_tests == expected_z_tests);
}
