// The resource guard and the input limit of every command
// (cli/resource_guard.hpp; issue 18 items 3, 4 and 9): a request whose
// estimated peak memory exceeds --max-memory is refused before any work
// with exit 2 and one line giving the estimate, what it comes from and the
// option to change; a request that fits but is slow is announced on stderr
// with its estimated time before the work; a file over --max-input-bytes is
// refused naming the file and the option. Each run is bounded by timeout(1)
// so that a guard that lets a request through fails the test quickly.
#include <catch2/catch.hpp>

#include "../support/run_sklaws.hpp"
#include "../support/scratch_directory.hpp"
#include "../support/sanitizer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using sklaws::test::run_sklaws;
using sklaws::test::SklawsRun;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
bool one_line(const std::string& s) { return std::count(s.begin(), s.end(), '\n') == 1; }

struct Dir : sklaws::test::ScratchDirectory {
    Dir() : ScratchDirectory("guard") {}
};

// A small power-law table y = 2 x^-0.5 (+ a little structure), 12 rows.
std::string power_csv() {
    std::string t = "x,y\n";
    for (int i = 1; i <= 12; ++i) t += std::to_string(i * 10) + "," + std::to_string(2.0 / std::sqrt(i * 10.0) + 0.001 * (i % 3)) + "\n";
    return t;
}

// `sklaws <arguments>` under timeout(1) (status 124 when it had to stop it),
// stdout discarded, stderr captured.
SklawsRun bounded(const std::string& seconds, const std::string& arguments) {
    static int counter = 0;
    const fs::path err = fs::temp_directory_path() /
                         ("sklaws-guard-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".err");
    const std::string command = "timeout --kill-after=2 " + seconds + " '" + std::string(SKLAWS_BINARY) + "' " +
                                arguments + " >/dev/null 2>'" + err.string() + "'";
    const int raw = std::system(command.c_str());
    SklawsRun r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.err = sklaws::test::read_whole_file(err);
    fs::remove(err);
    return r;
}

// `sklaws <arguments>` started in the background, its stderr polled every
// 50 ms: once it holds `expected` while the process still runs, the process
// is killed and the status is 124 (announced and still working, as
// timeout(1) would say); if it ends first, its own status; after `seconds`
// without the announcement, killed with status 125. The announcement comes
// before the work, so this costs the time to the announcement, not the
// whole bound (under ASan the three slow requests cost 45 s with timeout).
SklawsRun until_announced(const std::string& seconds, const std::string& arguments, const std::string& expected) {
    static int counter = 0;
    const std::string stem = (fs::temp_directory_path() /
                              ("sklaws-announce-" + std::to_string(::getpid()) + "-" + std::to_string(counter++))).string();
    const fs::path err = stem + ".err", pattern = stem + ".pattern", script = stem + ".sh";
    std::ofstream(pattern) << expected;
    std::ofstream(script) << "'" << SKLAWS_BINARY << "' " << arguments << " >/dev/null 2>'" << err.string() << "' &\n"
                          << "p=$!; i=0; limit=$((" << seconds << " * 20))\n"
                          << "while [ $i -lt $limit ]; do\n"
                          << "  if grep -qF -f '" << pattern.string() << "' '" << err.string() << "'; then\n"
                          << "    if kill -0 $p 2>/dev/null; then kill -9 $p; wait $p; exit 124; fi\n"
                          << "  fi\n"
                          << "  if ! kill -0 $p 2>/dev/null; then wait $p; exit $?; fi\n"
                          << "  sleep 0.05; i=$((i + 1))\n"
                          << "done\n"
                          << "kill -9 $p; wait $p; exit 125\n";
    const int raw = std::system(("sh '" + script.string() + "'").c_str());
    SklawsRun r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.err = sklaws::test::read_whole_file(err);
    for (const auto& f : {err, pattern, script}) fs::remove(f);
    return r;
}

}  // namespace

TEST_CASE("simulate refuses a request over --max-memory before running, naming the estimate and the option", "[guard]") {
    const auto start = std::chrono::steady_clock::now();
    const SklawsRun r = bounded("30", "simulate tables --n 1000,10000000 --threads 2 --replicates 10 --max-memory 64M");
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(one_line(r.err));
    CHECK(has(r.err, "sklaws simulate: this run of tables needs about "));
    CHECK(has(r.err, "10 replicates at these parameters"));
    CHECK(has(r.err, "more than the 64 MiB that --max-memory allows"));
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 10);
}

TEST_CASE("simulate tables --replicates 1e8 streams (fits in 64 MiB) and announces its time before the work", "[guard]") {
    // The executor folds replicates as they arrive, so memory does not grow
    // with --replicates; the hours it would take are said up front. The
    // run itself is stopped by timeout after 3 s.
    const SklawsRun r = bounded("3", "simulate tables --replicates 1e8 --threads 1 --quiet --max-memory 64M");
    INFO(r.err);
    CHECK(r.status == 124);  // accepted and running, not refused
    CHECK(has(r.err, "sklaws simulate: this run of tables will take about "));
    CHECK(has(r.err, "100000000 replicates at these parameters"));
}

TEST_CASE("report refuses a configuration over --max-memory before any computation, naming its largest experiment",
          "[guard]") {
    Dir dir;
    // tables at n = 1e7: one CRP sampler of 1e7 customers per worker.
    const std::string config = dir.file("heavy.toml", "[run]\nthreads = 2\n[experiments.tables]\nn = [1000, 10000000]\n");
    const SklawsRun r = bounded("30", "report --no-progress --config " + config + " --out '" + (dir.path() / "out").string() +
                                          "' --max-memory 64M");
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(one_line(r.err));
    CHECK(has(r.err, "sklaws report: the report needs about "));
    CHECK(has(r.err, "its largest experiment, "));
    CHECK(has(r.err, ", at its configured sizes and replicates), more than the 64 MiB that --max-memory allows"));
    CHECK(has(r.err, "--max-memory"));
    CHECK_FALSE(fs::exists(dir.path() / "out"));
}

TEST_CASE("fit --bootstrap 1e7 is refused over --max-memory with the estimate", "[guard]") {
    // The bootstrap keeps about 5 % of its resamples' values (it used to
    // keep them all: 789 MB and growing): ~62 MiB at 1e7 resamples.
    Dir dir;
    const std::string file = dir.file("p.csv", power_csv());
    const SklawsRun r = bounded("30", "fit --form power " + file + " --bootstrap 1e7 --max-memory 40M");
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(one_line(r.err));
    CHECK(has(r.err, "sklaws fit: the fit needs about "));
    CHECK(has(r.err, " lines, 10000000 bootstrap resamples), more than the 40 MiB that --max-memory allows"));
}

TEST_CASE("a --max-memory value must be a memory size", "[guard]") {
    for (const char* bad : {"0", "-5M", "12Q", "M", "1e400"}) {
        const SklawsRun r = run_sklaws(std::string("simulate tables --max-memory ") + bad);
        INFO(bad << ": " << r.err);
        CHECK(r.status == 2);
        CHECK(one_line(r.err));
        CHECK(has(r.err, "option --max-memory expects a memory size such as 512M"));
    }
}

TEST_CASE("every command that reads a file refuses one over --max-input-bytes, naming the file and the option", "[guard]") {
    Dir dir;
    const std::string csv = dir.file("p.csv", power_csv());
    const std::string text = dir.file("t.txt", std::string(200, 'a') + "\n");
    const std::string toml = dir.file("c.toml", "# " + std::string(200, 'x') + "\n[run]\nseed = 1\n");
    const auto size_of = [&](const std::string& name) { return std::to_string(fs::file_size(dir.path() / name)); };
    struct Case {
        std::string arguments, file;
    };
    const std::string out = " --out '" + (dir.path() / "out").string() + "' --no-progress";
    for (const Case& c : {Case{"fit --form power " + csv, "p.csv"}, Case{"corpus " + text, "t.txt"},
                          Case{"report --config " + toml + out, "c.toml"}, Case{"report --data " + csv + out, "p.csv"}}) {
        const SklawsRun r = bounded("30", c.arguments + " --max-input-bytes 100");
        INFO(c.arguments << ": " << r.err);
        CHECK(r.status == 2);
        CHECK(one_line(r.err));
        CHECK(has(r.err, c.file + ":1: column 1: is " + size_of(c.file) +
                             " bytes, over the input limit of 100 bytes (--max-input-bytes 100)"));
        CHECK_FALSE(fs::exists(dir.path() / "out"));
    }
    // Under the limit the same file is read.
    const SklawsRun ok = run_sklaws("fit --form power " + csv + " --max-input-bytes 100000");
    INFO(ok.err);
    CHECK(ok.status == 0);
}

TEST_CASE("slow valid requests announce their time on stderr before the work", "[guard]") {
    // Each would run for 30 s or more; it is stopped as soon as its
    // announcement is on stderr, which must be within 3 s (it comes before
    // the work).
    Dir dir;
    std::string words;
    for (int i = 0; i < 20000; ++i) words += "w" + std::to_string((i * 7919) % (1 + i / 3)) + (i % 20 == 19 ? "\n" : " ");
    const std::string text = dir.file("t.txt", words);
    std::string rows = "x,y\n";
    for (int i = 1; i <= 1000000; ++i) rows += std::to_string(i) + "," + std::to_string(2.0 / std::sqrt(double(i))) + "\n";
    const std::string csv = dir.file("rows.csv", rows);
    struct Case {
        std::string arguments, expected;
    };
    for (const Case& c : {Case{"theory syntax-redundancy --templates 10 --prior 1 --n 1e6 --digits 20",
                               "sklaws theory syntax-redundancy: the exact S1 sum will take about "},
                          Case{"corpus " + text + " --points 1e5 --threads 1",
                               "sklaws corpus: the fit will take about "},
                          Case{"fit --form power " + csv + " --threads 1", "sklaws fit: the fit will take about "}}) {
        // Under ASan the scans before the announcement are ~5x slower.
        const SklawsRun r = until_announced(sklaws::test_support::kAddressSanitizer ? "15" : "3", c.arguments, c.expected);
        INFO(c.arguments << ": " << r.err);
        CHECK(r.status == 124);  // still working: announced, not refused
        CHECK(has(r.err, c.expected));
    }
    // A quick request says nothing.
    const SklawsRun quick = bounded("30", "theory syntax-redundancy --templates 10 --prior 1 --n 1000 --digits 20");
    CHECK(quick.status == 0);
    CHECK(quick.err.empty());
}
