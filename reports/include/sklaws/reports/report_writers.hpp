// Renderers of a ReportDocument: report.json (every number, machine-readable),
// report.md, report.html (self-contained: inline CSS and SVG, no scripts, no
// external assets) and one CSV per figure (long format: series,x,y,y_err).
//
// Numbers in JSON are written with 17 significant digits (round-trip exact);
// in the human-readable formats with 6 (values) or 3 (errors, z) digits.
// A missing value is JSON null and "—" in text, never NaN.
#pragma once

#include "sklaws/reports/report_document.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace sklaws::reports {

nlohmann::ordered_json report_to_json(const ReportDocument& report);
std::string render_markdown(const ReportDocument& report);
std::string render_html(const ReportDocument& report);
std::string render_csv(const Figure& figure);

// "1.23457e+06"-style text with `digits` significant digits; "—" for nullopt.
std::string format_number(std::optional<double> value, int digits = 6);

}  // namespace sklaws::reports
