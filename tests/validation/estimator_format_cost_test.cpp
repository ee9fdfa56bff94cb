// The format-cost estimator (simulated fine-tuning examples, Rao–Blackwell
// KL per step) against F1's exact r_k and R_K at z = 4, for a posterior far
// from the new format and one that already expects it; it rejects the
// asymptote where the asymptote is not yet reached, and is thread-count
// independent.
#include <catch2/catch.hpp>

#include <sklaws/theory/format_cost.hpp>
#include <sklaws/validation/format_cost_estimators.hpp>

#include <cmath>

using namespace sklaws;
using namespace sklaws::validation;

namespace {

const std::vector<std::uint64_t> kPoints{0, 1, 3, 10, 30, 100, 300, 1000, 3000};

std::vector<FormatCostPoint> run(const std::vector<double>& b, const std::vector<double>& t, unsigned threads) {
    RunOptions options;
    options.seed = 5;
    options.threads = threads;
    return estimate_format_cost(b, t, kPoints, 400, options);
}

void check_z(const Estimate& mc, double exact, const std::string& what) {
    INFO(what << ": MC " << mc.mean << " ± " << mc.se << ", exact " << exact);
    if (mc.se <= 1e-14 * std::abs(mc.mean)) {  // deterministic (k = 0): the same value every replicate
        CHECK(std::abs(mc.mean - exact) <= 1e-12 * std::abs(exact) + 1e-15);
    } else {
        CHECK(std::abs(mc.mean - exact) <= 4 * mc.se);
    }
}

}  // namespace

TEST_CASE("format-cost Monte Carlo agrees with F1's exact curves", "[validation][fine-tuning]") {
    const std::vector<double> target{0.1, 0.2, 0.3, 0.4};
    for (const auto& prior : {theory::format_prior(0.5, 300, std::vector<double>{0.7, 0.1, 0.1, 0.1}),
                              theory::format_prior(1.0, 300, target)}) {
        const auto mc = run(prior, target, 0);
        for (const auto& p : mc) {
            const std::string at = "k = " + std::to_string(p.examples) + ", b_0 = " + std::to_string(prior[0]);
            check_z(p.per_token, theory::format_cost_per_token_e<double>(prior, target, p.examples).val, at + " r_k");
            check_z(p.cumulative, theory::format_cost_cumulative_e<double>(prior, target, p.examples).val, at + " R_K");
        }
    }
}

TEST_CASE("format-cost Monte Carlo rejects the asymptote before it applies, and is thread independent",
          "[validation][fine-tuning]") {
    const std::vector<double> target{0.1, 0.2, 0.3, 0.4};
    const auto prior = theory::format_prior(0.5, 300, std::vector<double>{0.7, 0.1, 0.1, 0.1});
    const auto mc = run(prior, target, 1);
    // At K = 100 (< B = 302) the Clarke–Barron form is far off: detectable.
    const auto& p = mc[5];
    REQUIRE(p.examples == 100);
    const double asymptote = theory::format_cost_asymptotic_e<double>(prior, target, 100).val;
    CHECK(std::abs(p.cumulative.mean - asymptote) > 10 * p.cumulative.se);
    const auto two = run(prior, target, 2);
    for (std::size_t i = 0; i < mc.size(); ++i) {
        CHECK(mc[i].per_token.mean == two[i].per_token.mean);
        CHECK(mc[i].cumulative.se == two[i].cumulative.se);
    }
}
