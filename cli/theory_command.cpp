// `sklaws theory <quantity> [options] [--digits D] [--json]`: prints one
// closed form of docs/theory.md §3 to D significant digits with the digits the
// evaluation guarantees. Quantities register themselves from
// cli/*_quantities.cpp (theory_quantity.hpp); this file only dispatches,
// reads --digits/--json and prints. Precision policy: theory_format.hpp.
#include "command_registry.hpp"
#include "theory_format.hpp"
#include "theory_query.hpp"
#include "theory_quantity.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace sklaws::cli {

std::vector<TheoryQuantity>& theory_quantities() {
    static std::vector<TheoryQuantity> quantities;
    return quantities;
}

namespace {

constexpr unsigned default_digits = 20;
constexpr unsigned max_digits = 1000;

void print_theory_help(std::ostream& out) {
    auto quantities = theory_quantities();
    std::sort(quantities.begin(), quantities.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    out << "usage: sklaws theory <quantity> [options] [--digits D] [--json]\n\n"
           "Prints a closed form of docs/theory.md to D significant digits (default "
        << default_digits << ", 1.." << max_digits
        << ") with the digits the evaluation guarantees;\n"
           "D <= 15 is evaluated in double when every input is exactly a double and the value is a normal double;\n"
           "otherwise (and for larger D) in multiprecision from the inputs as typed, with guard digits.\n"
           "The output says which (\"arithmetic\" in --json). A value outside every range that can be printed\n"
           "(MPFR's exponent range) and an input outside a formula's domain exit 2 with a message naming it.\n"
           "N accepts 1e12-style integers up to 1e18.\n\nquantities:\n";
    for (const auto& q : quantities) {
        out << "  " << q.name << " [" << q.label << "] " << q.usage << "\n      " << q.summary << "\n";
    }
}

const TheoryQuantity& find_quantity(const std::string& name) {
    const auto& quantities = theory_quantities();
    auto it = std::find_if(quantities.begin(), quantities.end(), [&](const auto& q) { return q.name == name; });
    if (it == quantities.end()) throw UsageError("unknown quantity '" + name + "' (see sklaws theory --help)");
    return *it;
}

unsigned read_digits(Arguments& args) {
    const auto text = args.text("digits");
    if (!text) return default_digits;
    const std::string expected = "--digits expects an integer in 1.." + std::to_string(max_digits) + ", got '" + *text + "'";
    std::uint64_t digits = 0;
    try {
        digits = parse_count(*text, "--digits", max_digits);
    } catch (const UsageError&) {
        throw UsageError(expected);
    }
    if (digits < 1) throw UsageError(expected);
    return static_cast<unsigned>(digits);
}

}  // namespace

TheoryResult run_theory_query(const std::vector<std::string>& words, const TheoryQuantity** quantity) {
    if (words.empty()) throw UsageError("missing quantity (see sklaws theory --help)");
    const TheoryQuantity& q = find_quantity(words[0]);
    if (quantity) *quantity = &q;
    Arguments args(std::vector<std::string>(words.begin() + 1, words.end()), {"json", "help", "asymptotic", "exact"});
    args.flag("json");
    args.flag("help");
    const unsigned digits = read_digits(args);
    TheoryResult result = q.evaluate(args, digits);
    args.finish();
    if (result.label.empty()) result.label = q.label;
    return result;
}

nlohmann::ordered_json theory_result_json(const TheoryQuantity& q, const TheoryResult& result) {
    nlohmann::ordered_json json;
    json["quantity"] = q.name;
    json["label"] = result.label;
    for (const auto& [key, value] : result.inputs.items()) json[key] = value;
    for (const auto& o : result.outputs) {
        json[o.name] = o.value;
        // Digits are whole numbers in practice; print them as integers.
        const std::string prefix = o.name == "value" ? std::string() : o.name + "_";
        json[prefix.empty() ? std::string("digits") : prefix + "digits"] = static_cast<long>(o.digits);
        json[prefix + "arithmetic"] = o.arithmetic;
    }
    return json;
}

namespace {

void print_plain(const TheoryQuantity& q, const TheoryResult& result, std::ostream& out) {
    out << q.name << " [" << result.label << "]";
    for (const auto& [key, value] : result.inputs.items()) {
        out << " " << key << "=" << (value.is_string() ? value.get<std::string>() : value.dump());
    }
    out << "\n";
    for (const auto& o : result.outputs) {
        out << (o.name == "value" ? q.name : o.name) << " = " << o.value << "  (" << o.digits << " digits guaranteed, "
            << o.arithmetic << ")\n";
    }
}

int run_theory(const std::vector<std::string>& words) {
    if (words.empty()) {
        print_theory_help(std::cerr);
        return 2;
    }
    if (words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
        print_theory_help(std::cout);
        return 0;
    }
    const TheoryQuantity& q = find_quantity(words[0]);
    const std::vector<std::string> options(words.begin() + 1, words.end());
    Arguments args(options, {"json", "help", "asymptotic", "exact"});
    if (args.flag("help")) {
        std::cout << "usage: sklaws theory " << q.name << " " << q.usage << " [--digits D] [--json]\n  [" << q.label
                  << "] " << q.summary << "\n";
        return 0;
    }
    const bool json = args.flag("json");
    const TheoryResult result = run_theory_query(words);
    if (json) {
        std::cout << theory_result_json(q, result).dump() << "\n";
    } else {
        print_plain(q, result, std::cout);
    }
    return 0;
}

const RegisterCommand registration{{"theory", "print a closed form of the theory to the digits you ask for", run_theory}};

}  // namespace
}  // namespace sklaws::cli
