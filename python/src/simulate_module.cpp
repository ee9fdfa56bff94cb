// sklaws.simulate: one Python function per registered Monte Carlo experiment
// (validation::experiments(), the registry `sklaws simulate` and the report
// read), made at import time — no list of names here.
//
// simulate.<experiment>(**parameters, seed=1, threads=0, replicates=None)
// runs validation::run_experiment exactly as `sklaws simulate <experiment>
// --json` does and returns the same JSON object as a dict (the package's
// simulate.py turns the figure series into numpy arrays). Parameters are the
// experiment's own, with '_' for '-'; the run is interruptible (Ctrl-C) and
// runs without the GIL.
#include "simulate_module.hpp"

#include "interruptible.hpp"
#include "names.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/validation/experiments.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace py = pybind11;

namespace sklaws::python {
namespace {

using Json = nlohmann::ordered_json;


// A Python value as the JSON the experiment's default has (number or list).
Json parameter_json(py::handle value, const Json& default_value, const std::string& name) {
    auto number = [&](py::handle v) -> Json {
        if (py::isinstance<py::bool_>(v) || py::isinstance<py::str>(v)) {
            throw numerics::DomainError(name, "parameter '" + name + "' expects a number, got '" +
                                                  py::str(v).cast<std::string>() + "'");
        }
        return Json(py::float_(py::reinterpret_borrow<py::object>(v)).cast<double>());
    };
    if (default_value.is_array()) {
        Json list = Json::array();
        py::object items = py::reinterpret_borrow<py::object>(value);
        if (py::hasattr(items, "tolist")) items = items.attr("tolist")();
        if (!py::isinstance<py::sequence>(items) || py::isinstance<py::str>(items)) {
            list.push_back(number(items));
        } else {
            for (auto item : items) list.push_back(number(item));
        }
        if (list.empty()) throw numerics::DomainError(name, "parameter '" + name + "' expects a non-empty list");
        return list;
    }
    return number(value);
}

py::object to_python(const Json& j) {
    return py::module_::import("json").attr("loads")(j.dump());
}

std::string docstring(const validation::ExperimentSpec& spec) {
    const std::string name = python_name(spec.name);
    std::string signature = name + "(*";
    for (const auto& [key, value] : spec.defaults.items()) signature += ", " + python_name(key) + "=" + value.dump();
    signature += ", seed=1, threads=0, replicates=None)";
    std::string labels;
    for (const auto& l : spec.labels) labels += (labels.empty() ? "" : ", ") + l;
    return signature + "\n--\n\n" + spec.summary + " [" + labels +
           "].\n\nThe Python form of `sklaws simulate " + spec.name +
           " --json`: the same Monte Carlo run (same seed, same numbers for any threads) and the same fields "
           "(experiment, seed, replicates, parameters, all_pass, checks with estimate/se/theory/z/pass, series as "
           "numpy arrays). replicates=None uses the experiment's default (" +
           std::to_string(spec.default_replicates) +
           "). Ctrl-C interrupts the run (KeyboardInterrupt). Reference: docs/theory.md, " + labels + ".";
}

py::object run(const std::string& experiment, py::kwargs kwargs) {
    const validation::ExperimentSpec& spec = validation::find_experiment(experiment);
    Json overrides = Json::object();
    validation::RunOptions options;
    for (auto item : kwargs) {
        const std::string key = item.first.cast<std::string>();
        if (item.second.is_none()) continue;
        if (key == "seed") {
            options.seed = item.second.cast<std::uint64_t>();
            continue;
        }
        if (key == "threads") {
            options.threads = item.second.cast<unsigned>();
            continue;
        }
        if (key == "replicates") {
            options.replicates = item.second.cast<std::size_t>();
            if (options.replicates < 2) throw numerics::DomainError("replicates", "replicates expects at least 2");
            continue;
        }
        const std::string name = option_name(key);
        if (!spec.defaults.contains(name)) {
            throw py::type_error(python_name(spec.name) + "() got an unexpected keyword argument '" + key + "'");
        }
        overrides[name] = parameter_json(item.second, spec.defaults[name], name);
    }
    const Json result = interruptible([&](const CancelFlag& flag) {
        validation::RunOptions run_options = options;
        run_options.progress = [&flag](double) { flag.throw_if_requested(); };
        return validation::to_json(validation::run_experiment(experiment, overrides, run_options));
    });
    return to_python(result);
}

}  // namespace

void bind_simulate(py::module_& m) {
    py::list names;
    for (const auto& spec : validation::experiments()) {
        const std::string experiment = spec.name;
        m.def(
            python_name(spec.name).c_str(), [experiment](py::kwargs kwargs) { return run(experiment, kwargs); },
            docstring(spec).c_str());
        names.append(py::str(python_name(spec.name)));
    }
    m.attr("__all__") = names;
}

}  // namespace sklaws::python
