// Gamma, Beta and Binomial variates: moments against their closed forms
// (Gamma: E ln G = ψ(a), Var ln G = ψ'(a), which stay well-conditioned for
// tiny shapes), exact pmf agreement for Binomial against scipy's pmf
// (oracle table), huge-n Binomial against the normal law it approaches.
#include "sampler_oracle.hpp"

#include <sklaws/validation/random_variates.hpp>

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

using namespace sklaws;
using sklaws::test::Moments;

namespace {
constexpr double z_max = 4.0;

// Rows of one binomial case from the oracle table: (n, p, pmf by k).
struct BinomialCase {
    std::uint64_t n = 0;
    double p = 0;
    std::map<std::uint64_t, double> pmf;
};

std::map<std::string, BinomialCase> binomial_cases() {
    std::ifstream in(std::string(SKLAWS_ORACLE_DIR) + "/validation_samplers.tsv");
    std::map<std::string, BinomialCase> cases;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream row(line);
        std::string name, quantity;
        double alpha, p, n, value;
        std::uint64_t k;
        row >> name >> alpha >> p >> n >> quantity >> k >> value;
        if (quantity != "binomial_pmf") continue;
        auto& c = cases[name];
        c.n = static_cast<std::uint64_t>(n);
        c.p = p;
        c.pmf[k] = value;
    }
    return cases;
}
}  // namespace

TEST_CASE("Gamma variates: E[ln G] = psi(a), Var[ln G] = psi'(a), E[G] = a", "[validation][sampler]") {
    for (double a : {0.01, 0.3, 1.0, 2.5, 100.0}) {
        INFO("shape " << a);
        numerics::RandomStream rng(11, static_cast<std::uint64_t>(a * 1000));
        Moments log_g, g;
        for (int i = 0; i < 100000; ++i) {
            const double l = validation::log_gamma_variate(rng, a);
            REQUIRE(std::isfinite(l));
            log_g.add(l);
            if (a >= 0.3) g.add(std::exp(l));
        }
        CHECK(test::z_score(log_g.mean(), log_g.mean_se(), boost::math::digamma(a)) <= z_max);
        CHECK(test::z_score(log_g.variance(), log_g.variance_se(), boost::math::trigamma(a)) <= z_max);
        if (a >= 0.3) CHECK(test::z_score(g.mean(), g.mean_se(), a) <= z_max);
    }
    numerics::RandomStream rng(1, 1);
    CHECK_THROWS_AS(validation::gamma_variate(rng, 0.0), numerics::DomainError);
    CHECK_THROWS_AS(validation::gamma_variate(rng, std::nan("")), numerics::DomainError);
}

TEST_CASE("Beta variates: mean, variance, E[ln V], accurate complement", "[validation][sampler]") {
    for (auto [a, b] : {std::pair{0.2, 1.1}, std::pair{2.0, 3.0}, std::pair{0.05, 50.0}, std::pair{1.0, 1e4},
                        std::pair{0.01, 0.5}}) {
        INFO("Beta(" << a << ", " << b << ")");
        numerics::RandomStream rng(12, static_cast<std::uint64_t>(a * 100 + b));
        Moments v, log_v, log_c;
        for (int i = 0; i < 100000; ++i) {
            const auto d = validation::beta_draw(rng, a, b);
            REQUIRE(d.value >= 0.0);  // may underflow: Beta(0.01, ·) < 1e−308 happens
            REQUIRE(std::fabs(d.value + d.complement - 1.0) <= 4e-16);
            REQUIRE(std::isfinite(d.log_value));
            REQUIRE(std::isfinite(d.log_complement));
            if (d.value > 1e-300) REQUIRE(d.log_value == Approx(std::log(d.value)).epsilon(1e-14).margin(4e-16));
            if (d.complement > 1e-300) REQUIRE(d.log_complement == Approx(std::log(d.complement)).epsilon(1e-14).margin(4e-16));
            v.add(d.value);
            log_v.add(d.log_value);
            log_c.add(d.log_complement);
        }
        const double mean = a / (a + b), var = a * b / ((a + b) * (a + b) * (a + b + 1));
        CHECK(test::z_score(v.mean(), v.mean_se(), mean) <= z_max);
        CHECK(test::z_score(v.variance(), v.variance_se(), var) <= z_max);
        using boost::math::digamma;
        CHECK(test::z_score(log_v.mean(), log_v.mean_se(), digamma(a) - digamma(a + b)) <= z_max);
        CHECK(test::z_score(log_c.mean(), log_c.mean_se(), digamma(b) - digamma(a + b)) <= z_max);
    }
}

TEST_CASE("Binomial variates follow the exact pmf (chi-square vs scipy)", "[validation][sampler]") {
    const auto cases = binomial_cases();
    REQUIRE(cases.size() >= 6);
    for (const auto& [name, c] : cases) {
        INFO(name << ": n = " << c.n << ", p = " << c.p);
        const std::uint64_t lo = c.pmf.begin()->first, hi = c.pmf.rbegin()->first;
        std::vector<double> observed(hi - lo + 1, 0.0), probability(hi - lo + 1, 0.0);
        for (const auto& [k, p] : c.pmf) probability[k - lo] = p;
        numerics::RandomStream rng(13, c.n);
        const int draws = 200000;
        for (int i = 0; i < draws; ++i) {
            const std::uint64_t x = validation::binomial_variate(rng, c.n, c.p);
            REQUIRE(x <= c.n);
            observed[std::clamp(x, lo, hi) - lo] += 1;  // tails beyond 1e-9 join the end cells
        }
        const auto [stat, df] = test::chi_square(observed, probability, draws);
        INFO("chi-square " << stat << " on " << df << " df, critical " << test::chi_square_critical(df));
        CHECK(stat <= test::chi_square_critical(df));
    }
}

TEST_CASE("Binomial variates at n = 1e12 and 1e15: moments and normal shape", "[validation][sampler]") {
    // At these n the law is normal to within skewness (1−2p)/√(npq) < 1e-6,
    // so 20 equiprobable normal bins are an exact enough chi-square target.
    for (auto [n, p] : {std::pair{std::uint64_t{1000000000000}, 0.37},
                        std::pair{std::uint64_t{1000000000000000}, 0.5},
                        std::pair{std::uint64_t{1000000000000}, 1.0 - 1e-7}}) {
        INFO("n = " << n << ", p = " << p);
        const double mean = static_cast<double>(n) * p, sd = std::sqrt(static_cast<double>(n) * p * (1 - p));
        numerics::RandomStream rng(14, n);
        Moments x;
        const int draws = 40000, bins = 20;
        std::vector<double> observed(bins, 0.0), probability(bins, 1.0 / bins);
        for (int i = 0; i < draws; ++i) {
            const double v = static_cast<double>(validation::binomial_variate(rng, n, p));
            x.add(v);
            const double z = (v + 0.5 - mean) / sd;  // continuity-corrected
            const double u = 0.5 * std::erfc(-z / std::sqrt(2.0));
            observed[std::min(bins - 1, static_cast<int>(u * bins))] += 1;
        }
        CHECK(test::z_score(x.mean(), x.mean_se(), mean) <= z_max);
        CHECK(test::z_score(x.variance(), x.variance_se(), sd * sd) <= z_max);
        const auto [stat, df] = test::chi_square(observed, probability, draws);
        INFO("chi-square " << stat << " on " << df << " df");
        CHECK(stat <= test::chi_square_critical(df));
    }
    // Small mean at huge n: inversion, Poisson(3) limit.
    numerics::RandomStream rng(15, 1);
    Moments small;
    for (int i = 0; i < 100000; ++i) small.add(static_cast<double>(validation::binomial_variate(rng, 1000000000000, 3e-12)));
    CHECK(test::z_score(small.mean(), small.mean_se(), 3.0) <= z_max);
    CHECK(test::z_score(small.variance(), small.variance_se(), 3.0) <= z_max);
}

TEST_CASE("Binomial edge cases and bad input", "[validation][sampler]") {
    numerics::RandomStream rng(16, 1);
    CHECK(validation::binomial_variate(rng, 0, 0.3) == 0);
    CHECK(validation::binomial_variate(rng, 10, 0.0) == 0);
    CHECK(validation::binomial_variate(rng, 10, 1.0) == 10);
    CHECK_THROWS_AS(validation::binomial_variate(rng, 10, 1.5), numerics::DomainError);
    CHECK_THROWS_AS(validation::binomial_variate(rng, 10, std::nan("")), numerics::DomainError);
    CHECK_THROWS_AS(validation::binomial_variate(rng, 2000000000000000000ULL, 0.5), numerics::DomainError);
    CHECK_THROWS_AS(validation::beta_draw(rng, 0.0, 1.0), numerics::DomainError);
}
