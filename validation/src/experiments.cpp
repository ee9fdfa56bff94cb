// The self-registering experiment and claim registries (experiments.hpp).
#include <sklaws/validation/experiment.hpp>
#include <sklaws/validation/experiments.hpp>

#include <sklaws/numerics/errors.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>

namespace sklaws::validation {

namespace {

using Json = nlohmann::ordered_json;

// Registration happens during static initialisation, reading afterwards; the
// first read freezes the registry (sorted, checked once).
struct Registry {
    std::vector<Experiment> experiments;
    std::vector<ClaimDeclaration> claims;
    bool frozen = false;
};

Registry& registry() {
    static Registry r;
    return r;
}

bool valid_name(const std::string& name) {
    return !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
}

// Programming errors in declarations are found on first use (and by the
// registry test), with a message naming the declaration.
void check_declarations(const std::vector<Experiment>& experiments, const std::vector<ClaimDeclaration>& claims) {
    std::map<std::string, const ParameterSpec*> model;
    for (std::size_t i = 0; i < experiments.size(); ++i) {
        const Experiment& e = experiments[i];
        const std::string where = "experiment '" + e.name() + "'";
        if (!valid_name(e.name())) throw std::logic_error(where + ": name must be [a-z0-9-]");
        for (std::size_t k = 0; k < i; ++k) {
            if (experiments[k].name() == e.name()) throw std::logic_error(where + " is registered twice");
        }
        if (e.default_replicates() < 2) throw std::logic_error(where + ": default replicates must be >= 2");
        if (std::none_of(claims.begin(), claims.end(), [&](const auto& c) { return c.id == e.claim(); })) {
            throw std::logic_error(where + ": claim '" + e.claim() + "' is not registered");
        }
        for (std::size_t p = 0; p < e.parameters().size(); ++p) {
            const ParameterSpec& spec = e.parameters()[p];
            if (!valid_name(spec.name)) throw std::logic_error(where + ": parameter '" + spec.name + "' must be [a-z0-9-]");
            for (std::size_t q = 0; q < p; ++q) {
                if (e.parameters()[q].name == spec.name) throw std::logic_error(where + ": parameter '" + spec.name + "' twice");
            }
            check_parameter(spec, spec.default_value);  // a default outside its own domain is a bug
            if (!spec.model) continue;
            auto [it, inserted] = model.emplace(spec.name, &spec);
            if (!inserted && it->second->kind != spec.kind) {
                throw std::logic_error(where + ": model parameter '" + spec.name + "' is a " + spec.type_name() +
                                       " here and a " + it->second->type_name() + " elsewhere");
            }
        }
    }
    for (std::size_t i = 0; i < claims.size(); ++i) {
        if (!valid_name(claims[i].id)) throw std::logic_error("claim '" + claims[i].id + "': id must be [a-z0-9-]");
        for (std::size_t k = 0; k < i; ++k) {
            if (claims[k].id == claims[i].id) throw std::logic_error("claim '" + claims[i].id + "' is registered twice");
        }
    }
}

Registry& frozen_registry() {
    static std::once_flag once;
    std::call_once(once, [] {
        Registry& r = registry();
        std::stable_sort(r.claims.begin(), r.claims.end(),
                         [](const auto& a, const auto& b) { return a.order != b.order ? a.order < b.order : a.id < b.id; });
        const auto claim_order = [&](const std::string& id) {
            for (std::size_t i = 0; i < r.claims.size(); ++i) {
                if (r.claims[i].id == id) return i;
            }
            return r.claims.size();
        };
        std::stable_sort(r.experiments.begin(), r.experiments.end(), [&](const Experiment& a, const Experiment& b) {
            const std::size_t ca = claim_order(a.claim()), cb = claim_order(b.claim());
            return ca != cb ? ca < cb : a.name() < b.name();
        });
        r.frozen = true;
        check_declarations(r.experiments, r.claims);
    });
    return registry();
}

Json numbers(const std::vector<double>& values) {
    Json array = Json::array();
    for (double v : values) array.push_back(std::isfinite(v) ? Json(v) : Json());
    return array;
}

const char* scale_name(Scale s) { return s == Scale::log ? "log" : "linear"; }

}  // namespace

void require_pitman_yor(double alpha, double beta) {
    if (!(beta > -alpha)) {
        throw numerics::DomainError("beta", "beta = " + format_parameter(beta) + " is outside beta > -alpha (alpha = " +
                                                format_parameter(alpha) + ")");
    }
    if (alpha == 0 && !(beta > 0)) {
        throw numerics::DomainError("beta", "beta = " + format_parameter(beta) + " is outside beta > 0 (alpha = 0)");
    }
}

namespace detail {

void register_experiment(Experiment experiment) {
    Registry& r = registry();
    if (r.frozen) throw std::logic_error("experiment '" + experiment.name() + "' registered after first use");
    r.experiments.push_back(std::move(experiment));
}

void register_claim(ClaimDeclaration claim) {
    Registry& r = registry();
    if (r.frozen) throw std::logic_error("claim '" + claim.id + "' registered after first use");
    r.claims.push_back(std::move(claim));
}

}  // namespace detail

Experiment::Experiment(Info info, Validator validate, Runner run, Estimator estimate)
    : info_(std::move(info)), validate_(std::move(validate)), run_(std::move(run)), estimate_(std::move(estimate)) {}

const ParameterSpec* Experiment::parameter(const std::string& name) const {
    for (const auto& p : info_.parameters) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

ParameterValues Experiment::defaults() const {
    ParameterValues values;
    for (const auto& p : info_.parameters) values.set(p.name, p.default_value);
    return values;
}

ParameterValues Experiment::resolve(const ParameterValues& overrides) const {
    ParameterValues values = defaults();
    for (const auto& [name, value] : overrides.items()) {
        const ParameterSpec* spec = parameter(name);
        if (!spec) throw numerics::DomainError(name, "experiment '" + info_.name + "' has no parameter '" + name + "'");
        check_parameter(*spec, value);
        values.set(name, value);
    }
    if (validate_) validate_(values);
    return values;
}

ExperimentResult Experiment::run(const ParameterValues& overrides, const RunOptions& options,
                                 double z_threshold) const {
    numerics::require(z_threshold > 0 && std::isfinite(z_threshold), "z", z_threshold, "z > 0");
    ExperimentResult result;
    result.parameters = resolve(overrides);
    ExperimentContext context{options, replicates_for(options)};
    numerics::require(context.replicates >= 2, "replicates", context.replicates, "replicates >= 2");
    ExperimentOutput output = run_(result.parameters, context);
    result.experiment = info_.name;
    result.claim = info_.claim;
    result.seed = options.seed;
    result.replicates = context.replicates;
    result.z_threshold = z_threshold;
    result.checks = std::move(output.checks);
    for (auto& check : result.checks) apply_z_threshold(check, z_threshold);
    result.figures = std::move(output.figures);
    for (auto& figure : result.figures) sample_curves(figure);
    return result;
}

ResourceEstimate Experiment::resources(const ParameterValues& overrides, std::size_t replicates,
                                       unsigned threads) const {
    return estimate_(resolve(overrides), replicates != 0 ? replicates : info_.default_replicates,
                     resolved_threads(threads));
}

bool ExperimentResult::all_pass() const { return validation::all_pass(checks); }

const std::vector<Experiment>& experiments() { return frozen_registry().experiments; }

const std::vector<ClaimDeclaration>& claims() { return frozen_registry().claims; }

const Experiment& find_experiment(const std::string& name) {
    for (const auto& e : experiments()) {
        if (e.name() == name) return e;
    }
    std::string known;
    for (const auto& e : experiments()) known += (known.empty() ? "" : ", ") + e.name();
    throw numerics::DomainError("experiment", "unknown experiment '" + name + "' (known: " + known + ")");
}

const ClaimDeclaration* find_claim(const std::string& id) {
    for (const auto& c : claims()) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

std::vector<ParameterSpec> model_parameters() {
    std::vector<ParameterSpec> model;
    for (const auto& e : experiments()) {
        for (const auto& p : e.parameters()) {
            if (!p.model) continue;
            if (std::none_of(model.begin(), model.end(), [&](const auto& m) { return m.name == p.name; })) {
                model.push_back(p);
            }
        }
    }
    return model;
}

ParameterValues parameters_from_json(const Experiment& experiment, const nlohmann::ordered_json& overrides) {
    ParameterValues values;
    if (overrides.is_null()) return values;
    if (!overrides.is_object()) throw numerics::DomainError("parameters", "parameters must be a JSON object");
    for (const auto& [name, value] : overrides.items()) {
        const ParameterSpec* spec = experiment.parameter(name);
        if (!spec) {
            throw numerics::DomainError(name, "experiment '" + experiment.name() + "' has no parameter '" + name + "'");
        }
        values.set(name, parameter_from_json(*spec, value));
    }
    return values;
}

ExperimentResult run_experiment(const std::string& name, const nlohmann::ordered_json& overrides,
                                const RunOptions& options, double z_threshold) {
    const Experiment& e = find_experiment(name);
    return e.run(parameters_from_json(e, overrides), options, z_threshold);
}

nlohmann::ordered_json to_json(const Figure& figure) {
    Json series = Json::array();
    for (const auto& s : figure.series) {
        series.push_back(Json{{"name", s.name}, {"role", series_role_name(s.role)}, {"x", numbers(s.x)},
                              {"y", numbers(s.y)}, {"se", numbers(s.se)}});
    }
    Json fits = Json::array();
    for (const auto& f : figure.fits) {
        fits.push_back(Json{{"series", f.series},
                            {"exponent", f.exponent},
                            {"direction", f.direction == LawDirection::decaying ? "decaying" : "growing"},
                            {"theory", f.theory},
                            {"fit_offset", f.fit_offset}});
    }
    return Json{{"id", figure.id},
                {"title", figure.title},
                {"caption", figure.caption},
                {"x_axis", {{"label", figure.x.label}, {"scale", scale_name(figure.x.scale)}}},
                {"y_axis", {{"label", figure.y.label}, {"scale", scale_name(figure.y.scale)}}},
                {"series", series},
                {"fits", fits}};
}

nlohmann::ordered_json to_json(const ExperimentResult& result) {
    Json j;
    j["experiment"] = result.experiment;
    j["claim"] = result.claim;
    j["seed"] = result.seed;
    j["replicates"] = result.replicates;
    j["z_threshold"] = result.z_threshold;
    j["parameters"] = to_json(result.parameters);
    j["all_pass"] = result.all_pass();
    Json checks = Json::array();
    for (const auto& c : result.checks) checks.push_back(to_json(c));
    j["checks"] = checks;
    Json figures = Json::array();
    for (const auto& f : result.figures) figures.push_back(to_json(f));
    j["figures"] = figures;
    return j;
}

nlohmann::ordered_json to_json(const ResourceEstimate& estimate) {
    return Json{{"peak_bytes", estimate.peak_bytes}, {"cpu_seconds", estimate.cpu_seconds}};
}

}  // namespace sklaws::validation
