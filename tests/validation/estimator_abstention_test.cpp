// The H2 abstention estimator (Rao-Blackwellised given the PY weights) against H2's
// exact rates (theory/abstention.hpp): overall and per weight band, with and
// without capacity, noisy and noise-free, at z = 4; it rejects a wrong law
// (the per-element rate at the mean size-biased weight instead of the
// Beta-Binomial average); identical numbers for 1 and 2 threads.
#include <catch2/catch.hpp>

#include <sklaws/theory/abstention.hpp>
#include <sklaws/theory/p_new.hpp>
#include <sklaws/validation/abstention_estimators.hpp>

#include <cmath>

using namespace sklaws;
using namespace sklaws::validation;

namespace {

constexpr double z_max = 4.0;
const theory::PitmanYorParameters kPy{0.5, 1.0};
const std::vector<double> kTaus{0.0, 0.2, 0.45, 0.7, 0.9, 0.99};  // 0.2: all answered (A(0) = 1/3 at ε = 0)
const std::vector<double> kEdges{0.0, 0.003, 0.03, 0.3, 1.0};

theory::AbstentionSetting setting(double noise, double threshold_weight) {
    theory::AbstentionSetting s;
    s.tokens = 120;
    s.values = 3;
    s.noise = noise;
    s.capacity_threshold_weight = threshold_weight;
    return s;
}

AbstentionEstimate run(const theory::AbstentionSetting& s, unsigned threads, std::size_t replicates = 600) {
    RunOptions options;
    options.seed = 11;
    options.threads = threads;
    return estimate_abstention(kPy, s, kTaus, kEdges, replicates, options);
}

// |MC − exact| ≤ z·max(SE, bias bound); an SE of 0 (a rate that is the
// same given any weights, e.g. every query answered) must match exactly.
void check_z(const Estimate& mc, double exact, double bias, const std::string& what) {
    const double se = std::max(mc.se, bias);
    INFO(what << ": MC " << mc.mean << " ± " << mc.se << " (bias bound " << bias << "), exact " << exact);
    if (se == 0) {
        CHECK(std::abs(mc.mean - exact) <= 1e-12);
    } else {
        CHECK(std::abs(mc.mean - exact) <= z_max * se);
    }
}

void check_against_theory(const theory::AbstentionSetting& s) {
    constexpr std::size_t replicates = 600;
    const AbstentionEstimate mc = run(s, 0, replicates);
    const auto exact = theory::abstention_curve_frequency_weighted(kPy, s, kTaus);
    REQUIRE(mc.overall.size() == kTaus.size());
    for (std::size_t t = 0; t < kTaus.size(); ++t) {
        const std::string at = "tau " + std::to_string(kTaus[t]);
        check_z(mc.overall[t].answered, exact[t].answered.val, mc.bias_bound, at + " answered");
        check_z(mc.overall[t].hallucinated, exact[t].hallucinated.val, mc.bias_bound, at + " hallucinated");
        if (exact[t].any_answered) {
            check_z(mc.overall[t].accuracy, exact[t].accuracy.val, 2 * mc.bias_bound / exact[t].answered.val,
                    at + " accuracy");
        }
    }
    REQUIRE(mc.bands.size() == kEdges.size() - 1);
    for (const auto& band : mc.bands) {
        const auto in_band = theory::abstention_curve_in_band(kPy, s, band.weight_low, band.weight_high, kTaus);
        const std::string where = "band [" + std::to_string(band.weight_low) + ", " + std::to_string(band.weight_high) + ")";
        CHECK(band.mean_mass > 1e-3);
        for (std::size_t t = 0; t < kTaus.size(); ++t) {
            const std::string at = where + " tau " + std::to_string(kTaus[t]);
            check_z(band.points[t].answered, in_band[t].answered.val, band.bias_bound, at + " answered");
            check_z(band.points[t].hallucinated, in_band[t].hallucinated.val, band.bias_bound, at + " hallucinated");
        }
    }
}

}  // namespace

TEST_CASE("abstention Monte Carlo agrees with H2, noisy, unlimited capacity", "[validation][abstention]") {
    check_against_theory(setting(0.3, -1));
}

TEST_CASE("abstention Monte Carlo agrees with H2, noisy, capacity rule", "[validation][abstention]") {
    check_against_theory(setting(0.3, 0.02));
}

TEST_CASE("abstention Monte Carlo agrees with H2, noise-free", "[validation][abstention]") {
    check_against_theory(setting(0.0, 0.01));
}

TEST_CASE("abstention Monte Carlo rejects a wrong query law and is thread-count independent", "[validation][abstention]") {
    const auto s = setting(0.3, -1);
    const AbstentionEstimate mc = run(s, 1, 400);
    // Wrong: every query about an element of the mean size-biased weight
    // E[Beta(1−α, α+β)] = (1−α)/(1+β) instead of the Beta-Binomial average.
    const double mean_weight = (1 - kPy.alpha) / (1 + kPy.beta);
    theory::AbstentionSetting at = s;
    at.threshold = kTaus[2];
    const double wrong = theory::abstention_for_weight_e<double>(mean_weight, at).answered.val;
    CHECK(std::abs(mc.overall[2].answered.mean - wrong) > 6 * mc.overall[2].answered.se);
    const AbstentionEstimate two = run(s, 2, 400);
    for (std::size_t t = 0; t < kTaus.size(); ++t) {
        CHECK(mc.overall[t].answered.mean == two.overall[t].answered.mean);
        CHECK(mc.overall[t].hallucinated.se == two.overall[t].hallucinated.se);
        CHECK(mc.bands[1].points[t].accuracy.mean == two.bands[1].points[t].accuracy.mean);
    }
}

TEST_CASE("abstention flags the tau whose answered fraction is the control variate's complement", "[validation][abstention]") {
    // ε = 0.1, V = 3: A(0) = 1/3, A(1) = 0.933, A(3) = 0.989, A(4) = 0.9931.
    // τ = 0.5 answers exactly the seen elements (m ≥ 1), so its answered
    // fraction is 1 − Y0, the p_new control's own complement: K7's check,
    // not H2's (the control leaves it the plain mean, control_variate.hpp);
    // τ = 0 answers all; τ = 0.99 answers m ≥ 4, an estimate with an SE.
    RunOptions options;
    options.seed = 3;
    const auto s = setting(0.1, -1);
    const AbstentionEstimate mc = estimate_abstention(kPy, s, {0.0, 0.5, 0.99}, {}, 200, options);
    REQUIRE(mc.overall.size() == 3);
    CHECK(mc.overall[0].answers_all);
    CHECK_FALSE(mc.overall[0].answered_is_control);
    CHECK(mc.overall[1].answered_is_control);
    CHECK_FALSE(mc.overall[1].answers_all);
    const double seen = 1 - theory::p_new<double>(kPy.alpha, kPy.beta, 120.0);
    CHECK(std::abs(mc.overall[1].answered.mean - seen) <= 4 * mc.overall[1].answered.se);
    CHECK_FALSE(mc.overall[2].answered_is_control);
    CHECK(mc.overall[2].answered.se > 0);
}
