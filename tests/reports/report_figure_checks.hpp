// Checks of the report's Zipf rank-frequency and hallucination-per-element
// figures against theory/ functions called here (report.json as parsed by
// the end-to-end test): every theory point is recomputed, the Monte Carlo
// points carry standard errors, the fitted line states its slope, and the
// comparisons behind each figure are there and pass.
#pragma once

#include <catch2/catch.hpp>

#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/acquisition.hpp>
#include <sklaws/theory/block_counts.hpp>
#include <sklaws/theory/hallucination.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace sklaws_test {

inline const nlohmann::json& figure_of(const nlohmann::json& report, const std::string& id) {
    for (const auto& f : report.at("figures")) {
        if (f.at("id") == id) return f;
    }
    FAIL("figure " << id << " missing");
    throw;  // not reached
}

inline const nlohmann::json& claim_of(const nlohmann::json& report, const std::string& id) {
    for (const auto& c : report.at("claims")) {
        if (c.at("id") == id) return c;
    }
    FAIL("claim " << id << " missing");
    throw;
}

inline const nlohmann::json& series_named(const nlohmann::json& figure, const std::string& prefix) {
    for (const auto& s : figure.at("series")) {
        if (s.at("name").get<std::string>().rfind(prefix, 0) == 0) return s;
    }
    FAIL("series '" << prefix << "...' missing in " << figure.at("id"));
    throw;
}

// K4 read as ranks: element j − 1 holds r(j) = Σ_{i≥j} E[M_{i,n}], from
// theory::expected_block_counts (cached: n = 1e7 costs a moment).
inline const std::vector<double>& k4_ranks(double alpha, double beta, std::uint64_t n) {
    static std::vector<double> rank;
    static double cached_alpha = -1, cached_beta = -1;
    static std::uint64_t cached_n = 0;
    if (alpha != cached_alpha || beta != cached_beta || n != cached_n) {
        const std::vector<double> block = sklaws::theory::expected_block_counts(alpha, beta, n);
        rank.assign(block.size(), 0.0);
        sklaws::numerics::NeumaierSum<double> tail;  // 1e7 terms: plain summation would lose ~1e-12
        for (std::size_t i = block.size(); i-- > 0;) {
            tail.add(block[i]);
            rank[i] = tail.value();
        }
        cached_alpha = alpha;
        cached_beta = beta;
        cached_n = n;
    }
    return rank;
}

inline void check_error_bars(const nlohmann::json& series) {
    REQUIRE(series.at("y_err").size() == series.at("y").size());
    for (const auto& e : series.at("y_err")) CHECK(e.get<double>() > 0.0);
}

inline void check_zipf_figure(const nlohmann::json& report) {
    const auto& f = figure_of(report, "zipf-rank-frequency");
    CHECK(f.at("x_axis").at("scale") == "log");
    CHECK(f.at("y_axis").at("scale") == "log");
    CHECK(f.at("x_axis").at("label").get<std::string>().find("rank") != std::string::npos);
    CHECK(f.at("y_axis").at("label").get<std::string>().find("times seen") != std::string::npos);
    const auto& p = report.at("parameters").at("experiments").at("zipf-rank-frequency").at("parameters");
    const double alpha = p.at("alpha"), beta = p.at("beta");
    const auto n = p.at("n").get<std::uint64_t>();

    const auto& zipf = series_named(f, "Monte Carlo n_(r), Zipf region");
    CHECK(zipf.at("x").size() >= 5);
    check_error_bars(zipf);
    check_error_bars(series_named(f, "Monte Carlo n_(r), not fitted"));
    // The K4 curve: every point (r, j) has r = Σ_{i≥j} E[M_{i,n}].
    const std::vector<double>& rank = k4_ranks(alpha, beta, n);
    const auto& k4 = series_named(f, "K4: expected rank of frequency j");
    REQUIRE(k4.at("x").size() >= 20);
    for (std::size_t i = 0; i < k4.at("x").size(); ++i) {
        const auto j = static_cast<std::size_t>(k4.at("y")[i].get<double>());
        CHECK(k4.at("x")[i].get<double>() == Approx(rank[j - 1]).epsilon(1e-11));
    }
    // The fitted line states its slope; the comparison holds the exponent 1/α.
    const auto& fit = series_named(f, "fit: slope −");
    CHECK(fit.at("style") == "dashed_line");
    bool compared = false;
    for (const auto& c : claim_of(report, "heaps-zipf").at("comparisons")) {
        if (c.at("exponent").is_null() || c.at("exponent").at("name") != "Zipf exponent s") continue;
        compared = true;
        CHECK(c.at("exponent").at("theory").get<double>() == Approx(1.0 / alpha).epsilon(1e-15));
        CHECK(c.at("pass") == true);
    }
    CHECK(compared);
}

inline void check_hallucination_figure(const nlohmann::json& report) {
    const auto& f = figure_of(report, "hallucination-per-element");
    const auto& p = report.at("parameters").at("experiments").at("hallucination").at("parameters");
    const sklaws::theory::PitmanYorParameters py{p.at("alpha").get<double>(), p.at("beta").get<double>()};
    const double threshold = sklaws::theory::capacity_threshold_weight(py, p.at("C").get<double>());
    const auto n = p.at("frequency-n").get<std::uint64_t>();
    const double V = p.at("V").get<double>();
    // The curve is H1 with A2's P(stored | w), at every plotted w/w*.
    const auto& curve = series_named(f, "H1 via A2");
    REQUIRE(curve.at("x").size() >= 20);
    for (std::size_t i = 0; i < curve.at("x").size(); ++i) {
        const double x = curve.at("x")[i];
        const double stored = sklaws::theory::capacity_acquisition_probability(x * threshold, n, threshold);
        CHECK(curve.at("y")[i].get<double>() ==
              Approx(sklaws::theory::hallucination_rate_per_element(1.0 - stored, V)).epsilon(1e-13));
    }
    // The points are the hallucination experiment's own, one per band, each
    // z-tested against H1 in the claim's table.
    const auto& mc = series_named(f, "Monte Carlo rate by band");
    check_error_bars(mc);
    const auto bands = p.at("bins").size() - 1;
    CHECK(mc.at("x").size() == bands);
    std::size_t rows = 0;
    for (const auto& c : claim_of(report, "hallucination").at("comparisons")) {
        if (c.at("quantity").get<std::string>().rfind("hallucination rate per element", 0) != 0) continue;
        ++rows;
        CHECK(c.at("z_test") == true);
        CHECK(c.at("pass") == true);
        CHECK(c.at("label") == "H1");
    }
    CHECK(rows == bands);
}

}  // namespace sklaws_test
