// sklaws.theory (theory_module.cpp).
#pragma once

#include <pybind11/pybind11.h>

namespace sklaws::python {

// Adds one function per `sklaws theory` quantity (and its `_e` twin) to m.
// evaluation_type: the Evaluation(value, digits, error, label) namedtuple.
void bind_theory(pybind11::module_& m, pybind11::handle evaluation_type);

}  // namespace sklaws::python
