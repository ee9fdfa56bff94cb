#include "sklaws/reports/summary_row.hpp"

#include "sklaws/reports/report_writers.hpp"

#include <cmath>

namespace sklaws::reports {

std::string format_estimate(const Comparison& c) {
    if (!c.estimate) return "—";
    std::string text = format_number(c.estimate);
    if (c.se) text += " ± " + format_number(c.se, 3);
    return text;
}

std::string format_exponent(const Comparison& c) {
    if (!c.exponent) return "—";
    const auto& e = *c.exponent;
    return e.name + " = " + format_number(e.value, 4) + " [" + format_number(e.ci_low, 4) + ", " +
           format_number(e.ci_high, 4) + "]; theory " + format_number(e.theory, 4);
}

SummaryRow summarise(const Claim& claim) {
    SummaryRow row{"—", "—", "—", "—", ""};
    const Comparison* headline = nullptr;
    const Comparison* fitted = nullptr;
    int passed = 0;
    for (const auto& c : claim.comparisons) {
        if (c.pass) ++passed;
        if (c.exponent && !fitted) fitted = &c;
        if (!c.estimate) continue;
        const double z = c.z ? std::fabs(*c.z) : 0.0;
        const double best = headline && headline->z ? std::fabs(*headline->z) : -1.0;
        if (!headline || z > best) headline = &c;
    }
    if (headline) {
        row.theory = format_number(headline->theory);
        row.estimate = format_estimate(*headline);
        row.z = format_number(headline->z, 3);
    }
    if (fitted) row.exponent = format_exponent(*fitted);
    row.checks = std::to_string(passed) + "/" + std::to_string(claim.comparisons.size());
    return row;
}

}  // namespace sklaws::reports
