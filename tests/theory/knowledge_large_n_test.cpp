// K1 at 50 and 54 digits against the mpmath oracle (theory_knowledge.tsv,
// values trusted to 60 digits), for every (α, β, n) of its grid: for α > 0
// and β + n ≥ 2 this is the 192-bit fixed-point path
// (expected_tables_large_n), otherwise the MPFR path. Plus the fixed-point path's own domain: it must
// answer where it applies and decline (so the MPFR path answers) where its
// bound could not show the digits asked for.
#include "knowledge_oracle_table.hpp"

#include "../../theory/src/expected_tables_large_n.hpp"

#include <sklaws/theory/heaps.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace {

using sklaws::numerics::Evaluation;
using sklaws::numerics::mp_real;
using sklaws::numerics::WorkingPrecision;

// Decimal inputs carried with 20 digits more than the evaluation.
mp_real input(const std::string& text) {
    WorkingPrecision wider(mp_real::default_precision() + 20);
    return mp_real(text);
}

}  // namespace

TEST_CASE("K1 agrees with the mpmath oracle to 50 and 54 digits at every n", "[theory][knowledge]") {
    const auto table = sklaws::tests::read_oracle_table("theory_knowledge.tsv");
    for (unsigned digits : {50u, 54u}) {
        WorkingPrecision precision(digits);
        int checked = 0, large_n = 0;
        for (const auto& r : table.rows) {
            if (r[table.column("quantity")] != "expected-tables") continue;
            const std::string alpha = r[table.column("alpha")], beta = r[table.column("beta")], n = r[table.column("n")];
            REQUIRE(std::stoi(r[table.column("digits")]) >= 58);
            INFO("digits=" << digits << " alpha=" << alpha << " beta=" << beta << " n=" << n);
            const Evaluation<mp_real> e = sklaws::theory::expected_tables_e(input(alpha), input(beta), input(n));
            const mp_real truth = input(r[table.column("value")]);
            const mp_real error = abs(e.val - truth);
            INFO("ours=" << e.val.str(digits + 5) << " oracle=" << r[table.column("value")]);
            if (truth == 0) {
                CHECK(e.val == 0);
                continue;
            }
            const double relative = static_cast<double>(mp_real(error / abs(truth)));
            CHECK(relative <= std::pow(10.0, -static_cast<double>(digits)));
            CHECK(e.digits() >= digits);
            CHECK(error <= e.err + abs(truth) * 1e-58);  // the bound holds (oracle trusted to ≥ 58 digits)
            ++checked;
            if (std::stod(n) >= 1e9 && std::stod(alpha) > 0) ++large_n;
        }
        CHECK(checked > 250);
        CHECK(large_n > 100);
    }
}

TEST_CASE("the fixed-point K1 path answers in its domain and declines outside it", "[theory][knowledge]") {
    using sklaws::theory::detail::expected_tables_large_n;
    WorkingPrecision precision(50);
    const mp_real half = input("0.5"), one = input("1"), big_n = input("1e15");
    SECTION("in the domain: α > 0, β + n ≥ 2, ≤ 54 digits") {
        for (const char* n : {"3", "10", "1000", "1e5", "1048577", "1e9", "1e15", "1e18", "2e18"}) {
            for (const char* beta : {"-0.4999", "0", "1", "1e6"}) {
                // β = 1e6 at small n: q ≈ αn/β, e^q − 1 cancels (below).
                if (std::string(beta) == "1e6" && std::stod(n) < 1e3) continue;
                INFO("beta=" << beta << " n=" << n);
                const auto e = expected_tables_large_n(half, input(beta), input(n));
                REQUIRE(e.has_value());
                CHECK(e->digits() >= 50);
            }
        }
    }
    SECTION("outside it the MPFR path answers instead") {
        CHECK_FALSE(expected_tables_large_n(input("0"), one, big_n).has_value());         // α = 0: its own formula
        CHECK_FALSE(expected_tables_large_n(half, input("0.5"), one).has_value());        // β + n < 2
        CHECK_FALSE(expected_tables_large_n(half, input("-0.4999"), input("2")).has_value());
        CHECK_FALSE(expected_tables_large_n(half, one, input("3e18")).has_value());       // β + n ≥ 2^61
        CHECK_FALSE(expected_tables_large_n(input("1e-40"), one, big_n).has_value());     // e^q − 1 cancels
        CHECK_FALSE(expected_tables_large_n(half, input("1e6"), input("3")).has_value()); // (q ≈ 1.5e-6)
        CHECK(sklaws::theory::expected_tables_e(half, input("1e6"), input("3")).digits() >= 50);
        {
            WorkingPrecision more(60);
            CHECK_FALSE(expected_tables_large_n(half, one, big_n).has_value());  // > 54 digits asked for
        }
        // … and the public function still answers there, to the digits asked.
        const Evaluation<mp_real> tiny_alpha = sklaws::theory::expected_tables_e(input("1e-40"), one, big_n);
        CHECK(tiny_alpha.digits() >= 50);
    }
}
