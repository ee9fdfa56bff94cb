// Every named experiment passes at its documented defaults and seed 1
// (the claim `sklaws simulate <name>` makes), and the estimators reject a
// wrong closed form: the same estimates compared with the formula at
// shifted parameters fail at z = 4.
#include <catch2/catch.hpp>

#include <sklaws/theory/gem_entropy.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/p_new.hpp>
#include <sklaws/validation/experiments.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/redundancy_estimators.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>

using namespace sklaws::validation;

TEST_CASE("every experiment passes at its defaults (seed 1)", "[validation]") {
    REQUIRE(experiments().size() == 12);
    for (const auto& spec : experiments()) {
        RunOptions options;
        options.seed = 1;
        const ExperimentResult result = run_experiment(spec.name, nlohmann::ordered_json::object(), options);
        INFO(to_json(result).dump(1));
        CHECK(result.experiment == spec.name);
        CHECK(!result.checks.empty());
        CHECK(!result.series.empty());
        CHECK(result.all_pass());
        for (const auto& check : result.checks) {
            CHECK(check.se > 0.0);
            CHECK(!check.label.empty());
        }
    }
}

TEST_CASE("K_n estimates reject K1 at a shifted alpha", "[validation]") {
    RunOptions options;
    options.seed = 2;
    const sklaws::theory::PitmanYorParameters py{0.5, 1.0};
    const auto e = estimate_table_counts(py, {1000}, 1000, options);
    CHECK(compare("E[K_n]", "K1", sklaws::theory::expected_tables<double>(0.5, 1.0, 1000.0), e[0].mean).pass);
    CHECK(compare("Var[K_n]", "K2", sklaws::theory::tables_variance<double>(0.5, 1.0, 1000.0), e[0].variance).pass);
    CHECK_FALSE(compare("E[K_n]", "K1", sklaws::theory::expected_tables<double>(0.53, 1.0, 1000.0), e[0].mean).pass);
}

TEST_CASE("H(W) estimate rejects K6 at a shifted beta", "[validation]") {
    RunOptions options;
    options.seed = 3;
    const auto e = estimate_entropy({0.5, 1.0}, 1e-3, 1000, options);
    CHECK(compare("E[H(W)]", "K6", sklaws::theory::knowledge_entropy<double>(0.5, 1.0), e.entropy).pass);
    CHECK_FALSE(compare("E[H(W)]", "K6", sklaws::theory::knowledge_entropy<double>(0.5, 1.5), e.entropy).pass);
    CHECK(e.mean_tail_correction < 0.03);
}

TEST_CASE("p_new estimates reject K7 at a shifted beta", "[validation]") {
    RunOptions options;
    options.seed = 4;
    const auto e = estimate_p_new({0.5, 1.0}, {10}, 20000, options);
    CHECK(compare("p_new", "K7", sklaws::theory::p_new<double>(0.5, 1.0, 10.0), e[0]).pass);
    CHECK_FALSE(compare("p_new", "K7", sklaws::theory::p_new<double>(0.5, 1.5, 10.0), e[0]).pass);
}

TEST_CASE("knowledge redundancy rejects R1 with the name cost left out", "[validation]") {
    RunOptions options;
    options.seed = 5;
    const sklaws::theory::PitmanYorParameters py{0.5, 1.0};
    const auto e = estimate_knowledge_redundancy(py, KnowledgeCosts{1000, 100}, {100}, 400, options);
    CHECK(compare("R_N", "R1", sklaws::theory::knowledge_cumulative_redundancy(py, 100, 1000, 100), e[0]).pass);
    CHECK_FALSE(compare("R_N", "R1", sklaws::theory::knowledge_cumulative_redundancy(py, 100, 1, 100), e[0]).pass);
}

TEST_CASE("experiments reject unknown names, unknown parameters and out-of-domain values", "[validation]") {
    RunOptions options;
    CHECK_THROWS_AS(run_experiment("no-such", {}, options), sklaws::numerics::DomainError);
    CHECK_THROWS_AS(run_experiment("tables", {{"gamma", 1}}, options), sklaws::numerics::DomainError);
    CHECK_THROWS_AS(run_experiment("tables", {{"alpha", 1.0}}, options), sklaws::numerics::DomainError);
    CHECK_THROWS_AS(run_experiment("tables", {{"n", "x"}}, options), sklaws::numerics::DomainError);
    CHECK_THROWS_AS(run_experiment("entropy", {{"beta", -0.6}}, options), sklaws::numerics::DomainError);
}
