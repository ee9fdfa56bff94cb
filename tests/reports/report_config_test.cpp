// The TOML configuration: the embedded default parses, and every kind of
// mistake is reported with the file and line it sits on.
#include <catch2/catch.hpp>

#include <sklaws/reports/report_config.hpp>

#include <string>

using namespace sklaws::reports;

namespace {

ExperimentDefaults schema() {
    ExperimentDefaults d;
    d["tables"] = nlohmann::ordered_json{{"alpha", 0.5}, {"beta", 1.0}, {"n", {10, 100}}};
    d["hallucination"] = nlohmann::ordered_json{{"alpha", 0.5}, {"C", 50}, {"V", 100}};
    return d;
}

std::string error_of(const std::string& text) {
    try {
        parse_report_config(text, "my.toml", schema());
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("the embedded default configuration parses with its documented values", "[config]") {
    ExperimentDefaults d = schema();
    const ReportConfig c = parse_report_config(default_config_text(), "embedded default", d);
    CHECK(c.seed == 20250409);
    CHECK(c.z_threshold == 4.0);
    CHECK(c.model.at("alpha").get<double>() == 0.5);
}

TEST_CASE("values are read and routed to the experiments that accept them", "[config]") {
    const ReportConfig c = parse_report_config(
        "[run]\nseed = 7\nthreads = 2\n[model]\nalpha = 0.3\n[experiments.tables]\nn = [10, 20, 40]\n", "my.toml",
        schema());
    CHECK(c.seed == 7);
    CHECK(c.threads == 2);
    const auto tables = c.overrides_for("tables", schema()["tables"]);
    CHECK(tables.at("alpha").get<double>() == 0.3);
    CHECK(tables.at("n").size() == 3);
    const auto h = c.overrides_for("hallucination", schema()["hallucination"]);
    CHECK(h.at("alpha").get<double>() == 0.3);
    CHECK_FALSE(h.contains("n"));
    CHECK(c.locate("experiments.tables.n") == "my.toml:7: ");
}

TEST_CASE("a TOML syntax error names its line", "[config]") {
    const std::string e = error_of("[run]\nseed = 1\nthreads = = 2\n");
    CHECK(e.rfind("my.toml:3:", 0) == 0);
}

TEST_CASE("unknown tables and keys are reported with their line", "[config]") {
    CHECK(error_of("[run]\nsed = 1\n").rfind("my.toml:2: unknown key 'run.sed'", 0) == 0);
    CHECK(error_of("\n\n[plots]\nx = 1\n").rfind("my.toml:3: unknown table [plots]", 0) == 0);
    CHECK(error_of("[model]\ngamma = 1\n").rfind("my.toml:2: unknown key 'model.gamma'", 0) == 0);
    CHECK(error_of("[experiments.nope]\nalpha = 1\n").rfind("my.toml:1: unknown experiment", 0) == 0);
    CHECK(error_of("[experiments.tables]\n\nbogus = 3\n").rfind("my.toml:3: unknown key 'experiments.tables.bogus'", 0) == 0);
}

TEST_CASE("out-of-range and mistyped values are reported with their line", "[config]") {
    CHECK(error_of("[run]\nthreads = -1\n").rfind("my.toml:2: run.threads", 0) == 0);
    CHECK(error_of("[run]\nz_threshold = 0.1\n").rfind("my.toml:2: run.z_threshold", 0) == 0);
    CHECK(error_of("[fit]\nconfidence = 1.5\n").rfind("my.toml:2: fit.confidence", 0) == 0);
    CHECK(error_of("[model]\nalpha = 1.5\n").rfind("my.toml:2: model.alpha", 0) == 0);
    CHECK(error_of("[model]\nalpha = 0.5\nbeta = -0.7\n").rfind("my.toml:3: model.beta", 0) == 0);
    CHECK(error_of("[model]\nalpha = \"half\"\n").rfind("my.toml:2: model.alpha must be a number", 0) == 0);
    CHECK(error_of("[experiments.hallucination]\nC = 2.5\n").rfind("my.toml:2: experiments.hallucination.C must be an integer", 0) == 0);
}

TEST_CASE("a missing configuration file is a ConfigError naming it", "[config]") {
    CHECK_THROWS_WITH(load_report_config("/nonexistent/sklaws.toml", schema()), Catch::Contains("/nonexistent/sklaws.toml"));
}
