// How `sklaws generate` publishes DIR (reports/staging_directory.hpp), on the
// real executable: destinations that cannot be replaced are refused at once
// with exit 2 and one line; SIGTERM/SIGINT while writing stop it promptly
// with nothing left behind; a second writer of the same DIR is refused; and
// kill -9 leaves the previous corpus complete, its debris removed by the
// next writer.
#include "../support/sklaws_process.hpp"
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using sklaws::test::SklawsProcess;
using namespace std::chrono_literals;

namespace {

struct Scratch {
    fs::path root;
    explicit Scratch(const std::string& name)
        : root(fs::temp_directory_path() / ("sklaws_generate_publication_" + std::to_string(::getpid()) + "_" + name)) {
        fs::remove_all(root);
        fs::create_directories(root);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> generate_args(const std::string& n, const std::string& out, bool force = false) {
    std::vector<std::string> a{"generate", "--alpha", "0.5", "--beta", "1", "--templates", "5", "--seed", "3", "--n", n, "--out", out};
    if (force) a.push_back("--force");
    return a;
}

// Runs to completion (at most 60 s) and returns the process.
struct Finished {
    int status = -1;
    std::string err;
};
Finished run_in(const fs::path& cwd, const std::vector<std::string>& args, const std::string& err_name = "stderr.txt") {
    SklawsProcess p(cwd, args, err_name);
    REQUIRE(p.started());
    REQUIRE(p.wait_exit(60s));
    Finished f;
    f.status = WIFEXITED(p.status()) ? WEXITSTATUS(p.status()) : -1;
    f.err = p.err();
    fs::remove(cwd / err_name);
    return f;
}

bool one_line(const std::string& s) { return std::count(s.begin(), s.end(), '\n') == 1; }

// Waits until a staging directory of `out` holds a corpus.txt with data.
bool writing_started(SklawsProcess& p, const fs::path& parent, const std::string& out) {
    const fs::path partial = parent / ("." + out + ".partial-" + std::to_string(p.pid()));
    return SklawsProcess::wait_for(
        [&] {
            std::error_code ec;  // file_size is -1 with an error (no such file yet)
            const auto size = fs::file_size(partial / "corpus.txt", ec);
            return !p.running() || (!ec && size > 100000);
        },
        30s, 5ms);
}

}  // namespace

TEST_CASE("generate --out /, ., .. and the working directory are refused at once", "[validation][generate]") {
    Scratch s("roots");
    const fs::path cwd = s.root / "work";
    fs::create_directories(cwd);
    const std::vector<std::pair<std::string, bool>> cases{{"/", false}, {".", false}, {".", true}, {"..", false},
                                                          {"./", false}, {cwd.string(), true}, {"sub/..", false}};
    for (const auto& [out, force] : cases) {
        INFO("--out " << out << (force ? " --force" : ""));
        const auto r = run_in(cwd, generate_args("10", out, force), "../stderr.txt");
        INFO(r.err);
        CHECK(r.status == 2);
        CHECK(one_line(r.err));
        CHECK(r.err.find("--out " + out) != std::string::npos);
        CHECK((r.err.find("root directory") != std::string::npos ||
               r.err.find("working directory or contains it") != std::string::npos));
        CHECK(entries(cwd).empty());  // nothing written, nothing left behind
        CHECK(entries(s.root) == std::set<std::string>{"work"});
    }
    for (const auto& e : fs::directory_iterator("/")) {
        const std::string name = e.path().filename().string();
        CHECK(name.find(".partial-") == std::string::npos);
        CHECK(name.find(".lock") == std::string::npos);
    }
}

TEST_CASE("generate: SIGTERM or SIGINT while writing stops at once and leaves nothing behind", "[validation][generate]") {
    for (const int signal : {SIGTERM, SIGINT}) {
        INFO("signal " << signal);
        Scratch s("signal");
        // A previous corpus, which must survive the interrupted rewrite.
        REQUIRE(run_in(s.root, generate_args("100", "out")).status == 0);
        const std::string previous = slurp(s.root / "out" / "corpus.txt");
        SklawsProcess p(s.root, generate_args("1e9", "out", true));
        REQUIRE(p.started());
        REQUIRE(writing_started(p, s.root, "out"));
        REQUIRE(p.running());
        const auto sent = SklawsProcess::Clock::now();
        p.signal(signal);
        REQUIRE(p.wait_exit(10s));
        CHECK(std::chrono::duration<double>(SklawsProcess::Clock::now() - sent).count() < 5.0);
        INFO(p.err());
        CHECK(WIFEXITED(p.status()));
        CHECK(WEXITSTATUS(p.status()) == 130);
        CHECK(p.err().find("interrupted") != std::string::npos);
        CHECK(entries(s.root) == std::set<std::string>{"out", "stderr.txt"});
        CHECK(entries(s.root / "out") == std::set<std::string>{"corpus.txt", "manifest.json", "queries.jsonl"});
        CHECK(slurp(s.root / "out" / "corpus.txt") == previous);
    }
}

TEST_CASE("generate: a second writer of the same --out is refused while the first writes", "[validation][generate]") {
    Scratch s("lock");
    SklawsProcess first(s.root, generate_args("1e9", "out"));
    REQUIRE(first.started());
    REQUIRE(writing_started(first, s.root, "out"));
    const auto second = run_in(s.root, generate_args("10", "out", true), "stderr2.txt");
    INFO(second.err);
    CHECK(second.status == 2);
    CHECK(one_line(second.err));
    CHECK(second.err.find("another sklaws (process " + std::to_string(first.pid()) + ") is writing " +
                          (s.root / "out").string()) != std::string::npos);
    CHECK(first.running());  // the refused writer did not disturb the first
    first.signal(SIGTERM);
    REQUIRE(first.wait_exit(10s));
    CHECK(entries(s.root) == std::set<std::string>{"stderr.txt"});
}

TEST_CASE("generate: kill -9 mid-write leaves the previous corpus complete; the next writer clears the debris",
          "[validation][generate]") {
    Scratch s("kill9");
    REQUIRE(run_in(s.root, generate_args("100", "out")).status == 0);
    const std::string corpus = slurp(s.root / "out" / "corpus.txt"), manifest = slurp(s.root / "out" / "manifest.json");
    pid_t killed = 0;
    {
        SklawsProcess p(s.root, generate_args("1e9", "out", true));
        REQUIRE(p.started());
        REQUIRE(writing_started(p, s.root, "out"));
        killed = p.pid();
        p.signal(SIGKILL);
        REQUIRE(p.wait_exit(10s));
    }
    CHECK(slurp(s.root / "out" / "corpus.txt") == corpus);
    CHECK(slurp(s.root / "out" / "manifest.json") == manifest);
    const std::string debris = ".out.partial-" + std::to_string(killed);
    CHECK(entries(s.root).count(debris) == 1);  // what kill -9 cannot avoid
    const auto next = run_in(s.root, generate_args("50", "out", true));
    INFO(next.err);
    CHECK(next.status == 0);
    CHECK(entries(s.root) == std::set<std::string>{"out"});  // no staging directory, no lock file
    CHECK(slurp(s.root / "out" / "corpus.txt") != corpus);
}
