// The named Monte Carlo experiments that check docs/theory.md §3.
//
// One registry serves `sklaws simulate <name>` and `sklaws report`, so both
// run exactly the same code. Each experiment takes a JSON object of
// parameters (its defaults merged with the caller's overrides; unknown keys
// and out-of-domain values throw numerics::DomainError) and RunOptions
// (seed, threads, replicates), and returns
//   * checks: estimate ± SE against the closed form (z-test, or a relative
//     tolerance for asymptotic forms), and
//   * series: plot data (x, y, y_err) for the report's figures.
// Defaults are chosen so that every experiment runs in seconds on two cores
// and passes at the default seed at z = 4.
//
// Experiments: tables (K1, K2), block-counts (K4), zipf-rank-frequency (K4 as
// rank-frequency), entropy (K6), p-new (K7),
// syntax-redundancy (S1, S2), knowledge-redundancy (R1), data-scaling (D1),
// model-scaling (M1), acquisition (A1, A2), fine-tuning (F1),
// hallucination (H1).
#pragma once

#include "check.hpp"
#include "monte_carlo.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace sklaws::validation {

// One curve of a figure; y_err is empty or the same length as y (1 SE).
struct Series {
    std::string name;
    std::string x_label;
    std::string y_label;
    std::vector<double> x;
    std::vector<double> y;
    std::vector<double> y_err;
};

struct ExperimentResult {
    std::string experiment;
    std::vector<Check> checks;
    std::vector<Series> series;
    nlohmann::ordered_json parameters = nlohmann::ordered_json::object();  // as run (defaults merged)
    std::uint64_t seed = 1;
    std::size_t replicates = 0;
    bool all_pass() const;
};

struct ExperimentSpec {
    std::string name;
    std::string summary;
    std::vector<std::string> labels;  // docs/theory.md labels checked
    nlohmann::ordered_json defaults;  // every accepted parameter with its default
    std::size_t default_replicates = 0;
    std::function<ExperimentResult(const nlohmann::ordered_json& params, const RunOptions&)> run;
};

// All experiments in a fixed order.
const std::vector<ExperimentSpec>& experiments();

// Throws numerics::DomainError("experiment", ...) for an unknown name.
const ExperimentSpec& find_experiment(const std::string& name);

// Defaults overridden by `overrides` (unknown keys ⇒ DomainError), then run.
ExperimentResult run_experiment(const std::string& name, const nlohmann::ordered_json& overrides,
                                const RunOptions& options);

// {"experiment","seed","replicates","parameters","all_pass","checks":[...],"series":[...]}
nlohmann::ordered_json to_json(const Series& series);
nlohmann::ordered_json to_json(const ExperimentResult& result);

}  // namespace sklaws::validation
