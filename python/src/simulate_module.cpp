// sklaws.simulate: one Python function per registered Monte Carlo experiment
// (validation::experiments(), the registry `sklaws simulate` and the report
// read), made at import time — no list of names here.
//
// simulate.<experiment>(**parameters, seed=1, threads=0, replicates=None, z=4)
// runs the experiment exactly as `sklaws simulate <experiment> --json` does
// and returns the same JSON object as a dict (the package's simulate.py
// turns the figure series into numpy arrays). Parameters are the
// experiment's declared ones (validation/experiment.hpp), with '_' for '-',
// converted to their declared kinds; the run is interruptible (Ctrl-C) and
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


// A Python number: int, float or numpy scalar (not bool, not str).
py::object number(py::handle v, const std::string& name) {
    if (py::isinstance<py::bool_>(v) || py::isinstance<py::str>(v) || py::isinstance<py::bytes>(v)) {
        throw numerics::DomainError(name, "parameter '" + name + "' expects a number, got '" +
                                              py::str(v).cast<std::string>() + "'");
    }
    py::object o = py::reinterpret_borrow<py::object>(v);
    if (py::hasattr(o, "item") && py::hasattr(o, "dtype")) o = o.attr("item")();  // numpy scalar
    return o;
}

// A Python value as the declared kind of the parameter: an int stays exact
// (a real parameter takes it only while a double holds it exactly, an
// integer parameter a float only when it is an integer), then the
// declaration's domain is checked by Experiment::resolve.
validation::ParameterValue parameter_value(py::handle value, const validation::ParameterSpec& spec) {
    const bool list = spec.kind == validation::ParameterKind::real_list ||
                      spec.kind == validation::ParameterKind::count_list;
    Json j;
    const auto scalar = [&](py::handle v) -> Json {
        const py::object n = number(v, spec.name);
        if (PyLong_Check(n.ptr())) {
            if (PyObject_RichCompareBool(n.ptr(), py::int_(0).ptr(), Py_LT) == 1) return Json(n.cast<std::int64_t>());
            return Json(n.cast<std::uint64_t>());
        }
        return Json(py::float_(n).cast<double>());
    };
    if (list) {
        j = Json::array();
        py::object items = py::reinterpret_borrow<py::object>(value);
        if (py::hasattr(items, "tolist")) items = items.attr("tolist")();
        if (!py::isinstance<py::sequence>(items) || py::isinstance<py::str>(items)) {
            j.push_back(scalar(items));
        } else {
            for (auto item : items) j.push_back(scalar(item));
        }
    } else {
        j = scalar(value);
    }
    return validation::parameter_from_json(spec, j);
}

py::object to_python(const Json& j) {
    return py::module_::import("json").attr("loads")(j.dump());
}

std::string docstring(const validation::Experiment& e) {
    const std::string name = python_name(e.name());
    std::string signature = name + "(*";
    for (const auto& p : e.parameters()) {
        signature += ", " + python_name(p.name) + "=" + validation::format_parameter(p.default_value);
    }
    signature += ", seed=1, threads=0, replicates=None, z=4)";
    std::string labels;
    for (const auto& l : e.labels()) labels += (labels.empty() ? "" : ", ") + l;
    std::string parameters;
    for (const auto& p : e.parameters()) {
        parameters += "  " + python_name(p.name) + ": " + p.doc + " (" + p.type_name() + ", " + p.domain_text() + ")\n";
    }
    return signature + "\n--\n\n" + e.summary() + " [" + labels +
           "].\n\nThe Python form of `sklaws simulate " + e.name() +
           " --json`: the same Monte Carlo run (same seed, same numbers for any threads) and the same fields "
           "(experiment, claim, seed, replicates, z_threshold, parameters, all_pass, checks with "
           "kind/estimate/se/theory/z/pass, figures with their series as numpy arrays). replicates=None uses the "
           "experiment's default (" +
           std::to_string(e.default_replicates()) + "); z is the threshold of every z-test.\n\nParameters:\n" +
           parameters + "\nCtrl-C interrupts the run (KeyboardInterrupt). Reference: docs/theory.md, " + labels + ".";
}

py::object run(const std::string& experiment, py::kwargs kwargs) {
    const validation::Experiment& e = validation::find_experiment(experiment);
    validation::ParameterValues overrides;
    validation::RunOptions options;
    double z = validation::default_z_threshold;
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
        if (key == "z") {
            z = item.second.cast<double>();
            if (!(z >= 1 && z <= 10)) throw numerics::DomainError("z", "z expects a threshold in [1, 10]");
            continue;
        }
        const validation::ParameterSpec* spec = e.parameter(option_name(key));
        if (!spec) throw py::type_error(python_name(e.name()) + "() got an unexpected keyword argument '" + key + "'");
        overrides.set(spec->name, parameter_value(item.second, *spec));
    }
    const Json result = interruptible([&](const CancelFlag& flag) {
        validation::RunOptions run_options = options;
        run_options.progress = [&flag](double) { flag.throw_if_requested(); };
        return validation::to_json(e.run(overrides, run_options, z));
    });
    return to_python(result);
}

}  // namespace

void bind_simulate(py::module_& m) {
    py::list names;
    for (const auto& e : validation::experiments()) {
        const std::string experiment = e.name();
        m.def(
            python_name(e.name()).c_str(), [experiment](py::kwargs kwargs) { return run(experiment, kwargs); },
            docstring(e).c_str());
        names.append(py::str(python_name(e.name())));
    }
    m.attr("__all__") = names;
}

}  // namespace sklaws::python
