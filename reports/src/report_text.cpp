// Markdown and CSV renderers.
#include "sklaws/reports/report_writers.hpp"
#include "sklaws/reports/summary_row.hpp"

#include <cmath>
#include <sstream>

namespace sklaws::reports {

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

std::string markdown_cell(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

namespace {

std::string verdict_md(const std::string& verdict) { return verdict == "FAIL" ? "**FAIL**" : verdict; }

std::string comparison_table_md(const std::vector<Comparison>& comparisons) {
    std::ostringstream md;
    md << "| quantity | label | theory | Monte Carlo ± SE | z | fitted exponent [CI] | criterion | verdict |\n"
       << "|---|---|---|---|---|---|---|---|\n";
    for (const auto& c : comparisons) {
        md << "| " << markdown_cell(c.quantity) << " | " << markdown_cell(c.label) << " | " << format_number(c.theory)
           << " | " << markdown_cell(format_estimate(c)) << " | " << format_number(c.z, 3) << " | "
           << markdown_cell(format_exponent(c)) << " | " << markdown_cell(c.criterion) << " | "
           << verdict_md(verdict_text(c)) << " |\n";
    }
    return md.str();
}

void figures_md(std::ostringstream& md, const ReportDocument& report, const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        const Figure* f = report.figure(id);
        if (!f) continue;
        md << "![" << markdown_cell(f->title) << "](" << id << ".svg)\n\n"
           << "*" << f->title << "* — " << f->caption << " Data: `" << id << ".csv`; also `" << id << ".pdf`.\n\n";
    }
}

}  // namespace

std::string render_markdown(const ReportDocument& report) {
    const auto& info = report.info;
    std::ostringstream md;
    md << "# sklaws validation report\n\n";
    md << "Theory (closed forms of docs/theory.md §3), Monte Carlo simulation and power-law fits of the "
          "Syntax-Knowledge model, side by side. A z-test compares Monte Carlo with an exact value and passes when "
          "|z| ≤ "
       << format_number(info.z_threshold, 3)
       << " (z = (MC − theory)/SE, the threshold of this run); asymptotic forms and fitted exponents are shown as "
          "limits beside the estimate, never passed or failed.\n\n";
    const auto failures = report.failures();
    md << "**Overall: "
       << (report.all_pass() ? "every check passes"
                             : std::to_string(failures.size()) + (failures.size() == 1 ? " check FAILS" : " checks FAIL"))
       << "**\n\n## Summary\n\n";
    if (!failures.empty()) {
        md << "Failing checks:\n\n| claim | quantity | label | theory | Monte Carlo ± SE | z | criterion |\n"
           << "|---|---|---|---|---|---|---|\n";
        for (const auto& [where, c] : failures) {
            md << "| " << markdown_cell(where) << " | " << markdown_cell(c->quantity) << " | " << markdown_cell(c->label)
               << " | " << format_number(c->theory) << " | " << markdown_cell(format_estimate(*c)) << " | "
               << format_number(c->z, 3) << " | " << markdown_cell(c->criterion) << " |\n";
        }
        md << "\n";
    }
    md << "| claim | labels | theory | MC ± SE | worst z | fitted exponent [CI] | checks | verdict |\n"
       << "|---|---|---|---|---|---|---|---|\n";
    for (const auto& claim : report.claims) {
        const SummaryRow row = summarise(claim);
        md << "| [" << markdown_cell(claim.title) << "](#" << claim.id << ") | " << markdown_cell(claim.labels) << " | "
           << row.theory << " | " << markdown_cell(row.estimate) << " | " << row.z << " | "
           << markdown_cell(row.exponent) << " | " << row.checks << " | " << verdict_md(row.verdict) << " |\n";
    }
    md << "\n## Run\n\n"
       << "- sklaws version " << info.version << ", git commit " << info.git_commit << "\n"
       << "- seed " << info.seed << ", threads " << info.threads << ", ranks " << info.ranks << (info.quick ? ", quick mode" : "")
       << ", z threshold " << format_number(info.z_threshold, 3) << "\n"
       << "- started " << info.started_utc << ", run time " << format_number(info.run_seconds, 4) << " s\n"
       << "- configuration: " << info.config_source << "\n\n";
    for (const auto& claim : report.claims) {
        md << "## <a id=\"" << claim.id << "\"></a>" << claim.title << " (" << claim.labels << ") — "
           << verdict_md(verdict_text(claim)) << "\n\n";
        if (!claim.closed_form.empty()) md << "Closed form:\n\n```\n" << claim.closed_form << "\n```\n\n";
        if (!claim.explanation.empty()) md << claim.explanation << "\n\n";
        md << comparison_table_md(claim.comparisons) << "\n";
        figures_md(md, report, claim.figure_ids);
    }
    for (const auto& section : report.sections) {
        md << "## <a id=\"" << section.id << "\"></a>" << section.title << "\n\n";
        for (const auto& p : section.paragraphs) md << p << "\n\n";
        if (!section.comparisons.empty()) md << comparison_table_md(section.comparisons) << "\n";
        figures_md(md, report, section.figure_ids);
    }
    if (!report.notes.empty()) {
        md << "## Notes\n\n";
        for (const auto& n : report.notes) md << "- " << n << "\n";
        md << "\n";
    }
    md << "## Parameters\n\n| experiment | parameter | value | default | type | domain | meaning |\n"
       << "|---|---|---|---|---|---|---|\n";
    for (const auto& row : info.parameter_table) {
        md << "| " << row.experiment << " | " << row.name << " | " << markdown_cell(row.value) << " | "
           << markdown_cell(row.default_value) << " | " << row.type << " | " << markdown_cell(row.domain) << " | "
           << markdown_cell(row.doc) << " |\n";
    }
    md << "\nThe whole run configuration:\n\n```json\n" << info.parameters.dump(2) << "\n```\n";
    return md.str();
}

}  // namespace sklaws::reports
