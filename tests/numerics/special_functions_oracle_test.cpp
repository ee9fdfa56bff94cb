// Special functions against the mpmath tables in tests/oracle/ (>= 45 trusted
// digits; generator: tests/oracle/numerics_special_functions.py).
//
// For every row and both arithmetics we check
//   (1) honesty:  |ours − oracle| ≤ err  (the bound the function reports);
//   (2) accuracy: multiprecision at 50 digits agrees to ≥ 35 significant
//       digits everywhere, and claims digits() ≥ 35; double agrees to a
//       stated number of units of roundoff u = 2^-53 (bounds below, per
//       function, with the region where they apply).
// The oracle's own uncertainty (10^-trusted relative) is added to err.
#include "oracle_table.hpp"

#include <sklaws/numerics/beta_binomial.hpp>
#include <sklaws/numerics/special_functions.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace {

using sklaws::numerics::Evaluation;
using sklaws::numerics::mp_real;
using sklaws::numerics::WorkingPrecision;
using sklaws::test::OracleRow;

constexpr double u = std::numeric_limits<double>::epsilon() / 2;
constexpr unsigned mp_digits = 50;
constexpr double mp_required_digits = 35;

// Oracle value at 60 digits and its absolute uncertainty.
struct Reference {
    mp_real value;
    mp_real uncertainty;
};

Reference reference(const OracleRow& row, const std::string& column) {
    WorkingPrecision wp(60);
    mp_real v(row[column]);
    mp_real unc = abs(v) * boost::multiprecision::pow(mp_real(10), -row.trusted_digits());
    return {v, unc};
}

struct DoubleCase {
    std::string table, column;
    std::function<Evaluation<double>(const OracleRow&)> eval;
    // Rows where the stated relative bound applies, and the bound in units of u.
    std::function<bool(const OracleRow&)> well_conditioned;
    std::function<double(const OracleRow&, const Reference&)> bound_u;
};

void check_double(const DoubleCase& c) {
    const auto rows = sklaws::test::read_oracle_table(c.table);
    int checked = 0, conditioned = 0;
    double worst_u = 0;
    for (const auto& row : rows) {
        if (!row.double_exact()) continue;
        const Reference ref = reference(row, c.column);
        INFO(c.table << " " << row.describe());
        const Evaluation<double> ours = c.eval(row);
        WorkingPrecision wp(60);
        const mp_real error = abs(mp_real(ours.val) - ref.value);
        INFO("ours = " << sklaws::numerics::detail::format_value(ours.val) << " err = " << ours.err
                       << " |error| = " << error);
        CHECK(error <= mp_real(ours.err) + ref.uncertainty);
        ++checked;
        if (c.well_conditioned(row) && ref.value != 0) {
            const double rel_u = static_cast<double>(error / abs(ref.value)) / u;
            worst_u = std::max(worst_u, rel_u);
            CHECK(rel_u <= c.bound_u(row, ref));
            ++conditioned;
        }
    }
    WARN(c.table << " (double): " << checked << " rows, " << conditioned
                 << " well conditioned, worst relative error " << worst_u << " u");
    CHECK(checked >= 150);
}

struct MpCase {
    std::string table, column;
    std::function<Evaluation<mp_real>(const OracleRow&)> eval;
};

void check_multiprecision(const MpCase& c) {
    const auto rows = sklaws::test::read_oracle_table(c.table);
    double fewest_digits = 1e9, fewest_claimed = 1e9;
    for (const auto& row : rows) {
        const Reference ref = reference(row, c.column);
        INFO(c.table << " " << row.describe());
        Evaluation<mp_real> ours;
        double claimed;
        {
            WorkingPrecision wp(mp_digits);
            ours = c.eval(row);
            claimed = ours.digits();
        }
        WorkingPrecision wp(60);
        const mp_real error = abs(ours.val - ref.value);
        INFO("ours = " << ours.val.str(50) << " err = " << ours.err.str(5) << " |error| = " << error.str(5));
        CHECK(error <= ours.err + ref.uncertainty);
        if (ref.value == 0) {
            // A zero of the function (e.g. ln (1)_1): digits are relative to
            // nothing, so the absolute error must stay below 10^-35.
            CHECK(error <= mp_real("1e-35"));
            continue;
        }
        const double digits = -std::log10(static_cast<double>(error / abs(ref.value)));
        fewest_digits = std::min(fewest_digits, digits);
        fewest_claimed = std::min(fewest_claimed, claimed);
        CHECK(digits >= mp_required_digits);
        CHECK(claimed >= mp_required_digits);
    }
    WARN(c.table << " (mp, 50 digits): " << rows.size() << " rows, fewest correct digits " << fewest_digits
                 << ", fewest claimed " << fewest_claimed);
}

double x_of(const OracleRow& r) { return r.as_double("x"); }
double delta_of(const OracleRow& r) { return r.as_double("delta"); }

}  // namespace

using namespace sklaws::numerics;

TEST_CASE("log_gamma matches mpmath", "[numerics][oracle]") {
    // Boost's lgamma: ≤ 8u relative over the whole double range, including
    // next to the zeros at 1 and 2 (Boost uses rational fits there).
    check_double({"numerics_log_gamma.tsv", "log_gamma", [](const OracleRow& r) { return log_gamma_e(x_of(r)); },
                  [](const OracleRow&) { return true; }, [](const OracleRow&, const Reference&) { return 8.0; }});
    check_multiprecision(
        {"numerics_log_gamma.tsv", "log_gamma", [](const OracleRow& r) { return log_gamma_e(r.as_mp("x")); }});
}

TEST_CASE("digamma matches mpmath", "[numerics][oracle]") {
    // ≤ 8u relative away from the root x0 ≈ 1.4616 (|ψ| ≥ 0.01); near it
    // only the absolute bound err = 4u(|ψ|+1) is claimed (checked above).
    check_double({"numerics_digamma.tsv", "digamma", [](const OracleRow& r) { return digamma_e(x_of(r)); },
                  [](const OracleRow& r) { return std::abs(boost::math::digamma(x_of(r))) >= 0.01; },
                  [](const OracleRow&, const Reference&) { return 8.0; }});
    check_multiprecision(
        {"numerics_digamma.tsv", "digamma", [](const OracleRow& r) { return digamma_e(r.as_mp("x")); }});
}

TEST_CASE("log_gamma_ratio matches mpmath from x near 0 to 1e18", "[numerics][oracle]") {
    // Stirling region min(x, x+δ) ≥ 10: ≤ 8u relative for every δ (tiny,
    // ≈ x, ≫ x, ≈ −x). Below it the shift adds a condition number; the
    // relative bound is claimed where |lgr| ≥ 0.1·|δ| (away from its zeros).
    check_double({"numerics_log_gamma_ratio.tsv", "log_gamma_ratio",
                  [](const OracleRow& r) { return log_gamma_ratio_e(x_of(r), delta_of(r)); },
                  [](const OracleRow& r) { return std::min(x_of(r), x_of(r) + delta_of(r)) >= 10; },
                  [](const OracleRow&, const Reference&) { return 8.0; }});
    check_multiprecision({"numerics_log_gamma_ratio.tsv", "log_gamma_ratio", [](const OracleRow& r) {
                              return log_gamma_ratio_e(r.as_mp("x"), r.as_mp("delta"));
                          }});
}

TEST_CASE("gamma_ratio matches mpmath", "[numerics][oracle]") {
    // exp of lgr: relative error ≤ 8u·(1 + |ln ratio|) in the Stirling
    // region; rows outside the double range must throw OverflowError.
    const auto rows = sklaws::test::read_oracle_table("numerics_gamma_ratio.tsv");
    for (const auto& row : rows) {
        if (!row.double_exact()) continue;
        const double ref = row.as_double("gamma_ratio");
        if (!(ref < std::numeric_limits<double>::max() && ref > std::numeric_limits<double>::min())) {
            INFO(row.describe());
            CHECK_THROWS_AS(gamma_ratio_e(x_of(row), delta_of(row)), OverflowError);
        }
    }
    check_double({"numerics_gamma_ratio.tsv", "gamma_ratio",
                  [](const OracleRow& r) {
                      const double ref = r.as_double("gamma_ratio");
                      if (!(ref < std::numeric_limits<double>::max() && ref > std::numeric_limits<double>::min()))
                          return Evaluation<double>{ref, 0.0};  // checked above
                      return gamma_ratio_e(x_of(r), delta_of(r));
                  },
                  [](const OracleRow& r) { return std::min(x_of(r), x_of(r) + delta_of(r)) >= 10; },
                  [](const OracleRow& r, const Reference&) {
                      return 8.0 * (1 + std::abs(std::log(r.as_double("gamma_ratio"))));
                  }});
    check_multiprecision({"numerics_gamma_ratio.tsv", "gamma_ratio", [](const OracleRow& r) {
                              return gamma_ratio_e(r.as_mp("x"), r.as_mp("delta"));
                          }});
}

TEST_CASE("log_rising_factorial matches mpmath rf", "[numerics][oracle]") {
    check_double({"numerics_log_rising_factorial.tsv", "log_rising_factorial",
                  [](const OracleRow& r) { return log_rising_factorial_e(x_of(r), r.as_double("m")); },
                  [](const OracleRow& r) { return x_of(r) >= 10; },
                  [](const OracleRow&, const Reference&) { return 8.0; }});
    check_multiprecision({"numerics_log_rising_factorial.tsv", "log_rising_factorial", [](const OracleRow& r) {
                              return log_rising_factorial_e(r.as_mp("x"), r.as_mp("m"));
                          }});
}

TEST_CASE("log_binomial matches mpmath", "[numerics][oracle]") {
    // ≤ 16u relative when min(k, n−k) ≤ n/100 (no cancellation); for k ≈ n/2
    // the ≈ log2(n) cancellation is reported in err (checked above).
    check_double({"numerics_log_binomial.tsv", "log_binomial",
                  [](const OracleRow& r) { return log_binomial_e(r.as_double("n"), r.as_double("k")); },
                  [](const OracleRow& r) {
                      const double n = r.as_double("n"), k = r.as_double("k");
                      return std::min(k, n - k) <= n / 100 && n >= 10;
                  },
                  [](const OracleRow&, const Reference&) { return 16.0; }});
    check_multiprecision({"numerics_log_binomial.tsv", "log_binomial", [](const OracleRow& r) {
                              return log_binomial_e(r.as_mp("n"), r.as_mp("k"));
                          }});
}

TEST_CASE("beta_binomial_log_pmf matches mpmath", "[numerics][oracle]") {
    // Double: every term is only O((a+b) ln n), for every k and n up to 1e18,
    // so the relative error is ≤ 16u·κ with κ = max(4, (2 + (a+b)(1 + ln(n+2))) / |ln P|)
    // (≤ 64u for moderate a, b); rows with |ln P| < 0.1 are left to the err check.
    check_double({"numerics_beta_binomial.tsv", "log_pmf",
                  [](const OracleRow& r) {
                      return beta_binomial_log_pmf_e(r.as_double("k"), r.as_double("n"), r.as_double("a"),
                                                     r.as_double("b"));
                  },
                  [](const OracleRow& r) { return std::abs(r.as_double("log_pmf")) >= 0.1; },
                  [](const OracleRow& r, const Reference&) {
                      const double size = 2 + (r.as_double("a") + r.as_double("b")) * (1 + std::log(r.as_double("n") + 2));
                      return 16.0 * std::max(4.0, size / std::abs(r.as_double("log_pmf")));
                  }});
    check_multiprecision({"numerics_beta_binomial.tsv", "log_pmf", [](const OracleRow& r) {
                              return beta_binomial_log_pmf_e(r.as_mp("k"), r.as_mp("n"), r.as_mp("a"), r.as_mp("b"));
                          }});
}
