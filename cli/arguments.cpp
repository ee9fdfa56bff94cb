// The value grammar of options (arguments.hpp).
#include "arguments.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace sklaws::cli {

std::string quoted_value(const std::string& text) {
    constexpr std::size_t max_chars = 80;
    std::string out;
    std::size_t shown = 0;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        char piece[8] = {ch, 0};
        if (c < 0x20 || c == 0x7f) std::snprintf(piece, sizeof piece, "\\x%02x", static_cast<unsigned>(c));
        const std::size_t width = std::char_traits<char>::length(piece);
        if (shown + width > max_chars) return "'" + out + "...' (" + std::to_string(text.size()) + " bytes)";
        out += piece;
        shown += width;
    }
    return "'" + out + "'";
}

double parse_real(const std::string& text, const std::string& what) {
    const std::string expected = what + " expects a finite real number, got " + quoted_value(text);
    // strtod would also take leading blanks and hexadecimal; a typo should not.
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])) ||
        text.find_first_of("xX") != std::string::npos) {
        throw UsageError(expected);
    }
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) throw UsageError(expected);
    if (errno == ERANGE) {
        // A well-formed decimal that no normal double holds: say so rather
        // than call 1e400 or 1e-320 "not a finite real number".
        throw UsageError(what + " expects a real number within the double range (magnitude 2.2e-308 to 1.8e308 or 0), got " +
                         quoted_value(text) + (std::fabs(v) > 1 ? ", which overflows" : ", which underflows"));
    }
    if (!std::isfinite(v)) throw UsageError(expected);  // inf, nan
    return v;
}

namespace {

// The exact integer written as `digits[.digits][e[+-]digits]`, as a decimal
// string without leading zeros, or nullopt if the text is not of that form
// or not an integer. Exact: "123456789012345678.5" and "1.0000000000000001e18"
// are not silently rounded to a double first.
std::optional<std::string> exact_integer_text(const std::string& text) {
    std::size_t i = 0;
    std::string mantissa;
    long exponent = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) mantissa += text[i++];
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            mantissa += text[i++];
            --exponent;
        }
    }
    if (mantissa.empty()) return std::nullopt;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
        const std::size_t start = i;
        long e = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            if (e < 100000) e = e * 10 + (text[i] - '0');
            ++i;
        }
        if (i == start) return std::nullopt;
        exponent += negative ? -e : e;
    }
    if (i != text.size()) return std::nullopt;
    mantissa.erase(0, std::min(mantissa.find_first_not_of('0'), mantissa.size()));
    if (mantissa.empty()) return std::string("0");
    if (exponent < 0) {
        const std::size_t drop = static_cast<std::size_t>(-exponent);
        if (drop >= mantissa.size()) return std::nullopt;  // a nonzero fraction below 1
        if (mantissa.find_first_not_of('0', mantissa.size() - drop) != std::string::npos) return std::nullopt;
        mantissa.resize(mantissa.size() - drop);
    } else if (exponent > 0) {
        if (exponent > 40) return std::string(41, '9');  // far beyond any uint64 maximum
        mantissa.append(static_cast<std::size_t>(exponent), '0');
    }
    return mantissa;
}

}  // namespace

std::uint64_t parse_count(const std::string& text, const std::string& what, std::uint64_t max) {
    const std::string expected = what + " expects a non-negative integer up to " + std::to_string(max) +
                                 " (1e12 notation allowed), got " + quoted_value(text);
    const std::optional<std::string> digits = exact_integer_text(text);
    if (!digits || digits->size() > 20) throw UsageError(expected);
    errno = 0;
    const unsigned long long v = std::strtoull(digits->c_str(), nullptr, 10);
    if (errno == ERANGE || v > max) throw UsageError(expected);
    return v;
}

}  // namespace sklaws::cli
