// `sklaws theory <quantity>`: each quantity registers itself here from a
// *_quantities.cpp file, so that the knowledge (K*), syntax/redundancy (S*, R*)
// and scaling/acquisition (D*, M*, X*, A*, F*, H*) tables can live apart.
//
// A quantity declares its options (name, kind, whether required, one-line
// doc); theory_command.cpp makes each quantity a CLI11 sub-command with those
// options plus --digits and --json, so `sklaws theory <quantity> --help`
// lists them and a bad value is refused while parsing.
#pragma once

#include "options.hpp"

#include <CLI/CLI.hpp>

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
    // Structured results beside the outputs (e.g. structure-function's
    // "points" array), copied into the JSON object as they are.
    nlohmann::ordered_json extra = nlohmann::ordered_json::object();
};

// text: any text (e.g. a list of template weights "0.7,0.2,0.1"), never a grid.
enum class OptionKind { real, count, flag, text };

struct QuantityOption {
    std::string name;  // without --
    OptionKind kind = OptionKind::real;
    std::string doc;
    bool required = true;
    // One of a set of alternatives ("--data-exponent X | --model-exponent X"):
    // the exclusive options of a quantity exclude each other.
    bool exclusive = false;
};

// The options every quantity of a family shares, documented once.
inline QuantityOption alpha_input() { return {"alpha", OptionKind::real, "Pitman-Yor discount alpha, 0 <= alpha < 1"}; }
inline QuantityOption beta_input() { return {"beta", OptionKind::real, "Pitman-Yor concentration beta > -alpha"}; }
inline QuantityOption n_input(std::string doc = "sample size n (1e12 notation allowed, up to 1e18)") {
    return {"n", OptionKind::count, std::move(doc)};
}

// One named result a quantity prints, declared with the quantity so that
// the set of outputs of a call is known from the options given, before
// evaluating and whatever their values: the Python module returns the same
// keys for every element of an array call, and `--help` lists them. Every
// evaluation is checked against the declaration (evaluate_checked).
struct QuantityResult {
    std::string name;  // "value" for the main result (JSON: value, digits, arithmetic), else e.g. "cumulative"
    std::string doc;
    // Printed only when one of these options is given (empty: always).
    std::vector<std::string> with_options = {};
    // Where it is not printed although its options are given (empty: it
    // always is), e.g. R1's cumulative: "n > 1e5". The Python module gives
    // None (NaN in an array) there.
    std::string absent_where = {};
};

struct TheoryQuantity {
    std::string name;     // e.g. "expected-tables"
    std::string label;    // e.g. "K1"
    std::string summary;  // one line for `sklaws theory --help`
    std::vector<QuantityOption> options;
    std::vector<QuantityResult> results;  // in the order they are printed
    // Reads its options from args (--digits already read by the caller and
    // passed as `digits`), evaluates, returns the result.
    std::function<TheoryResult(const ParsedOptions& args, unsigned digits)> evaluate;
};

std::vector<TheoryQuantity>& theory_quantities();

// Declares q's options on `app` (the sub-command's, without --digits/--json);
// with `grids`, each numeric option also accepts a list or range (theory_grid.hpp).
void declare_quantity_options(CLI::App& app, const TheoryQuantity& q, bool grids = false);

// "--alpha A --beta B --n N [--asymptotic]": q's options as a usage line.
std::string quantity_usage(const TheoryQuantity& q);

// The outputs a call prints when the options for which given(name) is true
// are given, in declaration order (each may still be absent where its
// absent_where says).
std::vector<const QuantityResult*> applicable_results(const TheoryQuantity& q,
                                                      const std::function<bool(const std::string&)>& given);

// q.evaluate, the label defaulted to q's, and the outputs checked against
// the declaration: each one declared and applicable, in declared order, and
// every applicable one without absent_where present (std::logic_error, a
// defect of the quantity, otherwise).
TheoryResult evaluate_checked(const TheoryQuantity& q, const ParsedOptions& args, unsigned digits);

// q from its option words as typed after `sklaws theory <name>` (without
// --digits/--json), at D digits: the command's parsing, evaluation and
// messages, without printing (the Python module calls it).
TheoryResult evaluate_quantity(const TheoryQuantity& q, const std::vector<std::string>& words, unsigned digits);

struct RegisterTheoryQuantity {
    explicit RegisterTheoryQuantity(TheoryQuantity q) { theory_quantities().push_back(std::move(q)); }
};

}  // namespace sklaws::cli
