// The self-contained HTML report: inline CSS and SVG, no scripts, no links to
// anything outside the file, so it renders offline and can be archived as is.
#include "sklaws/reports/report_writers.hpp"
#include "sklaws/reports/summary_row.hpp"
#include "sklaws/reports/svg_plot.hpp"

#include <sstream>

namespace sklaws::reports {
namespace {

constexpr const char* kStyle = R"(
body{font-family:Georgia,'Times New Roman',serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;background:#fff}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif}
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}
th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}
td.num{font-family:Menlo,Consolas,monospace;text-align:right;white-space:nowrap}
td.fit{font-family:Menlo,Consolas,monospace;min-width:14em}
.pass{color:#116611;font-weight:bold}
.fail{color:#b00000;font-weight:bold}
.limit{color:#555;font-style:italic}
.formula{font-family:Menlo,Consolas,monospace;background:#f6f6f6;padding:0.5em;border-left:3px solid #0072B2;white-space:pre-wrap}
figure{margin:1em 0}
figcaption{font-size:0.9em;color:#444;max-width:640px}
pre{background:#f6f6f6;padding:0.8em;overflow-x:auto;font-size:0.85em}
)";

std::string verdict_html(const std::string& verdict) {
    if (verdict == "pass") return "<span class=\"pass\">pass</span>";
    if (verdict == "FAIL") return "<span class=\"fail\">FAIL</span>";
    return "<span class=\"limit\">" + xml_escape(verdict) + "</span>";
}

std::string comparison_table(const std::vector<Comparison>& comparisons) {
    std::ostringstream h;
    h << "<table><tr><th>quantity</th><th>label</th><th>theory</th><th>Monte Carlo ± SE</th><th>z</th>"
         "<th>fitted exponent [CI]</th><th>criterion</th><th>verdict</th></tr>\n";
    for (const auto& c : comparisons) {
        h << "<tr><td>" << xml_escape(c.quantity) << "</td><td>" << xml_escape(c.label) << "</td><td class=\"num\">"
          << format_number(c.theory) << "</td><td class=\"num\">" << xml_escape(format_estimate(c))
          << "</td><td class=\"num\">" << format_number(c.z, 3) << "</td><td class=\"fit\">"
          << xml_escape(format_exponent(c)) << "</td><td>" << xml_escape(c.criterion) << "</td><td>"
          << verdict_html(verdict_text(c)) << "</td></tr>\n";
    }
    h << "</table>\n";
    return h.str();
}

std::string figures_html(const ReportDocument& report, const std::vector<std::string>& ids) {
    std::ostringstream h;
    for (const auto& id : ids) {
        const Figure* f = report.figure(id);
        if (!f) continue;
        h << "<figure id=\"fig-" << id << "\">\n" << render_svg(*f) << "<figcaption>" << xml_escape(f->caption)
          << " Data: <code>" << id << ".csv</code>.</figcaption></figure>\n";
    }
    return h.str();
}

std::string summary_table(const ReportDocument& report) {
    std::ostringstream h;
    const auto failures = report.failures();
    if (!failures.empty()) {
        h << "<p class=\"fail\">Failing checks:</p>\n<table id=\"failing\"><tr><th>claim</th><th>quantity</th>"
             "<th>label</th><th>theory</th><th>Monte Carlo ± SE</th><th>z</th><th>criterion</th></tr>\n";
        for (const auto& [where, c] : failures) {
            h << "<tr><td>" << xml_escape(where) << "</td><td>" << xml_escape(c->quantity) << "</td><td>"
              << xml_escape(c->label) << "</td><td class=\"num\">" << format_number(c->theory)
              << "</td><td class=\"num\">" << xml_escape(format_estimate(*c)) << "</td><td class=\"num\">"
              << format_number(c->z, 3) << "</td><td>" << xml_escape(c->criterion) << "</td></tr>\n";
        }
        h << "</table>\n";
    }
    h << "<table id=\"summary\"><tr><th>claim</th><th>labels</th><th>theory</th><th>MC ± SE</th><th>worst z</th>"
         "<th>fitted exponent [CI]</th><th>checks</th><th>verdict</th></tr>\n";
    for (const auto& claim : report.claims) {
        const SummaryRow row = summarise(claim);
        h << "<tr><td><a href=\"#" << claim.id << "\">" << xml_escape(claim.title) << "</a></td><td>"
          << xml_escape(claim.labels) << "</td><td class=\"num\">" << row.theory << "</td><td class=\"num\">"
          << xml_escape(row.estimate) << "</td><td class=\"num\">" << row.z << "</td><td class=\"fit\">"
          << xml_escape(row.exponent) << "</td><td>" << row.checks << "</td><td>"
          << verdict_html(row.verdict) << "</td></tr>\n";
    }
    h << "</table>\n";
    return h.str();
}

std::string parameter_table(const RunInfo& info) {
    std::ostringstream h;
    h << "<table id=\"parameters\"><tr><th>experiment</th><th>parameter</th><th>value</th><th>default</th>"
         "<th>type</th><th>domain</th><th>meaning</th></tr>\n";
    for (const auto& row : info.parameter_table) {
        h << "<tr><td>" << xml_escape(row.experiment) << "</td><td><code>" << xml_escape(row.name)
          << "</code></td><td class=\"num\">" << xml_escape(row.value) << "</td><td class=\"num\">"
          << xml_escape(row.default_value) << "</td><td>" << xml_escape(row.type) << "</td><td>"
          << xml_escape(row.domain) << "</td><td>" << xml_escape(row.doc) << "</td></tr>\n";
    }
    h << "</table>\n";
    return h.str();
}

std::string run_info(const RunInfo& info) {
    std::ostringstream h;
    h << "<ul><li>sklaws version " << xml_escape(info.version) << ", git commit <code>" << xml_escape(info.git_commit)
      << "</code></li><li>seed " << info.seed << ", threads " << info.threads << ", ranks " << info.ranks << (info.quick ? ", quick mode" : "")
      << ", z threshold " << format_number(info.z_threshold, 3)
      << "</li><li>started " << xml_escape(info.started_utc) << ", run time " << format_number(info.run_seconds, 4)
      << " s</li><li>configuration: " << xml_escape(info.config_source) << "</li></ul>\n";
    return h.str();
}

}  // namespace

std::string render_html(const ReportDocument& report) {
    const auto& info = report.info;
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<title>sklaws validation report</title>\n<style>" << kStyle << "</style></head><body>\n"
      << "<h1>sklaws validation report</h1>\n"
      << "<p>Theory (closed forms of docs/theory.md §3), Monte Carlo simulation and power-law fits of the "
         "Syntax-Knowledge model, side by side. A z-test compares Monte Carlo with an exact value and passes when "
         "|z| ≤ "
      << format_number(info.z_threshold, 3)
      << " with z = (MC − theory)/SE (the threshold of this run); asymptotic forms and fitted exponents are shown "
         "as limits beside the estimate, never passed or failed.</p>\n"
      << "<p>Overall: "
      << (report.all_pass() ? verdict_html("pass") + " — every check passes"
                            : verdict_html("FAIL") + " — " + std::to_string(report.failures().size()) +
                                  (report.failures().size() == 1 ? " check fails" : " checks fail"))
      << "</p>\n<h2>Summary</h2>\n" << summary_table(report) << "<h2>Run</h2>\n" << run_info(info);
    for (const auto& claim : report.claims) {
        h << "<h2 id=\"" << claim.id << "\">" << xml_escape(claim.title) << " (" << xml_escape(claim.labels) << ") — "
          << verdict_html(verdict_text(claim)) << "</h2>\n";
        if (!claim.closed_form.empty()) h << "<div class=\"formula\">" << xml_escape(claim.closed_form) << "</div>\n";
        if (!claim.explanation.empty()) h << "<p>" << xml_escape(claim.explanation) << "</p>\n";
        h << comparison_table(claim.comparisons) << figures_html(report, claim.figure_ids);
    }
    for (const auto& section : report.sections) {
        h << "<h2 id=\"" << section.id << "\">" << xml_escape(section.title) << "</h2>\n";
        for (const auto& p : section.paragraphs) h << "<p>" << xml_escape(p) << "</p>\n";
        if (!section.comparisons.empty()) h << comparison_table(section.comparisons);
        h << figures_html(report, section.figure_ids);
    }
    if (!report.notes.empty()) {
        h << "<h2>Notes</h2><ul>";
        for (const auto& n : report.notes) h << "<li>" << xml_escape(n) << "</li>";
        h << "</ul>\n";
    }
    h << "<h2>Parameters</h2>\n" << parameter_table(info) << "<p>The whole run configuration:</p>\n<pre>"
      << xml_escape(info.parameters.dump(2)) << "</pre>\n</body></html>\n";
    return h.str();
}

}  // namespace sklaws::reports
