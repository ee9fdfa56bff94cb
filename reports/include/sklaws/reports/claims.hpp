// The claims of the Syntax-Knowledge theory the report checks, in the order
// of docs/theory.md §3, each with the docs/theory.md labels whose Monte Carlo checks
// it collects and the closed form it states.
//
// The catalogue holds prose and formulas for the reader only; every number
// is computed by theory/ (closed forms), validation/ (Monte Carlo) or
// fitting/ (exponents). A validation check lands in the claim that lists its
// label, so a new experiment's checks appear in the report without an edit
// here as long as it uses an existing label.
#pragma once

#include <string>
#include <vector>

namespace sklaws::reports {

struct ClaimSpec {
    std::string id;
    std::string title;
    std::vector<std::string> labels;  // docs/theory.md labels, e.g. {"K1", "K2"}
    std::string closed_form;
    std::string explanation;
};

const std::vector<ClaimSpec>& claim_catalogue();

// The claim id whose labels include `label` ("" if none).
std::string claim_for_label(const std::string& label);

}  // namespace sklaws::reports
