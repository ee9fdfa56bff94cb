// `sklaws simulate <experiment>`: run one Monte Carlo check of docs/theory.md §3.
//
// Every registered experiment (validation/experiment.hpp) is a sub-command,
// and each of its declared parameters an option of the same name, type and
// domain (`--alpha 0.3`, lists as `--n 10,100,1000`), documented in
// `sklaws simulate <experiment> --help`; nothing here names an experiment or
// a parameter. --replicates, --seed, --threads and --z control the run. The
// output is a table of checks (estimate ± SE against theory, z, verdict; a
// limit comparison is shown, never judged) or, with --json, the full result.
// Exit status: 0 every z-test passes, 3 a z-test failed, 2 bad input.
#include "command_registry.hpp"
#include "options.hpp"
#include "resource_guard.hpp"

#include <sklaws/reports/number_format.hpp>
#include <sklaws/reports/progress_bar.hpp>
#include <sklaws/validation/experiments.hpp>
#include <sklaws/validation/monte_carlo.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>

namespace sklaws::cli {
namespace {

using reports::format_number;
using validation::ParameterKind;

// The text of one parameter option as its declared kind.
validation::ParameterValue parse_parameter(const validation::ParameterSpec& spec, const std::string& text) {
    const std::string what = "option --" + spec.name;
    switch (spec.kind) {
        case ParameterKind::real: return parse_real(text, what);
        case ParameterKind::count: return parse_count(text, what);
        case ParameterKind::real_list: {
            std::vector<double> list;
            for (const auto& item : split_list(text, what)) list.push_back(parse_real(item, what));
            return list;
        }
        case ParameterKind::count_list: {
            std::vector<std::uint64_t> list;
            for (const auto& item : split_list(text, what)) list.push_back(parse_count(item, what));
            return list;
        }
    }
    throw UsageError(what + ": unknown kind");
}

CLI::Option* parameter_option(CLI::App& app, const validation::ParameterSpec& spec) {
    const std::string doc = spec.doc + " (" + spec.type_name() + ", " + spec.domain_text() + ")";
    CLI::Option* option = nullptr;
    switch (spec.kind) {
        case ParameterKind::real: option = real_option(app, spec.name, doc); break;
        case ParameterKind::count: option = count_option(app, spec.name, doc); break;
        case ParameterKind::real_list: option = list_option(app, spec.name, doc, false); break;
        case ParameterKind::count_list: option = list_option(app, spec.name, doc, true); break;
    }
    option->default_str(validation::format_parameter(spec.default_value))->group("Parameters");
    return option;
}

std::string point_of(const validation::Check& c) { return c.point.empty() ? c.quantity : c.quantity + " (" + c.point + ")"; }

std::string verdict_of(const validation::Check& c) {
    if (c.is_not_applicable()) return "not applicable (see below)";
    if (!c.is_z_test()) return "limit (MC − limit = " + format_number(100 * c.relative_distance, 3) + "%)";
    const std::string detects = std::isfinite(c.detectable_relative_error)
                                    ? format_number(100 * c.detectable_relative_error, 2) + "%"
                                    : "±" + format_number(c.detectable_error, 2);
    return (c.pass ? "pass" : "FAIL") + std::string(" (detects ") + detects + ")";
}

void print_table(const validation::ExperimentResult& result, std::ostream& out) {
    out << fmt::format("experiment {}  (seed {}, {} replicates, z threshold {})\n", result.experiment, result.seed,
                       result.replicates, format_number(result.z_threshold, 3));
    std::size_t width = 8;
    for (const auto& c : result.checks) width = std::max(width, point_of(c).size());
    out << fmt::format("{:<{}}  {:<5} {:>15} {:>11} {:>15} {:>9}  {}\n", "quantity", width, "label", "estimate", "se",
                       "theory", "z", "verdict");
    std::size_t tests = 0, failed = 0;
    for (const auto& c : result.checks) {
        out << fmt::format("{:<{}}  {:<5} {:>15} {:>11} {:>15} {:>9}  {}\n", point_of(c), width, c.label,
                           format_number(c.estimate, 8), format_number(c.se, 3), format_number(c.theory, 8),
                           format_number(c.z, 3), verdict_of(c));
        tests += c.is_z_test();
        failed += c.is_z_test() && !c.pass;
    }
    for (const auto& c : result.checks)
        if (c.is_not_applicable()) out << fmt::format("not applicable: {}: {}\n", point_of(c), c.reason);
    if (tests == 0) {
        out << "no z-tests: limits and not-applicable checks only (shown, not judged)\n";
    } else if (failed == 0) {
        out << fmt::format("all {} z-tests pass at |z| <= {}\n", tests, format_number(result.z_threshold, 3));
    } else {
        out << fmt::format("{} of {} z-tests FAIL at |z| <= {}\n", failed, tests, format_number(result.z_threshold, 3));
    }
}

std::function<int()> setup_simulate(CLI::App& app) {
    app.require_subcommand(1);
    app.footer("Runs a TBB-parallel Monte Carlo check of docs/theory.md closed forms; the same seed gives identical "
               "output for any --threads. `sklaws simulate <experiment> --help` lists its parameters. Exit status: "
               "0 every z-test passes, 3 a z-test failed, 2 bad input.");
    name_subcommands(app, "experiment");
    auto chosen = std::make_shared<const validation::Experiment*>(nullptr);
    for (const auto& experiment : validation::experiments()) {
        std::string labels;
        for (const auto& l : experiment.labels()) labels += (labels.empty() ? "" : " ") + l;
        CLI::App* sub = app.add_subcommand(experiment.name(), "[" + labels + "] " + experiment.summary());
        sub->group("Experiments");
        for (const auto& spec : experiment.parameters()) parameter_option(*sub, spec);
        count_option(*sub, "replicates", "replicates (at least 2)", 100000000)
            ->default_str(std::to_string(experiment.default_replicates()));
        count_option(*sub, "seed", "random seed (same seed, same bytes for any --threads)")->default_str("1");
        count_option(*sub, "threads", "worker threads (0 = all cores)", 1024)->default_str("0");
        real_option(*sub, "z", "z threshold of every z-test: passes when |z| <= z (1 <= z <= 10)")
            ->default_str(format_number(validation::default_z_threshold, 3));
        flag_option(*sub, "json", "print the full result as JSON");
        flag_option(*sub, "quiet", "no progress bar on stderr");
        resource_options(*sub, /*reads_files=*/false);
        sub->final_callback([chosen, e = &experiment] { *chosen = e; });
    }
    return [&app, chosen] {
        const validation::Experiment& experiment = **chosen;
        const ParsedOptions args(*app.get_subcommands().front());
        validation::ParameterValues overrides;
        for (const auto& spec : experiment.parameters()) {
            if (auto text = args.text(spec.name)) overrides.set(spec.name, parse_parameter(spec, *text));
        }
        validation::RunOptions options;
        options.seed = args.count_or("seed", 1);
        options.threads = static_cast<unsigned>(args.count_or("threads", 0, 1024));
        options.replicates = args.count_or("replicates", 0, 100000000);
        if (args.has("replicates") && options.replicates < 2) throw UsageError("option --replicates expects at least 2");
        const double z = args.real_or("z", validation::default_z_threshold);
        if (!(z >= 1 && z <= 10)) throw UsageError("option --z expects a threshold in [1, 10], got " + format_number(z));
        // Before any work: refused when it cannot fit, announced when slow.
        const validation::ResourceEstimate needs = experiment.resources(overrides, options.replicates, options.threads);
        const std::size_t replicates = options.replicates ? options.replicates : experiment.default_replicates();
        require_resources({needs.peak_bytes, needs.cpu_seconds / validation::resolved_threads(options.threads)},
                          resource_limits(args), "simulate", "this run of " + experiment.name(),
                          std::to_string(replicates) + " replicates at these parameters");
        reports::ProgressBar bar(std::cerr, 1, reports::stderr_is_terminal(), !args.flag("quiet"), 1.0);
        bar.begin_stage(experiment.name());
        options.progress = [&bar](double fraction) { bar.update(fraction); };
        const validation::ExperimentResult result = experiment.run(overrides, options, z);
        bar.clear();
        if (args.flag("json")) {
            std::cout << validation::to_json(result).dump(2) << "\n";
        } else {
            print_table(result, std::cout);
        }
        return result.all_pass() ? 0 : 3;
    };
}

const RegisterCommand registration{
    {"simulate", "run a Monte Carlo check of the closed forms (--help lists the experiments)", setup_simulate, /*distributed=*/true}};

}  // namespace
}  // namespace sklaws::cli
