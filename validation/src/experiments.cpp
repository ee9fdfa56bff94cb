// The experiment registry shared by `sklaws simulate` and `sklaws report`.
#include <sklaws/validation/experiments.hpp>

#include "experiment_specs.hpp"

#include <sklaws/numerics/errors.hpp>

#include <cmath>

namespace sklaws::validation {

bool ExperimentResult::all_pass() const { return validation::all_pass(checks); }

const std::vector<ExperimentSpec>& experiments() {
    static const std::vector<ExperimentSpec> registry = {
        detail::tables_experiment(),
        detail::block_counts_experiment(),
        detail::zipf_rank_frequency_experiment(),
        detail::entropy_experiment(),
        detail::p_new_experiment(),
        detail::syntax_redundancy_experiment(),
        detail::knowledge_redundancy_experiment(),
        detail::data_scaling_experiment(),
        detail::model_scaling_experiment(),
        detail::acquisition_experiment(),
        detail::fine_tuning_experiment(),
        detail::hallucination_experiment(),
    };
    return registry;
}

const ExperimentSpec& find_experiment(const std::string& name) {
    for (const auto& spec : experiments()) {
        if (spec.name == name) return spec;
    }
    std::string known;
    for (const auto& spec : experiments()) known += (known.empty() ? "" : ", ") + spec.name;
    throw numerics::DomainError("experiment", "unknown experiment '" + name + "' (known: " + known + ")");
}

ExperimentResult run_experiment(const std::string& name, const nlohmann::ordered_json& overrides,
                                const RunOptions& options) {
    const ExperimentSpec& spec = find_experiment(name);
    nlohmann::ordered_json params = spec.defaults;
    if (!overrides.is_null()) {
        if (!overrides.is_object()) throw numerics::DomainError("parameters", "parameters must be a JSON object");
        for (const auto& [key, value] : overrides.items()) {
            if (!params.contains(key)) {
                throw numerics::DomainError(key, "experiment '" + name + "' has no parameter '" + key + "'");
            }
            params[key] = value;
        }
    }
    ExperimentResult result = spec.run(params, options);
    result.experiment = spec.name;
    result.parameters = params;
    result.seed = options.seed;
    result.replicates = detail::replicates_for(options, spec.default_replicates);
    return result;
}

namespace {
nlohmann::ordered_json numbers(const std::vector<double>& values) {
    auto array = nlohmann::ordered_json::array();
    for (double v : values) array.push_back(std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json());
    return array;
}
}  // namespace

nlohmann::ordered_json to_json(const Series& series) {
    nlohmann::ordered_json j;
    j["name"] = series.name;
    j["x_label"] = series.x_label;
    j["y_label"] = series.y_label;
    j["x"] = numbers(series.x);
    j["y"] = numbers(series.y);
    j["y_err"] = numbers(series.y_err);
    return j;
}

nlohmann::ordered_json to_json(const ExperimentResult& result) {
    nlohmann::ordered_json j;
    j["experiment"] = result.experiment;
    j["seed"] = result.seed;
    j["replicates"] = result.replicates;
    j["parameters"] = result.parameters;
    j["all_pass"] = result.all_pass();
    auto checks = nlohmann::ordered_json::array();
    for (const auto& c : result.checks) checks.push_back(to_json(c));
    j["checks"] = checks;
    auto series = nlohmann::ordered_json::array();
    for (const auto& s : result.series) series.push_back(to_json(s));
    j["series"] = series;
    return j;
}

}  // namespace sklaws::validation
