// X1's compute-optimal split (theory/compute_optimal.hpp) against the mpmath
// oracle (tests/oracle/theory_compute_optimal_oracle.py: bisection on the
// derivative's sign at 60 digits, the loss summed term by term): double to
// 14 digits and multiprecision to 30, each within its bound; the exponents;
// domain errors and the double range.
#include "scaling_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/precision.hpp>
#include <sklaws/theory/compute_optimal.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

namespace th = sklaws::theory;
using sklaws::numerics::mp_real;

namespace {

double rel(double ours, const std::string& oracle) {
    const double want = std::stod(oracle);
    return std::abs(ours - want) / std::abs(want);
}

// The split of one oracle row, in Real, from its decimal inputs.
template <class Real>
th::ComputeOptimal<Real> split_of(const sklaws::test::OracleRow& r) {
    auto in = [](const std::string& text) {
        if constexpr (std::is_same_v<Real, double>) {
            return std::stod(text);
        } else {
            sklaws::numerics::WorkingPrecision wide(60);
            return mp_real(text);
        }
    };
    if (r[0] == "alpha") return th::compute_optimal_from_alpha_e<Real>(in(r[5]), in(r[2]), in(r[4]), in(r[6]));
    return th::compute_optimal_e<Real>(in(r[1]), in(r[2]), in(r[3]), in(r[4]), in(r[6]));
}

}  // namespace

TEST_CASE("X1 compute-optimal split matches the mpmath oracle in double and to 30 digits", "[theory][compute-optimal]") {
    const auto rows = sklaws::test::read_scaling_oracle("theory_compute_optimal.tsv");
    REQUIRE(rows.size() >= 17);
    std::size_t from_alpha = 0;
    for (const auto& r : rows) {
        INFO(r[0] << " a_M " << r[1] << " A_M " << r[2] << " a_D " << r[3] << " A_D " << r[4] << " alpha " << r[5]
                  << " F " << r[6]);
        from_alpha += r[0] == "alpha";
        const auto d = split_of<double>(r);
        const std::pair<const sklaws::numerics::Evaluation<double>*, std::string> parts[] = {
            {&d.capacity, r[7]}, {&d.data, r[8]}, {&d.reducible_loss, r[9]}};
        for (const auto& [e, want] : parts) {
            // The inputs are the doubles nearest the decimals: their rounding
            // (u each, times the exponents' leverage ~|ln F|) is not in the
            // bound, which is of the evaluation at those doubles.
            CHECK(rel(e->val, want) <= 2e-13);
            CHECK(e->digits() >= 14);
        }
        CHECK(d.capacity_exponent.val + d.data_exponent.val == Approx(1).epsilon(1e-15));
        sklaws::numerics::WorkingPrecision scope(30);
        const auto m = split_of<mp_real>(r);
        const std::pair<const sklaws::numerics::Evaluation<mp_real>*, std::string> mp_parts[] = {
            {&m.capacity, r[7]}, {&m.data, r[8]}, {&m.reducible_loss, r[9]}};
        for (const auto& [e, want] : mp_parts) {
            CHECK(e->digits() >= 30);
            sklaws::numerics::WorkingPrecision wide(60);  // the oracle's 40 digits, and the difference, exactly
            const mp_real oracle(want);
            const mp_real error = abs(e->val - oracle);
            CHECK(static_cast<double>(error / oracle) <= 1e-30);
            CHECK(static_cast<double>(error) <= static_cast<double>(e->err) + 1e-35 * static_cast<double>(oracle));
        }
    }
    CHECK(from_alpha >= 4);
}

TEST_CASE("X1 from alpha: C* grows like F^(alpha/(1+alpha)) and N* like F^(1/(1+alpha))", "[theory][compute-optimal]") {
    const auto s = th::compute_optimal_from_alpha_e<double>(0.3, 2.0, 5.0, 1e18);
    CHECK(s.capacity_exponent.val == Approx(0.3 / 1.3).epsilon(1e-15));
    CHECK(s.data_exponent.val == Approx(1 / 1.3).epsilon(1e-15));
    CHECK(s.loss_exponent.val == Approx(0.7 / 1.3).epsilon(1e-15));
    CHECK(s.capacity_exponent.digits() >= 15);
    const auto t = th::compute_optimal_from_alpha_e<double>(0.3, 2.0, 5.0, 1e21);
    CHECK(t.capacity.val / s.capacity.val == Approx(std::pow(1e3, 0.3 / 1.3)).epsilon(1e-13));
    CHECK(t.data.val / s.data.val == Approx(std::pow(1e3, 1 / 1.3)).epsilon(1e-13));
    CHECK(s.capacity.val * s.data.val == Approx(1e18).epsilon(1e-14));
}

TEST_CASE("X1 compute-optimal refuses bad input and leaves the double range loudly", "[theory][compute-optimal]") {
    using sklaws::numerics::DomainError;
    CHECK_THROWS_AS(th::compute_optimal_e<double>(0.0, 1.0, 0.3, 1.0, 1e10), DomainError);
    CHECK_THROWS_AS(th::compute_optimal_e<double>(0.3, -1.0, 0.3, 1.0, 1e10), DomainError);
    CHECK_THROWS_AS(th::compute_optimal_e<double>(0.3, 1.0, 0.3, 1.0, 0.0), DomainError);
    CHECK_THROWS_AS(th::compute_optimal_e<double>(0.3, 1.0, NAN, 1.0, 1e10), DomainError);
    CHECK_THROWS_AS(th::compute_optimal_from_alpha_e<double>(0.0, 1.0, 1.0, 1e10), DomainError);
    CHECK_THROWS_AS(th::compute_optimal_from_alpha_e<double>(1.0, 1.0, 1.0, 1e10), DomainError);
    // a_D/(a_M+a_D) = 0.999: C* ~ F^0.999 = 1e299.7 times G = 1e10 overflows double.
    CHECK_THROWS_AS(th::compute_optimal_e<double>(0.001, 1e13, 0.999, 1.0, 1e300), sklaws::numerics::OverflowError);
    // In multiprecision the same split is a number.
    sklaws::numerics::WorkingPrecision scope(30);
    const auto m = th::compute_optimal_e<mp_real>(mp_real("0.001"), mp_real("1e13"), mp_real("0.999"), mp_real(1),
                                                  mp_real("1e300"));
    CHECK(m.capacity.val > mp_real("1e300"));
}
