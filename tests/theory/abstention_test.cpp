// H2 abstention (theory/abstention.hpp) against the mpmath oracle
// (tests/oracle/theory_abstention_oracle.py: A1 by explicit enumeration of
// count vectors, the mention laws term by term at 60 digits), in
// multiprecision for the noise-free closed forms and in double for the rest;
// plus the identities H2 must keep (τ = 0 is H1, curves equal single
// evaluations, the rates move the right way with τ) and its domain errors.
#include "scaling_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/abstention.hpp>
#include <sklaws/theory/acquisition.hpp>
#include <sklaws/theory/hallucination.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using sklaws::numerics::mp_real;
using sklaws::numerics::WorkingPrecision;
using namespace sklaws::theory;

namespace {

struct Row {
    std::string kind, w_or_alpha, beta, w_lo, w_hi;
    std::uint64_t n, V;
    double eps, tau, threshold_weight;
    std::string answered, hallucinated, accuracy;
    int trusted;

    AbstentionSetting setting() const {
        AbstentionSetting s;
        s.tokens = n;
        s.values = V;
        s.noise = eps;
        s.threshold = tau;
        s.capacity_threshold_weight = threshold_weight;
        return s;
    }
    std::string label() const {
        return kind + " " + w_or_alpha + "," + beta + " band [" + w_lo + "," + w_hi + ") n=" + std::to_string(n) +
               " V=" + std::to_string(V) + " eps=" + std::to_string(eps) + " tau=" + std::to_string(tau) +
               " w*=" + std::to_string(threshold_weight);
    }
};

std::vector<Row> rows() {
    std::vector<Row> out;
    for (const auto& f : sklaws::test::read_scaling_oracle("theory_abstention.tsv")) {
        REQUIRE(f.size() == 14);
        out.push_back({f[0], f[1], f[2], f[3], f[4], std::stoull(f[5]), std::stoull(f[6]), std::stod(f[7]),
                       std::stod(f[8]), std::stod(f[9]), f[10], f[11], f[12], std::stoi(f[13])});
    }
    return out;
}

// |ours − oracle| within our bound (plus the oracle's trusted digits), and a
// bound that is not vacuous.
template <class Real>
void check_value(const sklaws::numerics::Evaluation<Real>& ours, const std::string& oracle, double max_relative_bound,
                 double max_absolute_bound, const std::string& what) {
    INFO(what << ": ours " << ours.val << " ± " << ours.err << ", oracle " << oracle);
    Real expected;
    if constexpr (sklaws::numerics::is_multiprecision_v<Real>) {
        WorkingPrecision wide(60);  // all the oracle's digits
        expected = Real(oracle);
    } else {
        expected = std::stod(oracle);
    }
    using std::abs;
    // The oracle's last digits, and an absolute floor for values that are 0.
    const Real floor = sklaws::numerics::is_multiprecision_v<Real> ? Real(1e-40) : Real(1e-16);
    const Real slack = abs(expected) * Real(1e-38) + floor;
    CHECK(abs(ours.val - expected) <= ours.err + slack);
    CHECK(ours.err <= Real(max_relative_bound) * abs(expected) + Real(max_absolute_bound) + floor);
}

// `bound` relative; `absolute` for the noisy rows, whose A(m) carries A1's
// 1e-13 relative bound, i.e. ~1e-13 absolute on 1 − A(m).
template <class Real>
void check_rates(const AbstentionRates<Real>& r, const Row& row, double bound, double absolute = 0) {
    INFO(row.label());
    check_value(r.answered, row.answered, bound, absolute, "answered");
    check_value(r.hallucinated, row.hallucinated, bound, absolute, "hallucinated");
    if (row.accuracy == "none") {
        CHECK_FALSE(r.any_answered);
    } else {
        REQUIRE(r.any_answered);
        check_value(r.accuracy, row.accuracy, bound, absolute, "accuracy");
    }
}

}  // namespace

TEST_CASE("H2 noise-free rates match the oracle to 35 digits in multiprecision", "[theory][abstention]") {
    int checked = 0;
    for (const Row& row : rows()) {
        if (row.eps != 0 || row.kind == "band") continue;
        // Inputs carry 20 digits more than the evaluation, so the result is
        // for the decimal input, not for a rounded copy.
        const auto input = [](const std::string& text) {
            WorkingPrecision wide(56);
            return mp_real(text);
        };
        const mp_real first = input(row.w_or_alpha);
        const mp_real second = row.kind == "weight" ? mp_real(0) : input(row.beta);
        WorkingPrecision precision(36);
        const auto r = row.kind == "weight" ? abstention_for_weight_e<mp_real>(first, row.setting())
                                            : abstention_frequency_weighted_e<mp_real>(first, second, row.setting());
        check_rates(r, row, 1e-35);
        CHECK(r.answered.digits() >= 35);
        ++checked;
    }
    CHECK(checked >= 150);
}

TEST_CASE("H2 rates match the oracle in double, noisy and noise-free", "[theory][abstention]") {
    int checked = 0, noisy = 0;
    for (const Row& row : rows()) {
        AbstentionRates<double> r;
        const auto below_double = [](const std::string& v) {
            const mp_real x(v);
            return x != 0 && abs(x) < mp_real("1e-300");
        };
        if (below_double(row.answered) || below_double(row.hallucinated)) {
            // A rate below the double range is refused, never printed as 0.
            INFO(row.label());
            CHECK_THROWS_AS(abstention_for_weight_e<double>(std::stod(row.w_or_alpha), row.setting()),
                            sklaws::numerics::DomainError);
            continue;
        }
        if (row.kind == "weight") {
            r = abstention_for_weight_e<double>(std::stod(row.w_or_alpha), row.setting());
        } else if (row.kind == "frequency") {
            r = abstention_frequency_weighted_e<double>(std::stod(row.w_or_alpha), std::stod(row.beta), row.setting());
        } else {
            r = abstention_in_band({std::stod(row.w_or_alpha), std::stod(row.beta)}, row.setting(),
                                   std::stod(row.w_lo), std::stod(row.w_hi));
        }
        // Noise-free closed forms to ~1e-13; the noisy sums and the bands to
        // 1e-11 relative or 1e-10 absolute (A1's table is good to 1e-13
        // relative of A, the log-space Binomial to ~1e-12 at n = 1e4).
        check_rates(r, row, row.eps == 0 && row.kind != "band" ? 1e-13 : 1e-11, row.eps == 0 ? 0.0 : 1e-10);
        ++checked;
        if (row.eps != 0) ++noisy;
    }
    CHECK(checked >= 300);
    CHECK(noisy >= 100);
}

TEST_CASE("H2 curves over tau equal single evaluations", "[theory][abstention]") {
    const std::vector<double> taus{0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1};
    AbstentionSetting s;
    s.tokens = 120;
    s.values = 3;
    s.noise = 0.25;
    const PitmanYorParameters py{0.5, 1};
    const auto by_weight = abstention_curve_for_weight(0.05, s, taus);
    const auto frequency = abstention_curve_frequency_weighted(py, s, taus);
    const auto band = abstention_curve_in_band(py, s, 0.01, 0.1, taus);
    for (std::size_t i = 0; i < taus.size(); ++i) {
        s.threshold = taus[i];
        CHECK(by_weight[i].answered.val == abstention_for_weight_e<double>(0.05, s).answered.val);
        CHECK(frequency[i].hallucinated.val == abstention_frequency_weighted_e<double>(0.5, 1.0, s).hallucinated.val);
        CHECK(band[i].answered.val == abstention_in_band(py, s, 0.01, 0.1).answered.val);
        if (i > 0) {
            // Raising τ never answers more, nor hallucinates more.
            CHECK(by_weight[i].answered.val <= by_weight[i - 1].answered.val + 1e-15);
            CHECK(frequency[i].hallucinated.val <= frequency[i - 1].hallucinated.val + 1e-15);
            CHECK(band[i].answered.val <= band[i - 1].answered.val + 1e-15);
        }
    }
    CHECK(frequency.front().answered.val == Approx(1.0).epsilon(1e-14));  // τ = 0 answers everything
    CHECK(frequency.back().hallucinated.val < frequency.front().hallucinated.val / 2);  // abstention helps
}

TEST_CASE("H2 at tau = 0 is H1's always-answering learner", "[theory][abstention]") {
    // Noise-free, per element, with A2's capacity rule: the hallucination
    // rate is P(not stored | w)(1 − 1/V) = hallucination_rate_per_element.
    for (double w : {1e-4, 2e-3, 0.01}) {
        for (std::uint64_t n : {100u, 10000u, 30000u}) {
            for (double w_star : {1e-4, 3e-3}) {
                AbstentionSetting s;
                s.tokens = n;
                s.values = 7;
                s.threshold = 0;
                s.capacity_threshold_weight = w_star;
                const auto r = abstention_for_weight_e<double>(w, s);
                const double h1 =
                    hallucination_rate_per_element(1 - capacity_acquisition_probability(w, n, w_star), 7.0);
                INFO("w " << w << " n " << n << " w* " << w_star);
                CHECK(r.answered.val == 1.0);
                CHECK(std::abs(r.hallucinated.val - h1) <= 1e-13 + 1e-12 * h1);
            }
        }
    }
    // Unlimited capacity, noise-free: H1's learner never errs on a seen
    // element, so the rate is (1 − w)^n (1 − 1/V) = 1 − Acc (A1).
    AbstentionSetting s;
    s.tokens = 300;
    s.values = 4;
    const auto r = abstention_for_weight_e<double>(0.01, s);
    CHECK(std::abs(r.hallucinated.val - (1 - fact_accuracy(0.01, 300, 4))) <= 1e-15);
}

// Noisy, n ≫ 150, at weights where the Binomial tail beyond A1's table
// starts below the double range (n·w ≪ 150, or n·w ≫ 150): that tail is 0
// or 1 to ~1e-285, not "undecided" (the evaluation refused both before).
// With τ below A(1) every seen element is answered, so the answered
// fraction is P(m ≥ 1) = 1 − (1 − w)^n, a closed form independent of the
// mention-law code; hallucination is at most the mass of m ≤ 150 (≤ 1).
TEST_CASE("H2 noisy evaluations where the tail beyond A1's table underflows", "[theory][abstention]") {
    AbstentionSetting s;
    s.tokens = 60000;
    s.values = 4;
    s.noise = 0.3;  // A(1) = 0.775, A(m) > 0.7 for m ≥ 3
    s.threshold = 0.5;
    for (double w : {1e-7, 1e-6, 0.01, 0.05, 0.5}) {
        INFO("w " << w);
        const auto r = abstention_for_weight_e<double>(w, s);
        const double seen = -std::expm1(static_cast<double>(s.tokens) * std::log1p(-w));
        CHECK(std::abs(r.answered.val - seen) <= r.answered.err + 1e-15);
        CHECK(r.answered.err <= 1e-10);  // A1 table and Binomial pmf bounds (~7e-12 here), not "undecided"
        CHECK(r.hallucinated.val >= 0);
        CHECK(r.hallucinated.val <= 0.225 * seen + r.hallucinated.err);  // 1 − A(m) ≤ 1 − A(1) here
    }
}

TEST_CASE("H2 refuses what it cannot evaluate", "[theory][abstention]") {
    using sklaws::numerics::DomainError;
    AbstentionSetting s;
    s.tokens = 100;
    s.values = 1;
    CHECK_THROWS_AS(abstention_for_weight_e<double>(0.1, s), DomainError);
    s.values = 3;
    s.threshold = 1.5;
    CHECK_THROWS_AS(abstention_for_weight_e<double>(0.1, s), DomainError);
    s.threshold = 0.5;
    s.noise = -0.1;
    CHECK_THROWS_AS(abstention_for_weight_e<double>(0.1, s), DomainError);
    s.noise = 0.1;
    CHECK_THROWS_AS(abstention_for_weight_e<double>(1.5, s), DomainError);
    CHECK_THROWS_AS(abstention_frequency_weighted_e<double>(1.0, 1.0, s), DomainError);
    CHECK_THROWS_AS(abstention_in_band({0.5, 1}, s, 0.2, 0.1), DomainError);
    {
        WorkingPrecision precision(30);
        CHECK_THROWS_AS(abstention_for_weight_e<mp_real>(mp_real("0.1"), s), DomainError);  // noisy in mp
    }
    // Noise so high that mentions beyond A1's table cannot be decided.
    s.noise = 0.95;
    s.values = 2;
    s.tokens = 100000;
    s.threshold = 0.9;
    CHECK_THROWS_AS(abstention_for_weight_e<double>(0.01, s), DomainError);
}
