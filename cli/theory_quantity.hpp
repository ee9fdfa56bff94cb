// `sklaws theory <quantity>`: each quantity registers itself here from a
// *_quantities.cpp file, so that the knowledge (K*), syntax/redundancy (S*, R*)
// and scaling/acquisition (D*, M*, X*, A*, F*, H*) tables can live apart.
#pragma once

#include "arguments.hpp"

#include <sklaws/numerics/evaluation.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sklaws::cli {

// What a quantity prints: `inputs` echoes the options (as typed, so 1e15
// stays "1e15"), `outputs` holds the named results. Each output carries its
// value as a decimal string with the requested significant digits and the
// digits the evaluation guarantees.
struct TheoryOutput {
    std::string name;    // "value" for the main result, else e.g. "cumulative"
    std::string value;   // decimal string, D significant digits
    double digits = 0;   // digits guaranteed
    // On the double path (D <= 15), the double result and its bound before
    // rendering, for callers that want the number itself (the Python module).
    std::optional<numerics::Evaluation<double>> double_result;
    // "double", or "multiprecision" with the reason the double path was not
    // taken for D <= 15 (an input not exactly a double, a value outside the
    // double range); the digits are always relative to the inputs as typed.
    std::string arithmetic = "double";
};

struct TheoryResult {
    nlohmann::ordered_json inputs = nlohmann::ordered_json::object();
    std::vector<TheoryOutput> outputs;
    std::string label;   // docs/theory.md label, e.g. "K1"
};

struct TheoryQuantity {
    std::string name;     // e.g. "expected-tables"
    std::string label;    // e.g. "K1"
    std::string summary;  // one line for `sklaws theory --help`
    std::string usage;    // options, e.g. "--alpha A --beta B --n N"
    // Reads its options from args (digits already consumed by the caller and
    // passed as `digits`), evaluates, returns the result. Must not call finish().
    std::function<TheoryResult(Arguments& args, unsigned digits)> evaluate;
};

std::vector<TheoryQuantity>& theory_quantities();

struct RegisterTheoryQuantity {
    explicit RegisterTheoryQuantity(TheoryQuantity q) { theory_quantities().push_back(std::move(q)); }
};

}  // namespace sklaws::cli
