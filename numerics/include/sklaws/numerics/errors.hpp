// Typed errors for every bad input the numerics can see.
//
// A domain error names the argument and the range it must lie in, so that the
// message can be shown to a user unchanged ("x = -1 is outside x > 0"). The
// command-line front end maps DomainError to exit status 2. No sklaws function
// returns NaN for bad input: it throws one of these instead.
#pragma once

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

namespace sklaws::numerics {

// An argument lies outside the domain of the function (NaN, negative where
// undefined, non-integer where an integer is needed, ...).
class DomainError : public std::domain_error {
public:
    DomainError(std::string argument, const std::string& message)
        : std::domain_error(message), argument_(std::move(argument)) {}
    const std::string& argument() const noexcept { return argument_; }

private:
    std::string argument_;
};

// A result exists mathematically but does not fit the requested type
// (e.g. Γ(x+δ)/Γ(x) beyond the double range, or beyond MPFR's exponent
// range): use the log form or multiprecision instead.
class OverflowError : public std::overflow_error {
public:
    using std::overflow_error::overflow_error;
};

// A result exists and is nonzero but is smaller in magnitude than the
// requested type can hold with its digits (below the smallest normal double,
// or below MPFR's exponent range): printing 0 would be a wrong value. The
// message gives the magnitude (e.g. "≈ 4.66e-28130") when it is known.
class UnderflowError : public std::underflow_error {
public:
    using std::underflow_error::underflow_error;
};

namespace detail {
template <class T>
std::string format_value(const T& value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}
}  // namespace detail

// Throws DomainError("name", "name = v is outside <range>") unless ok.
template <class T>
void require(bool ok, const char* name, const T& value, const char* range) {
    if (!ok) {
        throw DomainError(name, std::string(name) + " = " + detail::format_value(value) +
                                    " is outside the domain " + range);
    }
}

// NaN and ±inf are rejected for every argument of every function.
template <class T>
void require_finite(const char* name, const T& value) {
    using std::isfinite;
    require(static_cast<bool>(isfinite(value)), name, value, "(finite number)");
}

}  // namespace sklaws::numerics
