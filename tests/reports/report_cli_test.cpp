// `sklaws report` end to end. The quick run is one test (it costs ~20 s), so
// every property of its output is checked from a single run: all files are
// there, every figure has its CSV, every claim passes at the default seed,
// and the closed-form values in report.json equal the theory/ functions
// called directly. Bad input is checked separately and cheaply: it must fail
// before any simulation runs.
#include <catch2/catch.hpp>

#include "report_figure_checks.hpp"
#include "report_run_support.hpp"

#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/p_new.hpp>
#include <sklaws/theory/block_counts.hpp>
#include <sklaws/theory/missing_mass.hpp>
#include <sklaws/theory/scaling_laws.hpp>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <set>

using namespace sklaws_test;

namespace {

double input(const nlohmann::json& c, const char* key) { return c.at("inputs").at(key).get<double>(); }

// Rows are named "E[K_n] (n = 10)": the quantity, then the point.
bool is(const std::string& quantity, const std::string& name) {
    return quantity == name || quantity.rfind(name + " (", 0) == 0;
}

// Closed forms the report quotes, recomputed here; returns false for labels
// this test does not recompute.
bool recompute(const nlohmann::json& c, double& value) {
    const std::string q = c.at("quantity");
    const std::string label = c.at("label");
    const auto& in = c.at("inputs");
    if (!in.contains("alpha") || !in.contains("beta")) return false;
    const double alpha = input(c, "alpha"), beta = input(c, "beta");
    if (label == "K1" && is(q, "E[K_n]")) value = sklaws::theory::expected_tables<double>(alpha, beta, input(c, "n"));
    else if (label == "K2" && is(q, "Var[K_n]")) value = sklaws::theory::tables_variance<double>(alpha, beta, input(c, "n"));
    else if (label == "K7" && is(q, "p_new(n)")) value = sklaws::theory::p_new<double>(alpha, beta, input(c, "n"));
    else if (label == "K4" && is(q, "E[M_{j,n}]"))
        value = sklaws::theory::expected_block_count_e<double>(alpha, beta, input(c, "n"), input(c, "j")).val;
    else if (label == "K4" && is(q, "elements seen >= j times"))
        value = k4_ranks(alpha, beta, static_cast<std::uint64_t>(input(c, "n")))[static_cast<std::size_t>(input(c, "j")) - 1];
    else if (label == "M2" && is(q, "E[T_C]"))
        value = sklaws::theory::tail_mass_e<double>(alpha, beta, static_cast<std::uint64_t>(input(c, "capacity"))).val;
    else if (label == "M1" && is(q, "E[T_C]"))
        value = sklaws::theory::tail_mass_asymptotic_e<double>(alpha, beta, input(c, "capacity")).val;
    else return false;
    return true;
}

}  // namespace

TEST_CASE("sklaws report --quick writes a complete, passing, theory-consistent report", "[.slow][report]") {
    const auto dir = fresh_directory("quick");
    const auto r = run_command(sklaws_exe() + " report --quick --out out --no-progress", dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const auto out = dir / "out";
    for (const char* f : {"report.html", "report.md", "report.json"}) CHECK(fs::file_size(out / f) > 1000);
    const auto j = nlohmann::json::parse(slurp(out / "report.json"));

    // Run identity and parameters are stated.
    CHECK(j["run"]["seed"] == 20250409);
    CHECK(j["run"]["quick"] == true);
    CHECK(j["run"]["version"].get<std::string>().size() > 0);
    CHECK(j["run"]["git_commit"].get<std::string>().size() > 0);
    if (fs::exists(fs::path(SKLAWS_SOURCE_DIR) / ".git")) {
        // Stamped at build time: the commit of the tree the binary was built
        // from (the suite builds right before it runs, so that is HEAD).
        run_command("git -C '" + std::string(SKLAWS_SOURCE_DIR) + "' rev-parse --short=12 HEAD > head.txt", dir);
        std::string head = slurp(dir / "head.txt");
        while (!head.empty() && std::isspace(static_cast<unsigned char>(head.back()))) head.pop_back();
        CHECK(j["run"]["git_commit"].get<std::string>().rfind(head, 0) == 0);
    }
    CHECK(j["run"]["threads"].get<int>() >= 1);
    CHECK(j["parameters"]["experiments"].size() >= 10);

    // One CSV per figure, and the figures a reader expects.
    std::set<std::string> ids;
    for (const auto& f : j["figures"]) {
        ids.insert(f["id"]);
        CHECK(fs::exists(out / f["csv"].get<std::string>()));
    }
    for (const char* want : {"data-scaling", "model-scaling", "tables", "block-counts", "zipf-rank-frequency",
                             "acquisition-1", "fine-tuning", "hallucination-per-element"}) {
        CHECK(ids.count(want) == 1);
    }
    check_zipf_figure(j);
    check_hallucination_figure(j);
    check_figure_conventions(j, out);
    // report.md embeds every figure's SVG and escapes | inside table cells.
    const std::string md = slurp(out / "report.md");
    for (const auto& f : j["figures"]) CHECK(md.find("](" + f["svg"].get<std::string>() + ")") != std::string::npos);
    CHECK(md.find("\\|z\\| <= 4") != std::string::npos);  // criterion cells read "|z| <= 4": escaped
    CHECK(md.find("| |z| <= 4") == std::string::npos);
    // Both appear in the Markdown and the HTML as well.
    for (const char* f : {"report.md", "report.html"}) {
        const std::string text = slurp(out / f);
        CHECK(text.find("zipf-rank-frequency") != std::string::npos);
        CHECK(text.find("Zipf exponent s") != std::string::npos);
        CHECK(text.find("hallucination rate per element") != std::string::npos);
    }

    // Every claim of docs/theory.md §3 is present and passes at the default seed;
    // a claim with only limits (no exact value to test yet) has no verdict.
    std::set<std::string> claims;
    std::size_t z_tests = 0;
    for (const auto& c : j["claims"]) {
        claims.insert(c["id"]);
        INFO(c["id"]);
        CHECK(c["comparisons"].size() > 0);
        bool tested = false;
        for (const auto& cmp : c["comparisons"]) {
            INFO(cmp.dump());
            if (cmp["kind"] == "limit" || cmp["kind"] == "not applicable") {
                CHECK(cmp["pass"].is_null());
                continue;
            }
            tested = true;
            CHECK(cmp["pass"] == true);
            if (cmp["kind"] == "z-test") {
                ++z_tests;
                CHECK(cmp["criterion"].get<std::string>().rfind("|z| <= 4", 0) == 0);
                CHECK(cmp["detectable_error"].get<double>() > 0);
                if (cmp["theory"] != 0.0) CHECK(cmp["detectable_relative_error"].get<double>() > 0);
            }
        }
        CHECK(c["pass"] == (tested ? nlohmann::json(true) : nlohmann::json(nullptr)));
    }
    CHECK(claims.size() == 13);
    CHECK(z_tests >= 60);
    CHECK(j["all_pass"] == true);
    CHECK(j["failing"].empty());
    CHECK(j["run"]["z_threshold"] == 4.0);

    // Closed-form values equal the theory/ functions evaluated here.
    std::size_t recomputed = 0;
    for (const auto& c : j["claims"]) {
        for (const auto& cmp : c["comparisons"]) {
            double expected = 0;
            if (cmp["theory"].is_null() || !recompute(cmp, expected)) continue;
            INFO(cmp.dump());
            CHECK(cmp["theory"].get<double>() == Approx(expected).epsilon(1e-13));
            ++recomputed;
        }
        for (const auto& cmp : c["comparisons"]) {
            if (cmp["exponent"].is_null()) continue;
            const auto& e = cmp["exponent"];
            // The α of the experiment each exponent was fitted to (the default model's).
            const double alpha = j["parameters"]["experiments"]["data-scaling"]["parameters"]["alpha"];
            const std::string name = e["name"];
            if (name == "a_D") CHECK(e["theory"].get<double>() == Approx(sklaws::theory::data_exponent(alpha)).epsilon(1e-15));
            if (name == "a_M") CHECK(e["theory"].get<double>() == Approx(sklaws::theory::model_exponent(alpha)).epsilon(1e-15));
            CHECK(e["ci_low"].get<double>() <= e["ci_high"].get<double>());
        }
    }
    CHECK(recomputed >= 15);

    // A rerun with the same seed, another thread count and z_threshold = 1
    // gives the same numbers; exactly the z-tests with |z| > 1 fail, the
    // summary lists them first, and the exit status is 3.
    std::ofstream(dir / "s.toml") << "[run]\nz_threshold = 1.0\n";
    const auto again = run_command(sklaws_exe() + " report --quick --config s.toml --out out2 --no-progress --threads 1", dir);
    INFO(again.err);
    REQUIRE(again.status == 3);
    CHECK(again.err.find("checks FAIL at |z| <= 1") != std::string::npos);
    auto j2 = nlohmann::json::parse(slurp(dir / "out2" / "report.json"));
    CHECK(j2["run"]["z_threshold"] == 1.0);
    CHECK(j2["all_pass"] == false);
    CHECK(j2["figures"] == j["figures"]);
    REQUIRE(j2["claims"].size() == j["claims"].size());
    std::size_t beyond = 0;
    for (std::size_t i = 0; i < j["claims"].size(); ++i) {
        const auto& a = j["claims"][i]["comparisons"];
        const auto& b = j2["claims"][i]["comparisons"];
        REQUIRE(a.size() == b.size());
        for (std::size_t k = 0; k < a.size(); ++k) {
            CHECK(a[k]["z"] == b[k]["z"]);
            CHECK(a[k]["estimate"] == b[k]["estimate"]);
            if (b[k]["kind"] != "z-test") {
                CHECK(b[k]["pass"] == a[k]["pass"]);
                continue;
            }
            const bool fails = std::fabs(b[k]["z"].get<double>()) > 1.0;
            CHECK(b[k]["pass"] == !fails);
            CHECK(b[k]["criterion"].get<std::string>().rfind("|z| <= 1", 0) == 0);
            beyond += fails;
        }
    }
    CHECK(beyond > 0);
    CHECK(j2["failing"].size() == beyond);
    const std::string md2 = slurp(dir / "out2" / "report.md");
    CHECK(md2.find(std::to_string(beyond) + " checks FAIL") != std::string::npos);
    CHECK(md2.find("Failing checks") < md2.find("| claim | labels |"));
    fs::remove_all(dir);
}

TEST_CASE("a broken configuration exits 2 naming the line, before anything runs", "[report]") {
    const auto dir = fresh_directory("bad-config");
    std::ofstream(dir / "bad.toml") << "[run]\nseed = 3\n\n[model]\nalpha = 1.5\n";
    auto r = run_command(sklaws_exe() + " report --config bad.toml --out out", dir);
    CHECK(r.status == 2);
    CHECK(r.err.find("bad.toml:5:") != std::string::npos);
    CHECK(r.err.find("alpha") != std::string::npos);

    std::ofstream(dir / "typo.toml") << "[run]\nseed = 3\nthreds = 2\n";
    r = run_command(sklaws_exe() + " report --config typo.toml --out out", dir);
    CHECK(r.status == 2);
    CHECK(r.err.find("typo.toml:3: unknown key 'run.threds'") != std::string::npos);

    // An integer a double cannot hold, for a real key: refused at its line (issue #18).
    for (const char* table : {"[experiments.tables]", "[model]"}) {
        std::ofstream(dir / "u.toml") << table << "\nalpha = 9007199254740993\n";
        r = run_command(sklaws_exe() + " report --config u.toml --quick --out out", dir);
        INFO(table << ": " << r.err);
        CHECK(r.status == 2);
        CHECK(r.err.find("u.toml:2:") != std::string::npos);
        CHECK(r.err.find("alpha = 9007199254740993 is an integer beyond the exact range of a double") != std::string::npos);
    }

    std::ofstream(dir / "syntax.toml") << "[run]\nseed = \n";
    r = run_command(sklaws_exe() + " report --config syntax.toml --out out", dir);
    CHECK(r.status == 2);
    CHECK(r.err.find("syntax.toml:2:") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}

TEST_CASE("bad command-line input exits 2 with one line and writes nothing", "[report]") {
    const auto dir = fresh_directory("bad-args");
    auto r = run_command(sklaws_exe() + " report --sed 3", dir);
    CHECK(r.status == 2);
    CHECK(r.err.find("--sed") != std::string::npos);
    r = run_command(sklaws_exe() + " report --threads many", dir);
    CHECK(r.status == 2);
    r = run_command(sklaws_exe() + " report --z 0.5", dir);
    CHECK(r.status == 2);
    CHECK(r.err.find("--z") != std::string::npos);
    for (const char* help : {" report -h", " report --help", " corpus -h", " fit -h", " generate -h", " theory -h",
                             " simulate tables -h"}) {
        r = run_command(sklaws_exe() + help, dir);
        INFO(help << ": " << r.err);
        CHECK(r.status == 0);
        CHECK(r.err.empty());
    }
    r = run_command(sklaws_exe() + " report --config missing.toml", dir);
    CHECK(r.status == 2);
    CHECK(r.err.find("missing.toml") != std::string::npos);
    fs::create_directories(dir / "precious");
    std::ofstream(dir / "precious" / "notes.txt") << "keep me\n";
    r = run_command(sklaws_exe() + " report --out precious", dir);
    CHECK(r.status == 2);
    CHECK(r.err.find("refusing") != std::string::npos);
    CHECK(slurp(dir / "precious" / "notes.txt") == "keep me\n");
    CHECK_FALSE(fs::exists(dir / "sklaws-report"));
    fs::remove_all(dir);
}

TEST_CASE("sklaws report --print-config prints a configuration that parses back", "[report]") {
    const auto dir = fresh_directory("print-config");
    const int raw = std::system(("cd '" + dir.string() + "' && " + sklaws_exe() + " report --print-config > default.toml").c_str());
    REQUIRE(WEXITSTATUS(raw) == 0);
    CHECK(slurp(dir / "default.toml").find("[model]") != std::string::npos);
    fs::remove_all(dir);
}
