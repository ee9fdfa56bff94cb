#include "sklaws/reports/report_config.hpp"

#include <toml++/toml.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace sklaws::reports {
namespace {

using nlohmann::ordered_json;

// Reads one [run]/[fit] value and checks its range; every failure names the
// line the value sits on.
class Reader {
public:
    explicit Reader(const std::string& source) : source_(source) {}

    std::string at(const toml::node& node) const {
        return source_ + ":" + std::to_string(node.source().begin.line) + ": ";
    }

    std::uint64_t count(const toml::node& node, const std::string& key, std::uint64_t low, std::uint64_t high) {
        const auto v = node.value<std::int64_t>();
        if (!node.is_integer() || !v || *v < 0 || static_cast<std::uint64_t>(*v) < low ||
            static_cast<std::uint64_t>(*v) > high) {
            throw ConfigError(at(node) + key + " must be an integer in [" + std::to_string(low) + ", " +
                              std::to_string(high) + "]");
        }
        return static_cast<std::uint64_t>(*v);
    }

    double real(const toml::node& node, const std::string& key, double low, double high, const char* range) {
        const auto v = node.value<double>();  // integers convert too
        if (!(node.is_floating_point() || node.is_integer()) || !v || !std::isfinite(*v) || *v < low || *v > high) {
            throw ConfigError(at(node) + key + " must be a number " + range);
        }
        return *v;
    }

private:
    std::string source_;
};

std::string known_list(const std::set<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

// A TOML scalar as JSON, typed like the default it replaces.
ordered_json typed_value(const toml::node& node, const ordered_json& default_value, const std::string& where,
                         const std::string& key) {
    if (default_value.is_boolean()) {
        if (!node.is_boolean()) throw ConfigError(where + key + " must be true or false");
        return *node.value<bool>();
    }
    if (default_value.is_number_integer() || default_value.is_number_unsigned()) {
        // 1e4 written as a float is accepted when it is an exact integer.
        const auto real = node.value<double>();
        const bool integral = node.is_integer() || (node.is_floating_point() && real && std::isfinite(*real) &&
                                                    *real == std::floor(*real) && std::fabs(*real) < 9.0e15);
        if (!integral) throw ConfigError(where + key + " must be an integer (default " + default_value.dump() + ")");
        const auto v = node.is_integer() ? *node.value<std::int64_t>() : static_cast<std::int64_t>(*real);
        if (default_value.is_number_unsigned() && v < 0) throw ConfigError(where + key + " must be a non-negative integer");
        return v;
    }
    if (default_value.is_number_float()) {
        if (!node.is_integer() && !node.is_floating_point()) {
            throw ConfigError(where + key + " must be a number (default " + default_value.dump() + ")");
        }
        const double v = *node.value<double>();
        if (!std::isfinite(v)) throw ConfigError(where + key + " must be finite");
        return v;
    }
    if (default_value.is_string()) {
        if (!node.is_string()) throw ConfigError(where + key + " must be a string");
        return *node.value<std::string>();
    }
    if (default_value.is_array()) {
        const auto* array = node.as_array();
        if (!array) throw ConfigError(where + key + " must be an array (default " + default_value.dump() + ")");
        ordered_json out = ordered_json::array();
        const ordered_json element = default_value.empty() ? ordered_json(0.0) : default_value.front();
        for (const auto& item : *array) out.push_back(typed_value(item, element, where, key + "[]"));
        return out;
    }
    throw ConfigError(where + key + " cannot be set from a configuration file");
}

void read_run(const toml::table& table, Reader& r, ReportConfig& c) {
    for (const auto& [key, node] : table) {
        const std::string k(key.str());
        c.lines["run." + k] = static_cast<int>(node.source().begin.line);
        if (k == "seed") c.seed = r.count(node, "run.seed", 0, 9007199254740992ULL);
        else if (k == "threads") c.threads = static_cast<unsigned>(r.count(node, "run.threads", 0, 1024));
        else if (k == "z_threshold") c.z_threshold = r.real(node, "run.z_threshold", 1.0, 10.0, "in [1, 10]");
        else if (k == "quick_replicate_fraction")
            c.quick_replicate_fraction = r.real(node, "run.quick_replicate_fraction", 1e-4, 1.0, "in [1e-4, 1]");
        else if (k == "quick_min_replicates")
            c.quick_min_replicates = r.count(node, "run.quick_min_replicates", 2, 100000000);
        else
            throw ConfigError(r.at(node) + "unknown key 'run." + k +
                              "' (expected seed, threads, z_threshold, quick_replicate_fraction, quick_min_replicates)");
    }
}

void read_fit(const toml::table& table, Reader& r, ReportConfig& c) {
    for (const auto& [key, node] : table) {
        const std::string k(key.str());
        c.lines["fit." + k] = static_cast<int>(node.source().begin.line);
        if (k == "bootstrap") c.bootstrap = r.count(node, "fit.bootstrap", 20, 100000);
        else if (k == "confidence") c.confidence = r.real(node, "fit.confidence", 0.5, 0.999, "in [0.5, 0.999]");
        else if (k == "exponent_tolerance")
            c.exponent_tolerance = r.real(node, "fit.exponent_tolerance", 0.0, 1.0, "in [0, 1]");
        else if (k == "data_drop_highest") c.data_drop_highest = r.count(node, "fit.data_drop_highest", 0, 1000000);
        else
            throw ConfigError(r.at(node) + "unknown key 'fit." + k +
                              "' (expected bootstrap, confidence, exponent_tolerance, data_drop_highest)");
    }
}

void read_model(const toml::table& table, Reader& r, ReportConfig& c, const ExperimentDefaults& experiments) {
    std::map<std::string, ordered_json> accepted;  // key -> a default value, for its type
    for (const auto& [name, defaults] : experiments) {
        for (const auto& [k, v] : defaults.items()) accepted.emplace(k, v);
    }
    for (const auto& [key, node] : table) {
        const std::string k(key.str());
        c.lines["model." + k] = static_cast<int>(node.source().begin.line);
        auto it = accepted.find(k);
        if (it == accepted.end()) {
            std::set<std::string> names;
            for (const auto& a : accepted) names.insert(a.first);
            throw ConfigError(r.at(node) + "unknown key 'model." + k + "' (no experiment has a parameter '" + k +
                              "'; known: " + known_list(names) + ")");
        }
        c.model[k] = typed_value(node, it->second, r.at(node), "model." + k);
    }
    // The Pitman-Yor pair must be valid together (docs/theory.md §2: 0 ≤ α < 1, β > −α).
    const double alpha = c.model.value("alpha", 0.5);
    const double beta = c.model.value("beta", 1.0);
    if (c.model.contains("alpha") && !(alpha >= 0 && alpha < 1)) {
        throw ConfigError(c.locate("model.alpha") + "model.alpha = " + c.model["alpha"].dump() + " is outside 0 <= alpha < 1");
    }
    if (c.model.contains("beta") && !(beta > -alpha)) {
        throw ConfigError(c.locate("model.beta") + "model.beta = " + c.model["beta"].dump() + " is outside beta > -alpha");
    }
}

void read_experiments(const toml::table& table, Reader& r, ReportConfig& c, const ExperimentDefaults& experiments) {
    std::set<std::string> names;
    for (const auto& e : experiments) names.insert(e.first);
    for (const auto& [key, node] : table) {
        const std::string name(key.str());
        auto known = experiments.find(name);
        if (known == experiments.end()) {
            throw ConfigError(r.at(node) + "unknown experiment 'experiments." + name + "' (known: " + known_list(names) + ")");
        }
        const auto* sub = node.as_table();
        if (!sub) throw ConfigError(r.at(node) + "experiments." + name + " must be a table of parameters");
        ordered_json overrides = ordered_json::object();
        for (const auto& [pkey, pnode] : *sub) {
            const std::string k(pkey.str());
            const std::string full = "experiments." + name + "." + k;
            c.lines[full] = static_cast<int>(pnode.source().begin.line);
            if (!known->second.contains(k)) {
                std::set<std::string> params;
                for (const auto& [dk, dv] : known->second.items()) params.insert(dk);
                throw ConfigError(r.at(pnode) + "unknown key '" + full + "' (parameters of " + name + ": " +
                                  known_list(params) + ")");
            }
            overrides[k] = typed_value(pnode, known->second[k], r.at(pnode), full);
        }
        c.experiments[name] = overrides;
    }
}

}  // namespace

std::string ReportConfig::locate(const std::string& key) const {
    auto it = lines.find(key);
    if (it == lines.end()) return source + ": ";
    return source + ":" + std::to_string(it->second) + ": ";
}

nlohmann::ordered_json ReportConfig::overrides_for(const std::string& experiment,
                                                   const nlohmann::ordered_json& defaults) const {
    ordered_json overrides = ordered_json::object();
    for (const auto& [k, v] : model.items()) {
        if (defaults.contains(k)) overrides[k] = v;
    }
    auto it = experiments.find(experiment);
    if (it != experiments.end()) {
        for (const auto& [k, v] : it->second.items()) overrides[k] = v;
    }
    return overrides;
}

ReportConfig parse_report_config(const std::string& text, const std::string& source,
                                 const ExperimentDefaults& experiments) {
    ReportConfig config;
    config.source = source;
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << source << ":" << e.source().begin.line << ": TOML syntax error: " << e.description();
        throw ConfigError(msg.str());
    }
    Reader reader(source);
    for (const auto& [key, node] : root) {
        const std::string k(key.str());
        const auto* table = node.as_table();
        if (!table) {
            throw ConfigError(reader.at(node) + "'" + k + "' must be a table ([run], [fit], [model], [experiments.<name>])");
        }
        if (k == "run") read_run(*table, reader, config);
        else if (k == "fit") read_fit(*table, reader, config);
        else if (k == "model") read_model(*table, reader, config, experiments);
        else if (k == "experiments") read_experiments(*table, reader, config, experiments);
        else throw ConfigError(reader.at(node) + "unknown table [" + k + "] (expected run, fit, model, experiments)");
    }
    return config;
}

ReportConfig load_report_config(const std::string& path, const ExperimentDefaults& experiments) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot open the configuration file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_report_config(text.str(), path, experiments);
}

}  // namespace sklaws::reports
