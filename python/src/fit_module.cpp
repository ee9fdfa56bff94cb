// sklaws.fit (C++ half): one function per `sklaws fit --form` form, made from
// the command's form table (cli/fit_forms.hpp) at import time.
//
// _fit.<form>(path, **options) runs cli::fit_to_json on
// `--form <form> <path> --<option> <value> ...` — the command's own parsing,
// fits, JSON and messages — without the GIL and interruptible. The package's
// fit.py accepts numpy arrays, dicts of columns and pandas DataFrames by
// writing them to a temporary CSV with the column names as header.
#include "fit_module.hpp"

#include "interruptible.hpp"
#include "names.hpp"

#include "fit_forms.hpp"

#include <pybind11/stl.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace py = pybind11;

namespace sklaws::python {
namespace {


std::string option_text(py::handle value) {
    if (PyFloat_Check(value.ptr())) {
        char buffer[64];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value.cast<double>()).ptr;
        return std::string(buffer, end);
    }
    return py::str(value).cast<std::string>();
}

py::object run_fit(const std::string& form, const std::string& path, py::kwargs kwargs) {
    std::vector<std::string> words{"--form", form, path};
    for (auto item : kwargs) {
        const std::string option = option_name(item.first.cast<std::string>());
        if (item.second.is_none()) continue;
        if (py::isinstance<py::bool_>(item.second)) {
            if (item.second.cast<bool>()) words.push_back("--" + option);  // a flag (--no-offset)
            continue;
        }
        words.push_back("--" + option);
        words.push_back(option_text(item.second));
    }
    const nlohmann::ordered_json result =
        interruptible([&](const CancelFlag&) { return cli::fit_to_json(words); });
    return py::module_::import("json").attr("loads")(result.dump());
}

}  // namespace

void bind_fit(py::module_& m) {
    py::list names;
    for (const std::string& form : cli::fit_forms()) {
        m.def(
            python_name(form).c_str(),
            [form](const std::string& path, py::kwargs kwargs) { return run_fit(form, path, kwargs); },
            ("The object `sklaws fit --form " + form + " PATH --json` prints (see sklaws.fit." + python_name(form) +
             ").")
                .c_str());
        names.append(py::str(python_name(form)));
    }
    m.attr("__all__") = names;
    m.attr("forms") = py::cast(cli::fit_forms());
    m.attr("usage") = cli::fit_usage();
}

}  // namespace sklaws::python
