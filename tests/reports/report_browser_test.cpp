// report.html renders in headless Chromium: the screenshot of a --quick
// report must show text and plots (many colours, a real share of non-white
// pixels), not a blank or error page; and its power-law figures are log–log:
// the inline SVG of each carries decade ticks (10^k) on both axes, and the
// standalone tables.svg renders in Chromium to a non-blank picture. Skipped
// with a message when Chromium is absent. Registered with the ctest label
// "browser" (tests/CMakeLists.txt).
#include <catch2/catch.hpp>

#include "report_run_support.hpp"

#include <nlohmann/json.hpp>

using namespace sklaws_test;

namespace {

// Pixel statistics of a screenshot of `page` at the given window size.
nlohmann::json screenshot_stats(const std::string& chromium, const fs::path& page, const fs::path& dir,
                                const std::string& name, const std::string& size) {
    const std::string png = (dir / (name + ".png")).string();
    auto r = run_command(chromium +
                             " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                             " --disable-background-networking --disable-component-update --disable-sync"
                             " --user-data-dir='" + (dir / "profile").string() + "' --screenshot='" + png +
                             "' --window-size=" + size + " 'file://" + fs::canonical(page).string() + "'",
                         dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE(fs::exists(png));
    const std::string script = std::string(SKLAWS_SOURCE_DIR) + "/tests/reports/png_stats.py";
    const auto stats_file = dir / (name + ".json");
    r = run_command("/usr/bin/python3 '" + script + "' '" + png + "' > '" + stats_file.string() + "'", dir);
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(slurp(stats_file));
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("report.html renders in headless Chromium to a non-blank page with log-log figures", "[.browser][report]") {
    const char* chromium = "/usr/bin/chromium";
    if (!fs::exists(chromium)) {
        WARN("chromium not installed at /usr/bin/chromium: browser rendering test skipped");
        return;
    }
    const auto dir = fresh_directory("browser");
    auto r = run_command(sklaws_exe() + " report --quick --out out --no-progress", dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const auto page = screenshot_stats(chromium, dir / "out" / "report.html", dir, "shot", "1200,6000");
    INFO(page.dump());
    CHECK(page["width"] == 1200);
    CHECK(page["distinct_colours"].get<int>() >= 20);        // text antialiasing + plot colours
    CHECK(page["non_white_fraction"].get<double>() > 0.02);  // text, tables and plots, not a blank page
    CHECK(page["grey_variance"].get<double>() > 50.0);

    // The power laws are drawn on log-log axes: decade ticks on both axes of
    // each one's SVG, as the browser renders it.
    const std::string html = slurp(dir / "out" / "report.html");
    for (const char* id : {"tables", "block-counts", "zipf-rank-frequency", "p-new", "data-scaling", "model-scaling",
                           "knowledge-redundancy", "syntax-redundancy"}) {
        INFO("figure " << id);
        const auto start = html.find("<figure id=\"fig-" + std::string(id) + "\">");
        REQUIRE(start != std::string::npos);
        const std::string svg = html.substr(start, html.find("</figure>", start) - start);
        // x ticks are text-anchor="middle", y ticks text-anchor="end"; a decade label is 10<tspan ...>k</tspan>.
        std::size_t x_decades = 0, y_decades = 0;
        for (auto pos = svg.find("<tspan dy=\"-6\""); pos != std::string::npos; pos = svg.find("<tspan dy=\"-6\"", pos + 1)) {
            const std::string text_tag = svg.substr(svg.rfind("<text", pos), pos - svg.rfind("<text", pos));
            if (text_tag.find("text-anchor=\"middle\"") != std::string::npos) ++x_decades;
            if (text_tag.find("text-anchor=\"end\"") != std::string::npos) ++y_decades;
        }
        CHECK(x_decades >= 2);
        CHECK(y_decades >= 2);
        CHECK(count(svg, "<path d=\"M") >= 2);  // curves and intervals drawn
    }
    // A standalone log-log figure file renders too.
    const auto figure = screenshot_stats(chromium, dir / "out" / "tables.svg", dir, "tables", "720,440");
    INFO(figure.dump());
    CHECK(figure["distinct_colours"].get<int>() >= 8);
    CHECK(figure["non_white_fraction"].get<double>() > 0.02);
    fs::remove_all(dir);
}
