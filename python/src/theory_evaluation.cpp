// See theory_evaluation.hpp. The messages are the command's, word for word;
// python/tests/test_theory.py compares them with the executable's.
#include "theory_evaluation.hpp"

#include <algorithm>

namespace sklaws::python {

const cli::TheoryQuantity& find_theory_quantity(const std::string& name) {
    const auto& quantities = cli::theory_quantities();
    auto it = std::find_if(quantities.begin(), quantities.end(), [&](const auto& q) { return q.name == name; });
    if (it == quantities.end()) throw cli::UsageError("unknown quantity '" + name + "' (see sklaws theory --help)");
    return *it;
}

unsigned check_theory_digits(std::uint64_t digits) {
    if (digits < 1 || digits > theory_max_digits) {
        throw cli::UsageError("--digits expects an integer in 1.." + std::to_string(theory_max_digits) + ", got '" +
                              std::to_string(digits) + "'");
    }
    return static_cast<unsigned>(digits);
}

cli::TheoryResult evaluate_theory_quantity(const cli::TheoryQuantity& q, const std::vector<std::string>& option_words,
                                           unsigned digits) {
    check_theory_digits(digits);
    return cli::evaluate_quantity(q, option_words, digits);
}

}  // namespace sklaws::python
