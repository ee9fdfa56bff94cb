// The report's configuration: a TOML file (or the embedded default) that
// sets every parameter of the run.
//
//   [run]     seed, threads (0 = all cores), z_threshold (a z-test passes
//             when |z| ≤ z_threshold; applied to every z-test of the report),
//             quick_replicate_fraction and quick_min_replicates (--quick runs
//             each experiment with max(min, fraction × default) replicates)
//   [fit]     bootstrap (resamples behind each exponent's interval),
//             confidence (of that interval), data_drop_highest (for --data:
//             drop the K highest losses, as Besiroglu et al. drop 5 of
//             Chinchilla's 245 runs)
//   [model]   the Syntax-Knowledge model's parameters (alpha, beta, names,
//             values, templates, prior, noise), set for every experiment that
//             has them: one model for the whole report, so the exponents of
//             different claims can be compared (X1)
//   [experiments.<name>]  values of one experiment's parameters
//
// The keys of [model] and [experiments.<name>] are not listed anywhere: they
// are the parameters the experiments declare (validation/experiment.hpp),
// read with their declared kinds. Validation happens here, before anything
// runs: a syntax error, an unknown table or key, a value of the wrong type
// (a real for an integer key, text for a number, an integer beyond the exact
// range of a double for a real key) or out of its domain is a ConfigError
// whose message starts "file:line:" and names the key. validate_experiments()
// then applies each experiment's own cross-parameter checks, also reported at
// the line that set the value.
#pragma once

#include <sklaws/fitting/text_file.hpp>
#include <sklaws/validation/parameters.hpp>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace sklaws::reports {

// Bad configuration; the CLI maps it to exit status 2.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What a configuration may set beyond [run] and [fit].
struct ConfigSchema {
    struct Experiment {
        std::string name;
        std::string summary;
        std::size_t default_replicates = 0;
        std::vector<validation::ParameterSpec> parameters;
    };
    std::vector<Experiment> experiments;
    std::vector<validation::ParameterSpec> model;  // the [model] keys
};

// The schema of the registered experiments (validation::experiments()).
ConfigSchema config_schema();

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
    std::uint64_t data_drop_highest = 5;

    // [model] and [experiments.<name>], typed and domain-checked.
    validation::ParameterValues model;
    std::map<std::string, validation::ParameterValues> experiments;

    // "run.seed", "model.alpha", "experiments.tables.n" -> source line.
    std::map<std::string, int> lines;

    // "source:line: " for a configured key, or "source: " if not from the file.
    std::string locate(const std::string& key) const;

    // The values an experiment runs with: the [model] keys it declares, then
    // its own table.
    validation::ParameterValues overrides_for(const std::string& experiment,
                                              const std::vector<validation::ParameterSpec>& parameters) const;
};

// Parses and validates `text`; `source` names it in messages.
ReportConfig parse_report_config(const std::string& text, const std::string& source,
                                 const ConfigSchema& schema = config_schema());

// Reads a file (ConfigError if unreadable) and parses it.
// The file is read through the input guard (fitting/text_file.hpp): a FIFO,
// a device (/dev/zero), a directory, a file over `limits` or an unreadable
// one is a ConfigError naming it, before a byte is read.
ReportConfig load_report_config(const std::string& path, const ConfigSchema& schema = config_schema(),
                                const fitting::InputLimits& limits = {});

// Resolves every registered experiment's values (its cross-parameter checks
// included); a rejected value is a ConfigError at the line that set it.
void validate_experiments(const ReportConfig& config);

// The configuration with every key at its default, each commented with its
// type, domain and doc: the embedded default and `sklaws report
// --print-config`, a starting point for a custom file (it parses back).
std::string config_template(const ConfigSchema& schema = config_schema());
const std::string& default_config_text();

}  // namespace sklaws::reports
