// Renderers: JSON holds every number (null, never NaN), CSV round-trips the
// figure data, HTML is self-contained, the summary table shows the worst
// Monte Carlo comparison of each claim.
#include <catch2/catch.hpp>

#include <sklaws/reports/report_writers.hpp>
#include <sklaws/reports/summary_row.hpp>

#include <cmath>
#include <sstream>

using namespace sklaws::reports;

namespace {

ReportDocument sample_report() {
    ReportDocument r;
    r.info.version = "9.9.9";
    r.info.git_commit = "abc123";
    r.info.seed = 42;
    r.info.threads = 2;
    Claim c;
    c.id = "heaps-zipf";
    c.title = "Heaps' law";
    c.labels = "K1";
    c.closed_form = "E[K_n] = ...";
    Comparison mild{"E[K_n], n = 10", "K1", 5.0, 5.1, 0.1, 1.0, std::nullopt, "|z| <= 4", true,
                    ComparisonKind::z_test, {}};
    Comparison worse{"E[K_n], n = 100", "K1", 20.0, 19.7, 0.1, -3.0, std::nullopt, "|z| <= 4", true,
                     ComparisonKind::z_test, {{"n", 100}}};
    // An asymptotic form far from the estimate is a limit: shown, never judged,
    // and it does not hide the z-tests.
    Comparison asymptotic{"slope | asymptote", "K1", 1.0, 1.5, 0.01, 50.0, std::nullopt, "limit, not a test", false,
                          ComparisonKind::limit, {}};
    FittedExponent e{"Heaps exponent", 0.51, 0.49, 0.53, 0.95, 0.5, 0.0};
    Comparison fit{"Heaps exponent fitted", "K1", std::nullopt, std::nullopt, std::nullopt, std::nullopt, e, "limit",
                   false, ComparisonKind::limit, {}};
    c.comparisons = {mild, worse, asymptotic, fit};
    c.figure_ids = {"heaps"};
    r.claims.push_back(c);
    Figure f;
    f.id = "heaps";
    f.title = "Heaps";
    f.x = {"tokens n", Scale::log};
    f.y = {"E[K_n]", Scale::log};
    f.series.push_back(Series{"Monte \"Carlo\"", SeriesStyle::points, {10, 100}, {5.1, NAN}, {0.1, 0.1}});
    r.figures.push_back(f);
    return r;
}

}  // namespace

TEST_CASE("summary row shows the failing or largest-|z| exact comparison and the fitted exponent", "[writers]") {
    const SummaryRow row = summarise(sample_report().claims[0]);
    CHECK(row.theory == "20");
    CHECK(row.estimate == "19.7 ± 0.1");
    CHECK(row.z == "-3");
    CHECK(row.exponent.find("Heaps exponent = 0.51 [0.49, 0.53]") == 0);
    CHECK(row.checks == "2/2 pass, 2 limits");
    CHECK(row.verdict == "pass");
}

TEST_CASE("report.json holds every number and null for missing ones", "[writers]") {
    const auto j = report_to_json(sample_report());
    CHECK(j["generator"] == "sklaws report");
    CHECK(j["run"]["seed"] == 42);
    CHECK(j["all_pass"] == true);
    const auto& cmp = j["claims"][0]["comparisons"];
    CHECK(cmp[1]["estimate"].get<double>() == 19.7);
    CHECK(cmp[1]["inputs"]["n"] == 100);
    CHECK(cmp[3]["estimate"].is_null());
    CHECK(cmp[0]["pass"] == true);
    CHECK(cmp[2]["pass"].is_null());  // a limit has no verdict
    CHECK(cmp[2]["kind"] == "limit");
    CHECK(j["claims"][0]["pass"] == true);
    CHECK(cmp[3]["exponent"]["ci_high"].get<double>() == 0.53);
    CHECK(j["figures"][0]["series"][0]["y"][1].is_null());
    CHECK(j.dump().find("NaN") == std::string::npos);
}

TEST_CASE("figure CSV is long format with quoted names and empty cells for missing values", "[writers]") {
    const std::string csv = render_csv(sample_report().figures[0]);
    CHECK(csv == "series,x,y,y_err\n\"Monte \"\"Carlo\"\"\",10,5.0999999999999996,0.10000000000000001\n"
                 "\"Monte \"\"Carlo\"\"\",100,,0.10000000000000001\n");
}

TEST_CASE("report.html is self-contained and puts the summary first", "[writers]") {
    const std::string html = render_html(sample_report());
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("href=\"http") == std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("id=\"summary\"") < html.find("id=\"heaps-zipf\""));
    CHECK(html.find("abc123") != std::string::npos);
}

TEST_CASE("report.md has the summary table and the run identity", "[writers]") {
    const std::string md = render_markdown(sample_report());
    CHECK(md.find("## Summary") < md.find("## Run"));
    CHECK(md.find("seed 42") != std::string::npos);
    CHECK(md.find("git commit abc123") != std::string::npos);
    CHECK(md.find("heaps.csv") != std::string::npos);
}

TEST_CASE("a failing comparison is the one the summary shows, and is listed first", "[writers]") {
    ReportDocument r = sample_report();
    Claim& c = r.claims[0];
    c.comparisons[0].pass = false;
    const SummaryRow row = summarise(c);
    CHECK(row.estimate == "5.1 ± 0.1");
    CHECK(row.checks == "1/2 pass, 2 limits");
    CHECK(row.verdict == "FAIL");
    CHECK_FALSE(r.all_pass());
    REQUIRE(r.failures().size() == 1);
    const auto j = report_to_json(r);
    CHECK(j["all_pass"] == false);
    CHECK(j["failing"].size() == 1);
    const std::string md = render_markdown(r);
    CHECK(md.find("Failing checks") < md.find("| claim | labels |"));
    const std::string html = render_html(r);
    CHECK(html.find("id=\"failing\"") < html.find("id=\"summary\""));
}

TEST_CASE("a claim with limits only has no verdict", "[writers]") {
    Claim c = sample_report().claims[0];
    c.comparisons = {c.comparisons[2], c.comparisons[3]};
    CHECK_FALSE(c.verdict().has_value());
    CHECK(summarise(c).verdict == "limits only");
    ReportDocument r;
    r.claims.push_back(c);
    CHECK_FALSE(r.all_pass());  // nothing was tested
}

TEST_CASE("markdown cells escape the table separator", "[writers]") {
    const std::string md = render_markdown(sample_report());
    CHECK(md.find("slope \\| asymptote") != std::string::npos);
    CHECK(md.find("slope | asymptote") == std::string::npos);
    CHECK(markdown_cell("|z| <= 4") == "\\|z\\| <= 4");
    CHECK(md.find("![Heaps](heaps.svg)") != std::string::npos);
}

TEST_CASE("format_number never prints nan", "[writers]") {
    CHECK(format_number(std::nullopt) == "—");
    CHECK(format_number(NAN) == "—");
    CHECK(format_number(1234567.0) == "1.23457e+06");
}
