// R1 at large n (knowledge_redundancy.hpp: the large-n form, the evaluated
// per-token / cumulative / averaged values, the collision regime) and D1's
// local exponents (data_scaling.hpp), against the exact O(n) recursion —
// itself checked against mpmath in redundancy_knowledge_test.cpp — and
// against the mpmath large-n oracle (tests/oracle/theory_redundancy_large_n_oracle.py).
#include "../support/sanitizer.hpp"
#include "scaling_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/data_scaling.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace th = sklaws::theory;
using sklaws::numerics::DomainError;
using th::PitmanYorParameters;

namespace {

constexpr double eps = std::numeric_limits<double>::epsilon();

// The recursion's stated accuracy at n.
double recursion_bound(double r, std::uint64_t n) {
    return (1e-11 + static_cast<double>(n) * eps) * std::abs(r) + 1e-13;
}

struct Setting {
    double alpha, beta;
};
// alpha from 0.05 to 0.95, beta negative, zero, small, large.
const std::vector<Setting> settings{{0.5, 1},   {0.3, -0.2}, {0.8, 20},  {0.1, 1},
                                    {0.9, -0.45}, {0.05, 0.5}, {0.95, 3}, {0.5, 0}};

}  // namespace

TEST_CASE("R1's large-n form agrees with the exact recursion within its bound for 1e5 <= n <= 1e6",
          "[theory][redundancy][large_n]") {
    const double M = 1e9, V = 1e6;
    for (const auto& s : settings) {
        const PitmanYorParameters p{s.alpha, s.beta};
        const auto curve = th::knowledge_redundancy_curve(p, 1'000'000, M, V);
        for (std::uint64_t n : std::vector<std::uint64_t>{100'000, 100'001, 250'000, 777'777, 1'000'000}) {
            const auto large = th::knowledge_redundancy_large_n_e(p, static_cast<double>(n), M, V);
            INFO("alpha " << s.alpha << " beta " << s.beta << " n " << n << " exact " << curve[n] << " large-n "
                          << large.val << " +- " << large.err);
            CHECK(std::abs(large.val - curve[n]) <= large.err + recursion_bound(curve[n], n));
            // The bound is informative: below 2e-4 relative everywhere here
            // (beta <= 0 is the weak case), and >= 10 digits where
            // alpha >= 0.5 and beta > 0 (header).
            CHECK(large.err <= 2e-4 * std::abs(large.val));
            if (s.alpha >= 0.5 && s.beta > 0) CHECK(large.err <= 2e-11 * std::abs(large.val));
        }
    }
}

TEST_CASE("R1 evaluated: continuous at the switch from the recursion to the large-n form",
          "[theory][redundancy][large_n]") {
    const double M = 1e9, V = 1e6;
    for (const auto& s : settings) {
        const PitmanYorParameters p{s.alpha, s.beta};
        const auto curve = th::knowledge_redundancy_curve(p, th::knowledge_exact_max_n + 2, M, V);
        for (std::uint64_t n = th::knowledge_exact_max_n - 1; n <= th::knowledge_exact_max_n + 2; ++n) {
            const auto e = th::knowledge_redundancy_e(p, n, M, V);
            INFO("alpha " << s.alpha << " beta " << s.beta << " n " << n);
            CHECK(std::abs(e.val - curve[n]) <= e.err + recursion_bound(curve[n], n));
            CHECK(e.err <= 1e-8 * std::abs(e.val));  // the recursion is used where the form is coarser
        }
    }
}

TEST_CASE("R1 cumulative and averaged: exact sum, then Euler-Maclaurin over the large-n form",
          "[theory][redundancy][large_n]") {
    const double M = 1e9, V = 1e6;
    for (const auto& s : {Setting{0.5, 1}, Setting{0.8, 20}, Setting{0.3, -0.2}}) {
        const PitmanYorParameters p{s.alpha, s.beta};
        const auto cumulative = th::cumulative_redundancy(th::knowledge_redundancy_curve(p, 600'000, M, V));
        const std::uint64_t exact_end = th::knowledge_exact_max_n;
        for (std::uint64_t N : std::vector<std::uint64_t>{1, 1000, exact_end + 1, exact_end + 2, 200'001, 600'001}) {
            const auto R = th::knowledge_cumulative_redundancy_e(p, N, M, V);
            const auto avg = th::knowledge_averaged_redundancy_e(p, N, M, V);
            INFO("alpha " << s.alpha << " beta " << s.beta << " N " << N << " R " << R.val << " +- " << R.err
                          << " direct " << cumulative[N]);
            CHECK(std::abs(R.val - cumulative[N]) <= R.err + 1e-10 * std::abs(cumulative[N]));
            CHECK(R.err <= (s.beta > 0 ? 1e-6 : 1e-4) * R.val);
            CHECK(avg.val == Approx(R.val / static_cast<double>(N)).epsilon(1e-15));
        }
    }
    CHECK(th::knowledge_cumulative_redundancy_e({0.5, 1}, 0, M, V).val == 0);
}

TEST_CASE("R1 refuses the label-collision regime naming names x values and E[K_n]", "[theory][redundancy][large_n]") {
    const auto refused = [](double alpha, double beta, std::uint64_t n, double M, double V) {
        try {
            th::knowledge_redundancy_e({alpha, beta}, n, M, V);
        } catch (const DomainError& e) {
            const std::string what = e.what();
            INFO(what);
            CHECK(what.find("collision") != std::string::npos);
            CHECK(what.find("names x values") != std::string::npos);
            CHECK(what.find("E[K_n]") != std::string::npos);
            CHECK(what.find("is no estimate") != std::string::npos);
            return true;
        }
        return false;
    };
    CHECK(refused(0.5, 1, 1'000'000'000, 1000, 10));
    CHECK(refused(0.8888, 1, 1'000'000'000'000'000'000ULL, 1000, 100));  // beyond 1e15 too: collisions first
    CHECK(refused(0.9, -0.45, 1000, 1000, 100));
    CHECK_THROWS_AS(th::knowledge_cumulative_redundancy_e({0.5, 1}, 1'000'000'000, 1000, 10), DomainError);
    // Just inside: E[K_n]^2/(2MV) <= 1e-2, and the collision term is in err.
    const auto c = th::label_collisions({0.5, 1}, 1e12 + 1, 1e9, 1e6);
    CHECK(c.expected_collisions < th::knowledge_collision_limit);
    const auto r = th::knowledge_redundancy_e({0.5, 1}, 1'000'000'000'000ULL, 1e9, 1e6);
    CHECK(r.val > 0);
    CHECK(r.err >= r.val * c.relative_effect);
    CHECK(r.digits() >= 8);
    // alpha 0.9, beta -0.45 never prints a negative value: wherever it is
    // outside the regime it is positive.
    int printed = 0;
    for (std::uint64_t n = 1; n <= 2000; n = n * 3 + 1) {
        double value = 1;
        try {
            value = th::knowledge_redundancy_e({0.9, -0.45}, n, 1000, 100).val;
            ++printed;
        } catch (const DomainError&) {
        }
        CHECK(value > 0);
    }
    CHECK(printed >= 2);
}

TEST_CASE("R1 evaluated matches the mpmath large-n oracle", "[theory][redundancy][large_n]") {
    int checked = 0;
    for (const auto& r : sklaws::test::read_scaling_oracle("theory_redundancy_large_n.tsv")) {
        const double alpha = std::stod(r[0]), beta = std::stod(r[1]);
        const auto n = static_cast<std::uint64_t>(std::stod(r[2]));
        const double M = std::stod(r[3]), V = std::stod(r[4]);
        const double low = std::stod(r[5]), high = std::stod(r[6]);
        const auto e = th::knowledge_redundancy_e({alpha, beta}, n, M, V);
        INFO("alpha " << alpha << " beta " << beta << " n " << n << " ours " << e.val << " +- " << e.err
                      << " oracle [" << low << ", " << high << "]");
        // Our interval [val - err, val + err] meets the oracle's.
        CHECK(e.val + e.err >= low);
        CHECK(e.val - e.err <= high);
        CHECK(e.val > 0);
        ++checked;
    }
    CHECK(checked >= 6);
}

TEST_CASE("D1 local exponents: the derivative of the exact curve, above the limit 1 - alpha",
          "[theory][redundancy][data_scaling]") {
    const double M = 1e9, V = 1e6;
    for (const auto& s : {Setting{0.5, 1}, Setting{0.8, 20}, Setting{0.3, -0.2}, Setting{0.1, 1}}) {
        const PitmanYorParameters p{s.alpha, s.beta};
        // Small N: against a secant slope of the recursion at N +- 1 (O(1/N^2)).
        const auto curve = th::knowledge_redundancy_curve(p, 20'300, M, V);
        for (std::uint64_t N : std::vector<std::uint64_t>{1000, 20'000}) {
            const auto a = th::knowledge_exponent_local_e(p, N, M, V);
            const double secant = -std::log(curve[N + 1] / curve[N - 1]) /
                                  std::log(static_cast<double>(N + 1) / static_cast<double>(N - 1));
            INFO("alpha " << s.alpha << " beta " << s.beta << " N " << N << " a_D " << a.val << " +- " << a.err
                          << " secant " << secant);
            CHECK(std::abs(a.val - secant) <= a.err + 4.0 / (static_cast<double>(N) * N) + 1e-9);
            CHECK(a.err <= 1e-6);
        }
        // Large N: against a secant of the large-n form at N(1 +- 1e-4).
        for (double N : {1e9, 1e13}) {
            const auto a = th::knowledge_exponent_local_e(p, static_cast<std::uint64_t>(N), M * 1e6, V * 1e6);
            const auto up = th::knowledge_redundancy_large_n_e(p, N * (1 + 1e-4), M * 1e6, V * 1e6);
            const auto down = th::knowledge_redundancy_large_n_e(p, N * (1 - 1e-4), M * 1e6, V * 1e6);
            const double secant = -std::log(up.val / down.val) / std::log((1 + 1e-4) / (1 - 1e-4));
            INFO("alpha " << s.alpha << " beta " << s.beta << " N " << N << " a_D " << a.val << " +- " << a.err
                          << " secant " << secant);
            CHECK(std::abs(a.val - secant) <= a.err + 1e-7 + 2 * (up.err + down.err) / (up.val * 2e-4));
            // Steeper than the limit at every finite N (docs/theory.md D1).
            CHECK(a.val > 1 - s.alpha);
        }
        // Averaged: against the finite difference of ln(R_N/N).
        const std::uint64_t N = 20'000;
        const auto cumulative = th::cumulative_redundancy(curve);
        const auto avg = th::knowledge_exponent_local_e(p, N, M, V, th::DataForm::averaged);
        const double d = 200;
        const double fd = -(std::log(cumulative[N + 200] / (N + d)) - std::log(cumulative[N - 200] / (N - d))) /
                          std::log((N + d) / (N - d));
        INFO("averaged a_D " << avg.val << " +- " << avg.err << " finite difference " << fd);
        CHECK(std::abs(avg.val - fd) <= avg.err + 1e-4);
    }
}

TEST_CASE("D1 totals are syntax + knowledge and refuse N beyond 1e15",
          "[theory][redundancy][data_scaling]") {
    const th::LearningOrderModel model{8, 1.0, {0.5, 1}, 1e9, 1e6};
    const auto r = th::data_excess_loss_e(model, 5000);
    CHECK(r.total.val == Approx(r.syntax.val + r.knowledge.val).epsilon(1e-15));
    CHECK(r.knowledge.val == th::knowledge_redundancy_e({0.5, 1}, 5000, 1e9, 1e6).val);
    const auto R = th::data_cumulative_excess_loss_e(model, 5000);
    const auto avg = th::data_averaged_excess_loss_e(model, 5000);
    CHECK(avg.total.val == Approx(R.total.val / 5000).epsilon(1e-15));
    const auto a = th::data_exponent_local_e(model, 5000);
    CHECK(a.val > 0.5);
    CHECK(a.err < 1e-5);
    CHECK_THROWS_AS(th::data_excess_loss_e(model, 2'000'000'000'000'000ULL), DomainError);
    CHECK_THROWS_AS(th::data_exponent_local_e(model, 3), DomainError);
    CHECK_THROWS_AS(th::knowledge_exponent_local_e({0.5, 1}, 2'000'000'000'000'000ULL, 1e12, 1e9), DomainError);
}

TEST_CASE("R1 at small alpha and beta <= 0: the large-n form within its bound of the recursion, positive to 1e15",
          "[theory][redundancy][large_n]") {
    // The probe grid of issue 12 (alpha 0.02 .. 0.1, beta from -alpha + 1e-6
    // to 0): the e-term's K_n = 1, 2, 3 atoms are exact, the rest bounded.
    const double M = 1e9, V = 1e6;
    const std::uint64_t n_max = sklaws::test_support::kAddressSanitizer ? 200'000 : 1'000'000;
    for (double alpha : {0.02, 0.05, 0.1}) {
        for (double beta : {-alpha + 1e-6, -alpha / 2, 0.0}) {
            const PitmanYorParameters p{alpha, beta};
            const auto curve = th::knowledge_redundancy_curve(p, n_max, M, V);
            for (std::uint64_t n : {th::knowledge_exact_max_n, th::knowledge_exact_max_n + 1, n_max}) {
                const auto large = th::knowledge_redundancy_large_n_e(p, static_cast<double>(n), M, V);
                const auto e = th::knowledge_redundancy_e(p, n, M, V);
                INFO("alpha " << alpha << " beta " << beta << " n " << n << " recursion " << curve[n] << " large-n "
                              << large.val << " +- " << large.err << " evaluated " << e.val << " +- " << e.err);
                CHECK(std::abs(large.val - curve[n]) <= large.err + recursion_bound(curve[n], n));
                CHECK(large.err <= 5e-5 * large.val);  // >= 4 digits (the atoms; was negative at beta -> -alpha)
                CHECK(e.digits() >= 4);
                CHECK(std::abs(e.val - curve[n]) <= e.err + recursion_bound(curve[n], n));
            }
            for (double n : {1e8, 1e12, 1e15}) {
                const auto e = th::knowledge_redundancy_e(p, static_cast<std::uint64_t>(n), M, V);
                INFO("alpha " << alpha << " beta " << beta << " n " << n << " r " << e.val << " +- " << e.err);
                CHECK(e.val > 0);
                CHECK(e.digits() >= 4);
                // Continuous in n: the form at n(1 +- 1e-6) brackets it.
                const auto up = th::knowledge_redundancy_large_n_e(p, n * (1 + 1e-6), M, V);
                const auto down = th::knowledge_redundancy_large_n_e(p, n * (1 - 1e-6), M, V);
                CHECK(up.val < e.val + e.err);
                CHECK(down.val > e.val - e.err);
            }
        }
    }
}
