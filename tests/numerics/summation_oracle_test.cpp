// NeumaierSum and log_sum_exp against exact references
// (tests/oracle/numerics_sum.tsv: rational sums of the listed doubles;
//  tests/oracle/numerics_log_sum_exp.tsv: mpmath at >= 45 digits).
#include "oracle_table.hpp"

#include <sklaws/numerics/summation.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <vector>

namespace {

using sklaws::numerics::mp_real;
using sklaws::numerics::WorkingPrecision;

constexpr double u = std::numeric_limits<double>::epsilon() / 2;

std::vector<double> parse_terms(const std::string& text) {
    std::vector<double> terms;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) terms.push_back(std::strtod(item.c_str(), nullptr));
    return terms;
}

}  // namespace

using namespace sklaws::numerics;

TEST_CASE("NeumaierSum meets its error bound on ill-conditioned sums", "[numerics][oracle]") {
    // Bound (Neumaier 1974): |sum − exact| ≤ u|exact| + 2n u² Σ|x_i|.
    const auto rows = sklaws::test::read_oracle_table("numerics_sum.tsv");
    int beats_naive = 0;
    for (const auto& row : rows) {
        INFO(row.describe());
        const std::vector<double> terms = parse_terms(row["terms"]);
        NeumaierSum<double> sum;
        for (double t : terms) sum += t;
        const double naive = std::accumulate(terms.begin(), terms.end(), 0.0);
        WorkingPrecision wp(60);
        const mp_real exact(row["sum"]);
        const mp_real sum_abs(row["sum_abs"]);
        const mp_real error = abs(mp_real(sum.value()) - exact);
        const mp_real bound = u * abs(exact) + 2.0 * terms.size() * u * u * sum_abs * 1.01;
        CHECK(error <= bound);
        if (abs(mp_real(naive) - exact) > bound) ++beats_naive;
    }
    // The tables are built to defeat naive summation; make sure they do.
    CHECK(beats_naive >= 50);
}

TEST_CASE("compensated_sum sums a range", "[numerics]") {
    const std::vector<double> terms{1.0, 1e-16, 1e-16, -1.0};
    CHECK(compensated_sum(terms) == 2e-16);
}

TEST_CASE("NeumaierSum rejects non-finite results", "[numerics][errors]") {
    NeumaierSum<double> nan_sum;
    nan_sum += 1.0;
    nan_sum += std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(nan_sum.value(), DomainError);
    NeumaierSum<double> overflow;
    overflow += 1e308;
    overflow += 1e308;
    CHECK_THROWS_AS(overflow.value(), DomainError);
}

TEST_CASE("log_sum_exp matches mpmath without overflow or underflow", "[numerics][oracle]") {
    // Bound: |ours − L| ≤ 4u·(|L| + 2).
    const auto rows = sklaws::test::read_oracle_table("numerics_log_sum_exp.tsv");
    for (const auto& row : rows) {
        INFO(row.describe());
        const std::vector<double> terms = parse_terms(row["terms"]);
        const double ours = log_sum_exp(terms);
        REQUIRE(std::isfinite(ours));
        WorkingPrecision wp(60);
        const mp_real exact(row["log_sum_exp"]);
        CHECK(abs(mp_real(ours) - exact) <= 4 * u * (abs(exact) + 2));
    }
}

TEST_CASE("log_sum_exp edge cases", "[numerics][errors]") {
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(log_sum_exp(std::vector<double>{}) == -inf);
    CHECK(log_sum_exp(std::vector<double>{-inf, -inf}) == -inf);
    CHECK(log_sum_exp(std::vector<double>{1.0, inf}) == inf);
    CHECK(log_sum_exp(std::vector<double>{0.0, 0.0}) == Approx(std::log(2.0)).epsilon(1e-15));
    CHECK_THROWS_AS(log_sum_exp(std::vector<double>{1.0, std::nan("")}), DomainError);
    // Multiprecision: the same function at 50 digits.
    WorkingPrecision wp(50);
    const std::vector<mp_real> terms{mp_real(1000), mp_real(1000)};
    const mp_real expected = mp_real(1000) + log(mp_real(2));
    CHECK(abs(log_sum_exp(terms) - expected) < mp_real("1e-45"));
}
