// Heaps / Zipf exponents on texts built so that the answer is known exactly.
#include <catch2/catch.hpp>

#include <sklaws/fitting/type_token.hpp>
#include <sklaws/numerics/errors.hpp>

#include <cmath>
#include <string>

using namespace sklaws::fitting;

TEST_CASE("type-token: curve of a small text", "[fitting][corpus]") {
    const auto c = type_token_curve("a b a  c\n\tb d a", 50);
    // tokens: a b a c b d a → K after each: 1 2 2 3 3 4 4
    REQUIRE(c.total_tokens == 7);
    CHECK(c.tokens == std::vector<double>{1, 2, 3, 4, 5, 6, 7});
    CHECK(c.types == std::vector<double>{1, 2, 2, 3, 3, 4, 4});
    CHECK(c.frequencies == std::vector<std::uint64_t>{3, 2, 1, 1});
    CHECK_THROWS_AS(type_token_curve(" \n\t ", 10), sklaws::numerics::DomainError);
}

// Text where token i (1-based) introduces a new type exactly when i is a
// perfect square of the type count: K(n) = ceil(sqrt(n)) ≈ n^0.5, so h = 0.5
// up to the ceiling's discreteness (< 1 % over 10^5 tokens); other tokens
// repeat earlier types in turn. Tolerance ±0.02: ceil(√n)/√n > 1 at small n
// (1.41 at n = 2, 1.15 at n = 3) and the fit weighs every decade equally, so
// the ceiling pulls h down by about 0.014 over 5 decades. Type j is then
// repeated so that its total count is round(20000 / j^1.25) (Zipf s = 1.25).
TEST_CASE("type-token: Heaps and Zipf exponents of constructed texts", "[fitting][corpus]") {
    std::string heaps;
    const std::size_t tokens = 100000;
    for (std::size_t i = 1; i <= tokens; ++i) {
        const auto k = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(i))));
        // new type k at i = (k−1)²+1, otherwise repeat an earlier type (cycling)
        heaps += "t" + std::to_string(i == (k - 1) * (k - 1) + 1 ? k : 1 + i % (k - 1 > 0 ? k - 1 : 1)) + " ";
    }
    const auto h = corpus_exponents(heaps);
    INFO("Heaps h = " << h.heaps.estimate);
    CHECK(std::abs(h.heaps.estimate - 0.5) <= 0.02);
    CHECK(h.heaps.ci_available);
    CHECK(h.heaps.ci.lo <= h.heaps.estimate);
    CHECK(h.heaps.estimate <= h.heaps.ci.hi);

    std::string zipf;
    for (int j = 1; j <= 400; ++j) {
        const auto count = static_cast<int>(std::lround(20000.0 / std::pow(j, 1.25)));
        for (int m = 0; m < count; ++m) zipf += "w" + std::to_string(j) + " ";
    }
    const auto z = corpus_exponents(zipf);
    INFO("Zipf s = " << z.zipf.estimate);
    // Rounding of counts distorts only the tail; s within 1 %.
    CHECK(z.zipf.estimate == Approx(1.25).epsilon(0.01));
    CHECK(z.zipf.ci.lo <= z.zipf.estimate);
    CHECK(z.zipf.estimate <= z.zipf.ci.hi);
}
