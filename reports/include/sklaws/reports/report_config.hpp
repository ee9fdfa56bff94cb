// The report's configuration: a TOML file (or the embedded default) that
// sets every parameter of the run.
//
//   [run]     seed, threads (0 = all cores), z_threshold (a Monte Carlo check
//             passes when |z| ≤ z_threshold), quick_replicate_fraction and
//             quick_min_replicates (--quick runs each experiment with
//             max(min, fraction × default) replicates)
//   [fit]     bootstrap (resamples behind each exponent's interval),
//             confidence (of that interval), exponent_tolerance (absolute
//             slack for the finite-size bias of a fitted exponent),
//             data_drop_highest (for --data: drop the K highest losses, as
//             Besiroglu et al. drop 5 of Chinchilla's 245 runs)
//   [model]   parameters shared by every experiment that has them (alpha,
//             beta, ...): one Syntax-Knowledge model for the whole report,
//             so the exponents of different claims can be compared (X1)
//   [experiments.<name>]  overrides of one experiment's parameters
//
// Validation happens here, before anything runs: a syntax error, an unknown
// table or key, a value of the wrong type or out of range is a ConfigError
// whose message starts "file:line:" (toml++'s source positions). Values an
// experiment itself rejects later are mapped back to their line by
// `locate()`.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

namespace sklaws::reports {

// Bad configuration; the CLI maps it to exit status 2.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ReportConfig {
    std::string source = "embedded default";  // file path, for messages and the report

    // [run]
    std::uint64_t seed = 20250409;
    unsigned threads = 0;
    double z_threshold = 4.0;
    double quick_replicate_fraction = 0.1;
    std::uint64_t quick_min_replicates = 100;

    // [fit]
    std::uint64_t bootstrap = 200;
    double confidence = 0.95;
    double exponent_tolerance = 0.05;
    std::uint64_t data_drop_highest = 0;

    // [model] and [experiments.<name>]
    nlohmann::ordered_json model = nlohmann::ordered_json::object();
    std::map<std::string, nlohmann::ordered_json> experiments;

    // "run.seed", "model.alpha", "experiments.tables.n" -> source line.
    std::map<std::string, int> lines;

    // "source:line: " for a configured key, or "source: " if not from the file.
    std::string locate(const std::string& key) const;

    // The overrides an experiment runs with: the [model] keys it accepts,
    // then its own table.
    nlohmann::ordered_json overrides_for(const std::string& experiment, const nlohmann::ordered_json& defaults) const;
};

// What the configuration may name: each experiment and its default
// parameters (from validation::experiments()).
using ExperimentDefaults = std::map<std::string, nlohmann::ordered_json>;

// Parses and validates `text`; `source` names it in messages.
ReportConfig parse_report_config(const std::string& text, const std::string& source,
                                 const ExperimentDefaults& experiments);

// Reads a file (ConfigError if unreadable) and parses it.
ReportConfig load_report_config(const std::string& path, const ExperimentDefaults& experiments);

// The embedded default configuration (TOML text), also printed by
// `sklaws report --print-config` as a starting point for a custom file.
const std::string& default_config_text();

}  // namespace sklaws::reports
