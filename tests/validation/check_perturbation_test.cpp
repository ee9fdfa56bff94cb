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

}  // namespace

TEST_CASE("a check that detects 1 % fails when its theory value is perturbed by 1 %", "[validation][perturbation]") {
    // Entropy (K6) at 20000 replicates detects 0.9 %; K_n's mean and variance
    // (K1, K2) at n = 10 do not, and must still move by exactly 1 %.
    for (const std::string options : {"entropy --tail-mass 0.01 --replicates 20000 --seed 5", "tables --n 10,100 --replicates 2000 --seed 5"}) {
        INFO(options);
        const auto base = simulate_json(options, nullptr);
        const auto up = simulate_json(options, "0.01");
        const auto down = simulate_json(options, "-0.01");
        REQUIRE(base["checks"].size() == up["checks"].size());
        REQUIRE(base["checks"].size() == down["checks"].size());
        std::size_t detecting = 0;
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
            REQUIRE(b["pass"] == true);
            if (b["detectable_relative_error"].get<double>() <= 0.01) {
                ++detecting;
                CHECK((u["pass"] == false || d["pass"] == false));
            }
        }
        if (options.rfind("entropy", 0) == 0) CHECK(detecting == 1);
    }
}

TEST_CASE("the perturbation hook refuses a malformed value", "[validation][perturbation]") {
    ::setenv("SKLAWS_CHECK_PERTURBATION", "one percent", 1);
    const auto run = sklaws::test::run_sklaws("simulate tables --n 10 --replicates 100 --json --quiet");
    ::unsetenv("SKLAWS_CHECK_PERTURBATION");
    CHECK(run.status == 2);
    CHECK(run.err.find("SKLAWS_CHECK_PERTURBATION") != std::string::npos);
}
