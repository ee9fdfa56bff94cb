// Pitman-Yor maximum likelihood: estimate, log-likelihood and observed-
// information standard errors against scipy/mpmath (fitting_oracle.py).
#include "fitting_test_support.hpp"

#include <catch2/catch.hpp>

#include <sklaws/fitting/pitman_yor_fit.hpp>

#include <cmath>

using namespace sklaws::fitting;

namespace {

std::vector<std::uint64_t> oracle_counts() {
    const auto t = fitting_test::oracle_csv("fitting_py_counts.csv");
    std::vector<std::uint64_t> counts;
    for (double c : t.numeric_column("count", ValueDomain::count)) counts.push_back(static_cast<std::uint64_t>(c));
    return counts;
}

}  // namespace

TEST_CASE("pitman-yor: maximum likelihood matches scipy, SEs match mpmath", "[fitting][pitman-yor][oracle]") {
    const auto counts = oracle_counts();
    REQUIRE(static_cast<double>(counts.size()) == fitting_test::reference("py_elements").value);
    const auto fit = fit_pitman_yor(counts);
    CHECK(fit.draws == 3000);
    CHECK_ORACLE("py_alpha", fit.alpha);
    CHECK_ORACLE("py_beta", fit.beta);
    CHECK_ORACLE("py_log_likelihood", fit.log_likelihood);
    REQUIRE(fit.information_ok);
    CHECK_ORACLE("py_se_alpha", fit.se_alpha);
    CHECK_ORACLE("py_se_beta", fit.se_beta);
    // Wald 95 % interval is estimate ± 1.959964 SE.
    CHECK(fit.alpha_hi - fit.alpha == Approx(1.959963985 * fit.se_alpha).epsilon(1e-9));
    // The generating α = 0.6 lies inside.
    CHECK(fit.alpha_lo <= 0.6);
    CHECK(0.6 <= fit.alpha_hi);
}

TEST_CASE("pitman-yor: bad counts are domain errors", "[fitting][pitman-yor]") {
    const std::vector<std::uint64_t> one{5}, zero{3, 0, 2};
    CHECK_THROWS_AS(fit_pitman_yor(one), sklaws::numerics::DomainError);
    CHECK_THROWS_AS(fit_pitman_yor(zero), sklaws::numerics::DomainError);
}
