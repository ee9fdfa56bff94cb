// A1 (noise-free closed form and exact noisy majority vote) against the
// mpmath oracle (the noisy one by explicit multinomial enumeration), A2, F1
// and H1.
#include "scaling_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/precision.hpp>
#include <sklaws/theory/acquisition.hpp>
#include <sklaws/theory/diversity.hpp>
#include <sklaws/theory/fine_tuning.hpp>
#include <sklaws/theory/hallucination.hpp>
#include <sklaws/theory/scaling_laws.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using sklaws::numerics::DomainError;
using sklaws::numerics::mp_real;
namespace th = sklaws::theory;

TEST_CASE("A1 accuracy matches the oracle (closed form and exact noisy vote)", "[theory][scaling]") {
    int noisy = 0;
    for (const auto& r : sklaws::test::read_scaling_oracle("theory_scaling_accuracy.tsv")) {
        const double w = std::stod(r[0]), eps = std::stod(r[3]);
        const auto n = std::stoull(r[1]), V = std::stoull(r[2]);
        INFO("w=" << r[0] << " n=" << r[1] << " V=" << r[2] << " eps=" << r[3]);
        const auto acc = th::fact_accuracy_e<double>(w, n, V, eps);
        const double want = std::stod(r[4]);
        CHECK(std::abs(acc.val - want) <= 1e-13 * want);
        CHECK(std::abs(acc.val - want) <= acc.err + 1e-16 * want);
        if (eps == 0) {
            sklaws::numerics::WorkingPrecision scope(40);
            const mp_real got = th::fact_accuracy_e<mp_real>(mp_real(r[0]), n, V, mp_real(0)).val;
            CHECK(abs(got - mp_real(r[4])) / mp_real(r[4]) <= mp_real("1e-30"));
        } else {
            ++noisy;
        }
    }
    CHECK(noisy >= 40);
}

TEST_CASE("A1 accuracy increases in n and in w, and noise only lowers it", "[theory][scaling]") {
    for (double eps : {0.0, 0.3}) {
        double previous = 0;
        for (std::uint64_t n : {0ULL, 1ULL, 3ULL, 10ULL, 30ULL, 100ULL}) {
            const double a = th::fact_accuracy(0.2, n, 5, eps);
            CHECK(a > previous);
            previous = a;
        }
        previous = 0;
        for (double w : {0.0, 0.01, 0.1, 0.3, 0.6}) {
            const double a = th::fact_accuracy(w, 40, 5, eps);
            CHECK(a >= previous);
            previous = a;
        }
    }
    CHECK(th::fact_accuracy(0.2, 30, 5, 0.3) < th::fact_accuracy(0.2, 30, 5, 0.0));
    CHECK(th::accuracy_given_mentions(0, 7, 0.4) == Approx(1.0 / 7).epsilon(1e-15));
    CHECK(th::accuracy_given_mentions(1, 7, 0.0) == Approx(1.0).epsilon(1e-15));
    // Pure noise: every value is equally likely, the vote is right with 1/V.
    CHECK(th::accuracy_given_mentions(9, 4, 1.0) == Approx(0.25).epsilon(1e-13));
    // Large V: wrong mentions never collide, a single true mention wins.
    CHECK(th::accuracy_given_mentions(1, 1000000, 0.5) == Approx(0.5 + 0.5e-6).epsilon(1e-13));
    CHECK_THROWS_AS(th::fact_accuracy(1.5, 10, 5, 0.0), DomainError);
    CHECK_THROWS_AS(th::fact_accuracy(0.5, 10, 1, 0.0), DomainError);
    CHECK_THROWS_AS(th::fact_accuracy(0.5, 10, 5, -0.1), DomainError);
    CHECK_THROWS_AS(th::fact_accuracy(0.5, 100000, 5, 0.1), DomainError);  // beyond the exact noisy range
}

TEST_CASE("A2 threshold weight is the M1 scale and acquisition is a binomial tail", "[theory][scaling]") {
    const th::PitmanYorParameters p{0.5, 1.0};
    const double C = 1000;
    const double w_star = th::capacity_threshold_weight(p, C);
    // M1 consistency: E[T_C] = Σ_{i>C} w*(i) ≈ ∫_C^∞ w*(C)(C/i)^{1/α} di = w*(C)·C·α/(1−α).
    CHECK(th::tail_mass_asymptotic_e<double>(0.5, 1.0, C).val == Approx(w_star * C * 0.5 / 0.5).epsilon(1e-12));
    CHECK(th::capacity_acquisition_probability(2 * w_star, 100000000, w_star) > 0.999);
    CHECK(th::capacity_acquisition_probability(0.5 * w_star, 100000000, w_star) < 1e-3);
    // Direct binomial tail for small n.
    const double w = 0.3;
    const std::uint64_t n = 10;
    const double threshold = 0.25;  // need m > 2.5, i.e. m ≥ 3
    double tail = 0;
    for (int m = 3; m <= 10; ++m) tail += std::tgamma(11.0) / (std::tgamma(m + 1.0) * std::tgamma(11.0 - m)) * std::pow(w, m) * std::pow(1 - w, 10 - m);
    CHECK(th::capacity_acquisition_probability(w, n, threshold) == Approx(tail).epsilon(1e-13));
    CHECK_THROWS_AS(th::capacity_threshold_weight({0.0, 1.0}, C), DomainError);
}

TEST_CASE("A2's w*(C) is a C-th largest weight (at most 1/C) from C_min on, and refused below", "[theory][scaling]") {
    // At alpha = 0.1, beta = 20 the large-C form gave w*(50) = 3.4e4 (not a weight).
    for (const th::PitmanYorParameters p : {th::PitmanYorParameters{0.1, 20.0}, th::PitmanYorParameters{0.1, -0.05},
                                            th::PitmanYorParameters{0.5, 1.0}, th::PitmanYorParameters{0.9, 0.5}}) {
        INFO("alpha " << p.alpha << " beta " << p.beta);
        const double c_min = th::capacity_threshold_min_capacity(p);
        CHECK(c_min >= 1);
        // w*(C)·C = K·C^(1 − 1/α) decreases in C and equals 1 at C_min (when C_min > 1).
        const double at_min = th::capacity_threshold_weight(p, c_min);
        if (c_min > 1) CHECK(at_min * c_min == Approx(1.0).epsilon(1e-10));
        for (double c : {c_min, 2 * c_min, 1e3 * c_min}) CHECK(th::capacity_threshold_weight(p, c) <= 1.0 / c * (1 + 1e-10));
        if (c_min > 1.01) {
            try {
                th::capacity_threshold_weight(p, c_min / 1.01);
                FAIL("w*(C) below C_min was accepted");
            } catch (const DomainError& e) {
                CHECK(e.argument() == "capacity");
                CHECK(std::string(e.what()).find("exceeds 1/C") != std::string::npos);
            }
        }
    }
    // mpmath at 30 digits: (E[S^10] Γ(0.9)^-10)^(1/9) with K5's E[S^p] = Γ(β+1)Γ(β/α+1+p)/(Γ(β/α+1)Γ(β+1+pα)).
    CHECK(th::capacity_threshold_min_capacity({0.1, 20.0}) == Approx(245.923880887032617536).epsilon(1e-12));
}

TEST_CASE("F1 fine-tuning learns new elements that beat the weakest stored old one", "[theory][scaling]") {
    const std::vector<double> old_w{0.4, 0.3, 0.2, 0.1};
    const std::vector<double> new_w{0.5, 0.5};
    // C = 3 stores old 0.4, 0.3, 0.2. New element (λ·0.5) displaces old (1−λ)·0.2 iff λ > 0.2/0.7.
    const double lambda_star = th::fine_tuning_break_even(0.2, 0.5);
    CHECK(lambda_star == Approx(0.2 / 0.7).epsilon(1e-15));
    auto below = th::fine_tuning_outcome(old_w, new_w, 3, lambda_star - 1e-9);
    CHECK(below.learned == 0);
    CHECK(below.forgotten == 0);
    auto above = th::fine_tuning_outcome(old_w, new_w, 3, lambda_star + 1e-9);
    CHECK(above.learned == 1);
    CHECK(above.forgotten == 1);
    CHECK(above.forgotten_mass == Approx(0.2).epsilon(1e-15));
    // Second new element displaces 0.3 once λ > 0.3/0.8.
    auto both = th::fine_tuning_outcome(old_w, new_w, 3, 0.3 / 0.8 + 1e-9);
    CHECK(both.learned == 2);
    CHECK(both.forgotten == 2);
    CHECK(both.learned_mass == Approx(1.0).epsilon(1e-15));
    // Free capacity: learning needs no forgetting.
    auto spare = th::fine_tuning_outcome(old_w, new_w, 6, 0.01);
    CHECK(spare.learned == 2);
    CHECK(spare.forgotten == 0);
    const std::vector<double> lambdas{0.0, 0.3, 0.5, 1.0};
    const auto curve = th::fine_tuning_curve(old_w, new_w, 3, lambdas);
    for (std::size_t i = 1; i < curve.size(); ++i) CHECK(curve[i].learned >= curve[i - 1].learned);
    CHECK(curve.back().learned == 2);
    CHECK_THROWS_AS(th::fine_tuning_outcome(old_w, new_w, 3, 1.5), DomainError);
    const std::vector<double> bad{-0.1};
    CHECK_THROWS_AS(th::fine_tuning_outcome(bad, new_w, 3, 0.5), DomainError);
}

TEST_CASE("H1 hallucination rates", "[theory][scaling]") {
    CHECK(th::hallucination_rate_per_element(0.3, 10) == Approx(0.27).epsilon(1e-15));
    CHECK(th::frequency_weighted_hallucination(0.05, 4) == Approx(0.0375).epsilon(1e-15));
    CHECK(th::entity_uniform_hallucination(250, 1000) == Approx(0.75).epsilon(1e-15));
    CHECK(th::entity_uniform_hallucination(2000, 1000) == 0.0);
    CHECK(th::hallucination_rate_per_element(1.0, 1) == 0.0);  // one value: every guess is right
    CHECK_THROWS_AS(th::hallucination_rate_per_element(1.2, 10), DomainError);
    CHECK_THROWS_AS(th::frequency_weighted_hallucination(0.1, 0.5), DomainError);
    CHECK_THROWS_AS(th::entity_uniform_hallucination(10, 0), DomainError);
}
