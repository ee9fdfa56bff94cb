#include "sklaws/reports/report_config.hpp"

#include "toml_text.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/validation/experiments.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>

namespace sklaws::reports {
namespace {

using validation::ParameterKind;
using validation::ParameterSpec;
using validation::ParameterValue;

constexpr double exact_double_limit = 9007199254740992.0;  // 2^53

const char* toml_type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a real";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::array: return "an array";
        case toml::node_type::table: return "a table";
        default: return "a date or time";
    }
}

// toml++'s description of a syntax error on one line: it quotes what it saw
// ("expected 'true', saw 't\n'"), control characters included (found by
// tests/fuzz/config_fuzz.cpp), so those are escaped as \xNN, and at most
// 200 bytes are kept (cut before a character, never inside one).
std::string one_line_description(std::string_view text) {
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (out.size() >= 200 && (c & 0xC0) != 0x80) return out + "...";
        if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02x}", c);
        else out += ch;
    }
    return out;
}

// "file:line: " of a node.
class Reader {
public:
    explicit Reader(const std::string& source) : source_(source) {}

    std::string at(const toml::node& node) const {
        return source_ + ":" + std::to_string(node.source().begin.line) + ": ";
    }

    [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
        throw ConfigError(at(node) + message);
    }

    // An integer, or a real that is one exactly (1e4), in [low, high].
    std::uint64_t count(const toml::node& node, const std::string& key, std::uint64_t low, std::uint64_t high) const {
        const std::uint64_t v = any_count(node, key);
        if (v < low || v > high) {
            fail(node, key + " = " + std::to_string(v) + " is outside " + std::to_string(low) + " <= " + key +
                           " <= " + std::to_string(high));
        }
        return v;
    }

    double real(const toml::node& node, const std::string& key, double low, double high) const {
        const double v = any_real(node, key);
        if (!(v >= low && v <= high)) {
            fail(node, key + " = " + fmt::format("{}", v) + " is outside " + validation::short_number(low) + " <= " +
                           key + " <= " + validation::short_number(high));
        }
        return v;
    }

    // A number read as a real: a TOML float, or an integer a double holds exactly.
    double any_real(const toml::node& node, const std::string& key) const {
        if (const auto* f = node.as_floating_point()) {
            if (!std::isfinite(f->get())) fail(node, key + " must be finite");
            return f->get();
        }
        if (const auto* i = node.as_integer()) {
            const std::int64_t v = i->get();
            constexpr std::int64_t exact = std::int64_t{1} << 53;
            if (v > exact || v < -exact) {
                fail(node, key + " = " + std::to_string(v) +
                               " is an integer beyond the exact range of a double (2^53 = 9007199254740992): "
                               "a real key cannot hold it exactly");
            }
            return static_cast<double>(v);
        }
        fail(node, key + " must be a number (a real), got " + toml_type_name(node));
    }

    // A non-negative integer: a TOML integer, or a float that is one exactly.
    std::uint64_t any_count(const toml::node& node, const std::string& key) const {
        if (const auto* i = node.as_integer()) {
            if (i->get() < 0) fail(node, key + " = " + std::to_string(i->get()) + " must be a non-negative integer");
            return static_cast<std::uint64_t>(i->get());
        }
        if (const auto* f = node.as_floating_point()) {
            const double x = f->get();
            if (std::isfinite(x) && x == std::floor(x) && x >= 0 && x <= exact_double_limit) {
                return static_cast<std::uint64_t>(x);
            }
            if (std::isfinite(x) && x == std::floor(x) && x > exact_double_limit) {
                // 1e16 is an integer, but a TOML float there may not be the one typed.
                fail(node, key + " = " + fmt::format("{}", x) +
                               " is a real beyond 2^53 = 9007199254740992, where reals no longer hold every integer: "
                               "write it as a TOML integer, " + fmt::format("{:.0f}", x));
            }
            fail(node, key + " must be an integer, got " + fmt::format("{}", x));
        }
        fail(node, key + " must be an integer, got " + toml_type_name(node));
    }

    // A value of the declared kind, domain-checked.
    ParameterValue parameter(const toml::node& node, const ParameterSpec& spec, const std::string& key) const {
        ParameterValue value;
        switch (spec.kind) {
            case ParameterKind::real: value = any_real(node, key); break;
            case ParameterKind::count: value = any_count(node, key); break;
            case ParameterKind::real_list:
            case ParameterKind::count_list: {
                const auto* array = node.as_array();
                if (!array) fail(node, key + " must be an array (" + spec.type_name() + "), got " + toml_type_name(node));
                if (spec.kind == ParameterKind::real_list) {
                    std::vector<double> list;
                    for (const auto& item : *array) list.push_back(any_real(item, key + "[]"));
                    value = std::move(list);
                } else {
                    std::vector<std::uint64_t> list;
                    for (const auto& item : *array) list.push_back(any_count(item, key + "[]"));
                    value = std::move(list);
                }
                break;
            }
        }
        try {
            validation::check_parameter(spec, value);
        } catch (const numerics::DomainError& e) {
            fail(node, key + ": " + e.what());
        }
        return value;
    }

private:
    std::string source_;
};

std::string known_list(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

const ParameterSpec* find_spec(const std::vector<ParameterSpec>& specs, const std::string& name) {
    for (const auto& s : specs) {
        if (s.name == name) return &s;
    }
    return nullptr;
}

void read_run(const toml::table& table, const Reader& r, ReportConfig& c) {
    for (const auto& [key, node] : table) {
        const std::string k(key.str());
        c.lines["run." + k] = static_cast<int>(node.source().begin.line);
        if (k == "seed") c.seed = r.count(node, "run.seed", 0, 9007199254740992ULL);
        else if (k == "threads") c.threads = static_cast<unsigned>(r.count(node, "run.threads", 0, 1024));
        else if (k == "z_threshold") c.z_threshold = r.real(node, "run.z_threshold", 1.0, 10.0);
        else if (k == "quick_replicate_fraction")
            c.quick_replicate_fraction = r.real(node, "run.quick_replicate_fraction", 1e-4, 1.0);
        else if (k == "quick_min_replicates")
            c.quick_min_replicates = r.count(node, "run.quick_min_replicates", 2, 100000000);
        else
            r.fail(node, "unknown key 'run." + k +
                             "' (expected seed, threads, z_threshold, quick_replicate_fraction, quick_min_replicates)");
    }
}

void read_fit(const toml::table& table, const Reader& r, ReportConfig& c) {
    for (const auto& [key, node] : table) {
        const std::string k(key.str());
        c.lines["fit." + k] = static_cast<int>(node.source().begin.line);
        if (k == "bootstrap") c.bootstrap = r.count(node, "fit.bootstrap", 20, 100000);
        else if (k == "confidence") c.confidence = r.real(node, "fit.confidence", 0.5, 0.999);
        else if (k == "data_drop_highest") c.data_drop_highest = r.count(node, "fit.data_drop_highest", 0, 1000000);
        else
            r.fail(node, "unknown key 'fit." + k + "' (expected bootstrap, confidence, data_drop_highest)");
    }
}

void read_model(const toml::table& table, const Reader& r, ReportConfig& c, const ConfigSchema& schema) {
    for (const auto& [key, node] : table) {
        const std::string k(key.str());
        const std::string full = "model." + k;
        c.lines[full] = static_cast<int>(node.source().begin.line);
        const ParameterSpec* spec = find_spec(schema.model, k);
        if (!spec) {
            std::vector<std::string> names;
            for (const auto& m : schema.model) names.push_back(m.name);
            r.fail(node, "unknown key '" + full + "' (the model's parameters are " + known_list(names) +
                             "; set an experiment's own parameters under [experiments.<name>])");
        }
        c.model.set(k, r.parameter(node, *spec, full));
    }
}

void read_experiments(const toml::table& table, const Reader& r, ReportConfig& c, const ConfigSchema& schema) {
    for (const auto& [key, node] : table) {
        const std::string name(key.str());
        const ConfigSchema::Experiment* known = nullptr;
        for (const auto& e : schema.experiments) {
            if (e.name == name) known = &e;
        }
        if (!known) {
            std::vector<std::string> names;
            for (const auto& e : schema.experiments) names.push_back(e.name);
            r.fail(node, "unknown experiment 'experiments." + name + "' (known: " + known_list(names) + ")");
        }
        const auto* sub = node.as_table();
        if (!sub) r.fail(node, "experiments." + name + " must be a table of parameters");
        validation::ParameterValues values;
        for (const auto& [pkey, pnode] : *sub) {
            const std::string k(pkey.str());
            const std::string full = "experiments." + name + "." + k;
            c.lines[full] = static_cast<int>(pnode.source().begin.line);
            const ParameterSpec* spec = find_spec(known->parameters, k);
            if (!spec) {
                std::vector<std::string> params;
                for (const auto& p : known->parameters) params.push_back(p.name);
                r.fail(pnode, "unknown key '" + full + "' (parameters of " + name + ": " + known_list(params) + ")");
            }
            values.set(k, r.parameter(pnode, *spec, full));
        }
        c.experiments[name] = values;
    }
}

// "# real, 0 <= alpha < 1: Pitman-Yor discount" (one comment line).
std::string describe(const ParameterSpec& spec) {
    return "# " + spec.type_name() + ", " + spec.domain_text() + ": " + spec.doc;
}

}  // namespace

ConfigSchema config_schema() {
    ConfigSchema schema;
    for (const auto& e : validation::experiments()) {
        schema.experiments.push_back({e.name(), e.summary(), e.default_replicates(), e.parameters()});
    }
    schema.model = validation::model_parameters();
    return schema;
}

std::string ReportConfig::locate(const std::string& key) const {
    auto it = lines.find(key);
    if (it == lines.end()) return source + ": ";
    return source + ":" + std::to_string(it->second) + ": ";
}

validation::ParameterValues ReportConfig::overrides_for(const std::string& experiment,
                                                        const std::vector<ParameterSpec>& parameters) const {
    validation::ParameterValues overrides;
    for (const auto& [k, v] : model.items()) {
        if (const ParameterSpec* spec = find_spec(parameters, k); spec && spec->model) overrides.set(k, v);
    }
    auto it = experiments.find(experiment);
    if (it != experiments.end()) {
        for (const auto& [k, v] : it->second.items()) overrides.set(k, v);
    }
    return overrides;
}

ReportConfig parse_report_config(const std::string& text, const std::string& source, const ConfigSchema& schema) {
    ReportConfig config;
    config.source = source;
    // Our own check first: toml++ has undefined behaviour on some non-ASCII
    // characters (toml_text.hpp), and a document must be UTF-8 anyway.
    detail::check_toml_text(text, source);
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << source << ":" << e.source().begin.line << ": TOML syntax error: " << one_line_description(e.description());
        throw ConfigError(msg.str());
    }
    const Reader reader(source);
    for (const auto& [key, node] : root) {
        const std::string k(key.str());
        const auto* table = node.as_table();
        if (!table) reader.fail(node, "'" + k + "' must be a table ([run], [fit], [model], [experiments.<name>])");
        if (k == "run") read_run(*table, reader, config);
        else if (k == "fit") read_fit(*table, reader, config);
        else if (k == "model") read_model(*table, reader, config, schema);
        else if (k == "experiments") read_experiments(*table, reader, config, schema);
        else reader.fail(node, "unknown table [" + k + "] (expected run, fit, model, experiments)");
    }
    return config;
}

ReportConfig load_report_config(const std::string& path, const ConfigSchema& schema, const fitting::InputLimits& limits) {
    std::string text;
    try {
        text = fitting::read_text_file(path, limits);
    } catch (const fitting::InputError& e) {
        throw ConfigError(e.what());
    }
    return parse_report_config(text, path, schema);
}

namespace {

// The keys of the configuration that reach experiment `e` ([experiments.e]
// keys and the [model] keys it declares as model parameters), in file order.
std::vector<std::pair<int, std::string>> keys_reaching(const ReportConfig& c, const validation::Experiment& e) {
    std::vector<std::pair<int, std::string>> keys;
    const std::string own = "experiments." + e.name() + ".";
    for (const auto& [key, line] : c.lines) {
        bool reaches = key.rfind(own, 0) == 0;
        if (!reaches && key.rfind("model.", 0) == 0) {
            const ParameterSpec* spec = find_spec(e.parameters(), key.substr(6));
            reaches = spec && spec->model;
        }
        if (reaches) keys.emplace_back(line, key);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
}

}  // namespace

void validate_experiments(const ReportConfig& c) {
    for (const auto& e : validation::experiments()) {
        try {
            e.resolve(c.overrides_for(e.name(), e.parameters()));
        } catch (const numerics::DomainError& error) {
            const std::string own = "experiments." + e.name() + "." + error.argument();
            const std::string shared = "model." + error.argument();
            const ParameterSpec* spec = find_spec(e.parameters(), error.argument());
            if (c.lines.count(own)) throw ConfigError(c.locate(own) + error.what());
            if (spec && spec->model && c.lines.count(shared)) {
                throw ConfigError(c.locate(shared) + error.what() + " (in experiment " + e.name() + ")");
            }
            // The value refused is the experiment's own default: the keys
            // that do reach it made it invalid, so the message names them
            // (the first at its line), and says that [model] does not set it.
            const auto keys = keys_reaching(c, e);
            std::string set_by;
            for (const auto& [line, key] : keys) set_by += (set_by.empty() ? "" : ", ") + key;
            std::string text = (keys.empty() ? c.source + ": " : c.locate(keys.front().second)) + "in experiment " +
                               e.name() + ", " + error.what();
            if (spec) {
                text += "; " + error.argument() + " is the experiment's default";
                if (!spec->model && c.lines.count(shared))
                    text += " ([model] " + error.argument() + " does not reach this experiment)";
                text += ": set [experiments." + e.name() + "] " + error.argument();
            }
            if (!keys.empty()) text += " (the configuration sets " + set_by + " for it)";
            throw ConfigError(text);
        }
    }
}

std::string config_template(const ConfigSchema& schema) {
    std::string t =
        "# sklaws report configuration. Every key is shown at its default; uncomment\n"
        "# and edit, then pass the file back with --config FILE. Each commented key\n"
        "# states its type, domain and meaning.\n\n"
        "[run]\n"
        "seed = 20250409                 # every experiment and bootstrap uses this seed\n"
        "threads = 0                     # 0 = all cores; results do not depend on it\n"
        "z_threshold = 4.0               # 1 <= z <= 10: a z-test passes when |z| <= this (every z-test)\n"
        "quick_replicate_fraction = 0.1  # --quick: replicates = max(min, fraction x default)\n"
        "quick_min_replicates = 100\n\n"
        "[fit]\n"
        "bootstrap = 200                 # resamples behind each exponent's interval\n"
        "confidence = 0.95               # of those intervals\n"
        "data_drop_highest = 5           # --data: drop this many highest-loss runs first (Besiroglu et al.; --exclude-top-loss)\n\n"
        "# The Syntax-Knowledge model: these keys reach every experiment that has\n"
        "# them, so all claims are about the same model.\n"
        "[model]\n";
    for (const auto& spec : schema.model) {
        t += "# " + spec.name + " = " + validation::format_parameter(spec.default_value) + "\n" + describe(spec) + "\n";
    }
    for (const auto& e : schema.experiments) {
        t += "\n# " + e.summary + " (default " + std::to_string(e.default_replicates) + " replicates)\n";
        t += "[experiments." + e.name + "]\n";
        for (const auto& spec : e.parameters) {
            t += "# " + spec.name + " = " + validation::format_parameter(spec.default_value) + "\n" +
                 describe(spec) + (spec.model ? " (also set by [model])" : "") + "\n";
        }
    }
    return t;
}

const std::string& default_config_text() {
    static const std::string text = config_template();
    return text;
}

}  // namespace sklaws::reports
