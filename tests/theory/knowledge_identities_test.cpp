// Identities between the knowledge closed forms, and the law of K_n and the
// EPPF against brute-force mpmath enumeration (theory_knowledge_law.tsv,
// theory_knowledge_eppf.tsv from tests/oracle/theory_knowledge_oracle.py):
//   Σ_j j E[M_{j,n}] = n,  Σ_j E[M_{j,n}] = E[K_n]            (K4 vs K1)
//   Σ_k P_n(k) = 1, mean = E[K_n], variance = Var[K_n]       (K3 vs K1, K2)
//   p_new(n) = E[K_{n+1}] − E[K_n]                            (K7 vs K1)
//   E[S] = Γ(β+1)/(αΓ(β+α)) = lim E[K_n]/n^α                  (K5 vs K1)
#include "knowledge_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/pitman_yor.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

namespace {

using namespace sklaws::theory;
using sklaws::numerics::mp_real;

struct Grid {
    double alpha, beta;
};
const Grid grids[] = {{0.0, 1.0}, {0.0, 1000.0}, {0.001, 0.5}, {0.3, -0.29}, {0.5, 1.0}, {0.5, 0.0},
                      {0.9, 10.0}, {0.99, 1.0}, {0.999, -0.998}};

double relative(double a, double b) { return std::fabs(a - b) / std::fabs(b); }

}  // namespace

TEST_CASE("block counts sum to n and to E[K_n]", "[theory][knowledge]") {
    for (const auto& g : grids) {
        for (std::uint64_t n : {1ULL, 2ULL, 10ULL, 1000ULL, 100000ULL}) {
            INFO("alpha=" << g.alpha << " beta=" << g.beta << " n=" << n);
            const std::vector<double> m = expected_block_counts(g.alpha, g.beta, n);
            REQUIRE(m.size() == n);
            sklaws::numerics::NeumaierSum<double> total, weighted;
            for (std::size_t i = 0; i < m.size(); ++i) {
                total.add(m[i]);
                weighted.add(static_cast<double>(i + 1) * m[i]);
            }
            // Ratio recurrence: relative error ≤ ~4jε per entry, ≤ 1e-10 here.
            CHECK(relative(weighted.value(), static_cast<double>(n)) <= 1e-10);
            CHECK(relative(total.value(), expected_tables(g.alpha, g.beta, static_cast<double>(n))) <= 1e-10);
            // Entry j = 1 and a middle entry against the single-j closed form.
            CHECK(relative(m[0], expected_block_count(g.alpha, g.beta, double(n), 1.0)) <= 1e-13);
            const double mid = expected_block_count(g.alpha, g.beta, double(n), double((n + 1) / 2));
            if (mid > 1e-290) CHECK(relative(m[(n + 1) / 2 - 1], mid) <= 1e-10);
        }
    }
}

TEST_CASE("the block-count recursion matches the closed form", "[theory][knowledge]") {
    for (const auto& g : grids) {
        BlockCountsRecursion recursion({g.alpha, g.beta});
        while (recursion.n() < 400) recursion.advance();
        const std::vector<double> closed = expected_block_counts(g.alpha, g.beta, 400);
        const auto& counts = recursion.expected_counts();
        REQUIRE(counts.size() == 400);
        for (std::size_t i = 0; i < counts.size(); ++i) {
            INFO("alpha=" << g.alpha << " beta=" << g.beta << " j=" << i + 1);
            if (closed[i] > 1e-280) CHECK(relative(counts[i], closed[i]) <= 1e-11);
            else CHECK(counts[i] <= 1e-280);
        }
    }
}

TEST_CASE("the law of K_n sums to one with mean K1 and variance K2", "[theory][knowledge]") {
    for (const auto& g : grids) {
        TablesLawRecursion law({g.alpha, g.beta});
        for (std::uint64_t target : {2ULL, 10ULL, 1000ULL, 20000ULL}) {
            while (law.n() < target) law.advance();
            INFO("alpha=" << g.alpha << " beta=" << g.beta << " n=" << target);
            const auto& p = law.probabilities();
            REQUIRE(p.size() == target + 1);
            sklaws::numerics::NeumaierSum<double> mass, first, second;
            for (std::size_t k = 0; k < p.size(); ++k) {
                mass.add(p[k]);
                first.add(static_cast<double>(k) * p[k]);
            }
            const double mean = first.value();
            for (std::size_t k = 0; k < p.size(); ++k) second.add((static_cast<double>(k) - mean) * (static_cast<double>(k) - mean) * p[k]);
            const double n = static_cast<double>(target);
            // Convex steps: drift ≤ n·(1e-30 + 4ε) ≈ 2e-11 at n = 2e4.
            CHECK(std::fabs(mass.value() - 1.0) <= n * 1e-15);
            CHECK(relative(mean, expected_tables(g.alpha, g.beta, n)) <= n * 1e-15);
            const double variance = tables_variance(g.alpha, g.beta, n);
            if (variance > 0) CHECK(relative(second.value(), variance) <= n * 1e-14);
        }
    }
}

TEST_CASE("the law of K_n matches brute-force enumeration of partitions", "[theory][knowledge]") {
    const auto table = sklaws::tests::read_oracle_table("theory_knowledge_law.tsv");
    int checked = 0;
    for (const auto& row : table.rows) {
        const double alpha = std::stod(row[0]), beta = std::stod(row[1]);
        const auto n = std::stoull(row[2]);
        const auto k = std::stoull(row[3]);
        const double truth = std::stod(row[4]);
        const std::vector<double> p = tables_law(alpha, beta, n);
        INFO("alpha=" << alpha << " beta=" << beta << " n=" << n << " k=" << k);
        CHECK(std::fabs(p.at(k) - truth) <= 1e-15 + 1e-14 * truth);
        ++checked;
    }
    CHECK(checked == 105);
}

TEST_CASE("p_new is the increment of E[K_n] (30 digits)", "[theory][knowledge]") {
    sklaws::numerics::WorkingPrecision precision(40);
    for (const auto& g : grids) {
        for (const char* n_text : {"0", "1", "7", "1000", "1e9", "1e15", "1e18"}) {
            const mp_real a(g.alpha), b(g.beta), n(n_text);
            INFO("alpha=" << g.alpha << " beta=" << g.beta << " n=" << n_text);
            const mp_real increment = expected_tables(a, b, mp_real(n + 1)) - expected_tables(a, b, n);
            const mp_real p = p_new(a, b, n);
            CHECK(static_cast<double>(mp_real(abs(increment - p) / p)) <= 1e-30);
        }
    }
}

TEST_CASE("E[S] is the Heaps constant and the limit of E[K_n]/n^alpha", "[theory][knowledge]") {
    for (const auto& g : grids) {
        if (g.alpha < 0.1) continue;
        const double es = diversity_moment(g.alpha, g.beta, 1.0);
        const double constant = std::exp(std::lgamma(g.beta + 1) - std::lgamma(g.beta + g.alpha)) / g.alpha;
        INFO("alpha=" << g.alpha << " beta=" << g.beta);
        CHECK(relative(es, constant) <= 1e-12);
        // (E[K_n] + β/α)/n^α = E[S]·(1 + O(1/n)): at n = 1e18 only rounding
        // is left (pow(n, α) costs ~ε·α·ln n).
        const double n = 1e18;
        CHECK(relative((expected_tables(g.alpha, g.beta, n) + g.beta / g.alpha) / std::pow(n, g.alpha), es) <= 1e-12);
    }
}

TEST_CASE("EPPF log-likelihood and gradient match mpmath", "[theory][knowledge]") {
    const auto table = sklaws::tests::read_oracle_table("theory_knowledge_eppf.tsv");
    for (const auto& row : table.rows) {
        const double alpha = std::stod(row[0]), beta = std::stod(row[1]);
        std::vector<std::uint64_t> counts;
        std::stringstream in(row[2]);
        std::string cell;
        while (std::getline(in, cell, ',')) counts.push_back(std::stoull(cell));
        const EppfValue v = eppf_log_likelihood(alpha, beta, counts);
        INFO("alpha=" << alpha << " beta=" << beta << " counts=" << row[2]);
        CHECK(std::fabs(v.log_likelihood - std::stod(row[3])) <= 1e-12 * (1 + std::fabs(std::stod(row[3]))));
        CHECK(std::fabs(v.d_alpha - std::stod(row[4])) <= 1e-10 * (1 + std::fabs(std::stod(row[4]))));
        CHECK(std::fabs(v.d_beta - std::stod(row[5])) <= 1e-10 * (1 + std::fabs(std::stod(row[5]))));
    }
}

TEST_CASE("knowledge closed forms reject inputs outside their domain", "[theory][knowledge]") {
    using sklaws::numerics::DomainError;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(expected_tables(1.0, 1.0, 10.0), DomainError);
    CHECK_THROWS_AS(expected_tables(-0.1, 1.0, 10.0), DomainError);
    CHECK_THROWS_AS(expected_tables(0.5, -0.5, 10.0), DomainError);
    CHECK_THROWS_AS(expected_tables(0.0, 0.0, 10.0), DomainError);
    CHECK_THROWS_AS(expected_tables(0.5, 1.0, -1.0), DomainError);
    CHECK_THROWS_AS(expected_tables(nan, 1.0, 10.0), DomainError);
    CHECK_THROWS_AS(tables_variance(0.5, 1.0, 0.5), DomainError);
    CHECK_THROWS_AS(p_new(0.5, 1.0, -1.0), DomainError);
    CHECK_THROWS_AS(expected_block_count(0.5, 1.0, 10.0, 11.0), DomainError);
    CHECK_THROWS_AS(expected_block_count(0.5, 1.0, 10.0, 0.0), DomainError);
    CHECK_THROWS_AS(diversity_moment(0.0, 1.0, 1.0), DomainError);
    CHECK_THROWS_AS(diversity_moment(0.5, 1.0, -3.0), DomainError);
    CHECK_THROWS_AS(knowledge_entropy(0.5, -0.6), DomainError);
    CHECK_THROWS_AS(ranked_weight_approx(0.5, -1.0, 1), DomainError);
    CHECK_THROWS_AS(tables_law(0.5, 1.0, 0), DomainError);
    const std::vector<std::uint64_t> empty, with_zero{3, 0};
    CHECK_THROWS_AS(eppf_log_likelihood(0.5, 1.0, empty), DomainError);
    CHECK_THROWS_AS(eppf_log_likelihood(0.5, 1.0, with_zero), DomainError);
    try {
        expected_tables(0.5, -0.7, 10.0);
        FAIL("no DomainError");
    } catch (const DomainError& e) {
        CHECK(e.argument() == "beta");
        CHECK(std::string(e.what()).find("beta > -alpha") != std::string::npos);
    }
}
