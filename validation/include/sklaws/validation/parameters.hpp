// Typed experiment parameters (see experiment.hpp for how an experiment
// declares them).
//
// A parameter has one name, used unchanged as the `sklaws simulate` option
// (--alpha), the report's TOML key (alpha = 0.5), the JSON field ("alpha")
// and the row of the report's parameter table; a kind (real, integer, or a
// list of either); a domain; a one-line doc; and a default. Every layer that
// reads a value (command line, TOML, JSON) converts it to the declared kind
// first and refuses what does not fit (a real for an integer, text for a
// number, an integer a double cannot hold exactly for a real), then
// check_parameter() applies the domain. So an experiment's run function only
// ever sees values of the declared types inside their declared domains.
//
// Model parameters (`model = true`) are those of the Syntax-Knowledge model
// itself (α, β, names M, values V, templates S, prior a, noise ε): the
// report's [model] table sets them for every experiment that has them, so
// every claim is about the same model. A model parameter has the same kind in
// every experiment that declares it (the registry checks this).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sklaws::validation {

enum class ParameterKind { real, count, real_list, count_list };

// The value of one parameter: real, non-negative integer, or a list of either.
using ParameterValue = std::variant<double, std::uint64_t, std::vector<double>, std::vector<std::uint64_t>>;

// Where a number (or every element of a list) must lie: low ≤ x ≤ high, with
// either end open on request; lists may also have to increase strictly.
struct Domain {
    double low = -std::numeric_limits<double>::infinity();
    double high = std::numeric_limits<double>::infinity();
    bool low_open = false;
    bool high_open = false;
    bool increasing = false;
};

struct ParameterSpec {
    std::string name;  // option, TOML key and JSON field; [a-z0-9-]
    ParameterKind kind = ParameterKind::real;
    std::string doc;   // one line, for --help, the config schema and the report
    Domain domain;
    bool model = false;
    ParameterValue default_value;

    // "real", "integer", "list of reals", "list of integers".
    std::string type_name() const;
    // "0 <= alpha < 1", "increasing, 1 <= n <= 1e7", "beta > -1".
    std::string domain_text() const;
};

ParameterKind kind_of(const ParameterValue& value);
const char* kind_name(ParameterKind kind);

// Throws numerics::DomainError(spec.name, ...) unless `value` has the spec's
// kind, is finite, lies in the domain and (lists) is non-empty and, where
// required, strictly increasing. The message names the parameter and the
// domain, e.g. "alpha = 1.5 is outside 0 <= alpha < 1".
void check_parameter(const ParameterSpec& spec, const ParameterValue& value);

// "0.5", "10000", "[10, 100, 1000]" (reals to 17 significant digits at most,
// so that the text reads back to the same double).
std::string format_parameter(const ParameterValue& value);
// A compact number for domain texts and help: "1e7", "0.25", "100000".
std::string short_number(double x);

nlohmann::ordered_json to_json(const ParameterValue& value);

// The JSON value as the spec's kind; a wrong type is a DomainError naming the
// parameter (the domain is not checked here: check_parameter does that).
ParameterValue parameter_from_json(const ParameterSpec& spec, const nlohmann::ordered_json& value);

// The values of one experiment's parameters, in declaration order.
class ParameterValues {
public:
    void set(const std::string& name, ParameterValue value);
    bool contains(const std::string& name) const;
    // Throws DomainError(name) when absent.
    const ParameterValue& at(const std::string& name) const;
    const std::vector<std::pair<std::string, ParameterValue>>& items() const { return items_; }
    bool empty() const { return items_.empty(); }

private:
    std::vector<std::pair<std::string, ParameterValue>> items_;
};

// {"alpha": 0.5, "n": [10, 100], ...}
nlohmann::ordered_json to_json(const ParameterValues& values);

}  // namespace sklaws::validation
