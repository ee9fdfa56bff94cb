// report.html renders in headless Chromium: the screenshot of a --quick
// report must show text and plots (many colours, a real share of non-white
// pixels), not a blank or error page. Skipped with a message when Chromium is
// absent. Registered with the ctest label "browser" (tests/CMakeLists.txt).
#include <catch2/catch.hpp>

#include "report_run_support.hpp"

#include <nlohmann/json.hpp>

using namespace sklaws_test;

TEST_CASE("report.html renders in headless Chromium to a non-blank page", "[.browser][report]") {
    const char* chromium = "/usr/bin/chromium";
    if (!fs::exists(chromium)) {
        WARN("chromium not installed at /usr/bin/chromium: browser rendering test skipped");
        return;
    }
    const auto dir = fresh_directory("browser");
    auto r = run_command(sklaws_exe() + " report --quick --out out --no-progress", dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const std::string html = fs::canonical(dir / "out" / "report.html").string();
    const std::string png = (dir / "shot.png").string();
    r = run_command(std::string(chromium) +
                        " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                        " --disable-background-networking --disable-component-update --disable-sync"
                        " --user-data-dir='" + (dir / "profile").string() + "' --screenshot='" + png +
                        "' --window-size=1200,2000 'file://" + html + "'",
                    dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE(fs::exists(png));
    const std::string script = std::string(SKLAWS_SOURCE_DIR) + "/tests/reports/png_stats.py";
    const auto stats_file = dir / "stats.json";
    r = run_command("/usr/bin/python3 '" + script + "' '" + png + "' > '" + stats_file.string() + "'", dir);
    REQUIRE(r.status == 0);
    const auto stats = nlohmann::json::parse(slurp(stats_file));
    INFO(stats.dump());
    CHECK(stats["width"] == 1200);
    CHECK(stats["distinct_colours"].get<int>() >= 20);        // text antialiasing + plot colours
    CHECK(stats["non_white_fraction"].get<double>() > 0.02);  // text, tables and plots, not a blank page
    CHECK(stats["grey_variance"].get<double>() > 50.0);
    fs::remove_all(dir);
}
