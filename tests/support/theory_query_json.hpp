// The JSON object `sklaws theory <words> --json` prints, computed in-process
// by the very code the command runs (cli/theory_query.hpp): the one helper
// of the theory CLI tests that compare quantities with oracle tables.
#pragma once

#include "theory_query.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sklaws::test {

inline nlohmann::ordered_json theory_query_json(const std::vector<std::string>& words) {
    const cli::TheoryQuantity* q = nullptr;
    const cli::TheoryResult result = cli::run_theory_query(words, &q);
    return cli::theory_result_json(*q, result);
}

}  // namespace sklaws::test
