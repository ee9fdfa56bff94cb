// `sklaws generate` end to end (runs SKLAWS_BINARY): files and manifest,
// reproducibility, refusal to overwrite, --force, bad input → exit 2 with
// one line on stderr.
#include "../support/run_sklaws.hpp"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

using Run = sklaws::test::SklawsRun;

// A scratch directory removed at scope exit.
struct Scratch {
    fs::path root = fs::temp_directory_path() / ("sklaws_generate_test_" + std::to_string(::getpid()));
    Scratch() {
        fs::remove_all(root);
        fs::create_directories(root);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

Run generate(const std::string& options) {
    return sklaws::test::run_sklaws("generate " + options);
}

const std::string base = "--alpha 0.5 --beta 1 --templates 5 --n 2000 --seed 7 --relations 2 --values 10 --noise 0.1";

}  // namespace

TEST_CASE("generate writes corpus.txt and a consistent manifest.json", "[validation][generate]") {
    Scratch s;
    const fs::path out = s.root / "corpus";
    const Run r = generate(base + " --out " + out.string());
    INFO(r.err);
    REQUIRE(r.status == 0);
    std::ifstream corpus(out / "corpus.txt");
    std::string line;
    std::size_t lines = 0;
    while (std::getline(corpus, line)) {
        ++lines;
        CHECK(line.find("entity") != std::string::npos);
        CHECK(line.find("value") != std::string::npos);
    }
    CHECK(lines == 2000);
    const auto m = nlohmann::json::parse(read_file(out / "manifest.json"));
    CHECK(m["parameters"]["alpha"] == 0.5);
    CHECK(m["parameters"]["n"] == 2000);
    const auto theta = m["syntax"]["theta"].get<std::vector<double>>();
    CHECK(theta.size() == 5);
    CHECK(std::accumulate(theta.begin(), theta.end(), 0.0) == Approx(1.0).margin(1e-12));
    const auto sizes = m["knowledge"]["table_sizes"].get<std::vector<std::uint64_t>>();
    CHECK(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}) == 2000);
    CHECK(m["knowledge"]["elements"] == sizes.size());
    CHECK(m["knowledge"]["facts"].size() == sizes.size());
    CHECK(m["knowledge"]["facts"][0].size() == 2);
    // No temporary directory is left beside the output.
    for (const auto& entry : fs::directory_iterator(s.root)) {
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
    }
}

TEST_CASE("generate: same seed gives identical files, another seed differs", "[validation][generate]") {
    Scratch s;
    REQUIRE(generate(base + " --out " + (s.root / "a").string()).status == 0);
    REQUIRE(generate(base + " --out " + (s.root / "b").string()).status == 0);
    REQUIRE(generate("--alpha 0.5 --beta 1 --templates 5 --n 2000 --seed 8 --relations 2 --values 10 --noise 0.1 --out " +
                         (s.root / "c").string())
                .status == 0);
    CHECK(read_file(s.root / "a" / "corpus.txt") == read_file(s.root / "b" / "corpus.txt"));
    CHECK(read_file(s.root / "a" / "manifest.json") == read_file(s.root / "b" / "manifest.json"));
    CHECK(read_file(s.root / "a" / "corpus.txt") != read_file(s.root / "c" / "corpus.txt"));
}

TEST_CASE("generate refuses a non-empty directory unless --force", "[validation][generate]") {
    Scratch s;
    const fs::path out = s.root / "corpus";
    fs::create_directories(out);
    { std::ofstream(out / "keep.txt") << "precious\n"; }
    const Run refused = generate(base + " --out " + out.string());
    CHECK(refused.status == 2);
    CHECK(refused.err.find("not empty") != std::string::npos);
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    CHECK(fs::exists(out / "keep.txt"));
    CHECK_FALSE(fs::exists(out / "corpus.txt"));
    const Run forced = generate(base + " --out " + out.string() + " --force");
    INFO(forced.err);
    CHECK(forced.status == 0);
    CHECK(fs::exists(out / "corpus.txt"));
    CHECK_FALSE(fs::exists(out / "keep.txt"));
    // An existing empty directory is simply filled.
    fs::create_directories(s.root / "empty");
    CHECK(generate(base + " --out " + (s.root / "empty").string()).status == 0);
    CHECK(fs::exists(s.root / "empty" / "manifest.json"));
}

TEST_CASE("generate: bad parameters exit 2 with one line on stderr", "[validation][generate]") {
    Scratch s;
    const std::string out = " --out " + (s.root / "x").string();
    const std::string bad[] = {
        "--alpha 1.5 --beta 1 --templates 5 --n 10 --seed 1" + out,
        "--alpha 0.5 --beta -0.7 --templates 5 --n 10 --seed 1" + out,
        "--alpha 0.5 --beta 1 --templates 0 --n 10 --seed 1" + out,
        "--alpha 0.5 --beta 1 --templates 5 --n 0 --seed 1" + out,
        "--alpha 0.5 --beta 1 --templates 5 --n 10 --seed 1 --noise 2" + out,
        "--alpha 0.5 --beta 1 --templates 5 --n 10 --seed 1 --prior -1" + out,
        "--alpha 0.5 --beta 1 --templates 5 --n 10 --seed 1 --relations 0" + out,
        "--alpha nan --beta 1 --templates 5 --n 10 --seed 1" + out,
        "--alpha 0.5 --beta 1 --templates 5 --n 10 --seed 1",  // no --out
        "--alpha 0.5 --beta 1 --templates 5 --n 10 --seed 1 --bogus 3" + out,
        "--alpha 0.5 --beta 1 --templates 5 --n ten --seed 1" + out,
        "--alpha 0.5 --beta 1 --templates 5 --n 10 --seed 1 --out " + (s.root / "missing" / "deeper" / "x").string(),
    };
    for (const auto& options : bad) {
        INFO(options);
        const Run r = generate(options);
        INFO(r.err);
        CHECK(r.status == 2);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        CHECK_FALSE(fs::exists(s.root / "x"));
    }
    // A file where the directory should go.
    { std::ofstream(s.root / "file") << "x"; }
    CHECK(generate("--alpha 0.5 --beta 1 --templates 5 --n 10 --seed 1 --out " + (s.root / "file").string())
              .status == 2);
}
