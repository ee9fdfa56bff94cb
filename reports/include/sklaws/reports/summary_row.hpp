// One line of the report's summary table, as display text.
//
// A claim may hold several comparisons; its summary line shows the headline
// z-test (a failing one first, else the one with the largest |z|, so a
// near-miss is never hidden behind a comfortable one), the first fitted
// exponent with its interval, how many of its tested comparisons pass (and
// how many limits it shows), and its verdict. The summary lists every failing
// comparison before these lines (ReportDocument::failures()).
#pragma once

#include "sklaws/reports/report_document.hpp"

#include <string>

namespace sklaws::reports {

struct SummaryRow {
    std::string theory;    // "—" when the claim has no z-test
    std::string estimate;  // "value ± se"
    std::string z;         // the headline z-test's z
    std::string exponent;  // "0.503 [0.49, 0.52] (theory 0.5)"
    std::string checks;    // "3/3 pass" or "3/4 pass, 2 limits"
    std::string verdict;   // "pass", "FAIL" or "limits only"
};

SummaryRow summarise(const Claim& claim);

// "pass", "FAIL" or "limit" for one comparison.
std::string verdict_text(const Comparison& c);
// "pass", "FAIL" or "limits only" for a claim.
std::string verdict_text(const Claim& claim);

// "value ± se" (or just value, or "—").
std::string format_estimate(const Comparison& c);
// "a_D = 0.503 [0.49, 0.52]; theory 0.5" or "—".
std::string format_exponent(const Comparison& c);

}  // namespace sklaws::reports
