// Experiment model-scaling (M2 exact, M1 its limit): its Monte Carlo E[T_C]
// over C = 10 … 1e5 and its local slopes pass by z against M2 at every point,
// at alpha in {0.3, 0.5, 0.8} x beta in {-0.2, 1, 20} and three seeds other
// than the default (the parametrised test is hidden, [.slow], and registered
// with the ctest label `slow` in tests/CMakeLists.txt); the fast cases check
// the declaration (four decades of C, no tolerance: M1 only as limits),
// identical bytes for 1 and 2 threads, alpha = 0.95, a deliberately wrong
// model being rejected — the checks can fail — and, at alpha 0.1, beta
// -0.05, heavy-tailed means made not applicable with their reason.
#include <sklaws/validation/capacity_storage.hpp>
#include <sklaws/validation/experiments.hpp>
#include <sklaws/validation/stick_breaking.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

using namespace sklaws;
using namespace sklaws::validation;

namespace {

ExperimentResult run_model_scaling(double alpha, double beta, std::uint64_t seed, std::size_t replicates,
                                   unsigned threads = 1) {
    ParameterValues overrides;
    overrides.set("alpha", alpha);
    overrides.set("beta", beta);
    RunOptions options;
    options.seed = seed;
    options.threads = threads;
    options.replicates = replicates;
    return find_experiment("model-scaling").run(overrides, options);
}

std::size_t count_z_tests(const ExperimentResult& result) {
    std::size_t n = 0;
    for (const auto& c : result.checks) n += c.is_z_test();
    return n;
}

std::size_t count_not_applicable(const ExperimentResult& result) {
    std::size_t n = 0;
    for (const auto& c : result.checks) n += c.is_not_applicable() && !c.reason.empty();
    return n;
}

void require_all_pass(const ExperimentResult& result) {
    for (const auto& c : result.checks) {
        INFO(c.quantity << " " << c.point << ": MC " << c.estimate << " ± " << c.se << " vs " << c.theory << " z "
                        << c.z);
        if (c.is_z_test()) CHECK(c.pass);
    }
}

}  // namespace

TEST_CASE("model-scaling: four decades of C, every E[T_C] and local slope z-tested against M2, M1 only a limit",
          "[validation][model-scaling]") {
    const auto result = run_model_scaling(0.5, 1.0, 17, 60);
    const auto& capacity = std::get<std::vector<std::uint64_t>>(result.parameters.at("capacity"));
    REQUIRE(capacity.front() <= 10);
    REQUIRE(capacity.back() >= 100000);
    // One z-test per capacity, one per consecutive pair, and X1's α at the largest C.
    CHECK(count_z_tests(result) == 2 * capacity.size());
    std::size_t x1_tests = 0, x1_limits = 0;
    for (const auto& c : result.checks) {
        if (c.label == "M1") CHECK_FALSE(c.is_z_test());
        if (c.label == "X1") {
            // X1's model side lands in the exponent-consistency claim: α from the
            // exact chord (z-test) and the asymptotic α (limit), the exact local
            // reading at C_max in its inputs.
            CHECK(c.claim == "exponent-consistency");
            CHECK(c.inputs.contains("alpha_from_exact_local_at_C_max"));
            x1_tests += c.is_z_test();
            x1_limits += !c.is_z_test();
            if (!c.is_z_test()) CHECK(c.theory == 0.5);
        } else if (c.is_z_test()) {
            CHECK(c.label == "M2");
        }
    }
    CHECK(x1_tests == 1);
    CHECK(x1_limits == 1);
    require_all_pass(result);
    REQUIRE(result.figures.size() == 2);
    for (const auto& f : result.figures) {
        CHECK(f.x.scale == Scale::log);
        CHECK(f.y.scale == Scale::log);
    }
}

TEST_CASE("model-scaling: identical bytes for 1 and 2 threads; alpha = 0.95 runs in O(C) memory",
          "[validation][model-scaling]") {
    const auto one = run_model_scaling(0.95, 0.0, 5, 24, 1);
    const auto two = run_model_scaling(0.95, 0.0, 5, 24, 2);
    REQUIRE(one.checks.size() == two.checks.size());
    for (std::size_t i = 0; i < one.checks.size(); ++i) {
        CHECK(std::memcmp(&one.checks[i].estimate, &two.checks[i].estimate, sizeof(double)) == 0);
        CHECK(std::memcmp(&one.checks[i].se, &two.checks[i].se, sizeof(double)) == 0);
    }
    require_all_pass(one);
    // The declared estimate is flat in the replicates (streamed) and small.
    const auto& e = find_experiment("model-scaling");
    ParameterValues overrides;
    overrides.set("alpha", 0.95);
    CHECK(e.resources(overrides, 100000, 2).peak_bytes < 64e6);
}

TEST_CASE("model-scaling: the z-tests reject a wrong model", "[validation][model-scaling]") {
    // Simulated at alpha = 0.5, compared with M2 at alpha = 0.55 (through the
    // check's own arithmetic): E[T_C] differs by 20-60%, far outside z = 4.
    const auto result = run_model_scaling(0.5, 1.0, 3, 200);
    const auto wrong = run_model_scaling(0.55, 1.0, 3, 200);
    std::size_t rejected = 0, compared = 0;
    for (std::size_t i = 0; i < result.checks.size(); ++i) {
        const auto& c = result.checks[i];
        if (!c.is_z_test() || c.quantity != "E[T_C]") continue;
        ++compared;
        rejected += std::fabs(c.estimate - wrong.checks[i].theory) > 4 * c.se;
    }
    CHECK(compared >= 9);
    CHECK(rejected == compared);
}

// At alpha 0.1, beta -0.05 T_C spans dozens of decades (ln T_C has SD ~ 20,
// from the first sticks' Beta(1 - alpha, alpha + beta) left tails): 100
// replicates put the mean at C = 100 at 1/60 of M2 (z = -99 as a z-test).
// Each E[T_C], slope and X1's alpha is then not applicable, the reason naming
// the SD of ln T_C (skewed_mean_check); at alpha 0.5, beta 20 (SD ~ 0.2) all
// of them are z-tests again.
TEST_CASE("model-scaling: a heavy-tailed E[T_C] is not applicable with the SD of ln T_C, never a failed z-test",
          "[validation][model-scaling]") {
    ParameterValues heavy;
    heavy.set("alpha", 0.1);
    heavy.set("beta", -0.05);
    heavy.set("capacity", std::vector<std::uint64_t>{10, 32, 100});
    RunOptions options;
    options.seed = 11;
    options.threads = 2;
    options.replicates = 100;
    const auto result = find_experiment("model-scaling").run(heavy, options);
    std::size_t not_applicable = 0;
    for (const auto& c : result.checks) {
        if (c.kind == CheckKind::limit) continue;
        INFO(c.quantity << " " << c.point << ": " << c.estimate << " ± " << c.se << " vs " << c.theory << ": "
                        << c.reason);
        CHECK(c.is_not_applicable());
        CHECK(c.reason.find("SD") != std::string::npos);
        CHECK(c.inputs.at("sd_ln_T_C").get<double>() > 5);
        ++not_applicable;
    }
    CHECK(not_applicable == 3 + 2 + 1);  // each E[T_C], each slope, X1's alpha
    const auto light = run_model_scaling(0.5, 20, 11, 100);
    CHECK(count_z_tests(light) == 2 * 9);
    require_all_pass(light);
}

TEST_CASE("model-scaling passes by z at alpha x beta x three seeds", "[.slow][model-scaling]") {
    for (const double alpha : {0.3, 0.5, 0.8}) {
        for (const double beta : {-0.2, 1.0, 20.0}) {
            if (!(beta > -alpha)) continue;
            for (const std::uint64_t seed : {2u, 3u, 4u}) {
                INFO("alpha " << alpha << " beta " << beta << " seed " << seed);
                const auto result = run_model_scaling(alpha, beta, seed, 100);
                // Each E[T_C], slope and X1's alpha is a z-test or not applicable
                // with its reason (skewed_mean_check). ln T_C's SD is <= 0.6 at
                // beta = 20 and alpha 0.8, beta 1, and 1.13 at alpha 0.5, beta 1:
                // every check is a z-test there. At beta = -0.2 (SD 1.3 .. 3.2,
                // the left tail of the first stick's Beta(1 - alpha, alpha + beta))
                // and alpha 0.3, beta 1 (SD 1.27) the lognormal proxy's skewness
                // of a 100-replicate mean exceeds 1.
                CHECK(count_z_tests(result) + count_not_applicable(result) == 18);
                if (beta > 0 && (alpha >= 0.5 || beta >= 20)) CHECK(count_z_tests(result) == 18);
                CHECK(result.all_pass());
                require_all_pass(result);
            }
        }
    }
}

TEST_CASE("resource estimates of acquisition and fine-tuning follow their ranked prefixes, bounded at any alpha",
          "[validation][resources]") {
    // Both draw a ranked prefix of K weights (capacity_storage.hpp), K at
    // most 2^22 (acquisition) or 2 x 2^21 (fine-tuning) per worker: where
    // stick-breaking needed ~1e15 sticks (acquisition at alpha = 0.9) the
    // estimate stays below a GB; at the cap it is the cap's bytes.
    for (const double alpha : {0.5, 0.9, 0.95}) {
        ParameterValues p;
        p.set("alpha", alpha);
        p.set("capacity", std::uint64_t{100000});
        INFO("alpha " << alpha);
        const double acquisition = find_experiment("acquisition").resources(p, 2000, 2).peak_bytes;
        const double fine_tuning = find_experiment("fine-tuning").resources(p, 200, 2).peak_bytes;
        CHECK(acquisition > 20e6);
        CHECK(acquisition < 1e9);
        CHECK(fine_tuning > 20e6);
        CHECK(fine_tuning < 1e9);
    }
    // A prefix that must reach the cap (alpha = 0.95, C = 1e5, n = 1e7 in
    // fine-tuning): two lists of the last K the doubling from 2C reaches
    // below 2^21 (1.6e6), on the worker at the peak.
    ParameterValues deep;
    deep.set("alpha", 0.95);
    deep.set("capacity", std::uint64_t{100000});
    deep.set("n", std::uint64_t{10000000});
    const double at_cap = find_experiment("fine-tuning").resources(deep, 2, 1).peak_bytes;
    std::size_t K = 200000;
    while (K <= (std::size_t{1} << 21) / 2) K *= 2;
    CHECK(at_cap >= count_learner_bytes(2.0 * static_cast<double>(K), 10000000, 14));
    CHECK(at_cap < 1e9);
    // The mean stick count to a level (gem_sticks_to_level) grows like
    // level^{-alpha/(1-alpha)}: halving the level at alpha = 0.5 doubles it.
    const double j1 = gem_sticks_to_level({0.5, 1.0}, 1e-4), j2 = gem_sticks_to_level({0.5, 1.0}, 0.5e-4);
    CHECK(j2 / j1 == Approx(2.0).epsilon(0.02));
    CHECK(std::isinf(gem_sticks_to_level({0.99, 1.0}, 1e-12)));
}
