// Shared by the `sklaws theory` quantity tables: the precision policy and the
// decimal rendering of a result.
//
// Policy: a request for D ≤ 15 significant digits is evaluated in double
// when every input is exactly a double (so the digits are those of the
// quantity at the inputs as typed, not at a rounded copy) and the value is a
// normal double; otherwise — an input such as 0.1 or 999999999999999999 that
// double cannot hold, or a value that under/overflows double (K4 at 1e-28130)
// — it is evaluated in multiprecision from the text as typed, and the output
// says so (TheoryOutput::arithmetic). D > 15 is evaluated in multiprecision
// (numerics::mp_real) at D digits of working precision, inside which the
// theory/ functions add their own guard digits. Real inputs are parsed from
// the text as typed at D + 20 digits. The digits reported are
// min(D, digits the evaluation guarantees).
#pragma once

#include "arguments.hpp"
#include "theory_quantity.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace sklaws::cli {

// Renders "d.ddd…e±XX" (D significant digits) as described above.
inline std::string render_significant(const std::string& scientific, unsigned digits) {
    std::string text = scientific;
    std::string sign;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        if (text[0] == '-') sign = "-";
        text = text.substr(1);
    }
    const auto e_pos = text.find_first_of("eE");
    const int exponent = e_pos == std::string::npos ? 0 : std::atoi(text.c_str() + e_pos + 1);
    std::string mantissa;
    for (char c : text.substr(0, e_pos))
        if (c >= '0' && c <= '9') mantissa += c;
    mantissa.resize(digits, '0');
    if (mantissa.find_first_not_of('0') == std::string::npos) {
        return digits == 1 ? "0" : "0." + std::string(digits - 1, '0');
    }
    const int fixed_limit = static_cast<int>(digits) > 21 ? static_cast<int>(digits) : 21;
    if (exponent >= 0 && exponent < fixed_limit) {
        if (exponent + 1 >= static_cast<int>(mantissa.size())) return sign + mantissa + std::string(exponent + 1 - mantissa.size(), '0');
        return sign + mantissa.substr(0, exponent + 1) + "." + mantissa.substr(exponent + 1);
    }
    if (exponent < 0 && exponent >= -5) return sign + "0." + std::string(-exponent - 1, '0') + mantissa;
    std::string out = sign + mantissa.substr(0, 1);
    if (mantissa.size() > 1) out += "." + mantissa.substr(1);
    char exp_text[16];
    std::snprintf(exp_text, sizeof exp_text, "e%+03d", exponent);
    return out + exp_text;
}

inline std::string format_significant(double value, unsigned digits) {
    std::vector<char> buffer(64 + digits);
    std::snprintf(buffer.data(), buffer.size(), "%.*e", static_cast<int>(digits) - 1, value);
    return render_significant(buffer.data(), digits);
}

inline std::string format_significant(const numerics::mp_real& value, unsigned digits) {
    return render_significant(value.str(digits - 1, std::ios_base::scientific), digits);
}

// Largest D evaluated in double.
inline constexpr unsigned max_double_digits = 15;

// Thrown by real_input<double> / count_input<double> for an input that double
// cannot hold exactly: evaluate_output then takes the multiprecision path.
struct InexactDoubleInput {
    std::string option;
};

// True when the decimal text is exactly a normal double (or zero).
inline bool exactly_a_double(const std::string& text) {
    mpfr_t x;
    mpfr_init2(x, 53);
    const mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(-1021);  // double's normal range, binary exponents of MPFR's [0.5, 1) mantissa
    mpfr_set_emax(1024);
    char* end = nullptr;
    const int ternary = mpfr_strtofr(x, text.c_str(), &end, 10, MPFR_RNDN);
    const bool exact = ternary == 0 && end && *end == '\0' && mpfr_number_p(x);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    mpfr_clear(x);
    return exact;
}

// A real input as Real: double via parse_real (InexactDoubleInput unless the
// text is exactly a double); multiprecision from the text as typed at the
// current working precision + 20 digits (validated as a finite real first, so
// bad text is a UsageError naming the option).
// A quantity's option, read once for every quantity: its text checked as a
// real (UsageError naming --name) or as a count <= max, echoed as typed in
// result.inputs (so 1e15 stays "1e15").
inline std::string read_real_text(const ParsedOptions& args, const std::string& name, TheoryResult& result) {
    const std::string text = args.required_text(name);
    parse_real(text, "--" + name);
    result.inputs[name] = text;
    return text;
}

// The same option's value as a double.
inline double read_real(const ParsedOptions& args, const std::string& name, TheoryResult& result) {
    return parse_real(read_real_text(args, name, result), "--" + name);
}

inline std::uint64_t read_count_value(const ParsedOptions& args, const std::string& name, TheoryResult& result,
                                      std::uint64_t max = max_count) {
    const std::string text = args.required_text(name);
    const std::uint64_t value = parse_count(text, "--" + name, max);
    result.inputs[name] = text;
    return value;
}

template <class Real>
Real real_input(const std::string& text, const std::string& option) {
    const double checked = parse_real(text, option);
    if constexpr (std::is_same_v<Real, double>) {
        if (!exactly_a_double(text)) throw InexactDoubleInput{option};
        return checked;
    } else {
        // A grid reads the same n-free inputs (alpha, beta, ...) at every
        // point: the last few conversions are remembered per thread, keyed
        // by the text and the working precision.
        struct Entry {
            std::string text;
            unsigned digits = 0;
            numerics::mp_real value;
        };
        thread_local std::array<Entry, 4> remembered;
        thread_local std::size_t next = 0;
        const unsigned digits = numerics::mp_real::default_precision();
        for (const Entry& e : remembered)
            if (e.digits == digits && e.text == text) return e.value;
        numerics::WorkingPrecision wider(digits + 20);
        Entry& e = remembered[next];
        next = (next + 1) % remembered.size();
        e.text = text;
        e.digits = digits;
        e.value = numerics::mp_real(text);
        return e.value;
    }
}

// Evaluates `f(Real{})` → numerics::Evaluation<Real> under the policy above
// and renders it as a TheoryOutput called `name`.
template <class F>
TheoryOutput evaluate_output(const std::string& name, unsigned digits, F&& f) {
    std::string arithmetic = "multiprecision";
    if (digits <= max_double_digits) {
        try {
            const numerics::Evaluation<double> e = f(double{});
            return {name, format_significant(e.val, digits), std::min<double>(digits, e.digits()), e, "double"};
        } catch (const InexactDoubleInput& inexact) {
            arithmetic = "multiprecision: " + inexact.option + " is not exactly a double";
        } catch (const numerics::UnderflowError&) {
            arithmetic = "multiprecision: the value is below the double range";
        } catch (const numerics::OverflowError&) {
            arithmetic = "multiprecision: the value is beyond the double range";
        }
    }
    numerics::WorkingPrecision precision(digits);
    const numerics::Evaluation<numerics::mp_real> e = f(numerics::mp_real{});
    return {name, format_significant(e.val, digits), std::min<double>(digits, e.digits()), std::nullopt, arithmetic};
}

}  // namespace sklaws::cli
