// `sklaws report` checks its inputs, its configured sizes and its --out, and
// reserves (locks) --out, before any computation (issue 18 items 4 and 5):
// an unwritable location, a destination another sklaws is writing, a
// --config or --data that is missing, a device or a FIFO, a --data file
// without the columns the fit needs, and an experiment size outside its
// domain are refused with exit 2 and one line naming the file (and line) or
// the option, and nothing is left behind. The default report computes for
// minutes, so "before any computation" is a refusal within seconds; each run
// is bounded by timeout(1) so that a regression fails instead of computing.
#include <catch2/catch.hpp>

#include "report_run_support.hpp"

#include <sklaws/reports/staging_directory.hpp>

#include <algorithm>
#include <chrono>
#include <set>
#include <sys/stat.h>

using namespace sklaws_test;

namespace {

std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

struct Timed {
    CommandResult result;
    double seconds = 0;
};

// The full default report (no --quick, no --only): minutes of work if the
// refusal came after it. timeout 60 turns such a regression into status 124.
Timed timed_report(const std::string& options, const fs::path& cwd) {
    const auto start = std::chrono::steady_clock::now();
    Timed t;
    t.result = run_command("timeout 60 " + sklaws_exe() + " report --no-progress " + options, cwd);
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return t;
}

bool one_line(const std::string& s) { return std::count(s.begin(), s.end(), '\n') == 1; }

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Generous for a loaded 2-core machine (the refusals take ~0.1 s idle);
// the computation they prevent takes minutes.
constexpr double kPromptly = 5.0;

}  // namespace

TEST_CASE("report --out in an unwritable place exits 2 before any computation", "[report]") {
    const auto dir = fresh_directory("fail-fast-out");
    for (const std::string& out : {std::string("/proc/x"), std::string("/proc/self/x/y"), std::string("/")}) {
        INFO("--out " << out);
        const Timed t = timed_report("--out " + out, dir);
        INFO(t.result.err);
        CHECK(t.result.status == 2);
        CHECK(one_line(t.result.err));
        CHECK(has(t.result.err, out == "/" ? "root directory" : out));
        CHECK(has(t.result.err, "--out"));
        CHECK(t.seconds < kPromptly);
    }
    CHECK(entries(dir).empty());
    fs::remove_all(dir);
}

TEST_CASE("a second report writing the same --out is refused at once with the writer's pid", "[report]") {
    const auto dir = fresh_directory("fail-fast-locked");
    {
        sklaws::reports::StagingDirectory writer(dir / "out");  // this process is "the other sklaws"
        const Timed t = timed_report("--out out", dir);
        INFO(t.result.err);
        CHECK(t.result.status == 2);
        CHECK(one_line(t.result.err));
        CHECK(has(t.result.err, "another sklaws (process " + std::to_string(::getpid()) + ") is writing " +
                                    (dir / "out").string()));
        CHECK(t.seconds < kPromptly);
        CHECK(fs::exists(writer.path()));  // the first writer's staging directory is untouched
    }
    CHECK(entries(dir).empty());
    fs::remove_all(dir);
}

TEST_CASE("report --config and --data that are not readable text files exit 2 before any computation", "[report]") {
    const auto dir = fresh_directory("fail-fast-inputs");
    const fs::path fifo = dir / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    for (const std::string& bad : {std::string("/dev/zero"), fifo.string(), (dir / "absent.csv").string()}) {
        for (const std::string& option : {std::string("--config"), std::string("--data")}) {
            INFO(option << " " << bad);
            // /dev/zero was read until memory ran out, a FIFO blocked for
            // ever, and a missing --data file was noticed after the whole
            // computation.
            const Timed t = timed_report("--out out " + option + " '" + bad + "'", dir);
            INFO(t.result.err);
            CHECK(t.result.status == 2);
            CHECK(one_line(t.result.err));
            CHECK(has(t.result.err, bad + ":1: column 1: "));
            CHECK(t.seconds < kPromptly);
            CHECK_FALSE(fs::exists(dir / "out"));
        }
    }
    fs::remove(fifo);
    CHECK(entries(dir).empty());
    fs::remove_all(dir);
}

TEST_CASE("report --data without the columns or rows the fit needs exits 2 before any computation", "[report]") {
    const auto dir = fresh_directory("fail-fast-columns");
    {
        std::ofstream(dir / "runs.csv") << "params,tokens\n1e8,2e9\n2e8,4e9\n";  // no loss column
        std::ofstream(dir / "few.csv") << "N,D,loss\n1e8,2e9,3.1\n2e8,4e9,2.9\n";  // 2 rows, 5 parameters + 5 dropped
    }
    struct Case {
        std::string file, expected;
    };
    for (const Case& c : {Case{"runs.csv", "runs.csv:1: "}, Case{"few.csv", "few.csv:3: column 'loss': 2 rows to fit"}}) {
        INFO(c.file);
        const Timed t = timed_report("--out out --data " + c.file, dir);
        INFO(t.result.err);
        CHECK(t.result.status == 2);
        CHECK(one_line(t.result.err));
        CHECK(has(t.result.err, c.expected));
        CHECK(t.seconds < kPromptly);
        CHECK_FALSE(fs::exists(dir / "out"));
    }
    fs::remove(dir / "runs.csv");
    fs::remove(dir / "few.csv");
    CHECK(entries(dir).empty());
    fs::remove_all(dir);
}

TEST_CASE("an experiment size outside its domain in --config exits 2 naming the file and line, before any computation",
          "[report]") {
    const auto dir = fresh_directory("fail-fast-sizes");
    std::ofstream(dir / "big.toml") << "# sizes\n[experiments.hallucination]\nn = 1000000000000000000\n";
    const Timed t = timed_report("--out out --config big.toml", dir);
    INFO(t.result.err);
    CHECK(t.result.status == 2);
    CHECK(one_line(t.result.err));
    CHECK(has(t.result.err, "big.toml:3: experiments.hallucination.n"));
    CHECK(t.seconds < kPromptly);
    fs::remove(dir / "big.toml");
    CHECK(entries(dir).empty());
    fs::remove_all(dir);
}
