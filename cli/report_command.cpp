// `sklaws report`: the validation report (theory, Monte Carlo and fits side
// by side) written to a directory as HTML, Markdown, JSON and CSV.
#include "arguments.hpp"
#include "command_registry.hpp"
#include "sklaws_git_commit.hpp"  // generated at build time (cli/CMakeLists.txt)

#include <sklaws/reports/build_report.hpp>
#include <sklaws/reports/progress_bar.hpp>
#include <sklaws/reports/report_config.hpp>
#include <sklaws/reports/staging_directory.hpp>

#include <iostream>

namespace {

constexpr const char* kUsage =
    "usage: sklaws report [--config FILE] [--out DIR] [--quick] [--seed S] [--threads T] [--data FILE]\n"
    "                     [--no-progress] [--print-config]\n"
    "\n"
    "Runs every Monte Carlo check of docs/theory.md §3, fits the scaling exponents and writes\n"
    "DIR/report.html (self-contained), report.md, report.json and one CSV per figure.\n"
    "  --config FILE   TOML configuration (default: embedded; see --print-config)\n"
    "  --out DIR       output directory (default ./sklaws-report); replaced atomically\n"
    "  --quick         fewer replicates (about 30 s), for smoke tests\n"
    "  --seed S        overrides run.seed;  --threads T overrides run.threads (0 = all)\n"
    "  --data FILE     also fit your scaling-law CSV (columns N, D or C/flops, loss)\n"
    "  --no-progress   no progress bar on stderr\n"
    "  --print-config  print the embedded default configuration and exit\n"
    "Exit status: 0 every claim passes, 1 some claim fails, 2 bad input, 130 interrupted.\n";

int run_report(const std::vector<std::string>& words) {
    using namespace sklaws;
    cli::Arguments args(words, {"quick", "help", "print-config", "no-progress"});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    const bool print_config = args.flag("print-config");
    const auto config_file = args.text("config");
    const std::string out = args.text("out").value_or("sklaws-report");
    const bool quick = args.flag("quick");
    const auto seed = args.count("seed", 9007199254740992ULL);
    const auto threads = args.count("threads", 1024);
    const auto data = args.text("data");
    const bool no_progress = args.flag("no-progress");
    args.finish();
    if (print_config) {
        std::cout << reports::default_config_text();
        return 0;
    }
    if (out.empty()) throw cli::UsageError("--out expects a directory name");
    try {
        const auto defaults = reports::experiment_defaults();
        reports::ReportRequest request;
        request.config = config_file ? reports::load_report_config(*config_file, defaults)
                                     : reports::parse_report_config(reports::default_config_text(), "embedded default", defaults);
        if (seed) request.config.seed = *seed;
        if (threads) request.config.threads = static_cast<unsigned>(*threads);
        request.quick = quick;
        if (data) request.data_file = *data;
        request.build = {SKLAWS_VERSION, SKLAWS_GIT_COMMIT};
        reports::check_replaceable(out);  // fail before minutes of work, not after

        reports::ProgressBar bar(std::cerr, reports::report_stages(request), reports::stderr_is_terminal(), !no_progress);
        const reports::ReportDocument report = reports::build_report(request, &bar);
        bar.begin_stage("writing " + out);
        reports::publish_report(report, out);
        bar.finish();
        std::cerr << "sklaws report: wrote " << out << "/report.html (" << (report.all_pass() ? "every claim passes" : "SOME CLAIMS FAIL")
                  << ")\n";
        return report.all_pass() ? 0 : 1;
    } catch (const reports::ConfigError& e) {
        std::cerr << "\nsklaws report: " << e.what() << "\n";
        return 2;
    } catch (const reports::OutputDirectoryError& e) {
        std::cerr << "sklaws report: " << e.what() << "\n";
        return 2;
    } catch (const reports::Interrupted& e) {
        std::cerr << "\nsklaws report: " << e.what() << "\n";
        return 130;
    }
}

sklaws::cli::RegisterCommand reg{{"report", "write the validation report (theory, Monte Carlo, fits side by side)", run_report}};

}  // namespace
