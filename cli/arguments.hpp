// The value grammar of sklaws' command-line options, shared by every
// sub-command (options.hpp declares CLI11 options that use it).
//
// Counts accept plain and 1e12-style notation when the value is an exact
// integer, up to 1e18 (or a smaller `max`), without ever rounding through a
// double ("123456789012345678" stays exact); reals must be finite decimals
// (no hexadecimal, no leading blanks, no "nan"). Bad input throws
// UsageError, which main() turns into exit status 2 and one line on stderr
// naming the option.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sklaws::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses a decimal or 1e12-style non-negative integer; throws UsageError
// naming `what` on failure.
std::uint64_t parse_count(const std::string& text, const std::string& what,
                          std::uint64_t max = 1000000000000000000ULL);
double parse_real(const std::string& text, const std::string& what);

// `text` as a message quotes a value the user gave: in single quotes, control
// bytes as \xNN (a message is one line whatever was typed), cut to at most
// 80 characters ("..." and the length mark the cut).
std::string quoted_value(const std::string& text);

}  // namespace sklaws::cli
