// All-or-nothing report directories: a finished report replaces the previous
// one, a failure or Ctrl-C leaves the destination untouched, and a directory
// that is not a sklaws report is never replaced.
#include <catch2/catch.hpp>

#include <sklaws/reports/staging_directory.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace sklaws::reports;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("sklaws-staging-test-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string kReportJson = "{\"generator\": \"sklaws report\"}\n";

std::size_t entries(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

}  // namespace

TEST_CASE("a committed staging directory becomes the destination", "[staging]") {
    const fs::path root = fresh_dir("commit");
    {
        StagingDirectory staging(root / "out");
        staging.write_file("report.json", kReportJson);
        staging.write_file("a.csv", "x\n");
        CHECK_FALSE(fs::exists(root / "out"));
        staging.commit();
    }
    CHECK(slurp(root / "out" / "a.csv") == "x\n");
    CHECK(entries(root) == 1);  // no staging or temp leftovers
    fs::remove_all(root);
}

TEST_CASE("a new report replaces a previous report completely", "[staging]") {
    const fs::path root = fresh_dir("replace");
    fs::create_directories(root / "out");
    std::ofstream(root / "out" / "report.json") << kReportJson;
    std::ofstream(root / "out" / "stale.csv") << "old\n";
    {
        StagingDirectory staging(root / "out");
        staging.write_file("report.json", kReportJson);
        staging.commit();
    }
    CHECK_FALSE(fs::exists(root / "out" / "stale.csv"));
    CHECK(fs::exists(root / "out" / "report.json"));
    CHECK(entries(root) == 1);
    fs::remove_all(root);
}

TEST_CASE("an uncommitted staging directory is removed and the destination kept", "[staging]") {
    const fs::path root = fresh_dir("abandon");
    fs::create_directories(root / "out");
    std::ofstream(root / "out" / "report.json") << kReportJson;
    {
        StagingDirectory staging(root / "out");
        staging.write_file("report.json", "{\"generator\": \"sklaws report\", \"new\": true}\n");
    }  // e.g. an exception unwound past it
    CHECK(slurp(root / "out" / "report.json") == kReportJson);
    CHECK(entries(root) == 1);
    fs::remove_all(root);
}

TEST_CASE("SIGINT while writing aborts with Interrupted and leaves the destination untouched", "[staging]") {
    const fs::path root = fresh_dir("sigint");
    {
        StagingDirectory staging(root / "out");
        staging.write_file("report.json", kReportJson);
        std::raise(SIGINT);  // the handler only sets a flag; the process survives
        CHECK_THROWS_AS(staging.write_file("report.md", "# x\n"), Interrupted);
        CHECK_THROWS_AS(staging.commit(), Interrupted);
    }
    CHECK_FALSE(fs::exists(root / "out"));
    CHECK(entries(root) == 0);
    fs::remove_all(root);
}

TEST_CASE("an ignored SIGINT stays ignored while writing, and the old disposition returns", "[staging]") {
    const fs::path root = fresh_dir("ignored");
    struct sigaction ignore {}, before {}, during {}, after {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &before);
    {
        StagingDirectory staging(root / "out");
        sigaction(SIGINT, nullptr, &during);
        std::raise(SIGINT);  // ignored: no flag, the write goes on
        CHECK_NOTHROW(staging.write_file("report.json", kReportJson));
        CHECK_NOTHROW(staging.commit());
    }
    sigaction(SIGINT, nullptr, &after);
    sigaction(SIGINT, &before, nullptr);
    CHECK(during.sa_handler == SIG_IGN);
    CHECK(after.sa_handler == SIG_IGN);
    CHECK(slurp(root / "out" / "report.json") == kReportJson);
    fs::remove_all(root);
}

TEST_CASE("a directory that is not a sklaws report is never replaced", "[staging]") {
    const fs::path root = fresh_dir("foreign");
    fs::create_directories(root / "home");
    std::ofstream(root / "home" / "thesis.tex") << "precious\n";
    CHECK_THROWS_AS(StagingDirectory(root / "home"), OutputDirectoryError);
    CHECK_THROWS_AS(check_replaceable(root / "home"), OutputDirectoryError);
    std::ofstream(root / "file") << "x";
    CHECK_THROWS_AS(check_replaceable(root / "file"), OutputDirectoryError);
    CHECK(slurp(root / "home" / "thesis.tex") == "precious\n");
    fs::create_directories(root / "empty");
    CHECK_NOTHROW(check_replaceable(root / "empty"));
    CHECK_NOTHROW(check_replaceable(root / "absent"));
    fs::remove_all(root);
}

TEST_CASE("a reader sees a complete destination at every moment while reports replace it", "[staging]") {
    const fs::path root = fresh_dir("exchange");
    const auto report = [](int generation) {
        return "{\"generator\": \"sklaws report\", \"generation\": " + std::to_string(generation) + "}\n";
    };
    {
        StagingDirectory first(root / "out");
        first.write_file("report.json", report(0));
        first.write_file("a.csv", "0\n");
        first.commit();
    }
    std::atomic<bool> done{false};
    std::atomic<int> observations{0}, incomplete{0};
    std::thread reader([&] {
        while (!done) {
            // Both files of one generation, or the reader caught a moment
            // without a complete report (what two renames allowed).
            const std::string json = slurp(root / "out" / "report.json");
            const bool csv = fs::exists(root / "out" / "a.csv");
            if (json.empty() || !csv) ++incomplete;
            ++observations;
        }
    });
    for (int generation = 1; generation <= 200; ++generation) {
        StagingDirectory staging(root / "out");
        staging.write_file("report.json", report(generation));
        staging.write_file("a.csv", std::to_string(generation) + "\n");
        staging.commit();
    }
    done = true;
    reader.join();
    CHECK(observations > 0);
    CHECK(incomplete == 0);
    CHECK(slurp(root / "out" / "report.json") == report(200));
    CHECK(entries(root) == 1);
    fs::remove_all(root);
}

TEST_CASE("staging directories of dead processes are removed, a live process's are kept", "[staging]") {
    const fs::path root = fresh_dir("stale");
    // A pid that is certainly dead: a child that has exited and been reaped.
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    REQUIRE(child > 0);
    ::waitpid(child, nullptr, 0);
    const fs::path dead = root / (".out.partial-" + std::to_string(child));
    const fs::path old_dead = root / (".out.old-" + std::to_string(child));
    const fs::path alive = root / (".out.partial-" + std::to_string(::getppid()));
    const fs::path other = root / (".other.partial-" + std::to_string(child));
    for (const auto& d : {dead, old_dead, alive, other}) {
        fs::create_directories(d);
        std::ofstream(d / "report.json") << kReportJson;
    }
    {
        StagingDirectory staging(root / "out");
        CHECK_FALSE(fs::exists(dead));
        CHECK_FALSE(fs::exists(old_dead));
        CHECK(fs::exists(alive));  // its writer may still be running
        CHECK(fs::exists(other));  // belongs to another destination
        staging.write_file("report.json", kReportJson);
        staging.commit();
    }
    fs::remove_all(root);
}

TEST_CASE("the destination is locked while staged and the lock file is gone afterwards", "[staging]") {
    const fs::path root = fresh_dir("lock");
    {
        StagingDirectory staging(root / "out");
        CHECK(fs::exists(root / ".out.lock"));
        CHECK(slurp(root / ".out.lock") == std::to_string(::getpid()) + "\n");
        CHECK_THROWS_AS(StagingDirectory(root / "elsewhere"), std::logic_error);  // one per process
    }
    CHECK(entries(root) == 0);
    {
        StagingDirectory staging(root / "out");
        staging.write_file("report.json", kReportJson);
        staging.commit();
        CHECK_FALSE(fs::exists(root / ".out.lock"));  // released by the commit
    }
    CHECK(entries(root) == 1);
    fs::remove_all(root);
}

TEST_CASE("the root directory and the working directory or its ancestors are never a destination", "[staging]") {
    const fs::path root = fresh_dir("cwd");
    const fs::path before = fs::current_path();
    fs::create_directories(root / "work");
    fs::current_path(root / "work");
    for (const char* out : {"/", ".", "./", "..", "../work", "sub/../.."}) {
        INFO(out);
        CHECK_THROWS_AS(StagingDirectory(out), OutputDirectoryError);
    }
    CHECK_NOTHROW(StagingDirectory("sub"));  // a new directory inside it is fine
    fs::current_path(before);
    fs::remove_all(root);
}
