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

namespace {

// The comparison a summary line shows: a failing one if any (largest |z|),
// else the exact z-test with the largest |z|, else the first with an estimate.
const Comparison* headline(const Claim& claim) {
    const Comparison* best = nullptr;
    auto rank = [](const Comparison& c) {
        const double z = c.z ? std::fabs(*c.z) : 0.0;
        return (c.pass ? 0.0 : 2e6) + (c.z_test ? 1e6 : 0.0) + std::min(z, 1e5);
    };
    for (const auto& c : claim.comparisons) {
        if (!c.estimate) continue;
        if (!best || rank(c) > rank(*best)) best = &c;
    }
    return best;
}

}  // namespace

SummaryRow summarise(const Claim& claim) {
    SummaryRow row{"—", "—", "—", "—", ""};
    const Comparison* fitted = nullptr;
    int passed = 0;
    for (const auto& c : claim.comparisons) {
        if (c.pass) ++passed;
        if (c.exponent && !fitted) fitted = &c;
    }
    if (const Comparison* h = headline(claim)) {
        row.theory = format_number(h->theory);
        row.estimate = format_estimate(*h);
        row.z = format_number(h->z, 3);
    }
    if (fitted) row.exponent = format_exponent(*fitted);
    row.checks = std::to_string(passed) + "/" + std::to_string(claim.comparisons.size());
    return row;
}

}  // namespace sklaws::reports
