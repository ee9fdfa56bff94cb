// K1, K2, K4, K5, K6, K7 against the mpmath oracle
// (tests/oracle/theory_knowledge_oracle.py → theory_knowledge.tsv), over
// α ∈ {0, 0.001, …, 0.999}, β from −α + 0.001 to 1e6, n from 1 to 1e18.
//
// Multiprecision: evaluated at 35 digits, must agree with the oracle to
// ≥ 30 significant digits AND its reported error bound must hold (the digits
// it claims are really correct).
// Double: against the oracle evaluated at the same double inputs; relative
// error ≤ 1e-14 everywhere (the double path falls back to multiprecision
// where double would cancel), and the reported bound must hold.
#include "knowledge_oracle_table.hpp"

#include <sklaws/theory/pitman_yor.hpp>

#include <catch2/catch.hpp>

#include <limits>

#include <algorithm>
#include <cmath>

namespace {

using sklaws::numerics::Evaluation;
using sklaws::numerics::mp_real;

template <class Real>
Real parse(const std::string& text) {
    if constexpr (std::is_same_v<Real, double>) {
        return std::strtod(text.c_str(), nullptr);
    } else {
        // Inputs carry 20 digits more than the evaluation, so the decimal
        // inputs of the oracle are represented (nearly) exactly.
        sklaws::numerics::WorkingPrecision wider(mp_real::default_precision() + 20);
        return mp_real(text);
    }
}

struct Row {
    std::string quantity, alpha, beta, n, extra, value, value_double;
    int digits, digits_double;
};

std::vector<Row> oracle_rows() {
    const auto table = sklaws::tests::read_oracle_table("theory_knowledge.tsv");
    std::vector<Row> rows;
    for (const auto& r : table.rows) {
        rows.push_back({r[table.column("quantity")], r[table.column("alpha")], r[table.column("beta")],
                        r[table.column("n")], r[table.column("extra")], r[table.column("value")],
                        r[table.column("value_double_inputs")], std::stoi(r[table.column("digits")]),
                        std::stoi(r[table.column("digits_double_inputs")])});
    }
    return rows;
}

template <class Real>
Evaluation<Real> evaluate(const Row& row) {
    const Real a = parse<Real>(row.alpha);
    const Real b = parse<Real>(row.beta);
    using namespace sklaws::theory;
    if (row.quantity == "expected-tables") return expected_tables_e(a, b, parse<Real>(row.n));
    if (row.quantity == "tables-variance") return tables_variance_e(a, b, parse<Real>(row.n));
    if (row.quantity == "p-new") return p_new_e(a, b, parse<Real>(row.n));
    if (row.quantity == "block-count") return expected_block_count_e(a, b, parse<Real>(row.n), parse<Real>(row.extra));
    if (row.quantity == "knowledge-entropy") return knowledge_entropy_e(a, b);
    if (row.quantity == "diversity-moment") return diversity_moment_e(a, b, parse<Real>(row.extra));
    throw std::runtime_error("unknown quantity " + row.quantity);
}

}  // namespace

TEST_CASE("knowledge closed forms agree with the mpmath oracle to 30 digits in multiprecision", "[theory][knowledge]") {
    sklaws::numerics::WorkingPrecision precision(35);
    int checked = 0;
    for (const Row& row : oracle_rows()) {
        if (row.quantity == "ranked-weight") continue;  // double-only API
        INFO(row.quantity << " alpha=" << row.alpha << " beta=" << row.beta << " n=" << row.n << " extra=" << row.extra);
        REQUIRE(row.digits >= 35);
        const Evaluation<mp_real> e = evaluate<mp_real>(row);
        const mp_real truth = parse<mp_real>(row.value);
        const mp_real abs_error = abs(e.val - truth);
        INFO("ours=" << e.val.str(40) << " oracle=" << row.value << " claimed digits=" << e.digits());
        if (truth == 0) {
            CHECK(abs(e.val) <= e.err);
        } else {
            const double rel = static_cast<double>(mp_real(abs_error / abs(truth)));
            CHECK(rel <= 1e-30);
            CHECK(e.digits() >= 35);
            // The bound is honest: |true − val| ≤ err.
            CHECK(abs_error <= e.err * 1.0001 + abs(truth) * 1e-45);
        }
        ++checked;
    }
    CHECK(checked > 1500);
}

TEST_CASE("knowledge closed forms agree with the mpmath oracle to 1e-14 in double", "[theory][knowledge]") {
    double worst = 0;
    for (const Row& row : oracle_rows()) {
        if (row.quantity == "ranked-weight") continue;
        INFO(row.quantity << " alpha=" << row.alpha << " beta=" << row.beta << " n=" << row.n << " extra=" << row.extra);
        const double truth = std::strtod(row.value_double.c_str(), nullptr);
        if (std::isinf(truth)) {
            // Beyond the double range the double API refuses rather than returning inf.
            CHECK_THROWS_AS(evaluate<double>(row), sklaws::numerics::OverflowError);
            continue;
        }
        if (std::fabs(truth) < std::numeric_limits<double>::min() * 4 && std::fabs(truth) > 0) {
            // Below (or at the edge of) the normal double range the double API
            // refuses rather than returning 0 or a subnormal with claimed digits.
            try {
                const auto e = evaluate<double>(row);
                CHECK(e.val >= std::numeric_limits<double>::min());
                CHECK(std::fabs(e.val - truth) <= e.err + std::fabs(truth) * 1e-14);
            } catch (const sklaws::numerics::UnderflowError& underflow) {
                CHECK(std::string(underflow.what()).find("below the double range") != std::string::npos);
            }
            continue;
        }
        if (truth == 0 && parse<mp_real>(row.value_double) != 0) {
            // The oracle's value underflowed double's subnormals too: the API must say so.
            CHECK_THROWS_AS(evaluate<double>(row), sklaws::numerics::UnderflowError);
            continue;
        }
        const Evaluation<double> e = evaluate<double>(row);
        INFO("ours=" << e.val << " oracle=" << row.value_double);
        if (truth == 0) {
            CHECK(e.val == 0);
            continue;
        }
        const double rel = std::fabs(e.val - truth) / std::fabs(truth);
        worst = std::max(worst, rel);
        CHECK(rel <= 1e-14);
        CHECK(e.digits() >= 14);
        CHECK(std::fabs(e.val - truth) <= e.err * 1.0001 + std::fabs(truth) * 2e-16);
    }
    WARN("worst double relative error " << worst);
}

TEST_CASE("ranked weights follow (S/(Gamma(1-alpha) i))^(1/alpha)", "[theory][knowledge]") {
    for (const Row& row : oracle_rows()) {
        if (row.quantity != "ranked-weight") continue;
        INFO("alpha=" << row.alpha << " S=" << row.beta << " i=" << row.n);
        const double truth = std::strtod(row.value_double.c_str(), nullptr);
        const double ours = sklaws::theory::ranked_weight_approx(std::stod(row.alpha), std::stod(row.beta),
                                                                 static_cast<std::uint64_t>(std::stod(row.n)));
        if (truth < 1e-300) {
            CHECK(ours < 1e-290);
            continue;
        }
        // Computed in logs: ln W has absolute error ~ε·|ln W|, i.e. relative
        // error ≤ ~1e-13 for |ln W| ≤ 700.
        CHECK(std::fabs(ours - truth) <= 1e-12 * truth);
    }
}
