#include "sklaws/reports/report_document.hpp"

#include <algorithm>

namespace sklaws::reports {

bool Claim::pass() const {
    return !comparisons.empty() &&
           std::all_of(comparisons.begin(), comparisons.end(), [](const Comparison& c) { return c.pass; });
}

const Figure* ReportDocument::figure(const std::string& id) const {
    for (const auto& f : figures) {
        if (f.id == id) return &f;
    }
    return nullptr;
}

bool ReportDocument::all_pass() const {
    return !claims.empty() && std::all_of(claims.begin(), claims.end(), [](const Claim& c) { return c.pass(); });
}

}  // namespace sklaws::reports
