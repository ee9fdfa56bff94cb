// sklaws.theory: one Python function per `sklaws theory` quantity, made from
// the CLI's own quantity registry (cli/theory_quantity.hpp) at import time —
// no list of names here, so a quantity added to the CLI appears in Python
// without an edit.
//
// A call turns its arguments into the option words the command would read
// (alpha=0.5 → "--alpha 0.5") and evaluates them with
// evaluate_theory_quantity, so values, digits and error messages are the
// command's. Modes:
//   * numbers in (float/int, numpy scalars)  → float out: the double path
//     (as `--digits 15`), the double result itself, not its 15-digit text;
//   * a decimal string in, or digits=D       → str with D significant digits
//     (default 20), exactly `--json`'s value;
//   * return_error=True or the `<name>_e` twin → Evaluation(value, digits,
//     error, label): digits guaranteed (and the bound on the double path);
//   * any argument an array/list               → numpy broadcasting, one call,
//     float64 (or object, for strings) arrays out.
// A quantity's outputs are those it declares (TheoryQuantity::results) for
// the options given — never a function of the values: one declared "value"
// gives the bare result, several give a dict keyed by output name ("value",
// "per_token", ...) with every applicable key, None (NaN in a float array,
// digits 0) where an output is absent at those values (its absent_where).
// The GIL is released while evaluating; long array calls check for Ctrl-C
// between chunks.
#include "theory_module.hpp"

#include "names.hpp"

#include "theory_evaluation.hpp"
#include "theory_format.hpp"
#include "theory_quantity.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>
#include <optional>
#include <map>
#include <string>
#include <vector>

namespace py = pybind11;

namespace sklaws::python {
namespace {

struct LabelDoc {
    const char* label;
    const char* title;
    const char* domain;
    const char* accuracy;
};

const LabelDoc label_docs[] = {
#include "label_docs.inc"
};

const LabelDoc* find_label_doc(const std::string& label) {
    for (const auto& doc : label_docs)
        if (label == doc.label) return &doc;
    return nullptr;
}

// One option of a quantity, as the quantity declares it (theory_quantity.hpp).
struct OptionSpec {
    std::string name;       // CLI name, "data-exponent"
    std::string python;     // keyword, "data_exponent"
    bool flag = false;      // takes no value
    bool required = false;  // positional in Python, in declaration order
};

std::vector<OptionSpec> options_of(const cli::TheoryQuantity& q) {
    std::vector<OptionSpec> options;
    for (const auto& o : q.options) {
        const bool flag = o.kind == cli::OptionKind::flag;
        options.push_back({o.name, python_name(o.name), flag, o.required && !flag});
    }
    return options;
}

// The exact decimal value of the double ("5e-01", "1e+06",
// "1.000000000000000055511151231257827...e-01"): a Python float is an exact
// double, and `sklaws theory` keeps the double path (and its double result)
// only for inputs that are exactly a double, evaluating shorter decimals such
// as "0.1" in multiprecision as the decimal they denote.
std::string double_text(double x) {
    char exact[800];
    const auto end = std::to_chars(exact, exact + sizeof exact, x, std::chars_format::scientific, 766).ptr;
    const std::string text(exact, end);
    const auto e = text.find('e');
    std::string mantissa = text.substr(0, e);
    while (mantissa.size() > 1 && mantissa.back() == '0') mantissa.pop_back();
    if (mantissa.back() == '.') mantissa.pop_back();
    return mantissa + text.substr(e);
}

// One argument: either text for the option (with whether it was given as a
// string), or a flag.
struct Scalar {
    std::string text;
    bool is_string = false;
};

bool is_array_like(py::handle value) {
    if (py::isinstance<py::str>(value) || py::isinstance<py::bytes>(value)) return false;
    if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) return true;
    if (py::hasattr(value, "__array__") && py::hasattr(value, "ndim")) return value.attr("ndim").cast<int>() > 0;
    return false;
}

Scalar scalar_text(py::handle value, const std::string& option) {
    if (py::isinstance<py::str>(value)) return {value.cast<std::string>(), true};
    if (py::isinstance<py::bool_>(value))
        throw py::type_error("option " + option + " takes a number, got a bool");
    if (PyFloat_Check(value.ptr())) return {double_text(value.cast<double>()), false};
    if (PyLong_Check(value.ptr())) return {py::str(value).cast<std::string>(), false};
    if (py::hasattr(value, "dtype")) {  // numpy scalar or 0-d array
        const std::string kind = py::str(value.attr("dtype").attr("kind")).cast<std::string>();
        if (kind == "f") return {double_text(value.cast<double>()), false};
        if (kind == "i" || kind == "u") return {py::str(value.attr("item")()).cast<std::string>(), false};
        if (kind == "U" || kind == "S" || kind == "O") return scalar_text(value.attr("item")(), option);
    }
    if (py::hasattr(value, "__index__"))
        return {py::str(py::int_(py::reinterpret_borrow<py::object>(value))).cast<std::string>(), false};
    // Decimal, Fraction-free exact decimals, mpmath.mpf: their decimal text.
    return {py::str(value).cast<std::string>(), true};
}

struct Call {
    std::vector<const cli::QuantityResult*> outputs;  // declared for the options given, in order
    std::vector<std::string> given;               // option names given (flags only when true)
    std::vector<std::string> fixed_words;         // scalar options and flags
    std::vector<std::string> array_options;       // "--n", one per array argument
    std::vector<py::object> arrays;               // broadcast, raveled
    py::tuple shape;                              // broadcast shape (arrays only)
    bool string_mode = false;
    unsigned digits = cli::max_double_digits;
    bool return_error = false;
};

py::object output_value(const cli::TheoryOutput& o, bool string_mode) {
    if (string_mode || !o.double_result) return string_mode ? py::object(py::str(o.value)) : py::object(py::float_(std::stod(o.value)));
    return py::float_(o.double_result->val);
}

py::object evaluation_object(const cli::TheoryOutput& o, const std::string& label, bool string_mode,
                             py::handle evaluation_type) {
    py::object error = py::none();
    if (!string_mode && o.double_result) error = py::float_(o.double_result->err);
    return evaluation_type(output_value(o, string_mode), py::float_(o.digits), error, py::str(label));
}

// The output called `name` of a result, or nullptr where it is absent.
const cli::TheoryOutput* find_output(const cli::TheoryResult& result, const std::string& name) {
    for (const auto& o : result.outputs)
        if (o.name == name) return &o;
    return nullptr;
}

// The declared outputs are one "value": the call returns it bare.
bool bare_value(const Call& call) { return call.outputs.size() == 1 && call.outputs[0]->name == "value"; }

py::object scalar_result(const cli::TheoryResult& result, const Call& call, py::handle evaluation_type) {
    auto one = [&](const cli::QuantityResult* declared) -> py::object {
        const cli::TheoryOutput* o = find_output(result, declared->name);
        if (!o) return py::none();
        return call.return_error ? evaluation_object(*o, result.label, call.string_mode, evaluation_type)
                                 : output_value(*o, call.string_mode);
    };
    if (bare_value(call)) return one(call.outputs[0]);
    py::dict out;
    for (const auto* declared : call.outputs) out[py::str(python_name(declared->name))] = one(declared);
    return out;
}

// Evaluates every broadcast element; returns the quantity's outputs as arrays.
py::object array_result(const cli::TheoryQuantity& q, const Call& call, py::handle evaluation_type) {
    const std::size_t size = call.arrays.empty() ? 1 : py::len(call.arrays[0]);
    std::vector<std::vector<std::string>> texts(call.arrays.size(), std::vector<std::string>(size));
    std::vector<bool> strings(call.arrays.size(), false);
    for (std::size_t a = 0; a < call.arrays.size(); ++a) {
        py::sequence items = call.arrays[a].attr("tolist")();
        for (std::size_t i = 0; i < size; ++i) {
            const Scalar s = scalar_text(items[i], call.array_options[a]);
            texts[a][i] = s.text;
            if (i % 65536 == 65535 && PyErr_CheckSignals() != 0) throw py::error_already_set();
        }
    }
    std::vector<cli::TheoryResult> results(size);
    // Without the GIL, in slices of ~50 ms (not of a fixed count: an element
    // may take 1 us or 10 ms), Ctrl-C checked between slices.
    const auto slice = std::chrono::milliseconds(50);
    for (std::size_t i = 0; i < size;) {
        {
            py::gil_scoped_release release;
            const auto start = std::chrono::steady_clock::now();
            do {
                std::vector<std::string> words = call.fixed_words;
                for (std::size_t a = 0; a < call.arrays.size(); ++a) {
                    words.push_back(call.array_options[a]);
                    words.push_back(texts[a][i]);
                }
                results[i] = evaluate_theory_quantity(q, words, call.digits);
                ++i;
            } while (i < size && std::chrono::steady_clock::now() - start < slice);
        }
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    }
    py::module_ np = py::module_::import("numpy");
    auto reshape = [&](py::object array) { return array.attr("reshape")(call.shape); };
    py::dict out;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const cli::QuantityResult* declared : call.outputs) {
        // Element i's output, or nullptr where it is absent (None / NaN).
        std::vector<const cli::TheoryOutput*> column(size);
        for (std::size_t i = 0; i < size; ++i) column[i] = find_output(results[i], declared->name);
        py::object values;
        if (call.string_mode) {
            py::list list;
            for (const auto* o : column) list.append(o ? py::object(py::str(o->value)) : py::object(py::none()));
            values = np.attr("array")(list, py::arg("dtype") = "object");
        } else {
            py::array_t<double> array(static_cast<py::ssize_t>(size));
            auto view = array.mutable_unchecked<1>();
            for (std::size_t i = 0; i < size; ++i) {
                const auto* o = column[i];
                view(i) = !o ? nan : o->double_result ? o->double_result->val : std::stod(o->value);
            }
            values = array;
        }
        py::object item = reshape(values);
        if (call.return_error) {
            py::array_t<double> digits(static_cast<py::ssize_t>(size));
            py::array_t<double> errors(static_cast<py::ssize_t>(size));
            auto d = digits.mutable_unchecked<1>();
            auto e = errors.mutable_unchecked<1>();
            bool same_label = true;
            py::list labels;
            for (std::size_t i = 0; i < size; ++i) {
                const auto* o = column[i];
                d(i) = o ? o->digits : 0.0;
                e(i) = o && o->double_result ? o->double_result->err : nan;
                labels.append(py::str(results[i].label));
                same_label = same_label && results[i].label == results[0].label;
            }
            py::object label = same_label ? py::object(py::str(results[0].label))
                                          : reshape(np.attr("array")(labels, py::arg("dtype") = "object"));
            item = evaluation_type(item, reshape(digits), call.string_mode ? py::object(py::none()) : reshape(errors),
                                   label);
        }
        out[py::str(python_name(declared->name))] = item;
    }
    if (bare_value(call)) return out["value"];
    return out;
}

py::object call_quantity(const cli::TheoryQuantity& q, const std::vector<OptionSpec>& options, py::args args,
                         py::kwargs kwargs, bool force_error, py::handle evaluation_type) {
    Call call;
    call.return_error = force_error;
    std::optional<std::uint64_t> digits;
    std::map<std::string, py::object> given;  // python name → value, in option order below
    std::vector<const OptionSpec*> positional;
    for (const auto& o : options)
        if (o.required) positional.push_back(&o);
    const std::string fname = python_name(q.name);
    if (args.size() > positional.size()) {
        throw py::type_error(fname + "() takes " + std::to_string(positional.size()) + " positional arguments but " +
                             std::to_string(args.size()) + " were given");
    }
    for (std::size_t i = 0; i < args.size(); ++i) given[positional[i]->python] = py::reinterpret_borrow<py::object>(args[i]);
    for (auto item : kwargs) {
        const std::string key = item.first.cast<std::string>();
        py::object value = py::reinterpret_borrow<py::object>(item.second);
        if (key == "digits") {
            if (!value.is_none()) digits = check_theory_digits(value.cast<std::uint64_t>());
            continue;
        }
        if (key == "return_error") {
            call.return_error = call.return_error || value.cast<bool>();
            continue;
        }
        const bool known = std::any_of(options.begin(), options.end(), [&](const auto& o) { return o.python == key; });
        if (!known) throw py::type_error(fname + "() got an unexpected keyword argument '" + key + "'");
        if (given.count(key)) throw py::type_error(fname + "() got multiple values for argument '" + key + "'");
        given[key] = value;
    }
    std::vector<py::object> arrays;
    for (const auto& o : options) {
        auto it = given.find(o.python);
        if (it == given.end() || it->second.is_none()) continue;
        const std::string option = "--" + o.name;
        if (o.flag) {
            if (it->second.cast<bool>()) {
                call.fixed_words.push_back(option);
                call.given.push_back(o.name);
            }
            continue;
        }
        call.given.push_back(o.name);
        if (is_array_like(it->second)) {
            call.array_options.push_back(option);
            arrays.push_back(it->second);
            continue;
        }
        const Scalar s = scalar_text(it->second, option);
        call.string_mode = call.string_mode || s.is_string;
        call.fixed_words.push_back(option);
        call.fixed_words.push_back(s.text);
    }
    if (!arrays.empty()) {
        py::module_ np = py::module_::import("numpy");
        py::tuple broadcast = np.attr("broadcast_arrays")(*py::tuple(py::cast(arrays)));
        call.shape = broadcast[0].attr("shape");
        for (auto a : broadcast) {
            py::object flat = py::reinterpret_borrow<py::object>(a).attr("ravel")();
            const std::string kind = py::str(flat.attr("dtype").attr("kind")).cast<std::string>();
            call.string_mode = call.string_mode || kind == "U" || kind == "S" || kind == "O";
            call.arrays.push_back(flat);
        }
    }
    call.outputs = cli::applicable_results(q, [&call](const std::string& name) {
        return std::find(call.given.begin(), call.given.end(), name) != call.given.end();
    });
    if (digits) call.string_mode = true;
    call.digits = call.string_mode ? static_cast<unsigned>(digits.value_or(theory_default_digits))
                                   : cli::max_double_digits;
    if (!call.arrays.empty()) return array_result(q, call, evaluation_type);
    cli::TheoryResult result;
    {
        py::gil_scoped_release release;
        result = evaluate_theory_quantity(q, call.fixed_words, call.digits);
    }
    return scalar_result(result, call, evaluation_type);
}

std::string signature(const std::string& name, const std::vector<OptionSpec>& options) {
    std::string s = name + "(";
    bool first = true;
    auto add = [&](const std::string& part) {
        s += (first ? "" : ", ") + part;
        first = false;
    };
    for (const auto& o : options)
        if (o.required) add(o.python);
    add("*");
    for (const auto& o : options)
        if (!o.required) add(o.python + (o.flag ? "=False" : "=None"));
    add("digits=None");
    add("return_error=False");
    return s + ")";
}

std::string docstring(const cli::TheoryQuantity& q, const std::vector<OptionSpec>& options, bool error_variant) {
    const std::string name = python_name(q.name) + (error_variant ? "_e" : "");
    std::string doc = signature(name, options) + "\n--\n\n";
    doc += q.label + ": " + q.summary + ".\n\n";
    doc += "The Python form of `sklaws theory " + q.name + " " + cli::quantity_usage(q) +
           "`; keyword arguments are the options with '_' for '-'.\n";
    if (error_variant) {
        doc += "Returns Evaluation(value, digits, error, label): the value, the significant digits it guarantees, "
               "its error bound (double path; None for strings) and the label evaluated (as return_error=True).\n";
    } else {
        doc += "Numbers in: a float from the double path (as --digits 15). A decimal string in, or digits=D: a str "
               "with D significant digits (default " +
               std::to_string(theory_default_digits) +
               "), as --json's value. return_error=True (or " + python_name(q.name) +
               "_e): Evaluation(value, digits, error, label). Any argument may be a numpy array or list: all points "
               "are evaluated in one call (numpy broadcasting) and arrays are returned.\n";
    }
    doc += "\nOutputs (a dict of those that apply to the options given, whatever the values; one 'value' alone is "
           "returned bare):\n";
    for (const auto& r : q.results) {
        doc += "  " + python_name(r.name) + ": " + r.doc;
        if (!r.with_options.empty()) {
            doc += " (with " + python_name(r.with_options.front());
            for (std::size_t i = 1; i < r.with_options.size(); ++i) doc += " or " + python_name(r.with_options[i]);
            doc += ")";
        }
        if (!r.absent_where.empty()) doc += "; None (NaN in arrays, digits 0) where " + r.absent_where;
        doc += "\n";
    }
    if (const LabelDoc* d = find_label_doc(q.label)) {
        doc += std::string("\n") + q.label + " — " + d->title + ".\n";
        if (*d->domain) doc += std::string("Domain: ") + d->domain + "\n";
        if (*d->accuracy) doc += std::string("Accuracy: ") + d->accuracy + "\n";
    }
    doc += "Reference: docs/theory.md, " + q.label +
           ". Domain and input errors raise ValueError (sklaws.DomainError, sklaws.UsageError) with the CLI's "
           "message.";
    return doc;
}

}  // namespace

void bind_theory(py::module_& m, py::handle evaluation_type) {
    py::list names;
    auto quantities = cli::theory_quantities();
    std::sort(quantities.begin(), quantities.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    py::dict labels, outputs;
    for (const auto& q : quantities) {
        const std::vector<OptionSpec> options = options_of(q);
        const std::string name = python_name(q.name);
        const std::string quantity_name = q.name;
        py::object type = py::reinterpret_borrow<py::object>(evaluation_type);
        for (bool error_variant : {false, true}) {
            const std::string fname = name + (error_variant ? "_e" : "");
            m.def(
                fname.c_str(),
                [quantity_name, options, error_variant, type](py::args args, py::kwargs kwargs) {
                    return call_quantity(find_theory_quantity(quantity_name), options, args, kwargs,
                                         error_variant, type);
                },
                docstring(q, options, error_variant).c_str());
            names.append(py::str(fname));
        }
        labels[py::str(name)] = py::str(q.label);
        py::list declared;
        for (const auto& r : q.results) declared.append(py::str(python_name(r.name)));
        outputs[py::str(name)] = py::tuple(declared);
    }
    m.attr("__all__") = names;
    m.attr("labels") = labels;
    m.attr("outputs") = outputs;  // every output a quantity declares, in order
}

}  // namespace sklaws::python
