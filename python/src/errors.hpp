// Python exceptions for sklaws' C++ errors, with the CLI's messages.
//
//   numerics::DomainError, cli::UsageError  -> sklaws.DomainError, sklaws.UsageError (ValueError)
//   numerics::OverflowError                 -> sklaws.RangeError (ValueError): the CLI's exit 2
//   Cancelled (Ctrl-C seen by interruptible) -> KeyboardInterrupt
#pragma once

#include <pybind11/pybind11.h>

#include <stdexcept>

namespace sklaws::python {

// Thrown inside long work when the Python caller was interrupted.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("interrupted") {}
};

void bind_errors(pybind11::module_& m);

}  // namespace sklaws::python
