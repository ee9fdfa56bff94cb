// All-or-nothing report directories: a finished report replaces the previous
// one, a failure or Ctrl-C leaves the destination untouched, and a directory
// that is not a sklaws report is never replaced.
#include <catch2/catch.hpp>

#include <sklaws/reports/staging_directory.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
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
