// M2: exact E[T_C], E[W_(C)] and a_M(C) against docs/theory.md's reference values
// and the mpmath oracle (tests/oracle/theory_missing_mass_oracle.py, which
// integrates docs/theory.md's formula as printed, at two working precisions),
// in double (>= 14 digits, bound covering the error) and at 30 digits in
// multiprecision; identities that tie the three functions together; the
// M1 asymptote as the limit of the exact curve; bad input refused.
#include "scaling_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/precision.hpp>
#include <sklaws/theory/missing_mass.hpp>
#include <sklaws/theory/scaling_laws.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

using sklaws::numerics::DomainError;
using sklaws::numerics::mp_real;
namespace th = sklaws::theory;

namespace {

// Relative difference of a double and an oracle value given as text.
double rel_to(double got, const std::string& want_text) {
    const mp_real want(want_text);
    return static_cast<double>(abs(mp_real(got) - want) / abs(want));
}

// |got - want| <= err + the rounding of the oracle value to double.
bool covered(const sklaws::numerics::Evaluation<double>& e, const std::string& want_text) {
    const mp_real want(want_text);
    const double w = static_cast<double>(want);
    return static_cast<double>(abs(mp_real(e.val) - want)) <= e.err + std::abs(w) * 1.2e-16;
}

}  // namespace

TEST_CASE("M2 reproduces docs/theory.md's reference values to every printed digit", "[theory][missing_mass]") {
    // docs/theory.md M2: alpha = 0.5, beta = 1. Each value printed there with its
    // digits; ours rounded to as many significant digits must equal it.
    struct Reference {
        std::uint64_t C;
        double printed;
        int digits;
    };
    for (const Reference r : {Reference{1, 0.596495199, 9}, Reference{5, 0.252125425, 9},
                              Reference{20, 0.0836412534, 9}, Reference{80, 0.0230240653, 9}}) {
        INFO("C = " << r.C);
        const auto t = th::tail_mass_e<double>(0.5, 1.0, r.C);
        const double scale = std::pow(10.0, r.digits - 1 - std::floor(std::log10(r.printed)));
        CHECK(std::trunc(t.val * scale) == Approx(std::round(r.printed * scale)).margin(0.5));
        CHECK(t.digits() >= 14);
    }
}

TEST_CASE("M2 double and multiprecision match the mpmath oracle", "[theory][missing_mass]") {
    int rows = 0, weights = 0, exponents = 0;
    for (const auto& r : sklaws::test::read_scaling_oracle("theory_missing_mass.tsv")) {
        INFO("alpha=" << r[0] << " beta=" << r[1] << " C=" << r[2] << " (oracle digits " << r[6] << ")");
        // Each row is trusted to the digits on which the oracle's two working
        // precisions agree (its last column), at most 30 (multiprecision) and
        // 14 (double) asked.
        const int trusted = std::stoi(r[6]) - 1;
        REQUIRE(trusted >= 16);
        const double tol_double = std::max(1e-14, std::pow(10.0, -trusted)),
                     tol_mp = std::pow(10.0, -std::min(30, trusted));
        const double alpha = std::stod(r[0]), beta = std::stod(r[1]);
        const std::uint64_t C = std::stoull(r[2]);
        // The oracle's alpha, beta are decimal text; double inputs are their
        // roundings, which move E[T_C] by up to ~|d ln T/d alpha|·1e-16 —
        // within the 1e-14 asked here.
        const auto t = th::tail_mass_e<double>(alpha, beta, C);
        CHECK(rel_to(t.val, r[3]) <= tol_double);
        CHECK(t.digits() >= 13);  // the bound's claim (the error itself is checked above)
        // Where alpha and beta are exactly doubles the bound must cover the error.
        if (r[0] == "0.5" && r[1].find('.') == std::string::npos) CHECK(covered(t, r[3]));
        // Multiprecision inputs exact to 60 digits, as the oracle's decimals
        // (at 30 digits the rounding of alpha = 0.8 alone moves E[T_1e6] by 3e-27).
        mp_real alpha_mp, beta_mp;
        {
            sklaws::numerics::WorkingPrecision scope(60);
            alpha_mp = mp_real(r[0]);
            beta_mp = mp_real(r[1]);
        }
        {
            sklaws::numerics::WorkingPrecision scope(30);
            const auto m = th::tail_mass_e<mp_real>(alpha_mp, beta_mp, C);
            const mp_real want(r[3]);
            CHECK(static_cast<double>(abs(m.val - want) / want) <= tol_mp);
            // (only where the oracle is trusted beyond the 30 digits asked)
            if (trusted > 30) CHECK(static_cast<double>(abs(m.val - want) / (m.err + 1e-300 * want)) <= 1);
        }
        if (r[4] != "nan") {
            const auto w = th::ranked_weight_mean_e<double>(alpha, beta, C);
            CHECK(rel_to(w.val, r[4]) <= 10 * tol_double);
            sklaws::numerics::WorkingPrecision scope(30);
            const auto m = th::ranked_weight_mean_e<mp_real>(alpha_mp, beta_mp, C);
            CHECK(static_cast<double>(abs(m.val - mp_real(r[4])) / mp_real(r[4])) <= 10 * tol_mp);
            ++weights;
        }
        if (r[5] != "nan") {
            const auto a = th::model_exponent_local_e<double>(alpha, beta, C);
            CHECK(rel_to(a.val, r[5]) <= std::max(1e-12, tol_double));
            CHECK(a.digits() >= 12);
            ++exponents;
        }
        ++rows;
    }
    CHECK(rows >= 4);
    CHECK(weights >= 2);
}

TEST_CASE("M2: the ranked weights and the tail add up to one", "[theory][missing_mass]") {
    // Σ_{i<=C} E[W_(i)] + E[T_C] = 1: E[W_(i)] is computed by its own
    // integral (an integration by parts), not as a difference of tails.
    for (const auto& [alpha, beta] : {std::pair{0.5, 1.0}, std::pair{0.9, -0.5}, std::pair{0.2, 20.0}}) {
        INFO("alpha=" << alpha << " beta=" << beta);
        double sum = 0;
        for (std::uint64_t i = 1; i <= 60; ++i) sum += th::ranked_weight_mean_e<double>(alpha, beta, i).val;
        CHECK(std::abs(sum + th::tail_mass_e<double>(alpha, beta, 60).val - 1) <= 1e-13);
    }
}

TEST_CASE("M2: a_M(C) is the log-derivative of E[T_C] and tends to M1's (1-a)/a", "[theory][missing_mass]") {
    for (const auto& [alpha, beta] : {std::pair{0.3, 1.0}, std::pair{0.5, -0.4}, std::pair{0.8, 20.0}}) {
        INFO("alpha=" << alpha << " beta=" << beta);
        for (std::uint64_t C : {1000ULL, 1000000ULL}) {
            const std::uint64_t d = C / 1000;
            // Central difference over C(1 ± 1e-3): error O(1e-6) relative.
            const double up = th::tail_mass_e<double>(alpha, beta, C + d).val;
            const double down = th::tail_mass_e<double>(alpha, beta, C - d).val;
            const double slope = -std::log(up / down) / std::log(double(C + d) / double(C - d));
            CHECK(th::model_exponent_local_e<double>(alpha, beta, C).val == Approx(slope).epsilon(1e-5));
        }
        // The limit: a_M(C) − (1−α)/α shrinks with C, and the ratio of the
        // exact tail to M1's asymptote tends to 1.
        const double limit = th::model_exponent(alpha);
        const double gap6 = std::abs(th::model_exponent_local_e<double>(alpha, beta, 1000000).val - limit);
        const double gap9 = std::abs(th::model_exponent_local_e<double>(alpha, beta, 1000000000).val - limit);
        CHECK(gap9 < gap6);
        // (alpha and beta are structured bindings, which clang 14 cannot
        // capture: pass them.)
        const auto ratio = [](double a, double b, std::uint64_t C) {
            return th::tail_mass_e<double>(a, b, C).val / th::tail_mass_asymptotic_e<double>(a, b, double(C)).val;
        };
        CHECK(std::abs(ratio(alpha, beta, 1000000000) - 1) < std::abs(ratio(alpha, beta, 1000) - 1));
        CHECK(std::abs(ratio(alpha, beta, 1000000000) - 1) < 1e-2);
    }
}

TEST_CASE("M2 is fast in double at any C and stays in (0, 1)", "[theory][missing_mass]") {
    for (double alpha : {0.05, 0.3, 0.5, 0.8, 0.95})
        for (double beta : {-0.99 * alpha, 0.0, 1.0, 20.0, 100.0})
            for (std::uint64_t C : {1ULL, 10ULL, 1000ULL, 1000000ULL, 1000000000ULL, 1000000000000ULL}) {
                INFO("alpha=" << alpha << " beta=" << beta << " C=" << C);
                const auto t = th::tail_mass_e<double>(alpha, beta, C);
                CHECK(t.val > 0);
                CHECK(t.val < 1);
                // 12 where the bound is widened (missing_mass.hpp: known defect at small alpha, large C).
                CHECK(t.digits() >= (alpha < 0.15 && C > 100000 ? 12 : 13));
            }
}

TEST_CASE("M2 refuses input outside its domain", "[theory][missing_mass]") {
    CHECK_THROWS_AS(th::tail_mass_e<double>(0.0, 1.0, 10), DomainError);
    CHECK_THROWS_AS(th::tail_mass_e<double>(1.0, 1.0, 10), DomainError);
    CHECK_THROWS_AS(th::tail_mass_e<double>(0.5, -0.5, 10), DomainError);
    CHECK_THROWS_AS(th::tail_mass_e<double>(0.5, 1.0, 0), DomainError);
    CHECK_THROWS_AS(th::tail_mass_e<double>(0.5, 1.0, th::missing_mass_max_capacity + 1), DomainError);
    CHECK_THROWS_AS(th::ranked_weight_mean_e<double>(0.5, 1.0, 0), DomainError);
    CHECK_THROWS_AS(th::model_exponent_local_e<double>(std::nan(""), 1.0, 10), DomainError);
    CHECK_THROWS_AS(th::model_loss_gap_leading_e({0.5, 1.0}, 10, 0.5, 10), DomainError);
}
