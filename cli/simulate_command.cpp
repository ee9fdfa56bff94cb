// `sklaws simulate <experiment>`: run one Monte Carlo check of docs/theory.md §3.
//
// Every parameter of the experiment (validation/experiments.hpp) is an option
// of the same name (`--alpha 0.3`, lists as `--n 10,100,1000`); --replicates,
// --seed and --threads control the run. The output is a table of checks
// (estimate ± SE vs theory, z, pass) or, with --json, the full result. Exit
// status: 0 all checks pass, 1 a check failed, 2 bad input.
#include "arguments.hpp"
#include "command_registry.hpp"

#include <sklaws/validation/experiments.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace sklaws::cli {
namespace {

using Json = nlohmann::ordered_json;

void print_usage(std::ostream& out) {
    out << "usage: sklaws simulate <experiment> [--<parameter> value ...] [--replicates R] [--seed S]\n"
           "                        [--threads T] [--json] [--quiet]\n\n"
           "Runs a TBB-parallel Monte Carlo check of a docs/theory.md closed form; the same seed gives\n"
           "identical output for any --threads. Exit status 0 if all checks pass, 1 if any fails.\n\n"
           "experiments (parameters with defaults):\n";
    for (const auto& spec : validation::experiments()) {
        out << "  " << spec.name << " [";
        for (std::size_t i = 0; i < spec.labels.size(); ++i) out << (i ? " " : "") << spec.labels[i];
        out << "]: " << spec.summary << "\n     ";
        for (const auto& [key, value] : spec.defaults.items()) out << " --" << key << " " << value.dump();
        out << "  (replicates " << spec.default_replicates << ")\n";
    }
}

// "0.3" → 0.3; "10,100,1000" → [10,100,1000] when the default is a list.
Json parse_parameter(const std::string& name, const std::string& text, const Json& default_value) {
    const std::string what = "option --" + name;
    if (default_value.is_array()) {
        Json list = Json::array();
        std::stringstream in(text);
        std::string item;
        while (std::getline(in, item, ',')) list.push_back(parse_real(item, what));
        if (list.empty()) throw UsageError(what + " expects a comma-separated list of numbers");
        return list;
    }
    return parse_real(text, what);
}

// A bar on stderr, shown only once a run has taken more than a second.
class ProgressBar {
public:
    explicit ProgressBar(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
    ~ProgressBar() { clear(); }
    // Erases the bar (before the result is printed) and stops further updates.
    void clear() {
        if (shown_ && interactive_) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
        shown_ = false;
        enabled_ = false;
    }
    void update(double fraction) {
        if (!enabled_) return;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        if (elapsed < 1.0) return;
        const int percent = static_cast<int>(fraction * 100.0 + 0.5);
        if (percent == last_percent_ || (!interactive_ && percent % 10 != 0)) return;
        last_percent_ = percent;
        shown_ = true;
        const int filled = percent * 40 / 100;
        std::cerr << (interactive_ ? "\r" : "") << "[" << std::string(filled, '#') << std::string(40 - filled, '.')
                  << "] " << std::setw(3) << percent << "%" << (interactive_ ? "" : "\n") << std::flush;
    }

private:
    bool enabled_;
    bool interactive_ = isatty(STDERR_FILENO) != 0;
    bool shown_ = false;
    int last_percent_ = -1;
    std::chrono::steady_clock::time_point start_;
};

void print_table(const validation::ExperimentResult& result, std::ostream& out) {
    out << "experiment " << result.experiment << "  (seed " << result.seed << ", " << result.replicates
        << " replicates)\n";
    out << std::left << std::setw(34) << "quantity" << std::setw(6) << "label" << std::right << std::setw(16)
        << "estimate" << std::setw(12) << "se" << std::setw(16) << "theory" << std::setw(9) << "z"
        << "  result\n";
    for (const auto& c : result.checks) {
        out << std::left << std::setw(34) << c.quantity << std::setw(6) << c.label << std::right
            << std::setprecision(8) << std::setw(16) << c.estimate << std::setprecision(3) << std::setw(12) << c.se
            << std::setprecision(8) << std::setw(16) << c.theory << std::setprecision(3) << std::fixed
            << std::setw(9) << c.z << std::defaultfloat << "  " << (c.pass ? "pass" : "FAIL");
        if (c.relative_tolerance) out << " (rel. tol. " << *c.relative_tolerance << ")";
        out << "\n";
    }
    out << (result.all_pass() ? "all checks pass" : "some checks FAILED") << "\n";
}

int run_simulate(const std::vector<std::string>& words) {
    Arguments args(words, {"json", "quiet", "help"});
    if (args.flag("help")) {
        print_usage(std::cout);
        return 0;
    }
    if (args.positional().empty()) throw UsageError("expected an experiment name (see sklaws simulate --help)");
    const std::string name = args.positional().front();
    const validation::ExperimentSpec* spec = nullptr;
    for (const auto& s : validation::experiments())
        if (s.name == name) spec = &s;
    if (spec == nullptr) {
        std::string known;
        for (const auto& s : validation::experiments()) known += (known.empty() ? "" : ", ") + s.name;
        throw UsageError("unknown experiment '" + name + "' (known: " + known + ")");
    }
    Json overrides = Json::object();
    for (const auto& [key, value] : spec->defaults.items()) {
        if (auto text = args.text(key)) overrides[key] = parse_parameter(key, *text, value);
    }
    validation::RunOptions options;
    options.seed = args.count_or("seed", 1);
    options.threads = static_cast<unsigned>(args.count_or("threads", 0, 1024));
    options.replicates = args.count_or("replicates", 0, 100000000);
    if (args.has("replicates") && options.replicates < 2) throw UsageError("option --replicates expects at least 2");
    const bool json = args.flag("json");
    ProgressBar bar(!args.flag("quiet"));
    args.finish(1);
    options.progress = [&bar](double fraction) { bar.update(fraction); };

    const validation::ExperimentResult result = validation::run_experiment(name, overrides, options);
    bar.clear();
    if (json) {
        std::cout << validation::to_json(result).dump(2) << "\n";
    } else {
        print_table(result, std::cout);
    }
    return result.all_pass() ? 0 : 1;
}

const RegisterCommand registration{{"simulate", "run a Monte Carlo check of a closed form (--help lists experiments)",
                                    run_simulate}};

}  // namespace
}  // namespace sklaws::cli
