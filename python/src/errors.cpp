#include "errors.hpp"

#include <sklaws/numerics/errors.hpp>

#include "arguments.hpp"

namespace py = pybind11;

namespace sklaws::python {

void bind_errors(py::module_& m) {
    static py::exception<numerics::DomainError> domain(m, "DomainError", PyExc_ValueError);
    static py::exception<cli::UsageError> usage(m, "UsageError", PyExc_ValueError);
    static py::exception<numerics::OverflowError> range(m, "RangeError", PyExc_ValueError);
    for (py::handle type : {py::handle(domain), py::handle(usage), py::handle(range)}) type.attr("__module__") = "sklaws";
    domain.doc() = "An argument lies outside a formula's domain (the CLI's exit status 2); the message names it.";
    usage.doc() = "A malformed or missing argument (the CLI's exit status 2); the message names the option.";
    range.doc() = "The result exists but overflows or underflows the requested type (the CLI's exit status 2).";
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const numerics::DomainError& e) {
            domain(e.what());
        } catch (const cli::UsageError& e) {
            usage(e.what());
        } catch (const numerics::OverflowError& e) {
            range(e.what());
        } catch (const Cancelled&) {
            PyErr_SetNone(PyExc_KeyboardInterrupt);
        }
    });
}

}  // namespace sklaws::python
