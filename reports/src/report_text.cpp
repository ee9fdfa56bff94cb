// Markdown and CSV renderers, and the number formatting shared with HTML.
#include "sklaws/reports/report_writers.hpp"
#include "sklaws/reports/summary_row.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace sklaws::reports {

std::string format_number(std::optional<double> value, int digits) {
    if (!value) return "—";
    if (!std::isfinite(*value)) return "—";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*g", digits, *value);
    return buf;
}

namespace {

// An unavailable number is an empty CSV field; available ones round-trip.
std::string csv_number(double v) { return std::isfinite(v) ? format_number(v, 17) : std::string(); }

std::string csv_quote(const std::string& text) {
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace

std::string render_csv(const Figure& figure) {
    validate_figure(figure);
    std::ostringstream csv;
    csv << "series,x,y,y_err\n";
    for (const auto& s : figure.series) {
        const std::string name = csv_quote(s.name);
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            csv << name << "," << csv_number(s.x[i]) << "," << csv_number(s.y[i]) << ","
                << (s.y_err.empty() ? std::string() : csv_number(s.y_err[i])) << "\n";
        }
    }
    return csv.str();
}

namespace {

std::string comparison_table_md(const std::vector<Comparison>& comparisons) {
    std::ostringstream md;
    md << "| quantity | label | theory | Monte Carlo ± SE | z | fitted exponent [CI] | criterion | verdict |\n"
       << "|---|---|---|---|---|---|---|---|\n";
    for (const auto& c : comparisons) {
        md << "| " << c.quantity << " | " << c.label << " | " << format_number(c.theory) << " | "
           << format_estimate(c) << " | " << format_number(c.z, 3) << " | " << format_exponent(c) << " | "
           << c.criterion << " | " << (c.pass ? "pass" : "**FAIL**") << " |\n";
    }
    return md.str();
}

}  // namespace

std::string render_markdown(const ReportDocument& report) {
    const auto& info = report.info;
    std::ostringstream md;
    md << "# sklaws validation report\n\n";
    md << "Theory (closed forms of docs/theory.md §3), Monte Carlo simulation and power-law fits of the "
          "Syntax-Knowledge model, side by side. A Monte Carlo check passes when |z| ≤ "
       << format_number(info.z_threshold, 3) << " (z = (MC − theory)/SE); a fitted exponent passes when its "
       << "confidence interval (widened by the stated tolerance) contains the predicted exponent.\n\n";
    md << "**Overall: " << (report.all_pass() ? "every claim passes" : "SOME CLAIMS FAIL") << "**\n\n";
    md << "## Summary\n\n| claim | labels | theory | MC ± SE | z | fitted exponent [CI] | checks | verdict |\n"
       << "|---|---|---|---|---|---|---|---|\n";
    for (const auto& claim : report.claims) {
        const SummaryRow row = summarise(claim);
        md << "| [" << claim.title << "](#" << claim.id << ") | " << claim.labels << " | " << row.theory << " | "
           << row.estimate << " | " << row.z << " | " << row.exponent << " | " << row.checks << " | "
           << (claim.pass() ? "pass" : "**FAIL**") << " |\n";
    }
    md << "\n## Run\n\n"
       << "- sklaws version " << info.version << ", git commit " << info.git_commit << "\n"
       << "- seed " << info.seed << ", threads " << info.threads << ", ranks " << info.ranks << (info.quick ? ", quick mode" : "") << "\n"
       << "- started " << info.started_utc << ", run time " << format_number(info.run_seconds, 4) << " s\n"
       << "- configuration: " << info.config_source << "\n\n";
    for (const auto& claim : report.claims) {
        md << "## <a id=\"" << claim.id << "\"></a>" << claim.title << " (" << claim.labels << ")\n\n";
        if (!claim.closed_form.empty()) md << "Closed form:\n\n```\n" << claim.closed_form << "\n```\n\n";
        if (!claim.explanation.empty()) md << claim.explanation << "\n\n";
        md << comparison_table_md(claim.comparisons) << "\n";
        for (const auto& id : claim.figure_ids) {
            if (const Figure* f = report.figure(id)) md << "Figure: *" << f->title << "* — data in `" << id << ".csv`. " << f->caption << "\n\n";
        }
    }
    for (const auto& section : report.sections) {
        md << "## <a id=\"" << section.id << "\"></a>" << section.title << "\n\n";
        for (const auto& p : section.paragraphs) md << p << "\n\n";
        if (!section.comparisons.empty()) md << comparison_table_md(section.comparisons) << "\n";
        for (const auto& id : section.figure_ids) {
            if (const Figure* f = report.figure(id)) md << "Figure: *" << f->title << "* — data in `" << id << ".csv`. " << f->caption << "\n\n";
        }
    }
    if (!report.notes.empty()) {
        md << "## Notes\n\n";
        for (const auto& n : report.notes) md << "- " << n << "\n";
        md << "\n";
    }
    md << "## Parameters\n\n```json\n" << info.parameters.dump(2) << "\n```\n";
    return md.str();
}

}  // namespace sklaws::reports
