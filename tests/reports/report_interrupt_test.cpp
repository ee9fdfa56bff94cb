// Ctrl-C for real: the sklaws executable is started as a child process
// (posix_spawn), interrupted with SIGINT once it is working, and must then
// exit promptly with a non-zero status (130, or death by SIGINT), leaving no
// report (a fresh --out directory is absent or holds no report file, a
// previous report is left exactly as it was) and no staging or temporary
// directory beside it.
#include <catch2/catch.hpp>

#include "../support/sklaws_process.hpp"
#include "report_run_support.hpp"

#include <chrono>
#include <csignal>
#include <set>
#include <thread>
#include <vector>

using namespace sklaws_test;

namespace {

using Clock = std::chrono::steady_clock;
using sklaws::test::SklawsProcess;

bool interrupted_status(int status) {
    return (WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) || (WIFEXITED(status) && WEXITSTATUS(status) == 130);
}

std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> names;
    if (!fs::exists(dir)) return names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

// Starts a default-size report into cwd/out, waits until it has begun its
// Monte Carlo (the progress line of the first stage on stderr, then a
// moment inside it), sends SIGINT and waits for the exit.
void interrupt_while_simulating(const fs::path& cwd) {
    SklawsProcess report(cwd, {"report", "--out", "out", "--threads", "2"});
    REQUIRE(report.started());
    const bool working = SklawsProcess::wait_for([&] { return report.err().find('%') != std::string::npos || !report.running(); },
                                                 std::chrono::seconds(30), std::chrono::milliseconds(5));
    REQUIRE(working);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    INFO("stderr before SIGINT:\n" << report.err());
    REQUIRE(report.running());  // the default report runs for many seconds: still simulating
    const auto sent = Clock::now();
    report.signal(SIGINT);
    const bool exited = report.wait_exit(std::chrono::seconds(10));
    INFO("stderr:\n" << report.err());
    REQUIRE(exited);
    CHECK(std::chrono::duration<double>(Clock::now() - sent).count() < 5.0);
    CHECK(interrupted_status(report.status()));
}

}  // namespace

TEST_CASE("Ctrl-C during sklaws report: prompt non-zero exit, no report, no staging directory", "[report]") {
    const auto dir = fresh_directory("sigint");
    interrupt_while_simulating(dir);
    // Nothing of the report may exist: no output files, no ".out.partial-*"
    // staging directory, no ".out.tmp-*" or ".out.old-*" beside it.
    for (const auto& name : entries(dir / "out")) {
        INFO(name);
        CHECK((name != "report.json" && name != "report.html" && name != "report.md" &&
               name.find(".csv") == std::string::npos));
    }
    for (const auto& name : entries(dir)) {
        INFO(name);
        CHECK((name == "stderr.txt" || name == "out"));
    }
    fs::remove_all(dir);
}

TEST_CASE("Ctrl-C during sklaws report leaves a previous report untouched", "[report]") {
    const auto dir = fresh_directory("sigint-previous");
    fs::create_directories(dir / "out");
    const std::string previous = "{\"generator\": \"sklaws report\", \"run\": \"previous\"}\n";
    std::ofstream(dir / "out" / "report.json") << previous;
    std::ofstream(dir / "out" / "tables.csv") << "series,x,y,y_err\n";
    interrupt_while_simulating(dir);
    CHECK(entries(dir / "out") == std::set<std::string>{"report.json", "tables.csv"});
    CHECK(slurp(dir / "out" / "report.json") == previous);
    CHECK(entries(dir) == std::set<std::string>{"stderr.txt", "out"});
    fs::remove_all(dir);
}
