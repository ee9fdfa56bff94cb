// sklaws.fit, C++ half (fit_module.cpp).
#pragma once

#include <pybind11/pybind11.h>

namespace sklaws::python {

// Adds one function per `sklaws fit` form to m (the package's fit.py wraps them).
void bind_fit(pybind11::module_& m);

}  // namespace sklaws::python
