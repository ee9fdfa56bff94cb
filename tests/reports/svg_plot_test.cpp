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

TEST_CASE("xml_escape escapes the five XML specials", "[svg]") {
    CHECK(xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
}
