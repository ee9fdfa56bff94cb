// The extension module sklaws._sklaws: submodules theory (and, as their
// declarations land, simulate, fit) and the report function, all made from
// the registries the CLI uses. The package python/sklaws/ re-exports them.
#include "errors.hpp"
#include "fit_module.hpp"
#include "report_module.hpp"
#include "simulate_module.hpp"
#include "theory_module.hpp"

#include <pybind11/pybind11.h>

namespace py = pybind11;

PYBIND11_MODULE(_sklaws, m) {
    // Docstrings carry their own first-line signatures (inspect.signature reads them).
    py::options options;
    options.disable_function_signatures();
    m.doc() = "sklaws C++ engine (see the sklaws package).";
    m.attr("__version__") = SKLAWS_VERSION;
    sklaws::python::bind_errors(m);

    py::object namedtuple = py::module_::import("collections").attr("namedtuple");
    py::object evaluation = namedtuple("Evaluation", py::make_tuple("value", "digits", "error", "label"));
    evaluation.attr("__module__") = "sklaws";
    evaluation.attr("__doc__") =
        "A value with the significant digits it guarantees: value (float, str or array), digits, error (the bound "
        "|true - value| <= error on the double path, else None) and label (the docs/theory.md label evaluated).";
    m.attr("Evaluation") = evaluation;

    py::module_ theory = m.def_submodule("theory", "Every `sklaws theory` quantity (docs/theory.md §3).");
    sklaws::python::bind_theory(theory, evaluation);

    py::module_ simulate = m.def_submodule("simulate", "Every Monte Carlo experiment of `sklaws simulate` (docs/theory.md §4).");
    sklaws::python::bind_simulate(simulate);

    py::module_ fit = m.def_submodule("_fit", "The `sklaws fit` forms on CSV files (wrapped by sklaws.fit).");
    sklaws::python::bind_fit(fit);

    sklaws::python::bind_report(m);
}
