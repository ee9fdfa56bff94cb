// One line of the report's summary table, as display text.
//
// A claim may hold several comparisons; its summary line shows the headline
// Monte Carlo comparison (the one with the largest |z|, so a near-miss is
// never hidden behind a comfortable one), the first fitted exponent with its
// interval, and how many comparisons pass.
#pragma once

#include "sklaws/reports/report_document.hpp"

#include <string>

namespace sklaws::reports {

struct SummaryRow {
    std::string theory;    // "—" when the claim has no MC comparison
    std::string estimate;  // "value ± se"
    std::string z;
    std::string exponent;  // "0.503 [0.49, 0.52] (theory 0.5)"
    std::string checks;    // "3/3"
};

SummaryRow summarise(const Claim& claim);

// "value ± se" (or just value, or "—").
std::string format_estimate(const Comparison& c);
// "a_D = 0.503 [0.49, 0.52]; theory 0.5" or "—".
std::string format_exponent(const Comparison& c);

}  // namespace sklaws::reports
