// sklaws.report (report_module.cpp).
#pragma once

#include <pybind11/pybind11.h>

namespace sklaws::python {

// Adds report(**options) to m.
void bind_report(pybind11::module_& m);

}  // namespace sklaws::python
