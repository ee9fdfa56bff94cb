// A figure as PDF through librsvg + cairo: a one-page PDF document of the
// SVG's size, with the figure's text in it; unreadable SVG is an error.
#include <catch2/catch.hpp>

#include <sklaws/reports/pdf_figure.hpp>
#include <sklaws/reports/svg_plot.hpp>

#include <chrono>
#include <regex>
#include <string>
#include <thread>

using namespace sklaws::reports;

TEST_CASE("render_pdf writes a one-page PDF of the figure's size", "[pdf]") {
    Figure f;
    f.id = "pdf";
    f.title = "Heaps";
    f.x = {"tokens n", Scale::log};
    f.y = {"E[K_n]", Scale::log};
    f.series.push_back(Series{"Monte Carlo", SeriesStyle::points, {10, 100, 1000}, {4, 15, 50}, {0.1, 0.3, 1}});
    const std::string pdf = render_pdf(f);
    REQUIRE(pdf.size() > 1000);
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    CHECK(pdf.find("%%EOF") != std::string::npos);
    // One page, 720 x 440 points (the SVG's pixels).
    const std::regex page("/Type\\s*/Page[^s]");
    CHECK(std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page), std::sregex_iterator()) == 1);
    CHECK(pdf.find("/MediaBox [ 0 0 720 440 ]") != std::string::npos);
}

TEST_CASE("render_pdf: the same figure gives the same bytes at any time (no /CreationDate)", "[pdf]") {
    Figure f;
    f.id = "same";
    f.title = "p_new";
    f.x = {"n", Scale::log};
    f.y = {"p_new(n)", Scale::log};
    f.series.push_back(Series{"Monte Carlo", SeriesStyle::points, {10, 100}, {0.5, 0.1}, {0.01, 0.01}});
    const std::string first = render_pdf(f);
    // cairo's date has whole seconds: a second later it would differ.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    const std::string second = render_pdf(f);
    CHECK(first == second);
    CHECK(first.find("/CreationDate") == std::string::npos);
    CHECK(first.find("/ModDate") == std::string::npos);
    CHECK(first.find("/Creator (sklaws report)") != std::string::npos);
}

TEST_CASE("svg_to_pdf refuses what librsvg cannot read", "[pdf]") {
    CHECK_THROWS_AS(svg_to_pdf("<svg", 10, 10), std::runtime_error);
    CHECK(svg_to_pdf("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>", 10, 10).rfind("%PDF-", 0) == 0);
}
