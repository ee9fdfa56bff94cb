// sklaws.simulate (simulate_module.cpp).
#pragma once

#include <pybind11/pybind11.h>

namespace sklaws::python {

// Adds one function per registered experiment to m.
void bind_simulate(pybind11::module_& m);

}  // namespace sklaws::python
