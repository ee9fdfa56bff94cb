// The TOML configuration: the embedded default parses back, keys are the
// experiments' declared parameters read with their declared kinds, and every
// kind of mistake is reported with the file and line it sits on and the key.
#include <catch2/catch.hpp>

#include <sklaws/reports/report_config.hpp>
#include <sklaws/validation/experiments.hpp>

#include <string>

using namespace sklaws::reports;
using sklaws::validation::ParameterKind;
using sklaws::validation::ParameterSpec;

namespace {

ParameterSpec spec(std::string name, ParameterKind kind, sklaws::validation::ParameterValue value, bool model = false,
                   sklaws::validation::Domain domain = {}) {
    ParameterSpec s;
    s.name = std::move(name);
    s.kind = kind;
    s.doc = "test parameter";
    s.domain = domain;
    s.model = model;
    s.default_value = std::move(value);
    return s;
}

ConfigSchema schema() {
    const ParameterSpec alpha = spec("alpha", ParameterKind::real, 0.5, true, {.low = 0, .high = 1, .high_open = true});
    const ParameterSpec beta = spec("beta", ParameterKind::real, 1.0, true, {.low = -1, .low_open = true});
    ConfigSchema s;
    s.experiments.push_back({"tables", "K_n", 2000, {alpha, beta,
                                                     spec("n", ParameterKind::count_list, std::vector<std::uint64_t>{10, 100},
                                                          false, {.low = 1, .increasing = true})}});
    s.experiments.push_back({"hallucination", "H1", 1000, {alpha, spec("capacity", ParameterKind::count, std::uint64_t{50}),
                                                           spec("values", ParameterKind::count, std::uint64_t{100}, true)}});
    s.model = {alpha, beta, spec("values", ParameterKind::count, std::uint64_t{100}, true)};
    return s;
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
    const ReportConfig c = parse_report_config(default_config_text(), "embedded default");
    CHECK(c.seed == 20250409);
    CHECK(c.z_threshold == 4.0);
    CHECK(c.model.empty());  // every model key commented: the declared defaults hold
    // It documents every experiment's every parameter (derived, not hand-kept).
    for (const auto& e : sklaws::validation::experiments()) {
        CHECK(default_config_text().find("[experiments." + e.name() + "]") != std::string::npos);
        for (const auto& p : e.parameters()) {
            INFO(e.name() << "." << p.name);
            CHECK(default_config_text().find("# " + p.name + " = ") != std::string::npos);
        }
    }
    CHECK_NOTHROW(validate_experiments(c));
}

TEST_CASE("values are read with their declared kinds and routed to the experiments that accept them", "[config]") {
    const ReportConfig c = parse_report_config(
        "[run]\nseed = 7\nthreads = 2\n[model]\nalpha = 0.3\nvalues = 1e3\n[experiments.tables]\nn = [10, 20, 40]\n",
        "my.toml", schema());
    CHECK(c.seed == 7);
    CHECK(c.threads == 2);
    const auto tables = c.overrides_for("tables", schema().experiments[0].parameters);
    CHECK(std::get<double>(tables.at("alpha")) == 0.3);
    CHECK(std::get<std::vector<std::uint64_t>>(tables.at("n")).size() == 3);
    CHECK_FALSE(tables.contains("values"));  // tables has no such parameter
    const auto h = c.overrides_for("hallucination", schema().experiments[1].parameters);
    CHECK(std::get<double>(h.at("alpha")) == 0.3);
    CHECK(std::get<std::uint64_t>(h.at("values")) == 1000);  // 1e3 is an exact integer
    CHECK_FALSE(h.contains("n"));
    CHECK(c.locate("experiments.tables.n") == "my.toml:8: ");
}

TEST_CASE("a TOML syntax error names its line", "[config]") {
    const std::string e = error_of("[run]\nseed = 1\nthreads = = 2\n");
    CHECK(e.rfind("my.toml:3:", 0) == 0);
}

TEST_CASE("unknown tables and keys are reported with their line", "[config]") {
    CHECK(error_of("[run]\nsed = 1\n").rfind("my.toml:2: unknown key 'run.sed'", 0) == 0);
    CHECK(error_of("\n\n[plots]\nx = 1\n").rfind("my.toml:3: unknown table [plots]", 0) == 0);
    CHECK(error_of("[model]\ngamma = 1\n").rfind("my.toml:2: unknown key 'model.gamma'", 0) == 0);
    // [model] holds the model's parameters only, not an experiment's own.
    CHECK(error_of("[model]\ncapacity = 10\n").rfind("my.toml:2: unknown key 'model.capacity'", 0) == 0);
    CHECK(error_of("[experiments.nope]\nalpha = 1\n").rfind("my.toml:1: unknown experiment", 0) == 0);
    CHECK(error_of("[experiments.tables]\n\nbogus = 3\n").rfind("my.toml:3: unknown key 'experiments.tables.bogus'", 0) == 0);
    CHECK(error_of("[fit]\nexponent_tolerance = 0.1\n").rfind("my.toml:2: unknown key 'fit.exponent_tolerance'", 0) == 0);
}

TEST_CASE("out-of-range and mistyped values are reported with their line and key", "[config]") {
    CHECK(error_of("[run]\nthreads = -1\n").rfind("my.toml:2: run.threads", 0) == 0);
    CHECK(error_of("[run]\nz_threshold = 0.1\n").rfind("my.toml:2: run.z_threshold", 0) == 0);
    CHECK(error_of("[run]\nz_threshold = \"4\"\n").rfind("my.toml:2: run.z_threshold must be a number", 0) == 0);
    CHECK(error_of("[fit]\nconfidence = 1.5\n").rfind("my.toml:2: fit.confidence", 0) == 0);
    CHECK(error_of("[model]\nalpha = 1.5\n").rfind("my.toml:2: model.alpha", 0) == 0);
    CHECK(error_of("[model]\nalpha = \"half\"\n").rfind("my.toml:2: model.alpha must be a number", 0) == 0);
    CHECK(error_of("[experiments.hallucination]\ncapacity = 2.5\n")
              .rfind("my.toml:2: experiments.hallucination.capacity must be an integer", 0) == 0);
    CHECK(error_of("[experiments.hallucination]\ncapacity = \"50\"\n")
              .rfind("my.toml:2: experiments.hallucination.capacity must be an integer, got a string", 0) == 0);
    CHECK(error_of("[experiments.tables]\nn = 10\n").rfind("my.toml:2: experiments.tables.n must be an array", 0) == 0);
    CHECK(error_of("[experiments.tables]\nn = [10, 5]\n").rfind("my.toml:2: experiments.tables.n", 0) == 0);
    CHECK(error_of("[experiments.tables]\nn = [10, 0.5]\n").rfind("my.toml:2: experiments.tables.n[] must be an integer", 0) == 0);
}

TEST_CASE("an integer beyond the exact range of a double is refused for a real key, not misread", "[config]") {
    // 2^53 + 1 has no double: toml++'s value<double>() gives nothing for it,
    // which once became alpha = 4.67e-310 (issue #18).
    for (const char* table : {"[experiments.tables]", "[model]"}) {
        INFO(table);
        const std::string e = error_of(std::string(table) + "\nalpha = 9007199254740993\n");
        CHECK(e.rfind("my.toml:2: ", 0) == 0);
        CHECK(e.find("alpha = 9007199254740993 is an integer beyond the exact range of a double") != std::string::npos);
    }
    // 2^53 itself is exact, and then outside alpha's domain.
    CHECK(error_of("[model]\nalpha = 9007199254740992\n").find("is outside 0 <= alpha < 1") != std::string::npos);
}

TEST_CASE("a missing configuration file is a ConfigError naming it", "[config]") {
    CHECK_THROWS_WITH(load_report_config("/nonexistent/sklaws.toml", schema()), Catch::Contains("/nonexistent/sklaws.toml"));
}

TEST_CASE("cross-parameter constraints are refused at the line that set them", "[config]") {
    const ReportConfig c = parse_report_config("[model]\nalpha = 0.5\nbeta = -0.7\n", "my.toml");
    CHECK_THROWS_WITH(validate_experiments(c), Catch::StartsWith("my.toml:3: ") && Catch::Contains("beta"));
    const ReportConfig d = parse_report_config("[experiments.block-counts]\nn = 5\nj-max = 10\n", "my.toml");
    CHECK_THROWS_WITH(validate_experiments(d), Catch::StartsWith("my.toml:3: ") && Catch::Contains("j-max"));
}
