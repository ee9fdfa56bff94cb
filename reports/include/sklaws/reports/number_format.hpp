// The one number formatter of the human-readable outputs (HTML, Markdown,
// SVG ticks and legends, the text tables of the CLI): `digits` significant
// digits in %g style, "—" for a missing or non-finite value (never "nan").
// report.json and the CSV files keep full precision instead (17 digits).
#pragma once

#include <optional>
#include <string>

namespace sklaws::reports {

// "1.23457e+06"-style text with `digits` significant digits; "—" for nullopt or NaN/inf.
std::string format_number(std::optional<double> value, int digits = 6);

}  // namespace sklaws::reports
