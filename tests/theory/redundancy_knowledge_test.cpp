// R1: knowledge per-token redundancy against the mpmath oracle (docs/theory.md R1
// evaluated literally, and brute-force CRP enumeration for n ≤ 7), plus the
// identities R_N = Σ r_n and exact ↔ asymptotic at large n.
#include "scaling_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <tuple>

using sklaws::theory::PitmanYorParameters;

namespace {

// Accuracy promised in knowledge_redundancy.hpp: 1e-11 relative, or an
// absolute 1e-13 floor where r_n crosses zero (r_n = O(1) quantities cancel).
void check_close(double got, double want, const std::string& where) {
    INFO(where << " got " << got << " want " << want);
    CHECK(std::abs(got - want) <= 1e-11 * std::abs(want) + 1e-13);
}

}  // namespace

TEST_CASE("R1 exact curve matches the mpmath oracle (formula and brute-force CRP)", "[theory][redundancy]") {
    const auto rows = sklaws::test::read_scaling_oracle("theory_scaling_knowledge.tsv");
    std::map<std::tuple<double, double, double, double>, std::vector<double>> curves;
    int checked = 0;
    for (const auto& r : rows) {
        const double alpha = std::stod(r[0]), beta = std::stod(r[1]), M = std::stod(r[2]), V = std::stod(r[3]);
        const auto n = static_cast<std::uint64_t>(std::stoull(r[4]));
        auto key = std::make_tuple(alpha, beta, M, V);
        if (!curves.count(key)) curves[key] = sklaws::theory::knowledge_redundancy_curve({alpha, beta}, 200, M, V);
        check_close(curves[key][n], std::stod(r[5]), r[6] + " alpha=" + r[0] + " beta=" + r[1] + " n=" + r[4]);
        ++checked;
    }
    CHECK(checked > 250);
}

TEST_CASE("R1 single-n exact equals the curve, and R_N is the running sum", "[theory][redundancy]") {
    const PitmanYorParameters p{0.5, 1.0};
    const auto curve = sklaws::theory::knowledge_redundancy_curve(p, 1000, 1000.0, 50.0);
    CHECK(sklaws::theory::knowledge_per_token_redundancy_exact(p, 1000, 1000.0, 50.0) == curve[1000]);
    const auto cumulative = sklaws::theory::cumulative_redundancy(curve);
    REQUIRE(cumulative.size() == curve.size() + 1);
    double direct = 0;
    for (std::size_t n = 0; n < 500; ++n) direct += curve[n];
    CHECK(std::abs(cumulative[500] - direct) <= 1e-12 * std::abs(direct));
    CHECK(sklaws::theory::knowledge_cumulative_redundancy(p, 500, 1000.0, 50.0) == Approx(direct).epsilon(1e-13));
}

TEST_CASE("R1 asymptotic approaches the exact value with relative error O(n^-alpha)", "[theory][redundancy]") {
    // The neglected terms are O(n^{−α}) relative (finite-n Sibuya correction)
    // and O(n^{−2α}) (K-law term): the relative gap must shrink ~ n^{−α}.
    for (const PitmanYorParameters p : {PitmanYorParameters{0.5, 1.0}, PitmanYorParameters{0.7, 10.0},
                                        PitmanYorParameters{0.3, 0.5}, PitmanYorParameters{0.0, 2.0}}) {
        const auto curve = sklaws::theory::knowledge_redundancy_curve(p, 1000000, 1e4, 100.0);
        double previous_gap = 1e300;
        for (std::uint64_t n : {1000ULL, 10000ULL, 100000ULL, 1000000ULL}) {
            const double exact = curve[n];
            const double asym = sklaws::theory::knowledge_per_token_redundancy_asymptotic(p, double(n), 1e4, 100.0);
            const double gap = std::abs(asym - exact) / std::abs(exact);
            INFO("alpha=" << p.alpha << " beta=" << p.beta << " n=" << n << " exact=" << exact << " asym=" << asym);
            const double scale = p.alpha > 0 ? std::pow(double(n), -p.alpha) : std::log(double(n)) / double(n);
            CHECK(gap <= 10.0 * scale);
            CHECK(gap < previous_gap);
            previous_gap = gap;
        }
    }
}

TEST_CASE("R1 dispatch and bad input", "[theory][redundancy]") {
    const PitmanYorParameters p{0.5, 1.0};
    CHECK(sklaws::theory::knowledge_per_token_redundancy(p, 200000, 10.0, 10.0) ==
          sklaws::theory::knowledge_per_token_redundancy_asymptotic(p, 200000.0, 10.0, 10.0));
    CHECK_THROWS_AS(sklaws::theory::knowledge_redundancy_curve({1.0, 1.0}, 10, 1.0, 1.0), sklaws::numerics::DomainError);
    CHECK_THROWS_AS(sklaws::theory::knowledge_redundancy_curve({0.5, -0.6}, 10, 1.0, 1.0), sklaws::numerics::DomainError);
    CHECK_THROWS_AS(sklaws::theory::knowledge_redundancy_curve({0.0, 0.0}, 10, 1.0, 1.0), sklaws::numerics::DomainError);
    CHECK_THROWS_AS(sklaws::theory::knowledge_redundancy_curve(p, 10, 0.5, 1.0), sklaws::numerics::DomainError);
    CHECK_THROWS_AS(sklaws::theory::knowledge_redundancy_curve(p, 10, 1.0, std::nan("")), sklaws::numerics::DomainError);
}
