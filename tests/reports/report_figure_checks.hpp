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

#include <algorithm>
#include <cmath>
#include <filesystem>
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
    REQUIRE(k4.at("x").size() >= 200);
    for (std::size_t i = 0; i < k4.at("x").size(); ++i) {
        const auto j = static_cast<std::size_t>(k4.at("y")[i].get<double>());
        CHECK(k4.at("x")[i].get<double>() == Approx(rank[j - 1]).epsilon(1e-11));
    }
    // The fitted line states its slope; the comparison holds the exponent 1/α.
    const auto& fit = series_named(f, "fit: slope −");
    CHECK(fit.at("style") == "dotted_line");
    CHECK(fit.at("role") == "fit");
    bool compared = false;
    for (const auto& c : claim_of(report, "heaps-zipf").at("comparisons")) {
        if (c.at("exponent").is_null() || c.at("exponent").at("name") != "Zipf exponent s") continue;
        compared = true;
        CHECK(c.at("exponent").at("theory").get<double>() == Approx(1.0 / alpha).epsilon(1e-15));
        CHECK(c.at("kind") == "limit");  // a finite-size fit against its limit: shown, not judged
        CHECK(c.at("pass").is_null());
    }
    CHECK(compared);
}

inline void check_hallucination_figure(const nlohmann::json& report) {
    const auto& f = figure_of(report, "hallucination-per-element");
    const auto& p = report.at("parameters").at("experiments").at("hallucination").at("parameters");
    const sklaws::theory::PitmanYorParameters py{p.at("alpha").get<double>(), p.at("beta").get<double>()};
    const double threshold = sklaws::theory::capacity_threshold_weight(py, p.at("capacity").get<double>());
    const auto n = p.at("frequency-n").get<std::uint64_t>();
    const double V = p.at("values").get<double>();
    // The curve is H1 with A2's P(stored | w), at every plotted w/w*.
    const auto& curve = series_named(f, "H1 via A2");
    REQUIRE(curve.at("x").size() >= 200);
    CHECK(curve.at("role") == "exact");
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

// The conventions every figure of report.json follows: power laws on log–log
// axes; closed forms (exact, asymptote) as curves of at least 200 points over
// the range of the Monte Carlo points; Monte Carlo points with one standard
// error each, drawn as 95% intervals (stated in the caption); fitted lines
// labelled with exponent and interval; csv, svg and pdf files beside.
inline void check_figure_conventions(const nlohmann::json& report, const std::filesystem::path& out) {
    const std::vector<std::string> power_laws = {"tables",         "block-counts",          "zipf-rank-frequency",
                                                 "p-new",          "data-scaling",          "model-scaling",
                                                 "knowledge-redundancy", "syntax-redundancy"};
    std::size_t found = 0;
    for (const auto& f : report.at("figures")) {
        const std::string id = f.at("id");
        INFO("figure " << id);
        for (const char* key : {"csv", "svg", "pdf"}) {
            const auto file = out / f.at(key).get<std::string>();
            CHECK(std::filesystem::exists(file));
            CHECK(std::filesystem::file_size(file) > 200);
        }
        if (std::find(power_laws.begin(), power_laws.end(), id) != power_laws.end()) {
            ++found;
            CHECK(f.at("x_axis").at("scale") == "log");
            CHECK(f.at("y_axis").at("scale") == "log");
        }
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        bool has_points = false;
        for (const auto& s : f.at("series")) {
            if (s.at("role") != "monte_carlo") continue;
            has_points = true;
            REQUIRE(s.at("y_err").size() == s.at("y").size());
            for (const auto& x : s.at("x")) {
                lo = std::min(lo, x.get<double>());
                hi = std::max(hi, x.get<double>());
            }
        }
        if (has_points) {
            CHECK(f.at("interval").at("level") == 0.95);
            CHECK(f.at("caption").get<std::string>().find("95% intervals") != std::string::npos);
        }
        for (const auto& s : f.at("series")) {
            INFO("series " << s.at("name"));
            const std::string role = s.at("role");
            if (role == "exact" || role == "asymptote") {
                CHECK(s.at("x").size() >= 200);
                if (has_points && s.at("x").size() >= 2) {
                    double cmin = HUGE_VAL, cmax = -HUGE_VAL;
                    for (const auto& x : s.at("x")) {
                        cmin = std::min(cmin, x.get<double>());
                        cmax = std::max(cmax, x.get<double>());
                    }
                    // Within 2% of the points' span (a parametric curve such as
                    // K4's (r(j), j) ends at the integer j nearest its end).
                    const bool log = f.at("x_axis").at("scale") == "log";
                    const double slack = 0.02 * (log ? std::log(hi / lo) : hi - lo);
                    CHECK((log ? std::log(cmin / lo) : cmin - lo) <= slack);
                    CHECK((log ? std::log(hi / cmax) : hi - cmax) <= slack);
                }
                CHECK(s.at("style") == (role == "exact" ? "line" : "dashed_line"));
            }
            if (role == "fit") {
                CHECK(s.at("style") == "dotted_line");
                CHECK(s.at("x").size() >= 200);
                const std::string name = s.at("name");
                CHECK(name.find('[') != std::string::npos);  // the exponent's interval
                CHECK(name.find(']') != std::string::npos);
            }
        }
    }
    CHECK(found == power_laws.size());
}

}  // namespace sklaws_test
