// A figure of the validation report, as data.
//
// A figure is a set of named series drawn on one pair of axes. Each series is
// a list of points (x_i, y_i) with an optional symmetric error y_i ± e_i — for
// Monte Carlo points e_i is one standard error, so a bar that misses the
// theory curve by more than a few of its own lengths is a failed check seen
// by eye. Axes are linear or logarithmic (base 10); a power law y = A x^{-a}
// is a straight line of slope −a on log-log axes, which is why the scaling
// figures use them. The same Figure value is rendered to inline SVG
// (svg_plot.hpp) and written as one CSV per figure (report_writers.hpp), so
// the picture and the numbers behind it cannot drift apart.
#pragma once

#include <string>
#include <vector>

namespace sklaws::reports {

enum class Scale { linear, log };

struct Axis {
    std::string label;  // quantity and unit, e.g. "tokens N" or "excess loss (nats/token)"
    Scale scale = Scale::linear;
};

// points: markers with error bars (Monte Carlo); line: a closed form or a fit.
enum class SeriesStyle { points, line, dashed_line };

struct Series {
    std::string name;  // legend entry
    SeriesStyle style = SeriesStyle::points;
    std::vector<double> x;
    std::vector<double> y;
    std::vector<double> y_err;  // empty, or one standard error per point
};

struct Figure {
    std::string id;       // file stem of its CSV and anchor in the HTML, e.g. "data-scaling"
    std::string title;
    std::string caption;  // one or two sentences: what to look for
    Axis x;
    Axis y;
    std::vector<Series> series;
};

// Throws std::invalid_argument unless every series has x.size() == y.size()
// and y_err empty or of the same size, and the id is a safe file stem
// ([a-z0-9-] only).
void validate_figure(const Figure& figure);

}  // namespace sklaws::reports
