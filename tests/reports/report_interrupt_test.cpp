// Ctrl-C for real: the sklaws executable is started as a child process
// (posix_spawn), interrupted with SIGINT once it is working, and must then
// exit promptly with a non-zero status (130, or death by SIGINT), leaving no
// report (a fresh --out directory is absent or holds no report file, a
// previous report is left exactly as it was) and no staging or temporary
// directory beside it.
#include <catch2/catch.hpp>

#include "report_run_support.hpp"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <set>
#include <spawn.h>
#include <thread>
#include <vector>

extern char** environ;

using namespace sklaws_test;

namespace {

using Clock = std::chrono::steady_clock;

// A running `sklaws report --out <out>` with stderr captured to a file.
class ReportProcess {
public:
    ReportProcess(const fs::path& cwd, const std::vector<std::string>& args) : err_(cwd / "stderr.txt") {
        std::vector<std::string> words{SKLAWS_BINARY, "report"};
        words.insert(words.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& w : words) argv.push_back(w.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
        // A terminal's foreground job gets SIGINT with its default action and
        // unblocked, whatever the test runner inherited (a background ctest
        // may run with SIGINT ignored): set both explicitly.
        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        sigset_t defaults, none;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGINT);
        sigaddset(&defaults, SIGTERM);
        sigemptyset(&none);
        posix_spawnattr_setsigdefault(&attributes, &defaults);
        posix_spawnattr_setsigmask(&attributes, &none);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
        const int rc = posix_spawn(&pid_, SKLAWS_BINARY, &actions, &attributes, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
        if (rc != 0) pid_ = -1;
    }
    ~ReportProcess() {
        if (running()) {  // a failed check must not leave a report running on the shared machine
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    ReportProcess(const ReportProcess&) = delete;
    ReportProcess& operator=(const ReportProcess&) = delete;

    bool started() const { return pid_ > 0; }
    bool running() {
        if (pid_ <= 0 || exited_) return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            status_ = status;
        }
        return !exited_;
    }
    std::string err() const { return slurp(err_); }

    // Polls until `done()` or the deadline; true if done.
    template <class Done>
    static bool wait_for(Done done, std::chrono::milliseconds limit, std::chrono::milliseconds poll) {
        const auto deadline = Clock::now() + limit;
        while (!done()) {
            if (Clock::now() > deadline) return false;
            std::this_thread::sleep_for(poll);
        }
        return true;
    }

    void interrupt() { ::kill(pid_, SIGINT); }
    int status() const { return status_; }

private:
    fs::path err_;
    pid_t pid_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

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
    ReportProcess report(cwd, {"--out", "out", "--threads", "2"});
    REQUIRE(report.started());
    const bool working = ReportProcess::wait_for([&] { return report.err().find('%') != std::string::npos || !report.running(); },
                                                 std::chrono::seconds(30), std::chrono::milliseconds(5));
    REQUIRE(working);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    INFO("stderr before SIGINT:\n" << report.err());
    REQUIRE(report.running());  // the default report runs for many seconds: still simulating
    const auto sent = Clock::now();
    report.interrupt();
    const bool exited = ReportProcess::wait_for([&] { return !report.running(); }, std::chrono::seconds(10),
                                                std::chrono::milliseconds(10));
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
