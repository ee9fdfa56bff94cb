// Renderers of a ReportDocument: report.json (every number, machine-readable),
// report.md (embeds each figure's SVG file), report.html (self-contained:
// inline CSS and SVG, no scripts, no external assets) and one CSV per figure
// (long format: series,x,y,y_err with y_err one standard error).
//
// Numbers in JSON are written with 17 significant digits (round-trip exact);
// in the human-readable formats with 6 (values) or 3 (errors, z) digits.
// A missing value is JSON null and "—" in text, never NaN.
#pragma once

#include "sklaws/reports/number_format.hpp"
#include "sklaws/reports/report_document.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace sklaws::reports {

nlohmann::ordered_json report_to_json(const ReportDocument& report);
std::string render_markdown(const ReportDocument& report);
std::string render_html(const ReportDocument& report);
std::string render_csv(const Figure& figure);

// Text for a Markdown table cell: `|` escaped, newlines folded.
std::string markdown_cell(const std::string& text);

}  // namespace sklaws::reports
