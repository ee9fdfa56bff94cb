// The report's --data section (reports/external_data.hpp) on the Chinchilla
// runs as Epoch AI published them (../shared/data/external/chinchilla-epoch,
// read in place; skipped with a message when ../shared is absent), rewritten
// the way a pandas user hands them over: an unnamed index column, ';' as
// delimiter, the loss column called "final_loss" and one row with a NaN.
// With the column options, --dropna and the default exclusion of the 5
// highest losses the section reproduces Besiroglu et al.'s fit (the numbers
// of joint_law_fit_test.cpp, which checks them against the published
// estimate); its interval comparisons count in the report's verdict; its
// log–log figures carry the fitted surface's slices and the compute-optimal
// frontier, which is checked to be optimal (no other split of the same
// compute has a lower fitted loss).
#include <catch2/catch.hpp>

#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/reports/external_data.hpp>
#include <sklaws/reports/report_config.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace sklaws;

namespace {

fs::path epoch_file() { return fs::path(SKLAWS_SHARED_DIR) / "data/external/chinchilla-epoch/svg_extracted_data.csv"; }

// The Epoch CSV as pandas' df.to_csv(sep=';') would write it after renaming
// loss → final_loss, with a NaN row appended.
fs::path pandas_copy(const fs::path& source) {
    const fs::path out = fs::temp_directory_path() / ("sklaws_external_data_" + std::to_string(::getpid()) + ".csv");
    const auto table = fitting::read_csv(source);
    std::ofstream f(out);
    for (const auto& name : table.header) f << ";" << (name == "loss" ? "final_loss" : name);
    f << "\n";
    std::size_t r = 0;
    for (; r < table.row_count(); ++r) {
        f << r;
        for (std::size_t c = 0; c < table.header.size(); ++c) f << ";" << table.cell(r, c);
        f << "\n";
    }
    f << r << ";1;1;#000000;7e9;;#000000;nan\n";
    return out;
}

}  // namespace

TEST_CASE("report --data: column options, dropna, top-loss exclusion, verdict rows and log-log figures",
          "[reports][external-data][real-data]") {
    if (!fs::exists(epoch_file())) {
        WARN("skipped: " << epoch_file().string() << " not found (../shared/data/external absent)");
        return;
    }
    const fs::path file = pandas_copy(epoch_file());
    reports::ExternalDataOptions data;
    data.file = file;
    data.columns.n = "Model Size";
    data.columns.flops = "Training FLOP";
    data.columns.loss = "final_loss";
    data.csv.delimiter = ';';
    data.dropna = true;
    reports::ReportConfig config;  // [fit] data_drop_highest = 5 by default
    REQUIRE(config.data_drop_highest == 5);
    config.bootstrap = 60;
    reports::ReportDocument report;
    // α = 0.01 lies outside both implied-α intervals (≈ 0.63 and 0.74): two
    // FAIL rows; the simulation's a_D set to the data's own b: a pass.
    reports::FittedExponent a_d;
    a_d.name = "a_D";
    a_d.value = 0.36716;
    reports::add_external_data(report, data, config, 0.01, {{"a_D", a_d}});
    fs::remove(file);

    REQUIRE(report.sections.size() == 1);
    const auto& s = report.sections[0];
    CHECK(s.values["runs_used"] == 240);
    CHECK(s.values["runs_total"] == 246);
    CHECK(s.values["dropped_missing"] == 1);
    CHECK(s.values["excluded_top_loss"] == 5);
    CHECK(std::abs(s.values["E"].get<double>() - 1.8172) <= 1e-4);
    CHECK(std::abs(s.values["a"].get<double>() - 0.34731) <= 2e-5);
    CHECK(std::abs(s.values["b"].get<double>() - 0.36716) <= 2e-5);
    CHECK(std::abs(s.values["B"].get<double>() - 2143) <= 1);  // not 12846, the fit with the top losses kept

    REQUIRE(s.comparisons.size() == 3);
    std::size_t failing = 0;
    for (const auto& c : s.comparisons) {
        INFO(c.quantity);
        CHECK(c.kind == reports::ComparisonKind::interval);
        REQUIRE(c.exponent.has_value());
        CHECK(c.exponent->ci_low < c.exponent->value);
        CHECK(c.exponent->value < c.exponent->ci_high);
        CHECK(c.pass == (c.exponent->ci_low <= c.exponent->theory && c.exponent->theory <= c.exponent->ci_high));
        failing += c.fails();
    }
    CHECK(failing == 2);
    CHECK(!s.comparisons[2].fails());
    CHECK(report.failures().size() == 2);
    CHECK(!report.all_pass());

    // figures: observed vs fitted, and loss against N and against D (log–log)
    REQUIRE(report.figures.size() == 3);
    const double E = s.values["E"], A = s.values["A"], B = s.values["B"], a = s.values["a"], b = s.values["b"];
    const auto loss = [&](double n, double d) { return E + A * std::pow(n, -a) + B * std::pow(d, -b); };
    for (std::size_t k = 1; k < 3; ++k) {
        const auto& f = report.figures[k];
        const bool by_n = k == 1;
        INFO(f.id);
        CHECK(f.id == (by_n ? "external-data-n" : "external-data-d"));
        CHECK(f.x.scale == reports::Scale::log);
        CHECK(f.y.scale == reports::Scale::log);
        CHECK(f.series.at(0).x.size() == 240);
        std::size_t slices = 0;
        for (const auto& series : f.series)
            if (series.name.rfind("fit at ", 0) == 0) {
                ++slices;
                // a slice is the fitted law at one value of the other variable
                const double other = std::stod(series.name.substr(series.name.find('=') + 1));
                for (std::size_t i = 0; i < series.x.size(); i += 9) {
                    const double expected = by_n ? loss(series.x[i], other) : loss(other, series.x[i]);
                    CHECK(std::abs(series.y[i] - expected) <= 2e-3 * expected);  // `other` as printed, 3 digits
                }
            }
        CHECK(slices == 3);
        const auto& frontier = f.series.back();
        REQUIRE(frontier.name == "compute-optimal frontier");
        REQUIRE(frontier.x.size() > 10);
        for (std::size_t i = 0; i < frontier.x.size(); i += 7) {
            // the other coordinate from this figure's partner: same budget C
            const auto& partner = report.figures[by_n ? 2 : 1].series.back();
            const double n = by_n ? frontier.x[i] : partner.x[i], d = by_n ? partner.x[i] : frontier.x[i];
            const double c = 6 * n * d;
            CHECK(frontier.y[i] == Approx(loss(n, d)).epsilon(1e-12));
            for (double factor : {1.05, 1 / 1.05, 1.5, 1 / 1.5}) {
                const double n2 = n * factor, d2 = c / (6 * n2);
                CHECK(loss(n2, d2) > frontier.y[i]);
            }
        }
    }
}
