// `sklaws theory <quantity> [options] [--digits D] [--json]`: prints one
// closed form of docs/theory.md §3 to D significant digits with the digits the
// evaluation guarantees. Quantities register themselves from
// cli/*_quantities.cpp (theory_quantity.hpp); this file makes each one a
// sub-command with its declared options, reads --digits/--json and prints.
// Precision policy: theory_format.hpp.
#include "command_registry.hpp"
#include "theory_grid.hpp"
#include "theory_format.hpp"
#include "theory_query.hpp"
#include "theory_quantity.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <iostream>
#include <memory>

namespace sklaws::cli {

std::vector<TheoryQuantity>& theory_quantities() {
    static std::vector<TheoryQuantity> quantities;
    return quantities;
}

namespace {

constexpr unsigned default_digits = 20;
constexpr unsigned max_digits = 1000;

unsigned read_digits(const ParsedOptions& args) {
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
    for (const auto& [key, value] : result.extra.items()) out << key << " = " << value.dump() << "\n";
}

const TheoryQuantity& find_quantity(const std::string& name) {
    const auto& quantities = theory_quantities();
    auto it = std::find_if(quantities.begin(), quantities.end(), [&](const auto& q) { return q.name == name; });
    if (it == quantities.end()) throw UsageError("unknown quantity '" + name + "' (see sklaws theory --help)");
    return *it;
}

// --name X|LIST|RANGE: one value, a list a,b,c or a range start:stop:count
// (theory_grid.hpp), each value checked with the option's own grammar.
CLI::Option* grid_option(CLI::App& app, const QuantityOption& o) {
    const bool count = o.kind == OptionKind::count;
    const std::string what = "option --" + o.name;
    auto check = [name = o.name, count, what](std::string& value) -> std::string {
        if (value.size() > 2 && value.rfind("--", 0) == 0) return "expects a value, got the option " + value;
        try {
            for (const auto& v : grid_values(name, value, count)) count ? (void)parse_count(v, what) : (void)parse_real(v, what);
        } catch (const UsageError& e) {
            return e.what();
        }
        return {};
    };
    const std::string doc = o.doc + "; or a grid: a,b,c or start:stop:count";
    return app.add_option("--" + o.name, doc)
        ->check(CLI::Validator(check, ""))
        ->type_name(count ? "N" : "X");
}

// The sub-command of one quantity: its declared options (each numeric one
// also as a grid), --digits, --json and --csv.
void declare_quantity_command(CLI::App& sub, const TheoryQuantity& q) {
    declare_quantity_options(sub, q, true);
    count_option(sub, "digits", "significant digits D (1.." + std::to_string(max_digits) + ")")
        ->default_str(std::to_string(default_digits));
    flag_option(sub, "json", "print one JSON object (a JSON array of them for a grid)");
    flag_option(sub, "csv", "a grid's table as CSV");
}

// The options given, as words ("--name value"), for grid expansion.
std::vector<std::string> given_words(const TheoryQuantity& q, const ParsedOptions& args) {
    std::vector<std::string> words;
    for (const auto& o : q.options) {
        if (!args.has(o.name)) continue;
        words.push_back("--" + o.name);
        if (o.kind != OptionKind::flag) words.push_back(args.required_text(o.name));
    }
    return words;
}

GridKind grid_kind(const TheoryQuantity& q, const std::string& name) {
    for (const auto& o : q.options) {
        if (o.name != name) continue;
        return o.kind == OptionKind::real ? GridKind::real : o.kind == OptionKind::count ? GridKind::count : GridKind::none;
    }
    return GridKind::none;
}

// The option values in which grid point `words` differs from the first
// point `first` (same words but for the axes' values), by option name.
OptionOverrides point_overrides(const std::vector<std::string>& first, const std::vector<std::string>& words) {
    OptionOverrides out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i] == first[i]) continue;
        const std::string& w = words[i];
        const auto eq = w.find('=');
        if (w.rfind("--", 0) == 0 && eq != std::string::npos) {
            out.emplace_back(w.substr(2, eq - 2), w.substr(eq + 1));  // --name=value
        } else {
            out.emplace_back(words[i - 1].substr(2), w);  // --name value (axes are values)
        }
    }
    return out;
}

// Every point of a grid in this process, in one pass. The command line is
// parsed once, with the quantity's strict options, at the first point (the
// other points' values were checked with the same grammar when the grid was
// expanded); each further point reads its own axis values through
// ParsedOptions' overrides, so no option parser runs per point. n-free work
// cached by theory/ (K1's warm path) and by real_input (the inputs' decimal
// conversion) is re-used from point to point. `row` gets each point's
// single-point object, in grid order.
void evaluate_grid(const TheoryQuantity& q, const std::vector<std::vector<std::string>>& points, unsigned digits,
                   const std::function<void(const nlohmann::ordered_json&)>& row) {
    CLI::App app{"", "sklaws theory " + q.name};
    declare_quantity_options(app, q);
    parse_words(app, points.front());
    OptionOverrides overrides;
    for (const auto& words : points) {
        overrides = point_overrides(points.front(), words);
        row(theory_result_json(q, evaluate_checked(q, ParsedOptions(app, &overrides), digits)));
    }
}

TheoryResult evaluate_parsed(const TheoryQuantity& q, const ParsedOptions& args) {
    return evaluate_checked(q, args, read_digits(args));
}

// "Outputs: value (...); cumulative (...), not where n > 1e5": the declared
// results, for the quantity's --help.
std::string results_footer(const TheoryQuantity& q) {
    std::string text = "Outputs (--json keys <name>, <name>_digits, <name>_arithmetic; value: value, digits, arithmetic):";
    for (const auto& r : q.results) {
        text += "\n  " + r.name + ": " + r.doc;
        if (!r.with_options.empty()) {
            text += " (with --" + r.with_options.front();
            for (std::size_t i = 1; i < r.with_options.size(); ++i) text += " or --" + r.with_options[i];
            text += ")";
        }
        if (!r.absent_where.empty()) text += "; absent where " + r.absent_where;
    }
    return text;
}


std::function<int()> setup_theory(CLI::App& app) {
    app.require_subcommand(1);
    app.description("Prints a closed form of docs/theory.md to D significant digits (default " +
                    std::to_string(default_digits) + ", 1.." + std::to_string(max_digits) +
                    ") with the digits the evaluation guarantees. D <= 15 is evaluated in double when every input is "
                    "exactly a double and the value is a normal double; otherwise (and for larger D) in "
                    "multiprecision from the inputs as typed, with guard digits. The output says which "
                    "(\"arithmetic\" in --json). A value outside every range that can be printed (MPFR's exponent "
                    "range) and an input outside a formula's domain exit 2 with a message naming it. N accepts "
                    "1e12-style integers up to 1e18.");
    app.footer("`sklaws theory <quantity> --help` lists its options.");
    name_subcommands(app, "quantity");
    auto& quantities = theory_quantities();
    std::sort(quantities.begin(), quantities.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    auto chosen = std::make_shared<const TheoryQuantity*>(nullptr);
    for (const auto& q : quantities) {
        CLI::App* sub = app.add_subcommand(q.name, "[" + q.label + "] " + q.summary);
        sub->group("Quantities");
        declare_quantity_command(*sub, q);
        sub->footer(results_footer(q));
        sub->final_callback([chosen, quantity = &q] { *chosen = quantity; });
    }
    return [&app, chosen] {
        const TheoryQuantity& q = **chosen;
        const ParsedOptions args(*app.get_subcommands().front());
        const auto points = expand_grid(given_words(q, args), [&q](const std::string& name) { return grid_kind(q, name); });
        if (points.size() > 1 || args.flag("csv")) {
            const unsigned digits = read_digits(args);
            if (args.flag("json")) {
                // The array's text, object by object (what dump() of the
                // array prints), written once at the end: nothing is printed
                // if a point fails.
                std::string text = "[";
                evaluate_grid(q, points, digits, [&text](const nlohmann::ordered_json& row) {
                    if (text.size() > 1) text += ',';
                    text += row.dump();
                });
                text += "]\n";
                std::cout << text;
            } else {
                std::vector<nlohmann::ordered_json> rows;
                rows.reserve(points.size());
                evaluate_grid(q, points, digits, [&rows](const nlohmann::ordered_json& row) { rows.push_back(row); });
                if (!args.flag("csv")) std::cout << q.name << " [" << q.label << "], " << rows.size() << " points\n";
                std::cout << grid_table(rows, args.flag("csv"));
            }
            return 0;
        }
        const TheoryResult result = evaluate_parsed(q, args);
        if (args.flag("json")) {
            std::cout << theory_result_json(q, result).dump() << "\n";
        } else {
            print_plain(q, result, std::cout);
        }
        return 0;
    };
}

}  // namespace

void declare_quantity_options(CLI::App& app, const TheoryQuantity& q, bool grids) {
    std::vector<CLI::Option*> alternatives;
    for (const auto& o : q.options) {
        CLI::Option* option = nullptr;
        switch (o.kind) {
            case OptionKind::real: option = grids ? grid_option(app, o) : real_option(app, o.name, o.doc); break;
            case OptionKind::count: option = grids ? grid_option(app, o) : count_option(app, o.name, o.doc); break;
            case OptionKind::flag: option = flag_option(app, o.name, o.doc); break;
            case OptionKind::text: option = text_option(app, o.name, o.doc); break;
        }
        if (o.required && !o.exclusive) option->required();
        if (o.exclusive) {
            for (CLI::Option* other : alternatives) option->excludes(other);
            alternatives.push_back(option);
        }
    }
}

std::string quantity_usage(const TheoryQuantity& q) {
    std::string usage;
    bool in_alternatives = false;
    for (const auto& o : q.options) {
        std::string word = "--" + o.name;
        if (o.kind != OptionKind::flag)
            word += o.kind == OptionKind::count ? " N" : o.kind == OptionKind::text ? " TEXT" : " X";
        if (!o.exclusive && !o.required) word = "[" + word + "]";
        usage += (usage.empty() ? "" : o.exclusive && in_alternatives ? " | " : " ") + word;
        in_alternatives = o.exclusive;
    }
    return usage;
}

TheoryResult run_theory_query(const std::vector<std::string>& words, const TheoryQuantity** quantity) {
    if (words.empty()) throw UsageError("missing quantity (see sklaws theory --help)");
    const TheoryQuantity& q = find_quantity(words[0]);
    if (quantity) *quantity = &q;
    CLI::App app{"", "sklaws theory " + q.name};
    declare_quantity_command(app, q);
    parse_words(app, std::vector<std::string>(words.begin() + 1, words.end()));
    return evaluate_parsed(q, ParsedOptions(app));
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
    for (const auto& [key, value] : result.extra.items()) json[key] = value;
    return json;
}

TheoryResult evaluate_quantity(const TheoryQuantity& q, const std::vector<std::string>& words, unsigned digits) {
    CLI::App app{"", "sklaws theory " + q.name};
    declare_quantity_options(app, q);
    parse_words(app, words);
    return evaluate_checked(q, ParsedOptions(app), digits);
}

std::vector<const QuantityResult*> applicable_results(const TheoryQuantity& q,
                                                      const std::function<bool(const std::string&)>& given) {
    std::vector<const QuantityResult*> out;
    for (const auto& r : q.results)
        if (r.with_options.empty() || std::any_of(r.with_options.begin(), r.with_options.end(), given)) out.push_back(&r);
    return out;
}

TheoryResult evaluate_checked(const TheoryQuantity& q, const ParsedOptions& args, unsigned digits) {
    TheoryResult result = q.evaluate(args, digits);
    if (result.label.empty()) result.label = q.label;
    const auto expected = applicable_results(q, [&args](const std::string& name) { return args.has(name); });
    std::size_t next = 0;  // outputs appear in declared order, a subset of `expected`
    for (const auto& o : result.outputs) {
        while (next < expected.size() && expected[next]->name != o.name) {
            if (expected[next]->absent_where.empty())
                throw std::logic_error("theory " + q.name + ": output '" + expected[next]->name + "' is missing");
            ++next;
        }
        if (next == expected.size())
            throw std::logic_error("theory " + q.name + ": output '" + o.name +
                                   "' is not declared for these options (or out of order)");
        ++next;
    }
    for (; next < expected.size(); ++next)
        if (expected[next]->absent_where.empty())
            throw std::logic_error("theory " + q.name + ": output '" + expected[next]->name + "' is missing");
    return result;
}

namespace {

const RegisterCommand registration{{"theory", "print a closed form of the theory to the digits you ask for", setup_theory}};

}  // namespace
}  // namespace sklaws::cli
