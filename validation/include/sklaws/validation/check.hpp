// Comparing a Monte Carlo estimate with its closed form.
//
// Exact closed forms (K1, K2, K4, K6, K7, S1, R1, A1, ...) are checked by the
// z-score  z = (estimate − theory)/SE : the check passes when |z| ≤ z_threshold
// (default 4, i.e. a false alarm rate of 6e−5 per check for a normal
// estimate). Asymptotic forms (S2, M1, D1 exponents) are not exactly the
// finite-size expectation, so they are checked by a stated relative tolerance
//     |estimate − theory| ≤ tol·|theory| + z_threshold·SE
// (the z·SE term keeps Monte Carlo noise from failing a correct asymptote).
// Every check records its inputs so a report can show what was compared.
#pragma once

#include "monte_carlo.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sklaws::validation {

struct Check {
    std::string quantity;    // e.g. "E[K_n]"
    std::string label;       // docs/theory.md label, e.g. "K1"
    double theory = 0.0;
    double estimate = 0.0;
    double se = 0.0;
    double z = 0.0;          // (estimate − theory)/se (0 when se = 0 and equal)
    bool pass = false;
    double z_threshold = 4.0;
    std::optional<double> relative_tolerance;  // set for asymptotic forms
    nlohmann::ordered_json inputs = nlohmann::ordered_json::object();
};

// Exact form: passes when |estimate.mean − theory| ≤ z_threshold·se.
Check compare(std::string quantity, std::string label, double theory, const Estimate& estimate,
              double z_threshold = 4.0, nlohmann::ordered_json inputs = nlohmann::ordered_json::object());

// Asymptotic form: passes when |estimate − theory| ≤ tol·|theory| + z_threshold·se.
Check compare_relative(std::string quantity, std::string label, double theory, const Estimate& estimate,
                       double relative_tolerance, double z_threshold = 4.0,
                       nlohmann::ordered_json inputs = nlohmann::ordered_json::object());

// {"quantity","label","estimate","se","theory","z","pass","z_threshold",
//  "relative_tolerance" (if any),"inputs"}; non-finite numbers become null.
nlohmann::ordered_json to_json(const Check& check);

bool all_pass(const std::vector<Check>& checks);

}  // namespace sklaws::validation
