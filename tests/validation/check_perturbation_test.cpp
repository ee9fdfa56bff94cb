// The check layer's perturbation hook (check.hpp: SKLAWS_CHECK_PERTURBATION
// multiplies every z-test's exact value by 1 + x): a check that claims to
// detect a 1 % error (detectable_relative_error ≤ 1 %) must fail when its
// theory value is 1 % off in one direction or the other. With
// d = z·SE/|θ| ≤ 1 % and the unperturbed |z0| ≤ z, a ±1 % shift moves z by
// s = 0.01|θ|/SE ≥ z, so max(|z0 + s|, |z0 − s|) = |z0| + s > z unless both
// are exactly z: one direction fails, deterministically (not by chance).
// The hook itself is checked too: every z-test's theory moves by exactly
// 1 + x, limits and not-applicable checks not at all.
#include "../support/run_sklaws.hpp"
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

namespace {

nlohmann::json simulate_json(const std::string& options, const char* perturbation) {
    if (perturbation) {
        ::setenv("SKLAWS_CHECK_PERTURBATION", perturbation, 1);
    } else {
        ::unsetenv("SKLAWS_CHECK_PERTURBATION");
    }
    const auto run = sklaws::test::run_sklaws("simulate " + options + " --json --quiet");
    ::unsetenv("SKLAWS_CHECK_PERTURBATION");
    INFO("sklaws simulate " << options << " (perturbation " << (perturbation ? perturbation : "none")
                            << ")\nstderr: " << run.err);
    REQUIRE((run.status == 0 || run.status == 3));
    return nlohmann::json::parse(run.out);
}

// Runs `simulate <options>` unperturbed and with the theory values moved by
// ±1 %; requires every z-test to pass unperturbed and each one that claims
// to detect 1 % to fail in one direction (the argument at the top of this
// file); returns how many z-tests there are and how many detect 1 %.
struct PowerCount {
    std::size_t z_tests = 0, detecting = 0;
};

PowerCount perturbation_power(const std::string& options) {
    INFO(options);
    const auto base = simulate_json(options, nullptr);
    const auto up = simulate_json(options, "0.01");
    const auto down = simulate_json(options, "-0.01");
    REQUIRE(base["checks"].size() == up["checks"].size());
    REQUIRE(base["checks"].size() == down["checks"].size());
    PowerCount count;
    for (std::size_t i = 0; i < base["checks"].size(); ++i) {
        const auto& b = base["checks"][i];
        const auto& u = up["checks"][i];
        const auto& d = down["checks"][i];
        INFO(b.dump());
        CHECK(u["estimate"] == b["estimate"]);  // the simulation is untouched
        if (b["kind"] != "z-test") {
            CHECK(u["theory"] == b["theory"]);
            continue;
        }
        const double theory = b["theory"].get<double>();
        CHECK(u["theory"].get<double>() == Approx(theory * 1.01).epsilon(1e-15));
        CHECK(d["theory"].get<double>() == Approx(theory * 0.99).epsilon(1e-15));
        ++count.z_tests;
        REQUIRE(b["pass"] == true);
        if (b["detectable_relative_error"].is_number() && b["detectable_relative_error"].get<double>() <= 0.01) {
            ++count.detecting;
            CHECK((u["pass"] == false || d["pass"] == false));
        }
    }
    return count;
}

// The same count from one unperturbed run, for the long runs at the
// defaults: the hook only multiplies each z-test's theory by 1 +- 0.01 and
// leaves estimate and SE alone (perturbation_power checks that at small
// sizes), so the perturbed z-scores are (estimate - theory (1 +- 0.01)) / SE,
// computed here instead of by two more runs of the same simulation.
PowerCount perturbation_power_from_one_run(const std::string& options) {
    INFO(options);
    const auto base = simulate_json(options, nullptr);
    PowerCount count;
    for (const auto& b : base["checks"]) {
        INFO(b.dump());
        if (b["kind"] != "z-test") continue;
        ++count.z_tests;
        REQUIRE(b["pass"] == true);
        REQUIRE(b["se"].is_number());
        const double theory = b["theory"].get<double>(), estimate = b["estimate"].get<double>();
        const double se = b["se"].get<double>(), threshold = b["z_threshold"].get<double>();
        REQUIRE(se > 0.0);
        if (b["detectable_relative_error"].is_number() && b["detectable_relative_error"].get<double>() <= 0.01) {
            ++count.detecting;
            const double z_up = (estimate - theory * 1.01) / se, z_down = (estimate - theory * 0.99) / se;
            CHECK(std::max(std::fabs(z_up), std::fabs(z_down)) > threshold);
        }
    }
    return count;
}

}  // namespace

TEST_CASE("a check that detects 1 % fails when its theory value is perturbed by 1 %", "[validation][perturbation]") {
    // Entropy (K6) at 20000 replicates detects 0.9 %; K_n's mean and variance
    // (K1, K2) at n = 10 do not, and must still move by exactly 1 %.
    for (const std::string options : {"entropy --tail-mass 0.01 --replicates 20000 --seed 5", "tables --n 10,100 --replicates 2000 --seed 5"}) {
        const PowerCount count = perturbation_power(options);
        if (options.rfind("entropy", 0) == 0) CHECK(count.detecting == 1);
    }
}

TEST_CASE("the perturbation hook refuses a malformed value", "[validation][perturbation]") {
    ::setenv("SKLAWS_CHECK_PERTURBATION", "one percent", 1);
    const auto run = sklaws::test::run_sklaws("simulate tables --n 10 --replicates 100 --json --quiet");
    ::unsetenv("SKLAWS_CHECK_PERTURBATION");
    CHECK(run.status == 2);
    CHECK(run.err.find("SKLAWS_CHECK_PERTURBATION") != std::string::npos);
}


// The variance-reduced estimators (control variates from exact laws,
// Rao-Blackwellised statistics) at sizes a unit test can afford: each of
// these small runs detects 1 % in every z-test, which the plain estimators
// did not at the same replicates (p_new(100) 8 %, R_10^syn 3 %, E[K_1000] 1.2 %).
TEST_CASE("variance-reduced checks detect a 1 % perturbation at small sizes", "[validation][perturbation]") {
    for (const std::string options :
         {"p-new --n 1,10,100 --replicates 60000 --seed 7", "syntax-redundancy --n 10,100 --replicates 6000 --seed 7",
          "block-counts --n 100 --j-max 2 --replicates 60000 --seed 7",
          "tables --n 100,1000 --replicates 20000 --seed 7"}) {
        const PowerCount count = perturbation_power(options);
        INFO(options << ": " << count.detecting << " of " << count.z_tests << " z-tests detect 1 %");
        // tables: Var[K_n] (K2) has no control; its mean checks must detect.
        const std::size_t expected = options.rfind("tables", 0) == 0 ? count.z_tests / 2 : count.z_tests;
        CHECK(count.detecting >= expected);
    }
}

// Issue 13: every exact check of the default report detects a 1 % error in
// its theory value. Each experiment whose estimator was made to (variance
// reduction and defaults, heaps_estimators.hpp, zipf_estimators.hpp,
// redundancy_estimators.hpp, learning_order_estimators.hpp,
// structure_function_estimators.hpp) runs at its
// defaults, once (~50 s of CPU in Release: hidden, labelled slow in
// tests/CMakeLists.txt); the perturbed z-scores come from that run
// (perturbation_power_from_one_run). The exact checks of these experiments that do not:
// Var[K_n] (K2; its SE is ~3 % of it, no exact control is known for a
// variance), three learning-order points at n ≥ 1000 and structure-function's
// two sampler checks of E[T_j] at its heavy setting.
TEST_CASE("every default exact check of the variance-reduced experiments detects 1 %", "[.power-defaults]") {
    for (const std::string experiment : {"tables", "block-counts", "zipf-rank-frequency", "p-new", "entropy",
                                         "syntax-redundancy", "knowledge-redundancy", "learning-order",
                                         "structure-function"}) {
        const PowerCount count = perturbation_power_from_one_run(experiment);
        INFO(experiment << ": " << count.detecting << " of " << count.z_tests << " z-tests detect 1 %");
        // learning-order: all but r_n^know at n = 1000, 1e4 and r_n at 1e4
        // (learning_order_experiments.cpp: ~30000 replicates would be needed).
        // structure-function: all but the heavy setting's sampler checks of
        // E[T_j] at j = 1 and J (3 % and 6 %: no exact control for a tail mass).
        const std::size_t expected = experiment == "tables"               ? count.z_tests / 2
                                     : experiment == "learning-order"     ? count.z_tests - 3
                                     : experiment == "structure-function" ? count.z_tests - 2
                                                                          : count.z_tests;
        CHECK(count.z_tests > 0);
        CHECK(count.detecting >= expected);
    }
}
