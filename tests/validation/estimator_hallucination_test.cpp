// The per-frequency hallucination estimator (H1 per element, learner with
// A2's storage rule): a small fixed-seed run agrees with H1 band by band at
// z = 4, its band values lie between H1 at the band edges (theory/ called
// here), it rejects H1 with a wrong guess factor and with the data-unlimited
// storage rule, and it gives identical numbers for 1, 2 and 8 threads.
#include <catch2/catch.hpp>

#include <sklaws/theory/acquisition.hpp>
#include <sklaws/theory/hallucination.hpp>
#include <sklaws/validation/check.hpp>
#include <sklaws/validation/hallucination_by_frequency.hpp>

using namespace sklaws;
using namespace sklaws::validation;

namespace {

constexpr double z_max = 4.0;
const theory::PitmanYorParameters kPy{0.5, 1.0};
constexpr std::uint64_t kTokens = 5000;
constexpr std::uint64_t kValues = 10;
const std::vector<double> kEdges{0.25, 0.5, 1.0, 2.0};

double threshold() { return theory::capacity_threshold_weight(kPy, 30.0); }

std::vector<HallucinationBand> run(unsigned threads, std::size_t replicates = 400) {
    RunOptions options;
    options.seed = 7;
    options.threads = threads;
    return estimate_hallucination_by_frequency(kPy, kTokens, threshold(), kValues, kEdges, replicates, options);
}

// H1 per element at weight ratio x = w/w*, A2's P(stored | w), from theory/.
double h1(double x) {
    const double p_stored = theory::capacity_acquisition_probability(x * threshold(), kTokens, threshold());
    return theory::hallucination_rate_per_element(1.0 - p_stored, static_cast<double>(kValues));
}

// The band's rate per query with the SE of the paired difference.
Estimate band_rate(const HallucinationBand& b) {
    return {b.hallucinated.mean / b.mean_queries, b.difference.se / b.mean_queries, b.difference.replicates};
}

}  // namespace

TEST_CASE("hallucination by frequency agrees with H1 per band and rejects wrong forms", "[validation]") {
    const auto bands = run(0);
    REQUIRE(bands.size() == 3);
    for (const auto& b : bands) {
        INFO("band [" << b.ratio_low << ", " << b.ratio_high << "), queries " << b.mean_queries);
        REQUIRE(b.mean_queries > 1.0);
        REQUIRE(b.difference.se > 0.0);
        const double theory_rate = b.predicted.mean / b.mean_queries;
        // H1 falls with w, so the band's average lies between its edge values.
        CHECK(theory_rate <= h1(b.ratio_low));
        CHECK(theory_rate >= h1(b.ratio_high));
        CHECK(b.mean_ratio >= b.ratio_low);
        CHECK(b.mean_ratio < b.ratio_high);
        // The prediction is H1 of the band's mean A2 not-stored probability.
        CHECK(theory_rate == Approx(theory::hallucination_rate_per_element(b.mean_not_stored, kValues)).epsilon(1e-12));
        const Check check = compare("rate", "H1", theory_rate, band_rate(b), z_max);
        INFO("estimate " << check.estimate << " ± " << check.se << ", H1 " << check.theory << ", z = " << check.z);
        CHECK(check.pass);
        // The plotted rate (ratio of means) is the same number with its own SE.
        CHECK(b.rate.mean == Approx(band_rate(b).mean).epsilon(1e-12));
        CHECK(b.rate.se > 0.0);
    }
    // Rare elements: nearly every query is a guess, so the rate is pinned to
    // 1 − 1/V; a learner guessing among V = 2 values would be wrong half as often.
    const auto& rare = bands[0];
    CHECK_FALSE(compare("rate", "H1", theory::hallucination_rate_per_element(rare.mean_not_stored, 2.0), band_rate(rare),
                        z_max)
                    .pass);
    // Above the threshold a data-unlimited learner stores everything (rate 0);
    // with n = 5000 tokens many such elements are still missing.
    const auto& frequent = bands[2];
    CHECK(frequent.hallucinated.mean > 0.0);
    CHECK_FALSE(compare("rate", "H1", theory::hallucination_rate_per_element(0.0, kValues), band_rate(frequent), z_max).pass);
}

TEST_CASE("hallucination by frequency is identical for 1, 2 and 8 threads", "[validation]") {
    const auto one = run(1, 60);
    for (unsigned threads : {2U, 8U}) {
        const auto other = run(threads, 60);
        REQUIRE(other.size() == one.size());
        for (std::size_t b = 0; b < one.size(); ++b) {
            CHECK(other[b].hallucinated.mean == one[b].hallucinated.mean);
            CHECK(other[b].difference.se == one[b].difference.se);
            CHECK(other[b].predicted.mean == one[b].predicted.mean);
            CHECK(other[b].rate.mean == one[b].rate.mean);
            CHECK(other[b].rate.se == one[b].rate.se);
            CHECK(other[b].mean_ratio == one[b].mean_ratio);
        }
    }
    RunOptions other_seed;
    other_seed.seed = 8;
    const auto different =
        estimate_hallucination_by_frequency(kPy, kTokens, threshold(), kValues, kEdges, 60, other_seed);
    CHECK(different[0].hallucinated.mean != one[0].hallucinated.mean);
}

TEST_CASE("hallucination by frequency rejects bad input", "[validation]") {
    RunOptions options;
    using numerics::DomainError;
    CHECK_THROWS_AS(estimate_hallucination_by_frequency(kPy, kTokens, threshold(), 1, kEdges, 10, options), DomainError);
    CHECK_THROWS_AS(estimate_hallucination_by_frequency(kPy, kTokens, 0.0, kValues, kEdges, 10, options), DomainError);
    CHECK_THROWS_AS(estimate_hallucination_by_frequency(kPy, kTokens, threshold(), kValues, {1.0}, 10, options),
                    DomainError);
    CHECK_THROWS_AS(estimate_hallucination_by_frequency(kPy, kTokens, threshold(), kValues, {0.0, 1.0}, 10, options),
                    DomainError);
    CHECK_THROWS_AS(estimate_hallucination_by_frequency(kPy, kTokens, threshold(), kValues, {2.0, 1.0}, 10, options),
                    DomainError);
}
