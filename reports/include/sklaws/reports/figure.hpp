// A figure of the validation report, as data.
//
// A figure is a set of named series drawn on one pair of axes. Each series
// has a role (validation/figures.hpp: Monte Carlo points, predictions from
// the same draws, exact closed forms, asymptotes, fits, observed data) and a
// style that follows from it (style_for): Monte Carlo points carry their
// standard errors y_err and are drawn with 95% intervals (±1.96 SE),
// closed forms are solid curves, asymptotes dashed, fitted laws dotted.
// Axes are linear or logarithmic (base 10) as declared by the experiment; a
// power law y = A x^{-a} is a straight line of slope −a on log–log axes. The
// same Figure value is rendered to SVG (inline in report.html and as a
// standalone file), PDF and one CSV per figure (report_writers.hpp), so the
// picture and the numbers behind it cannot drift apart.
#pragma once

#include <sklaws/validation/figures.hpp>

#include <string>
#include <vector>

namespace sklaws::reports {

using Scale = validation::Scale;
using Axis = validation::Axis;
using SeriesRole = validation::SeriesRole;

// points: markers with intervals; markers: hollow markers (predictions);
// line / dashed_line / dotted_line: curves.
enum class SeriesStyle { points, markers, line, dashed_line, dotted_line };

SeriesStyle style_for(SeriesRole role);
const char* style_name(SeriesStyle style);

// The level of the intervals drawn around Monte Carlo points, and the
// multiple of the standard error that gives it (two-sided normal quantile).
inline constexpr double interval_level = 0.95;
inline constexpr double interval_z = 1.959963984540054;

struct Series {
    std::string name;  // legend entry
    SeriesStyle style = SeriesStyle::points;
    std::vector<double> x;
    std::vector<double> y;
    std::vector<double> y_err;  // empty, or one standard error per point
    SeriesRole role = SeriesRole::monte_carlo;
};

struct Figure {
    std::string id;       // file stem of its CSV/SVG/PDF and anchor in the HTML, e.g. "data-scaling"
    std::string title;
    std::string caption;  // what to look for
    Axis x;
    Axis y;
    std::vector<Series> series;
};

// Throws std::invalid_argument unless every series has x.size() == y.size()
// and y_err empty or of the same size, and the id is a safe file stem
// ([a-z0-9-] only).
void validate_figure(const Figure& figure);

}  // namespace sklaws::reports
