#include "sklaws/reports/report_document.hpp"

#include <algorithm>

namespace sklaws::reports {

const char* comparison_kind_name(ComparisonKind kind) {
    switch (kind) {
        case ComparisonKind::z_test: return "z-test";
        case ComparisonKind::limit: return "limit";
        case ComparisonKind::interval: return "interval";
        case ComparisonKind::not_applicable: return "not applicable";
    }
    return "?";
}

std::optional<bool> Claim::verdict() const {
    bool judged = false, pass = true;
    for (const auto& c : comparisons) {
        if (!c.has_verdict()) continue;
        judged = true;
        pass = pass && c.pass;
    }
    if (!judged) return std::nullopt;
    return pass;
}

const Figure* ReportDocument::figure(const std::string& id) const {
    for (const auto& f : figures) {
        if (f.id == id) return &f;
    }
    return nullptr;
}

std::vector<std::pair<std::string, const Comparison*>> ReportDocument::failures() const {
    std::vector<std::pair<std::string, const Comparison*>> out;
    for (const auto& claim : claims) {
        for (const auto& c : claim.comparisons) {
            if (c.fails()) out.emplace_back(claim.title, &c);
        }
    }
    for (const auto& section : sections) {
        for (const auto& c : section.comparisons) {
            if (c.fails()) out.emplace_back(section.title, &c);
        }
    }
    return out;
}

bool ReportDocument::all_pass() const {
    std::size_t judged = 0;
    for (const auto& claim : claims) {
        for (const auto& c : claim.comparisons) judged += c.has_verdict();
    }
    for (const auto& section : sections) {
        for (const auto& c : section.comparisons) judged += c.has_verdict();
    }
    return judged > 0 && failures().empty();
}

}  // namespace sklaws::reports
