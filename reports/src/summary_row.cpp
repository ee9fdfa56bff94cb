#include "sklaws/reports/summary_row.hpp"

#include "sklaws/reports/number_format.hpp"

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

std::string verdict_text(const Comparison& c) {
    if (c.kind == ComparisonKind::not_applicable) return "not applicable";
    if (!c.has_verdict()) return "limit";
    return c.pass ? "pass" : "FAIL";
}

std::string verdict_text(const Claim& claim) {
    const auto v = claim.verdict();
    if (!v) return "limits only";
    return *v ? "pass" : "FAIL";
}

namespace {

// The z-test a summary line shows: a failing one if any (largest |z|),
// else the one with the largest |z|.
const Comparison* headline(const Claim& claim) {
    const Comparison* best = nullptr;
    auto rank = [](const Comparison& c) {
        const double z = c.z ? std::fabs(*c.z) : 0.0;
        return (c.pass ? 0.0 : 1e6) + std::min(z, 1e5);
    };
    for (const auto& c : claim.comparisons) {
        if (c.kind != ComparisonKind::z_test || !c.estimate) continue;
        if (!best || rank(c) > rank(*best)) best = &c;
    }
    return best;
}

}  // namespace

SummaryRow summarise(const Claim& claim) {
    SummaryRow row{"—", "—", "—", "—", "", verdict_text(claim)};
    const Comparison* fitted = nullptr;
    int passed = 0, judged = 0, limits = 0;
    for (const auto& c : claim.comparisons) {
        if (c.has_verdict()) {
            ++judged;
            passed += c.pass;
        } else {
            ++limits;
        }
        if (c.exponent && !fitted) fitted = &c;
    }
    if (const Comparison* h = headline(claim)) {
        row.theory = format_number(h->theory);
        row.estimate = format_estimate(*h);
        row.z = format_number(h->z, 3);
    }
    if (fitted) row.exponent = format_exponent(*fitted);
    row.checks = std::to_string(passed) + "/" + std::to_string(judged) + " pass";
    if (limits) row.checks += ", " + std::to_string(limits) + (limits == 1 ? " limit" : " limits");
    return row;
}

}  // namespace sklaws::reports
