// D1's syntax/knowledge split from full generated sentences against the
// exact S1 and R1 per-token redundancies at 6 points over 4 decades (z = 4),
// with many templates (syntax dominating the middle of the run) and with
// few; the Monte Carlo rejects the syntax part's asymptotic form at small n;
// thread-count independence.
#include <catch2/catch.hpp>

#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>
#include <sklaws/validation/learning_order_estimators.hpp>

#include <cmath>

using namespace sklaws;
using namespace sklaws::validation;

namespace {

const std::vector<std::uint64_t> kPoints{1, 3, 10, 100, 1000, 10000};
const std::vector<std::uint64_t> kEarly{1, 10, 100};

CorpusParameters corpus(unsigned templates, double prior) {
    CorpusParameters p;
    p.knowledge = {0.5, 1.0};
    p.templates = templates;
    p.prior = prior;
    p.names = 1'000'000'000;  // E[K_n]² ≪ 2MV: no two elements share a name
    p.values = 1000;
    return p;
}

std::vector<LearningOrderPoint> run(const CorpusParameters& p, unsigned threads, std::size_t replicates = 300,
                                    const std::vector<std::uint64_t>& points = kPoints) {
    RunOptions o;
    o.seed = 13;
    o.threads = threads;
    return estimate_learning_order(p, points, replicates, o);
}

void check_z(const Estimate& mc, double exact, const std::string& what) {
    INFO(what << ": MC " << mc.mean << " ± " << mc.se << ", exact " << exact);
    CHECK(std::abs(mc.mean - exact) <= 4 * mc.se + 1e-12 * std::abs(exact));
}

void check_split(const CorpusParameters& p) {
    const auto mc = run(p, 0);
    for (const auto& point : mc) {
        const double syntax = theory::syntax_per_token_redundancy_e<double>(p.templates, p.prior, point.n).val;
        const double knowledge = theory::knowledge_per_token_redundancy_exact(
            p.knowledge, point.n, static_cast<double>(p.names), static_cast<double>(p.values));
        const std::string at = "n = " + std::to_string(point.n);
        check_z(point.syntax.estimate, syntax, at + " syntax");
        check_z(point.knowledge.estimate, knowledge, at + " knowledge");
        check_z(point.total.estimate, syntax + knowledge, at + " total");
        CHECK(point.total.estimate.se < 0.05 * (syntax + knowledge));  // able to see a 20 % error
    }
}

}  // namespace

TEST_CASE("full-sentence Monte Carlo agrees with the exact syntax/knowledge split, many templates",
          "[validation][learning-order]") {
    check_split(corpus(2000, 0.05));
}

TEST_CASE("full-sentence Monte Carlo agrees with the exact syntax/knowledge split, few templates",
          "[validation][learning-order]") {
    check_split(corpus(8, 1.0));
}

TEST_CASE("full-sentence Monte Carlo rejects the asymptotic split early and is thread independent",
          "[validation][learning-order]") {
    const auto p = corpus(8, 1.0);
    const auto mc = run(p, 1, 200, kEarly);
    // S2's d/(2n) at n = 10 is visibly not the exact split.
    const auto& at10 = mc[1];
    REQUIRE(at10.n == 10);
    CHECK(std::abs(at10.syntax.estimate.mean - theory::syntax_per_token_redundancy_asymptotic(8, 10.0)) >
          6 * at10.syntax.estimate.se);
    const auto two = run(p, 2, 200, kEarly);
    for (std::size_t i = 0; i < mc.size(); ++i) {
        CHECK(mc[i].total.estimate.mean == two[i].total.estimate.mean);
        CHECK(mc[i].cumulative.se == two[i].cumulative.se);
    }
}
