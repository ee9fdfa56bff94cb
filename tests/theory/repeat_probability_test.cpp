// K3's P(K_n < n) (theory/repeat_probability.hpp) against the mpmath oracle
// tests/oracle/theory_repeat_probability_oracle.py (Gamma-function form at up
// to 680 digits): every row within the stated err (plus the half ulp of
// reading the 40-digit reference), err within the stated 16 eps, and the
// domain refused.
#include <catch2/catch.hpp>

#include "../support/oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/repeat_probability.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

using sklaws::theory::repeat_probability_e;

TEST_CASE("K3 P(K_n < n) matches the mpmath oracle within its stated error, down to 1e-295", "[theory][K3]") {
    const auto table = sklaws::test::read_oracle_table("theory_repeat_probability.tsv", sklaws::test::OracleHeader::first_row);
    REQUIRE(table.rows.size() >= 30);
    constexpr double eps = std::numeric_limits<double>::epsilon() / 2;
    for (const auto& row : table.rows) {
        const double alpha = std::strtod(table.cell(row, "alpha").c_str(), nullptr);
        const double beta = std::strtod(table.cell(row, "beta").c_str(), nullptr);
        const auto n = std::strtoull(table.cell(row, "n").c_str(), nullptr, 10);
        const double reference = std::strtod(table.cell(row, "q").c_str(), nullptr);
        INFO(table.path << ":" << row.line << " alpha " << alpha << " beta " << beta << " n " << n);
        const auto q = repeat_probability_e(alpha, beta, n);
        INFO("val " << q.val << " err " << q.err << " reference " << reference);
        CHECK(std::fabs(q.val - reference) <= q.err + eps * reference);
        CHECK(q.err <= 16 * eps * q.val + (q.val == 1.0 ? 1e-17 : 0.0));
        CHECK(q.val >= 0.0);
        CHECK(q.val <= 1.0);
    }
}

TEST_CASE("K3 P(K_n < n) refuses parameters outside its domain", "[theory][K3]") {
    using sklaws::numerics::DomainError;
    CHECK_THROWS_AS(repeat_probability_e(1.0, 1.0, 10), DomainError);
    CHECK_THROWS_AS(repeat_probability_e(0.5, -0.5, 10), DomainError);
    CHECK_THROWS_AS(repeat_probability_e(0.0, 0.0, 10), DomainError);
    CHECK_THROWS_AS(repeat_probability_e(0.5, 1.0, 0), DomainError);
    CHECK_THROWS_AS(repeat_probability_e(0.5, std::numeric_limits<double>::infinity(), 10), DomainError);
}
