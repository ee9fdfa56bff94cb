// A new experiment is one file: the toy of cli/toy_experiments/, compiled
// into sklaws_with_toy and edited nowhere else, appears in `simulate --help`
// with its derived options, in the configuration schema (`report
// --print-config`, which also accepts its keys) and in the report (claim,
// z-tests, figure files, parameter table). Also `sklaws --version` and the
// top-level usage errors.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

struct Run {
    int status = -1;
    std::string out, err;
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Run run(const std::string& binary, const std::string& arguments, const fs::path& cwd = fs::temp_directory_path()) {
    static int counter = 0;
    const fs::path stem = cwd / ("toy_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    const std::string command = "cd '" + cwd.string() + "' && '" + binary + "' " + arguments + " >'" + stem.string() +
                                ".out' 2>'" + stem.string() + ".err'";
    const int raw = std::system(command.c_str());
    Run r{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(stem.string() + ".out"), slurp(stem.string() + ".err")};
    fs::remove(stem.string() + ".out");
    fs::remove(stem.string() + ".err");
    return r;
}

Run toy(const std::string& arguments, const fs::path& cwd = fs::temp_directory_path()) {
    return run(SKLAWS_TOY_BINARY, arguments, cwd);
}

}  // namespace

TEST_CASE("a toy experiment in one new file appears in simulate --help and runs", "[cli][toy]") {
    const Run help = toy("simulate --help");
    REQUIRE(help.status == 0);
    CHECK(help.out.find("toy-maximum") != std::string::npos);
    CHECK(help.out.find("largest of k uniform draws") != std::string::npos);
    CHECK(help.out.find("tables") != std::string::npos);  // beside the real ones
    const Run options = toy("simulate toy-maximum --help");
    REQUIRE(options.status == 0);
    for (const char* text : {"--width", "--k", "width of the uniform distribution", "list of integers", "--replicates"})
        CHECK(options.out.find(text) != std::string::npos);
    const Run result = toy("simulate toy-maximum --width 3 --k 2,20 --seed 4 --json");
    INFO(result.err);
    REQUIRE(result.status == 0);
    const auto j = nlohmann::json::parse(result.out);
    CHECK(j["parameters"]["width"] == 3.0);
    REQUIRE(j["checks"].size() == 2);
    CHECK(j["checks"][1]["theory"].get<double>() == Approx(3.0 * 20 / 21).epsilon(1e-15));
    CHECK(toy("simulate toy-maximum --width -1").status == 2);
    // The program without the toy does not know it.
    CHECK(run(SKLAWS_BINARY, "simulate --help").out.find("toy-maximum") == std::string::npos);
}

TEST_CASE("a toy experiment appears in the configuration schema and the report", "[cli][toy]") {
    const fs::path dir = fs::temp_directory_path() / ("sklaws-toy-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const Run schema = toy("report --print-config", dir);
    REQUIRE(schema.status == 0);
    CHECK(schema.out.find("[experiments.toy-maximum]") != std::string::npos);
    CHECK(schema.out.find("# width = 2") != std::string::npos);
    CHECK(schema.out.find("width of the uniform distribution") != std::string::npos);

    std::ofstream(dir / "toy.toml") << "[experiments.toy-maximum]\nwidth = 5\nk = [1, 4]\n";
    const Run report = toy("report --only toy-maximum --config toy.toml --out out --no-progress", dir);
    INFO(report.err);
    REQUIRE(report.status == 0);
    const auto j = nlohmann::json::parse(slurp(dir / "out" / "report.json"));
    REQUIRE(j["claims"].size() == 1);
    const auto& claim = j["claims"][0];
    CHECK(claim["id"] == "toy-maximum");
    CHECK(claim["pass"] == true);
    REQUIRE(claim["comparisons"].size() == 2);
    CHECK(claim["comparisons"][1]["theory"].get<double>() == Approx(5.0 * 4 / 5).epsilon(1e-15));
    CHECK(claim["comparisons"][1]["kind"] == "z-test");
    CHECK(claim["figures"][0] == "toy-maximum");
    for (const char* file : {"toy-maximum.csv", "toy-maximum.svg"}) CHECK(fs::exists(dir / "out" / file));
    bool row = false;
    for (const auto& r : j["parameter_table"]) {
        if (r["experiment"] == "toy-maximum" && r["name"] == "width") row = r["value"] == "5" && r["default"] == "2";
    }
    CHECK(row);
    CHECK(slurp(dir / "out" / "report.html").find("Toy: the maximum of uniform draws") != std::string::npos);
    CHECK(toy("report --only no-such --out out2", dir).status == 2);
    fs::remove_all(dir);
}

TEST_CASE("sklaws --version, -h after commands, and usage errors on stderr with exit 2", "[cli]") {
    const Run version = run(SKLAWS_BINARY, "--version");
    CHECK(version.status == 0);
    CHECK(version.out.rfind("sklaws ", 0) == 0);
    CHECK(version.out.find("git commit") != std::string::npos);
    const Run bare = run(SKLAWS_BINARY, "");
    CHECK(bare.status == 2);
    CHECK(bare.out.empty());
    CHECK(bare.err.find("simulate") != std::string::npos);  // the usage, on stderr
    const Run unknown = run(SKLAWS_BINARY, "frobnicate");
    CHECK(unknown.status == 2);
    CHECK(unknown.out.empty());
    CHECK(unknown.err.find("unknown command 'frobnicate'") != std::string::npos);
    for (const char* command : {"simulate", "theory", "report", "corpus", "fit", "generate"}) {
        for (const char* flag : {"-h", "--help"}) {
            const Run help = run(SKLAWS_BINARY, std::string(command) + " " + flag);
            INFO(command << " " << flag << ": " << help.err);
            CHECK(help.status == 0);
            CHECK(help.err.empty());
            CHECK(help.out.find("Usage") != std::string::npos);
        }
    }
}
