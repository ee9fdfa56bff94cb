// Evaluating a `sklaws theory` quantity from its option words, as the
// command does (cli/theory_command.cpp), without printing.
#pragma once

#include "theory_quantity.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sklaws::python {

// --digits: the command's default and range (cli/theory_command.cpp).
inline constexpr unsigned theory_default_digits = 20;
inline constexpr unsigned theory_max_digits = 1000;

// The quantity called `name` (cli::UsageError with the command's message otherwise).
const cli::TheoryQuantity& find_theory_quantity(const std::string& name);

// D if 1 <= D <= theory_max_digits, else cli::UsageError with the command's message.
unsigned check_theory_digits(std::uint64_t digits);

// q's options as typed after `sklaws theory <name>` (no --digits/--json), at
// D digits: the command's parsing and errors (cli::evaluate_quantity).
cli::TheoryResult evaluate_theory_quantity(const cli::TheoryQuantity& q, const std::vector<std::string>& option_words,
                                           unsigned digits);

}  // namespace sklaws::python
