// `sklaws report`: the validation report (theory, Monte Carlo and fits side
// by side) written to a directory as HTML, Markdown, JSON, CSV and one SVG
// per figure.
#include "command_registry.hpp"
#include "options.hpp"
#include "resource_guard.hpp"
#include "sklaws_git_commit.hpp"  // generated at build time (cli/CMakeLists.txt)

#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/reports/build_report.hpp>
#include <sklaws/reports/number_format.hpp>
#include <sklaws/reports/progress_bar.hpp>
#include <sklaws/reports/report_config.hpp>
#include <sklaws/reports/staging_directory.hpp>
#include <sklaws/validation/cluster.hpp>
#include <sklaws/validation/monte_carlo.hpp>

#include <iostream>
#include <optional>

namespace {

using namespace sklaws;

int run_report(const CLI::App& app) {
    const cli::ParsedOptions args(app);
    if (args.flag("print-config")) {
        std::cout << reports::default_config_text();
        return 0;
    }
    const std::string out = args.text("out").value_or("sklaws-report");
    if (out.empty()) throw cli::UsageError("--out expects a directory name");
    const auto z = args.real("z");
    if (z && !(*z >= 1 && *z <= 10)) throw cli::UsageError("option --z expects a threshold in [1, 10], got " + reports::format_number(*z));
    try {
        reports::ReportRequest request;
        const auto config_file = args.text("config");
        const fitting::InputLimits inputs = cli::input_limits(args);
        const cli::ResourceLimits limits = cli::resource_limits(args);
        request.config = config_file ? reports::load_report_config(*config_file, reports::config_schema(), inputs)
                                     : reports::parse_report_config(reports::default_config_text(), "embedded default");
        if (auto seed = args.count("seed", 9007199254740992ULL)) request.config.seed = *seed;
        if (auto threads = args.count("threads", 1024)) request.config.threads = static_cast<unsigned>(*threads);
        if (z) request.config.z_threshold = *z;
        reports::validate_experiments(request.config);  // every value, before minutes of work
        request.quick = args.flag("quick");
        if (auto data = args.text("data")) {
            reports::ExternalDataOptions d;
            d.file = *data;
            d.columns = {args.text("N"), args.text("D"), args.text("flops"), args.text("loss"), std::nullopt};
            if (auto delimiter = args.text("delimiter")) {
                try {
                    d.csv.delimiter = fitting::parse_delimiter(*delimiter);
                } catch (const fitting::InputError& e) {
                    throw cli::UsageError(e.what());
                }
            }
            d.dropna = args.flag("dropna");
            d.input_limits = inputs;
            if (auto k = args.count("exclude-top-loss", 1000000000)) d.exclude_top_loss = static_cast<std::size_t>(*k);
            request.data = d;
        } else {
            for (const char* name : {"N", "D", "flops", "loss", "delimiter", "dropna", "exclude-top-loss"})
                if (args.has(name)) throw cli::UsageError(std::string("option --") + name + " applies to --data only");
        }
        if (auto only = args.text("only")) request.only = cli::split_list(*only, "option --only");
        reports::selected_experiments(request);  // unknown names, before anything runs
        request.build = {SKLAWS_VERSION, SKLAWS_GIT_COMMIT};
        // The inputs and the output are checked, and the output locked and
        // reserved, before minutes of work rather than after. Under MPI only
        // rank 0 writes, so only rank 0 reserves.
        if (request.data) reports::check_external_data(*request.data, request.config);
        const reports::ReportResources needs = reports::report_resources(request);
        const unsigned threads = validation::resolved_threads(request.config.threads);
        cli::require_resources({needs.total.peak_bytes, 0}, limits, "report", "the report",
                               "its largest experiment, " + needs.heaviest + ", at its configured sizes and replicates");
        std::optional<reports::StagingDirectory> staging;
        if (validation::cluster::is_root()) staging.emplace(out);
        // Announced once nothing can refuse the request any more.
        cli::announce_time("report", "the report", needs.total.cpu_seconds / threads,
                           std::to_string(reports::selected_experiments(request).size()) +
                               " experiments at their configured sizes and replicates");

        reports::ProgressBar bar(std::cerr, reports::report_stages(request), reports::stderr_is_terminal(),
                                 !args.flag("no-progress"));
        const reports::ReportDocument report = reports::build_report(request, &bar);
        bar.begin_stage("writing " + out);
        // Every rank built the same report; rank 0 alone publishes it.
        if (staging) reports::publish_report(report, *staging);
        bar.finish();
        const auto failures = report.failures().size();
        std::cerr << "sklaws report: wrote " << out << "/report.html ("
                  << (report.all_pass() ? "every check passes"
                                        : std::to_string(failures) + (failures == 1 ? " check FAILS" : " checks FAIL"))
                  << " at |z| <= " << reports::format_number(request.config.z_threshold, 3) << ")\n";
        return report.all_pass() ? 0 : 3;
    } catch (const reports::ConfigError& e) {
        std::cerr << "sklaws report: " << e.what() << "\n";
        return 2;
    } catch (const reports::OutputDirectoryError& e) {
        std::cerr << "sklaws report: " << e.what() << "\n";
        return 2;
    } catch (const reports::Interrupted& e) {
        std::cerr << "\nsklaws report: " << e.what() << "\n";
        return 130;
    }
}

std::function<int()> setup_report(CLI::App& app) {
    app.description(
        "Runs every Monte Carlo experiment, fits the exponents its figures ask for and writes DIR/report.html "
        "(self-contained), report.md, report.json and, per figure, a CSV, an SVG and a PDF.");
    cli::text_option(app, "config", "TOML configuration (default: embedded; see --print-config)");
    cli::text_option(app, "out", "output directory, replaced atomically")->default_str("sklaws-report");
    cli::flag_option(app, "quick", "fewer replicates (about 30 s), for smoke tests");
    cli::count_option(app, "seed", "overrides run.seed", 9007199254740992ULL);
    cli::count_option(app, "threads", "overrides run.threads (0 = all cores)", 1024);
    cli::real_option(app, "z", "overrides run.z_threshold: every z-test passes when |z| <= z (1 <= z <= 10)");
    cli::text_option(app, "data", "also fit your scaling-law CSV with the Chinchilla form, as sklaws fit --form "
                                  "chinchilla does (columns N, D or C/flops, loss; named by the options below)");
    cli::text_option(app, "N", "--data: column of model sizes N (default: found by name, e.g. N, params)")->group("data");
    cli::text_option(app, "D", "--data: column of tokens D")->group("data");
    cli::text_option(app, "flops", "--data: column of training compute C (D = C/(6N) without a D column)")->group("data");
    cli::text_option(app, "loss", "--data: column of final losses")->group("data");
    cli::text_option(app, "delimiter", "--data: cell delimiter: ',' (default), ';', tab (as 'tab' or '\\t')")->group("data");
    cli::flag_option(app, "dropna", "--data: drop rows with an empty or NaN cell in a used column")->group("data");
    cli::count_option(app, "exclude-top-loss", "--data: drop the K highest losses first (default: [fit] "
                                               "data_drop_highest, 5 as Besiroglu et al.)", 1000000000)
        ->group("data");
    cli::text_option(app, "only", "run only these experiments (comma-separated names; see sklaws simulate --help)");
    cli::flag_option(app, "no-progress", "no progress bar on stderr");
    cli::resource_options(app, /*reads_files=*/true);
    cli::flag_option(app, "print-config", "print the configuration schema (every key, its type, domain and default) "
                                          "and exit");
    app.footer("Exit status: 0 every check passes, 3 the report was written but some check fails (a z-test beyond "
               "the threshold, or a --data comparison), 2 bad input, 1 runtime failure, 130 interrupted.");
    return [&app] { return run_report(app); };
}

const sklaws::cli::RegisterCommand registration{
    {"report", "write the validation report (theory, Monte Carlo, fits side by side)", setup_report, /*distributed=*/true}};

}  // namespace
