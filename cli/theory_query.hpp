// One `sklaws theory` query in-process: the words after `sklaws theory`
// (quantity name, its options, --digits D) in, the result out — exactly what
// `sklaws theory ... --json` prints, through the same code. The oracle sweep
// (tests/cli/theory_sweep_test.cpp) calls it for thousands of points without
// spawning a process per point; the CLI calls it for one.
//
// Errors are thrown, as the CLI sees them: UsageError (bad option text),
// numerics::DomainError (input outside the formula's domain, naming it),
// numerics::OverflowError / UnderflowError (the value leaves every range we
// can print, naming the range). main() maps each to exit status 2.
#pragma once

#include "theory_quantity.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sklaws::cli {

// The result of `sklaws theory <words>` (words[0] = quantity name).
TheoryResult run_theory_query(const std::vector<std::string>& words, const TheoryQuantity** quantity = nullptr);

// The JSON object `--json` prints for a result.
nlohmann::ordered_json theory_result_json(const TheoryQuantity& q, const TheoryResult& result);

}  // namespace sklaws::cli
