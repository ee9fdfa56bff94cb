// libFuzzer harness: the exact-number parsers of the command line
// (cli/arguments.hpp parse_count, parse_real; cli/theory_format.hpp
// real_input, which reads a real as typed into multiprecision).
//
// Each is compared with an independent reference written here:
//  * parse_count accepts exactly the texts digits[.digits][e[+-]digits] whose
//    value (computed with Boost's cpp_int) is an integer within the maximum,
//    and returns that integer;
//  * parse_real accepts only finite reals in plain decimal/exponent notation
//    (no blanks, no hexadecimal, no inf/nan) and returns strtod's value;
//  * real_input<mp_real> returns the same number to within one double ulp.
#include "arguments.hpp"
#include "theory_format.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace {

using boost::multiprecision::cpp_int;
using sklaws::cli::UsageError;

void require(bool condition) {
    if (!condition) std::abort();
}

// The reference reading of digits[.digits][e[+-]digits]: the integer it
// denotes, or nullopt (malformed, or not an integer).
std::optional<cpp_int> reference_count(const std::string& t) {
    std::size_t i = 0;
    std::string digits;
    long scale = 0;  // value = digits * 10^scale
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) digits += t[i++];
    if (i < t.size() && t[i] == '.') {
        ++i;
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) {
            digits += t[i++];
            --scale;
        }
    }
    if (digits.empty()) return std::nullopt;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        int sign = 1;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) sign = t[i++] == '-' ? -1 : 1;
        if (i == t.size()) return std::nullopt;
        long e = 0;
        for (; i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); ++i) e = std::min(e * 10 + (t[i] - '0'), 10000000L);
        if (i != t.size() && !std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
        scale += sign * e;
    }
    if (i != t.size()) return std::nullopt;
    const cpp_int mantissa(digits.empty() ? std::string("0") : digits.substr(std::min(digits.find_first_not_of('0'), digits.size() - 1)));
    if (mantissa == 0) return cpp_int(0);
    if (scale > 60) return cpp_int(1) << 256;  // beyond any maximum
    if (scale < -static_cast<long>(digits.size())) return std::nullopt;
    const cpp_int power = boost::multiprecision::pow(cpp_int(10), static_cast<unsigned>(std::labs(scale)));
    if (scale >= 0) return mantissa * power;
    if (mantissa % power != 0) return std::nullopt;
    return mantissa / power;
}

void check_count(const std::string& text, std::uint64_t max) {
    const auto expected = reference_count(text);
    const bool acceptable = expected && *expected <= max;
    try {
        const std::uint64_t v = sklaws::cli::parse_count(text, "x", max);
        require(acceptable && cpp_int(v) == *expected);
    } catch (const UsageError&) {
        require(!acceptable);
    }
}

bool plain_real_syntax(const std::string& t) {
    if (t.empty() || std::isspace(static_cast<unsigned char>(t[0]))) return false;
    for (char c : t)
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
            return false;
    return true;
}

void check_real(const std::string& text) {
    double v = 0;
    try {
        v = sklaws::cli::parse_real(text, "x");
    } catch (const UsageError& e) {
        require(std::string(e.what()).find('\n') == std::string::npos);
        return;
    }
    require(std::isfinite(v));
    require(plain_real_syntax(text));
    require(v == std::strtod(text.c_str(), nullptr));
    sklaws::numerics::WorkingPrecision precision(30);
    const auto mp = sklaws::cli::real_input<sklaws::numerics::mp_real>(text, "x");
    const double ulp = v == 0 ? 0 : std::fabs(std::nextafter(v, 2 * v) - v);
    require(abs(mp - v) <= ulp);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 256) return 0;  // longer numbers exercise nothing new
    const std::string text(reinterpret_cast<const char*>(data), size);
    check_count(text, 1000000000000000000ULL);
    check_count(text, 1000000);
    check_count(text, ~0ULL);
    check_real(text);
    return 0;
}
