// The sklaws commands under mpirun: `simulate`, `fit --bootstrap` and
// `report` give identical bytes for one process, -np 2 --threads 1 and
// -np 2 --threads 2 (report.json's run metadata excepted, as documented in
// the README: run.threads, run.ranks, run.run_seconds, run.started_utc,
// parameters.run.threads; every figure's PDF byte for byte);
// only rank 0 prints and writes; a failing rank ends the run with a non-zero
// status, a message naming it, and no report; SIGTERM/SIGINT to mpirun
// leave a previous report as it was.
//
// Cost: every case starts a few 2-rank jobs of small runs (64 replicates,
// the report with its --quick replicate counts); the whole file takes about
// a minute of one core.
#include <catch2/catch.hpp>

#include "mpi_run_support.hpp"
#include "../support/sklaws_process.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cmath>
#include <fcntl.h>
#include <map>
#include <regex>
#include <set>
#include <spawn.h>
#include <thread>
#include <vector>

extern char** environ;

using namespace sklaws::test;
namespace fs = std::filesystem;

namespace {

// The layouts the issue names: one process, -np 2 x 1 thread, -np 2 x 2.
const Layout kCliLayouts[] = {{0, 1}, {2, 1}, {2, 2}};

std::string quoted(const std::string& word) { return "'" + word + "'"; }

// `sklaws <words>` in `layout` (the layout's --threads is appended when
// `with_threads`), from directory `cwd`.
Run run_sklaws(const Layout& layout, const std::string& words, const fs::path& cwd = fs::temp_directory_path(),
           const std::string& environment = "", bool with_threads = true) {
    std::string command = "cd " + quoted(cwd.string()) + " && " + environment + " " + launcher(layout.ranks) +
                          quoted(SKLAWS_BINARY) + " " + words;
    if (with_threads) command += " --threads " + std::to_string(layout.threads);
    return run_shell(command);
}

fs::path fresh_directory(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("sklaws_mpi_cli_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> names;
    if (!fs::exists(dir)) return names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

// report.json without the run metadata that says which layout and when.
nlohmann::ordered_json without_metadata(nlohmann::ordered_json report) {
    for (const char* key : {"threads", "ranks", "run_seconds", "started_utc"}) report["run"].erase(key);
    report["parameters"]["run"].erase("threads");  // the --threads asked for
    return report;
}

// report.md / report.html with the same metadata masked: the line
// "seed S, threads T, ranks R, ...", "started ..., run time ... s" and the
// parameters' "threads": T (as JSON in the text, HTML-escaped in the page).
std::string masked(const std::string& text) {
    static const std::regex layout("threads [0-9]+, ranks [0-9]+");
    static const std::regex when("started [0-9TZ:-]+, run time [0-9.e+-]+ s");
    static const std::regex asked("threads(\"|&quot;): [0-9]+");
    std::string out = std::regex_replace(text, layout, "threads T, ranks R");
    out = std::regex_replace(out, when, "started S, run time R s");
    return std::regex_replace(out, asked, "threads$1: T");
}


}  // namespace

TEST_CASE("cli: the issue's command: mpirun -np 2 sklaws simulate tables ... --json prints what one process prints",
          "[mpi]") {
    const std::string words = "simulate tables --alpha 0.5 --beta 1 --n 100000 --replicates 64 --seed 7 --json";
    const Run alone = run_sklaws({0, 1}, words);
    INFO(alone.err);
    REQUIRE(alone.status == 0);
    REQUIRE(alone.out.find("\"experiment\": \"tables\"") != std::string::npos);
    const Run two = run_sklaws({2, 1}, words);
    INFO(two.err);
    CHECK(two.status == 0);
    CHECK(two.out == alone.out);  // one copy only: the other rank printed nothing
}

TEST_CASE("cli: commands that divide no work (theory, generate) run on rank 0 alone under mpirun", "[mpi]") {
    const std::string theory = "theory p-new --alpha 0.5 --beta 1 --n 10 --digits 30";
    const Run alone = run_sklaws({0, 1}, theory, fs::temp_directory_path(), "", false);
    INFO(alone.err);
    REQUIRE(alone.status == 0);
    const Run two = run_sklaws({2, 1}, theory, fs::temp_directory_path(), "", false);
    INFO(two.err);
    CHECK(two.status == 0);
    CHECK(two.out == alone.out);

    // One corpus, written once (two ranks writing it would collide on --out).
    const fs::path dir = fresh_directory("generate");
    const std::string generate = "generate --alpha 0.5 --beta 1 --templates 5 --n 200 --seed 3 --out corpus";
    const Run one = run_sklaws({0, 1}, generate + "-1", dir, "", false);
    INFO(one.err);
    REQUIRE(one.status == 0);
    const Run both = run_sklaws({2, 1}, generate + "-2", dir, "", false);
    INFO(both.err);
    CHECK(both.status == 0);
    CHECK(entries(dir) == std::set<std::string>{"corpus-1", "corpus-2"});
    CHECK(slurp(dir / "corpus-2" / "corpus.txt") == slurp(dir / "corpus-1" / "corpus.txt"));
    fs::remove_all(dir);
}

TEST_CASE("cli: sklaws simulate of several experiments: identical output for 1 process and -np 2 x 1/2 threads",
          "[mpi]") {
    // Small runs of experiments with very different replicates: exact CRP
    // paths (tables, block counts), the CRP coder (knowledge redundancy), GEM
    // sticks and ranked tails (model scaling), learners on queries
    // (hallucination); both the table and the --json form.
    const std::vector<std::string> runs = {
        "simulate tables --n 10,1000 --replicates 64 --seed 3",
        "simulate block-counts --n 500 --replicates 64 --seed 4 --json",
        "simulate knowledge-redundancy --n 10,100,1000 --replicates 64 --seed 5 --json",
        "simulate model-scaling --replicates 64 --seed 6 --json",
        "simulate hallucination --replicates 64 --seed 8 --json",
    };
    for (const auto& words : runs) {
        const Run alone = run_sklaws({0, 1}, words);
        INFO(words << "\n" << alone.err);
        REQUIRE(alone.status == 0);
        REQUIRE(!alone.out.empty());
        for (const auto& layout : kCliLayouts) {
            if (layout.ranks == 0) continue;
            const Run run = run_sklaws(layout, words);
            INFO(layout.name() << "\n" << run.err);
            CHECK(run.status == 0);
            CHECK(run.out == alone.out);
        }
    }
}

TEST_CASE("cli: sklaws fit --bootstrap and corpus --bootstrap: identical output for 1 process and -np 2 x 1/2 threads",
          "[mpi]") {
    const fs::path dir = fresh_directory("fit");
    {
        // y = 1 + 2 x^-0.5 with a fixed wiggle, 40 rows.
        std::ofstream csv(dir / "points.csv");
        csv << "x,y\n";
        for (int i = 1; i <= 40; ++i) {
            const double x = 10.0 * i;
            csv << x << "," << 1.0 + 2.0 / std::sqrt(x) + 0.002 * std::sin(1.7 * i) << "\n";
        }
    }
    // The corpus command's Heaps/Zipf intervals bootstrap too.
    const Run corpus = run_sklaws({0, 1}, "generate --alpha 0.5 --beta 1 --templates 5 --n 2000 --seed 3 --out text", dir,
                                  "", false);
    INFO(corpus.err);
    REQUIRE(corpus.status == 0);
    for (const std::string words : {"fit --form power points.csv --x x --y y --bootstrap 300 --seed 9 --json",
                                    "corpus text/corpus.txt --bootstrap 100 --seed 9 --json"}) {
        const Run alone = run_sklaws({0, 1}, words, dir);
        INFO(words << "\n" << alone.err);
        REQUIRE(alone.status == 0);
        REQUIRE(alone.out.find("\"ci\"") != std::string::npos);
        for (const auto& layout : kCliLayouts) {
            if (layout.ranks == 0) continue;
            const Run run = run_sklaws(layout, words, dir);
            INFO(layout.name() << "\n" << run.err);
            CHECK(run.status == 0);
            CHECK(run.out == alone.out);
        }
    }
    fs::remove_all(dir);
}

TEST_CASE("cli: sklaws report --quick (every experiment, few replicates): identical report for 1 process and -np 2 x 1/2 threads, written by rank 0 alone",
          "[mpi]") {
    const fs::path dir = fresh_directory("report");
    // Every experiment and fit of the report, at the fewest replicates and
    // resamples the configuration allows near (CI time: 3 runs, 2 of them
    // 2-rank jobs); checks may pass or fail at this size, identically.
    // (S1's exact curve up to n = 1e4 alone costs 8 s of CPU: n stops at 100.)
    std::ofstream(dir / "tiny.toml") << "[run]\nquick_replicate_fraction = 0.01\nquick_min_replicates = 24\n\n"
                                        "[fit]\nbootstrap = 40\n\n"
                                        "[experiments.syntax-redundancy]\nn = [10, 100]\n";
    const std::string words = "report --quick --config tiny.toml --no-progress --out ";
    int status = -1;
    std::map<std::string, std::string> reference;  // file -> bytes (report.* masked)
    std::set<std::string> written;
    for (const auto& layout : kCliLayouts) {
        const std::string out = "out-" + std::to_string(layout.ranks) + "-" + std::to_string(layout.threads);
        const Run run = run_sklaws(layout, words + out, dir);
        INFO(layout.name() << "\n" << run.err);
        REQUIRE((run.status == 0 || run.status == 1 || run.status == 3));  // written: every check passes, or not
        if (status < 0) status = run.status;
        CHECK(run.status == status);
        // One "wrote" line: only rank 0 speaks.
        const std::string wrote = "sklaws report: wrote " + out + "/report.html";
        const auto first = run.err.find(wrote);
        REQUIRE(first != std::string::npos);
        CHECK(run.err.find(wrote, first + 1) == std::string::npos);
        // Only the reports themselves: no staging or temporary directory of any rank.
        written.insert(out);
        std::set<std::string> seen = entries(dir);
        seen.erase("tiny.toml");
        CHECK(seen == written);

        std::map<std::string, std::string> files;
        for (const auto& name : entries(dir / out)) {
            std::string bytes = slurp(dir / out / name);
            if (name == "report.json") {
                bytes = without_metadata(nlohmann::ordered_json::parse(bytes)).dump(1);
            } else if (name == "report.md" || name == "report.html") {
                bytes = masked(bytes);
            }
            files[name] = std::move(bytes);
        }
        REQUIRE(files.count("report.json"));
        const auto report = nlohmann::json::parse(slurp(dir / out / "report.json"));
        CHECK(report["run"]["ranks"] == (layout.ranks == 0 ? 1 : layout.ranks));
        CHECK(report["run"]["threads"] == layout.threads);
        if (reference.empty()) {
            reference = files;
            continue;
        }
        CHECK(entries(dir / out).size() == reference.size());
        for (const auto& [name, bytes] : reference) {
            INFO(name);
            const bool same = files[name] == bytes;  // (not the bytes themselves in a failure: PDFs)
            CHECK(same);
        }
    }
    fs::remove_all(dir);
}

TEST_CASE("cli: a failing rank ends sklaws report with a non-zero status naming it, and no report is published",
          "[mpi]") {
    const fs::path dir = fresh_directory("failure");
    // A fresh --out: nothing of it may appear.
    const Run fresh = run_sklaws({2, 1}, "report --quick --no-progress --out out", dir, "SKLAWS_TEST_FAIL_RANK=1");
    INFO(fresh.err);
    CHECK(fresh.status != 0);
    CHECK(fresh.err.find("rank 1: injected failure (SKLAWS_TEST_FAIL_RANK=1)") != std::string::npos);
    CHECK(entries(dir).empty());
    // A previous report: left exactly as it was.
    fs::create_directories(dir / "out");
    const std::string previous = "{\"generator\": \"sklaws report\", \"run\": \"previous\"}\n";
    std::ofstream(dir / "out" / "report.json") << previous;
    const Run again = run_sklaws({2, 1}, "report --quick --no-progress --out out", dir, "SKLAWS_TEST_FAIL_RANK=1");
    INFO(again.err);
    CHECK(again.status != 0);
    CHECK(again.err.find("rank 1: injected failure") != std::string::npos);
    CHECK(entries(dir) == std::set<std::string>{"out"});
    CHECK(entries(dir / "out") == std::set<std::string>{"report.json"});
    CHECK(slurp(dir / "out" / "report.json") == previous);
    fs::remove_all(dir);
}

namespace {

// mpirun -np 2 sklaws report ... started with posix_spawn (stderr to a file),
// so that the test can signal mpirun itself, as a user's Ctrl-C or a batch
// system's SIGTERM would (SklawsProcess: SIGINT/SIGTERM default and
// unblocked, as a terminal's foreground job).
SklawsProcess mpirun_report(const fs::path& cwd, const std::vector<std::string>& args) {
    if (kAddressSanitizer) {  // as rank_environment(); read by the ranks at start
        const char* options = std::getenv("ASAN_OPTIONS");
        ::setenv("ASAN_OPTIONS", (std::string(options ? options : "") + ":detect_leaks=0").c_str(), 1);
    }
    std::vector<std::string> words{SKLAWS_MPIEXEC, "--allow-run-as-root", "--oversubscribe", "-np", "2",
                                   SKLAWS_BINARY, "report"};
    words.insert(words.end(), args.begin(), args.end());
    return SklawsProcess(SklawsProcess::Command{}, cwd, words);
}

// A default-size report (many seconds) into cwd/out under mpirun -np 2, sent
// `number` once rank 0's progress shows it is simulating.
void signal_while_simulating(const fs::path& cwd, int number) {
    SklawsProcess job = mpirun_report(cwd, {"--out", "out", "--threads", "1"});
    REQUIRE(job.started());
    const bool working = SklawsProcess::wait_for(
        [&] { return job.err().find('%') != std::string::npos || !job.running(); }, std::chrono::seconds(60),
        std::chrono::milliseconds(10));
    REQUIRE(working);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    INFO("stderr before the signal:\n" << job.err());
    REQUIRE(job.running());
    const auto sent = std::chrono::steady_clock::now();
    job.signal(number);
    const bool exited = job.wait_exit(std::chrono::seconds(30));
    INFO("stderr:\n" << job.err());
    REQUIRE(exited);
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count() < 15.0);
    CHECK_FALSE((WIFEXITED(job.status()) && WEXITSTATUS(job.status()) == 0));
}

}  // namespace

TEST_CASE("cli: SIGTERM or SIGINT to mpirun during sklaws report leaves the previous report intact", "[mpi]") {
    for (const int number : {SIGTERM, SIGINT}) {
        INFO("signal " << number);
        const fs::path dir = fresh_directory("signal-" + std::to_string(number));
        fs::create_directories(dir / "out");
        const std::string previous = "{\"generator\": \"sklaws report\", \"run\": \"previous\"}\n";
        std::ofstream(dir / "out" / "report.json") << previous;
        signal_while_simulating(dir, number);
        CHECK(entries(dir / "out") == std::set<std::string>{"report.json"});
        CHECK(slurp(dir / "out" / "report.json") == previous);
        CHECK(entries(dir) == std::set<std::string>{"stderr.txt", "out"});  // no staging directory of any rank
        fs::remove_all(dir);
    }
}
