// M1 tail mass against the mpmath oracle (double and 30-digit
// multiprecision), exponents and their X1 inverses, the compute-optimal split
// (checked by direct minimisation), D1 as the sum of S and R per-token terms.
#include "scaling_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/precision.hpp>
#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>
#include <sklaws/theory/scaling_laws.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using sklaws::numerics::DomainError;
using sklaws::numerics::mp_real;
namespace th = sklaws::theory;

TEST_CASE("M1 tail mass asymptotic matches the oracle", "[theory][scaling]") {
    int checked = 0;
    for (const auto& r : sklaws::test::read_scaling_oracle("theory_scaling_tail.tsv")) {
        const double alpha = std::stod(r[0]), beta = std::stod(r[1]), C = std::stod(r[2]);
        INFO("alpha=" << r[0] << " beta=" << r[1] << " C=" << r[2]);
        const auto t = th::tail_mass_asymptotic_e<double>(alpha, beta, C);
        const double want = std::stod(r[3]);
        // Double: relative 1e-12 (the log form amplifies rounding by ~|ln E[T_C]|).
        CHECK(std::abs(t.val - want) <= 1e-12 * want);
        CHECK(std::abs(t.val - want) <= t.err);
        CHECK(th::data_exponent(alpha) == Approx(std::stod(r[4])).epsilon(1e-15));
        CHECK(th::model_exponent(alpha) == Approx(std::stod(r[5])).epsilon(1e-14));
        {
            sklaws::numerics::WorkingPrecision scope(40);
            const mp_real got = th::tail_mass_asymptotic_e<mp_real>(mp_real(r[0]), mp_real(r[1]), mp_real(r[2])).val;
            const mp_real want_mp(r[3]);
            CHECK(static_cast<double>(abs(got - want_mp) / want_mp) <= 1e-30);
            // The exponent algebra in multiprecision (the oracle's 35 trusted
            // digits); compared as doubles so that Catch prints plain numbers.
            const auto rel = [](const mp_real& got_value, const std::string& want_text) {
                const mp_real w(want_text);
                return static_cast<double>(abs(got_value - w) / abs(w));
            };
            const auto a_d = th::data_exponent_e<mp_real>(mp_real(r[0]));
            const auto a_m = th::model_exponent_e<mp_real>(mp_real(r[0]));
            CHECK(rel(a_d.val, r[4]) <= 1e-35);
            CHECK(rel(a_m.val, r[5]) <= 1e-34);
            CHECK(static_cast<double>(a_d.err / a_d.val) <= 1e-38);
            CHECK(rel(th::alpha_from_data_exponent_e<mp_real>(mp_real(r[4])).val, r[0]) <= 1e-35);
            CHECK(rel(th::alpha_from_model_exponent_e<mp_real>(mp_real(r[5])).val, r[0]) <= 1e-34);
        }
        ++checked;
    }
    CHECK(checked >= 60);
}

TEST_CASE("X1: exponents invert, and a consistent pair has zero gap", "[theory][scaling]") {
    for (double alpha : {0.1, 0.37, 0.5, 0.9, 0.999}) {
        const double a_d = th::data_exponent(alpha), a_m = th::model_exponent(alpha);
        CHECK(th::alpha_from_data_exponent(a_d) == Approx(alpha).epsilon(1e-14));
        CHECK(th::alpha_from_model_exponent(a_m) == Approx(alpha).epsilon(1e-14));
        CHECK(th::model_exponent_from_data_exponent(a_d) == Approx(a_m).epsilon(1e-12));
        CHECK(std::abs(th::exponent_consistency(a_d, a_m).gap) <= 1e-14);
    }
    const auto c = th::exponent_consistency(0.5, 0.5);  // α = 0.5 vs α = 2/3
    CHECK(c.gap == Approx(0.5 - 2.0 / 3.0).epsilon(1e-14));
    CHECK(th::data_exponent(0.0) == 1.0);
    CHECK_THROWS_AS(th::model_exponent(0.0), DomainError);
    CHECK_THROWS_AS(th::alpha_from_data_exponent(1.5), DomainError);
    CHECK_THROWS_AS(th::alpha_from_model_exponent(-1.0), DomainError);
    CHECK_THROWS_AS(th::tail_mass_asymptotic_e<double>(0.0, 1.0, 10.0), DomainError);
    CHECK_THROWS_AS(th::tail_mass_asymptotic_e<double>(0.5, -0.6, 10.0), DomainError);
    CHECK_THROWS_AS(th::tail_mass_asymptotic_e<double>(0.5, 1.0, 0.5), DomainError);
}

TEST_CASE("compute-optimal split minimises A_M C^-aM + A_D N^-aD at C N = F", "[theory][scaling]") {
    const double a_m = 0.34, amp_m = 406.4, a_d = 0.28, amp_d = 410.7;
    const auto split = th::compute_optimal_split(a_m, amp_m, a_d, amp_d);
    CHECK(split.capacity_exponent + split.data_exponent == Approx(1.0).epsilon(1e-15));
    CHECK(split.capacity_exponent == Approx(a_d / (a_m + a_d)).epsilon(1e-15));
    for (double F : {1e10, 1e20}) {
        const double C = split.capacity_constant * std::pow(F, split.capacity_exponent);
        const double N = split.data_constant * std::pow(F, split.data_exponent);
        CHECK(C * N == Approx(F).epsilon(1e-12));
        auto loss = [&](double c) { return amp_m * std::pow(c, -a_m) + amp_d * std::pow(F / c, -a_d); };
        // Independent check: golden-section search of the loss in ln C.
        double lo = std::log(C) - 10, hi = std::log(C) + 10;
        const double phi = (std::sqrt(5.0) - 1) / 2;
        for (int i = 0; i < 200; ++i) {
            const double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo);
            if (loss(std::exp(x1)) < loss(std::exp(x2))) {
                hi = x2;
            } else {
                lo = x1;
            }
        }
        CHECK(std::exp((lo + hi) / 2) == Approx(C).epsilon(1e-6));
    }
}

TEST_CASE("D1 excess loss is the sum of the syntax and knowledge per-token redundancies", "[theory][scaling]") {
    const th::PitmanYorParameters p{0.5, 1.0};
    for (std::uint64_t N : {1ULL, 100ULL, 5000ULL}) {
        const double sum = th::syntax_per_token_redundancy_e<double>(4, 0.5, N).val +
                           th::knowledge_per_token_redundancy_exact(p, N, 100.0, 10.0);
        CHECK(th::data_scaling_excess_loss(4, 0.5, p, 100.0, 10.0, N) == Approx(sum).epsilon(1e-15));
    }
    CHECK(th::model_loss_gap_asymptotic(p, 1000.0, 100.0, 10.0) ==
          Approx(th::tail_mass_asymptotic_e<double>(0.5, 1.0, 1000.0).val * std::log(1000.0)).epsilon(1e-14));
}
