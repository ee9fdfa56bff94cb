// S1 per-token and cumulative syntax redundancy at large n
// (dirichlet_multinomial.hpp: the large-n form beyond 1e5, Euler–Maclaurin
// for R_N) and D1's totals and local exponent to N = 1e15 (data_scaling.hpp),
// against the mpmath oracle tests/oracle/theory_syntax_large_n_oracle.py
// (direct sums to 2e5, rigorous brackets beyond) and the O(n) exact sum at
// the switch.
#include "../support/sanitizer.hpp"
#include "scaling_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/data_scaling.hpp>
#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace th = sklaws::theory;
using sklaws::numerics::DomainError;

namespace {

struct Prior {
    unsigned S;
    double a;
};
// Tiny to large priors, integers (the regularised poles of the form) and
// near-integers on both sides of the window.
const std::vector<Prior> priors{{2, 0.05}, {8, 1.0},   {8, 1.0 + 3e-6}, {8, 0.995}, {50, 2.0},
                                {3, 0.5},  {20, 3.7},  {4, 10.0},       {5, 0.001}, {2, 15.0}};

}  // namespace

TEST_CASE("S1 per-token at large n is inside the mpmath oracle's bounds, with its digits",
          "[theory][scaling][large_n]") {
    int checked = 0;
    for (const auto& r : sklaws::test::read_scaling_oracle("theory_syntax_large_n.tsv")) {
        const unsigned S = static_cast<unsigned>(std::stoul(r[0]));
        const double a = std::stod(r[1]);
        const auto n = static_cast<std::uint64_t>(std::stod(r[2]));
        const long double low = std::stold(r[3]), high = std::stold(r[4]);
        // (At n <= 1e5 the API re-evaluates the O(n) sum at 20 digits where
        // double cancels, seconds per row: the double sum with its own bound
        // is checked there instead.)
        const auto e = n <= th::syntax_large_n_min_n ? th::syntax_per_token_redundancy_double(S, a, n)
                                                    : th::syntax_per_token_redundancy_e<double>(S, a, n);
        const long double mid = (low + high) / 2;
        INFO("S " << S << " a " << a << " n " << n << " ours " << e.val << " +- " << e.err << " oracle [" << double(low)
                  << ", " << double(high) << "]");
        // Our interval meets the oracle's (both rigorous), and the value is
        // inside the oracle's interval widened by our bound.
        CHECK(std::abs(static_cast<long double>(e.val) - mid) <= e.err + (high - low) / 2);
        // The bound is informative: >= 12 digits for a >= 0.05 (>= 11 for
        // integer priors, whose poles are regularised), >= 9 at a = 1e-3.
        if (n > th::syntax_large_n_min_n) CHECK(e.err <= (a < 0.01 ? 1e-9 : 1e-11) * e.val);
        ++checked;
    }
    CHECK(checked >= 16);
}

TEST_CASE("S1 per-token: the large-n form and the O(n) sum agree at the switch n = 1e5",
          "[theory][scaling][large_n]") {
    for (const auto& p : priors) {
        for (std::uint64_t n : {th::syntax_large_n_min_n - 1, th::syntax_large_n_min_n}) {
            // The O(n) sum in double with its own bound (the API would
            // re-evaluate it at 20 digits where double cancels: ~10 s each).
            const auto exact = th::syntax_per_token_redundancy_double(p.S, p.a, n);
            const auto large = th::syntax_per_token_redundancy_large_n_e(p.S, p.a, static_cast<double>(n));
            INFO("S " << p.S << " a " << p.a << " n " << n << " exact " << exact.val << " +- " << exact.err
                      << " large-n " << large.val << " +- " << large.err);
            CHECK(std::abs(exact.val - large.val) <= exact.err + large.err);
            CHECK(large.err <= 1e-9 * large.val);
        }
        // Past the switch the API is the form; both sides of it differ by r's
        // own step (r_n decreases, by ~r/n per token).
        const auto before = th::syntax_per_token_redundancy_double(p.S, p.a, th::syntax_large_n_min_n);
        const auto after = th::syntax_per_token_redundancy_e<double>(p.S, p.a, th::syntax_large_n_min_n + 1);
        CHECK(after.val < before.val);
        CHECK(before.val - after.val <= 2.5 * before.val / static_cast<double>(th::syntax_large_n_min_n));
    }
}

TEST_CASE("S1 large-n form at integer priors: continuous across the pole window", "[theory][scaling][large_n]") {
    // Inside the window (|a - m| < 1e-2) the poles' parts are interpolated,
    // outside evaluated directly. Four equally spaced priors across an edge:
    // on a smooth curve the third difference is r'''(a) d^3 (~1e-16 r here);
    // a jump J at the edge would add 3J.
    for (double n : {1e5, 1e9, 1e15}) {
        for (double edge : {0.99, 1.01, 1.99, 2.01}) {
            const double d = 2e-4;
            std::array<double, 4> v{};
            double worst = 0;
            for (int i = 0; i < 4; ++i) {
                const auto e = th::syntax_per_token_redundancy_large_n_e(8, edge + (i - 1.5) * d, n);
                CHECK(e.err <= 1e-11 * e.val);
                v[i] = e.val;
                worst = std::max(worst, e.err);
            }
            const double third = v[3] - 3 * v[2] + 3 * v[1] - v[0];
            INFO("n " << n << " edge " << edge << " third difference " << third << " r " << v[1]);
            CHECK(std::abs(third) <= 8 * worst + 1e-13 * v[1]);
        }
    }
}

TEST_CASE("S1 cumulative beyond 1e5: Euler-Maclaurin over the form equals the explicit sum",
          "[theory][scaling][large_n]") {
    // (Under ASan one prior and 2000 terms: each R_{1e5+1} is an O(1e5) sum.)
    const bool asan = sklaws::test_support::kAddressSanitizer;
    const std::uint64_t N = asan ? 102'000 : 150'000;
    const std::vector<Prior> cumulative_priors =
        asan ? std::vector<Prior>{{8, 1.0}} : std::vector<Prior>{{8, 1.0}, {2, 0.05}, {50, 2.0}};
    for (const auto& p : cumulative_priors) {
        const std::uint64_t n0 = th::syntax_large_n_min_n;
        const auto head = th::syntax_redundancy_exact_e<double>(p.S, p.a, n0 + 1);
        sklaws::numerics::NeumaierSum<double> sum;
        double errs = head.err;
        sum.add(head.val);
        for (std::uint64_t n = n0 + 1; n < N; ++n) {
            const auto r = th::syntax_per_token_redundancy_e<double>(p.S, p.a, n);
            sum.add(r.val);
            errs += r.err;
        }
        const auto R = th::syntax_redundancy_exact_e<double>(p.S, p.a, N);
        INFO("S " << p.S << " a " << p.a << " R " << R.val << " +- " << R.err << " sum " << sum.value() << " +- "
                  << errs);
        CHECK(std::abs(R.val - sum.value()) <= R.err + errs + 1e-15 * R.val);
        CHECK(R.err <= 1e-10 * R.val);
    }
    // At 1e15 R_N is S2 within S2's remainder bound (a >= 0.5, n^{-a} small).
    for (const auto& p : std::vector<Prior>{{8, 1.0}, {50, 2.0}, {3, 0.5}}) {
        const double N = 1e15;
        const auto R = th::syntax_redundancy_exact_e<double>(p.S, p.a, static_cast<std::uint64_t>(N));
        const auto s2 = th::syntax_redundancy_asymptotic_e<double>(p.S, p.a, N);
        INFO("S " << p.S << " a " << p.a << " R " << R.val << " S2 " << s2.val);
        CHECK(std::abs(R.val - s2.val) <= th::syntax_redundancy_asymptotic_error(p.S, p.a, N) + R.err);
        CHECK(R.err <= 1e-10 * R.val);
    }
    CHECK_THROWS_AS(th::syntax_redundancy_exact_e<double>(8, 1.0, th::syntax_max_n + 1), DomainError);
    CHECK_THROWS_AS(th::syntax_per_token_redundancy_e<double>(8, 1.0, th::syntax_max_n + 1), DomainError);
    CHECK_THROWS_AS(th::syntax_per_token_redundancy_large_n_e(8, 1.0, 10), DomainError);
}

TEST_CASE("D1 to N = 1e15: per-token, cumulative, averaged and a_D(N), syntax + knowledge",
          "[theory][redundancy][data_scaling][large_n]") {
    const th::LearningOrderModel model{8, 1.0, {0.5, 1}, 1e12, 1e9};
    for (std::uint64_t n : {100'000'000ULL, 1'000'000'000'000ULL, 999'000'000'000'000ULL}) {
        const double N = static_cast<double>(n);
        const auto r = th::data_excess_loss_e(model, n);
        INFO("N " << N << " syntax " << r.syntax.val << " knowledge " << r.knowledge.val);
        CHECK(r.syntax.val == th::syntax_per_token_redundancy_e<double>(8, 1.0, n).val);
        CHECK(r.knowledge.val == th::knowledge_redundancy_e({0.5, 1}, n, 1e12, 1e9).val);
        CHECK(r.total.val == Approx(r.syntax.val + r.knowledge.val).epsilon(1e-15));
        CHECK(r.total.digits() >= 8);
        const auto avg = th::data_averaged_excess_loss_e(model, n);
        const auto R = th::data_cumulative_excess_loss_e(model, n);
        CHECK(avg.total.val == Approx(R.total.val / N).epsilon(1e-15));
        CHECK(R.syntax.digits() >= 11);
        CHECK(R.total.digits() >= 8);
        // The averaged loss exceeds the per-token one (both decrease).
        CHECK(avg.total.val > r.total.val);
        // a_D(N) against a secant of the per-token totals at N(1 +- 1e-4)
        // (O(1e-9) apart: the exponent varies on the scale of ln N).
        const auto a = th::data_exponent_local_e(model, n);
        const auto up = th::data_excess_loss_e(model, n + n / 10'000);
        const auto down = th::data_excess_loss_e(model, n - n / 10'000);
        const double secant = -std::log(up.total.val / down.total.val) / std::log(1.0001 / 0.9999);
        INFO("a_D " << a.val << " +- " << a.err << " secant " << secant);
        CHECK(std::abs(a.val - secant) <= a.err + 1e-8 + (up.total.err + down.total.err) / (up.total.val * 2e-4));
        CHECK(a.err <= 1e-6);
        CHECK(a.val > 0.5);  // steeper than the limit 1 - alpha
        const auto avg_a = th::data_exponent_local_e(model, n, th::DataForm::averaged);
        CHECK(avg_a.val > 0.5);
        CHECK(avg_a.val < a.val);  // the average lags the per-token slope
    }
    CHECK_THROWS_AS(th::data_excess_loss_e(model, th::data_max_n + 1), DomainError);
}
