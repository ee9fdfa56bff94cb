// SVG plotting: axis layout (ticks, ranges), what is drawn and what is
// deliberately left out (non-positive values on log axes), escaping.
#include <catch2/catch.hpp>

#include <sklaws/reports/svg_plot.hpp>

#include <cmath>
#include <string>

using namespace sklaws::reports;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) ++n;
    return n;
}

Figure two_series_figure() {
    Figure f;
    f.id = "test-figure";
    f.title = "Data <scaling> & more";
    f.x = {"tokens N", Scale::log};
    f.y = {"excess loss (nats/token)", Scale::log};
    f.series.push_back(Series{"Monte Carlo", SeriesStyle::points, {10, 100, 1000}, {1.0, 0.3, 0.1}, {0.05, 0.02, 0.01}});
    f.series.push_back(Series{"theory", SeriesStyle::line, {10, 100, 1000}, {1.0, 0.316, 0.1}, {}});
    return f;
}

}  // namespace

TEST_CASE("log axis gets one tick per decade spanning the data", "[svg]") {
    const AxisLayout a = layout_axis({3.0, 40.0, 2500.0}, Scale::log);
    CHECK(a.low == Approx(1.0));
    CHECK(a.high == Approx(10000.0));
    REQUIRE(a.ticks.size() == 5);
    CHECK(a.ticks[2] == Approx(100.0));
    CHECK(a.tick_labels[2].find(">2<") != std::string::npos);  // 10^2
}

TEST_CASE("log axis ignores non-positive and non-finite values", "[svg]") {
    const AxisLayout a = layout_axis({-5.0, 0.0, NAN, 20.0, 2000.0}, Scale::log);
    CHECK(a.low == Approx(10.0));
    CHECK(a.high == Approx(10000.0));
}

TEST_CASE("linear axis gets nice 1-2-5 steps covering the data", "[svg]") {
    const AxisLayout a = layout_axis({0.13, 0.87}, Scale::linear);
    CHECK(a.low <= 0.13);
    CHECK(a.high >= 0.87);
    REQUIRE(a.ticks.size() >= 4);
    REQUIRE(a.ticks.size() <= 11);
    const double step = a.ticks[1] - a.ticks[0];
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
    CHECK((std::fabs(mantissa - 1) < 1e-9 || std::fabs(mantissa - 2) < 1e-9 || std::fabs(mantissa - 5) < 1e-9));
}

TEST_CASE("a log axis narrower than a decade still gets labelled ticks", "[svg]") {
    const AxisLayout a = layout_axis({0.4, 0.6}, Scale::log);
    CHECK(a.ticks.size() >= 2);
    for (double t : a.ticks) CHECK(t > 0);
}

TEST_CASE("degenerate ranges get a default span instead of dividing by zero", "[svg]") {
    const AxisLayout a = layout_axis({2.0, 2.0}, Scale::linear);
    CHECK(a.high > a.low);
    const AxisLayout b = layout_axis({}, Scale::log);
    CHECK(b.high > b.low);
}

TEST_CASE("render_svg draws every point, error bar, line and legend entry", "[svg]") {
    const std::string svg = render_svg(two_series_figure());
    CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
    CHECK(count(svg, "<circle") == 3 + 1);                // 3 points + 1 legend marker
    CHECK(count(svg, "h6\" stroke=") == 3);               // one capped error bar per point
    CHECK(svg.find("stroke-width=\"1.8\"/>") != std::string::npos);  // the theory polyline
    CHECK(svg.find(">Monte Carlo</text>") != std::string::npos);
    CHECK(svg.find(">theory</text>") != std::string::npos);
    CHECK(svg.find("tokens N") != std::string::npos);
    CHECK(svg.find("excess loss (nats/token)") != std::string::npos);
    CHECK(svg.find("Data &lt;scaling&gt; &amp; more") != std::string::npos);
    CHECK(svg.find("nan") == std::string::npos);
}

TEST_CASE("points that cannot sit on a log axis are left out, not clamped", "[svg]") {
    Figure f = two_series_figure();
    f.series.resize(1);
    f.series[0].y = {1.0, -0.3, 0.0};
    const std::string svg = render_svg(f);
    CHECK(count(svg, "<circle") == 1 + 1);
}

TEST_CASE("figures with mismatched series lengths or unsafe ids are rejected", "[svg]") {
    Figure f = two_series_figure();
    f.series[0].y.pop_back();
    CHECK_THROWS_AS(render_svg(f), std::invalid_argument);
    Figure g = two_series_figure();
    g.id = "../evil";
    CHECK_THROWS_AS(render_svg(g), std::invalid_argument);
}

TEST_CASE("Monte Carlo intervals are 95% (1.96 SE) and fit inside the frame", "[svg]") {
    Figure f;
    f.id = "interval";
    f.x = {"x", Scale::linear};
    f.y = {"y", Scale::linear};
    f.series.push_back(Series{"MC", SeriesStyle::points, {1, 2}, {0.5, 0.5}, {0.25, 0.25}});
    const std::string svg = render_svg(f);
    // ±1 SE would need only 0.25..0.75; ±1.96 SE reaches 0.01..0.99, so the
    // axis runs from 0 to 1.
    CHECK(svg.find(">0</text>") != std::string::npos);
    CHECK(svg.find(">1</text>") != std::string::npos);
    CHECK(interval_z == Approx(1.959964).epsilon(1e-6));
}

TEST_CASE("points on the last decade are not drawn on the frame's edge", "[svg]") {
    // Data ending exactly at 10^3: the axis goes on to 10^4, so the last
    // point and its marker sit inside the frame.
    const AxisLayout shown = layout_axis({10.0, 1000.0 * 1.2}, Scale::log);
    CHECK(shown.high == Approx(10000.0));
    Figure f = two_series_figure();
    const std::string svg = render_svg(f);
    CHECK(svg.find(">4</tspan>") != std::string::npos);  // a 10^4 tick: the range extends past x = 1000
}

TEST_CASE("the legend goes where it covers no data, or below the frame", "[svg]") {
    // Points filling 3..97 on both linear axes (which then run 0..100), except
    // an empty block at the top right: the legend goes there.
    const auto cloud = [](bool hole) {
        Figure f;
        f.id = "legend";
        f.x = {"x", Scale::linear};
        f.y = {"y", Scale::linear};
        Series points{"Monte Carlo points", SeriesStyle::points, {}, {}, {}};
        for (int i = 3; i <= 97; i += 2) {
            for (int k = 3; k <= 97; k += 2) {
                if (hole && i > 55 && k > 75) continue;
                points.x.push_back(i);
                points.y.push_back(k);
            }
        }
        f.series.push_back(points);
        f.series.push_back(Series{"asymptote", SeriesStyle::dashed_line, {3, 97}, {3, 3}, {}, SeriesRole::asymptote});
        return f;
    };
    const SvgPlot free_corner = plot_svg(cloud(true));
    CHECK(free_corner.legend == LegendPlace::top_right);
    CHECK(free_corner.height == PlotSize{}.height);
    // Data everywhere: below the frame, the picture taller to hold it.
    const SvgPlot crowded = plot_svg(cloud(false));
    CHECK(crowded.legend == LegendPlace::below);
    CHECK(crowded.height > PlotSize{}.height);
    CHECK(crowded.svg.find("height=\"" + std::to_string(crowded.height) + "\"") != std::string::npos);
    CHECK(crowded.svg.find("stroke-dasharray") != std::string::npos);  // the asymptote is dashed
}

TEST_CASE("a standalone SVG file starts with the XML declaration", "[svg]") {
    CHECK(render_svg_file(two_series_figure()).rfind("<?xml version=\"1.0\"", 0) == 0);
}

TEST_CASE("xml_escape escapes the five XML specials", "[svg]") {
    CHECK(xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
}
