// The registry of Monte Carlo experiments: what `sklaws simulate`, the
// report's configuration and the report itself are derived from.
//
// Each experiment is declared once, in its own file, with the typed
// declaration of experiment.hpp (which explains how to write one), and
// registers itself: there is no list of experiments anywhere. Everything
// outside that file sees it through the type-erased Experiment below — its
// name, labels, claim, parameters (ParameterSpec: name, kind, domain, doc,
// default), default replicate count, resource estimate and run function —
// so the options of `simulate <name>`, the TOML keys of
// [experiments.<name>], the JSON names and the report's parameter table all
// come from the same ParameterSpec.
//
// Running: run_experiment() merges the caller's values over the defaults,
// checks every value (kind and domain, then the experiment's own cross-
// parameter checks), runs, applies the z threshold to every z-test (the
// experiment never chooses it), and samples every closed-form curve of its
// figures (figures.hpp). Same seed ⇒ the same bytes for any thread count.
#pragma once

#include "check.hpp"
#include "figures.hpp"
#include "monte_carlo.hpp"
#include "parameters.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sklaws::validation {

// What a run of an experiment is expected to need, from its parameters,
// replicate count and worker threads, before it starts (so a command can refuse a request that
// would not fit). peak_bytes: resident memory at the peak, including the
// process's baseline (~10 MB); cpu_seconds: total work on one core of this
// machine's class (wall time ≈ cpu_seconds / threads), 0 when unknown.
struct ResourceEstimate {
    double peak_bytes = 0;
    double cpu_seconds = 0;
};

// A claim of the theory that experiments check (docs/theory.md §3): the report
// gives each one a section, in increasing `order`. Declared once with
// RegisterClaim (experiment.hpp), usually beside the experiment that checks
// it; every experiment names the claim its checks and figures belong to.
struct ClaimDeclaration {
    std::string id;         // anchor, e.g. "data-scaling"
    std::string title;      // e.g. "Data scaling law"
    std::vector<std::string> labels;  // docs/theory.md labels, e.g. {"D1"}
    std::string closed_form;  // the formula, plain text with Unicode
    std::string explanation;  // what the comparisons show
    int order = 0;            // position in the report
};

// What an experiment's run function receives besides its parameters.
struct ExperimentContext {
    RunOptions options;          // seed, threads, progress
    std::size_t replicates = 0;  // resolved: options.replicates or the default
    // Options for phase `index` of `count` (progress mapped to its share).
    RunOptions phase(std::size_t index, std::size_t count) const { return phase_options(options, index, count); }
};

// What a run function returns.
struct ExperimentOutput {
    std::vector<Check> checks;
    std::vector<Figure> figures;
};

struct ExperimentResult {
    std::string experiment;
    std::string claim;
    ParameterValues parameters;  // as run (defaults merged)
    std::uint64_t seed = 1;
    std::size_t replicates = 0;
    double z_threshold = default_z_threshold;
    std::vector<Check> checks;
    std::vector<Figure> figures;  // curves already sampled
    // Every z-test passes (limits are not verdicts).
    bool all_pass() const;
};

// One registered experiment, type-erased.
class Experiment {
public:
    struct Info {
        std::string name;
        std::string summary;
        std::vector<std::string> labels;
        std::string claim;
        std::size_t default_replicates = 0;
        std::vector<ParameterSpec> parameters;
    };
    using Validator = std::function<void(const ParameterValues&)>;
    using Runner = std::function<ExperimentOutput(const ParameterValues&, const ExperimentContext&)>;
    using Estimator =
        std::function<ResourceEstimate(const ParameterValues&, std::size_t replicates, unsigned threads)>;

    Experiment(Info info, Validator validate, Runner run, Estimator estimate);

    const std::string& name() const { return info_.name; }
    const std::string& summary() const { return info_.summary; }
    const std::vector<std::string>& labels() const { return info_.labels; }
    const std::string& claim() const { return info_.claim; }
    std::size_t default_replicates() const { return info_.default_replicates; }
    const std::vector<ParameterSpec>& parameters() const { return info_.parameters; }
    // nullptr if the experiment has no such parameter.
    const ParameterSpec* parameter(const std::string& name) const;

    ParameterValues defaults() const;
    // The defaults with `overrides` applied, every value checked (unknown
    // name, wrong kind, outside the domain, cross-parameter constraints):
    // numerics::DomainError naming the parameter.
    ParameterValues resolve(const ParameterValues& overrides) const;
    // Runs with resolve(overrides); options.replicates = 0 means the default.
    ExperimentResult run(const ParameterValues& overrides, const RunOptions& options,
                         double z_threshold = default_z_threshold) const;
    // The estimate for resolve(overrides) with `replicates` (0 = the default)
    // on `threads` workers (0 = all cores).
    ResourceEstimate resources(const ParameterValues& overrides, std::size_t replicates, unsigned threads) const;
    std::size_t replicates_for(const RunOptions& options) const {
        return options.replicates != 0 ? options.replicates : info_.default_replicates;
    }

private:
    Info info_;
    Validator validate_;
    Runner run_;
    Estimator estimate_;
};

// Every registered experiment, ordered by the order of its claim, then by name.
const std::vector<Experiment>& experiments();

// Throws numerics::DomainError("experiment", ...) for an unknown name,
// listing the known ones.
const Experiment& find_experiment(const std::string& name);

// Every registered claim, in increasing order.
const std::vector<ClaimDeclaration>& claims();
const ClaimDeclaration* find_claim(const std::string& id);

// The model parameters (ParameterSpec::model) of all experiments, one per
// name, with the default of the first experiment that declares it.
std::vector<ParameterSpec> model_parameters();

// JSON overrides ({"alpha": 0.3, "n": [10, 100]}) as typed values: unknown
// names and wrong types are DomainErrors naming the parameter.
ParameterValues parameters_from_json(const Experiment& experiment, const nlohmann::ordered_json& overrides);

// find_experiment(name).run(parameters_from_json(...), options, z_threshold).
ExperimentResult run_experiment(const std::string& name, const nlohmann::ordered_json& overrides,
                                const RunOptions& options, double z_threshold = default_z_threshold);

// {"id","title","caption","x_axis":{"label","scale"},"y_axis":{...},
//  "series":[{"name","role","x","y","se"}],"fits":[...]}
nlohmann::ordered_json to_json(const Figure& figure);
// {"experiment","claim","seed","replicates","z_threshold","parameters",
//  "all_pass","checks":[...],"figures":[...]}
nlohmann::ordered_json to_json(const ExperimentResult& result);
// {"peak_bytes","cpu_seconds"}
nlohmann::ordered_json to_json(const ResourceEstimate& estimate);

namespace detail {
// Used by RegisterExperiment / RegisterClaim (experiment.hpp).
void register_experiment(Experiment experiment);
void register_claim(ClaimDeclaration claim);
}  // namespace detail

}  // namespace sklaws::validation
