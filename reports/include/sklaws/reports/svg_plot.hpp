// Inline SVG plots for the report: no external assets, readable offline.
//
// Coordinates: a data value v on a linear axis [lo, hi] maps to the pixel
// offset (v − lo)/(hi − lo)·length; on a log axis to
// (log10 v − log10 lo)/(log10 hi − log10 lo)·length, so equal ratios are equal
// distances and a power law is a straight line. Non-positive values cannot be
// placed on a log axis and are left out of the picture (never clamped to a
// fake value); the CSV still holds them.
//
// Ticks: a linear axis gets "nice" steps 1, 2 or 5 × 10^k chosen to give 4–8
// ticks; a log axis gets one tick per decade (labelled 10^k), thinned to at
// most ~8 labels, or nice linear steps when the range spans less than a
// decade. Points carry vertical error bars (± one standard error), lines are
// polylines, dashed lines mark fits; a legend lists every series.
#pragma once

#include "sklaws/reports/figure.hpp"

#include <string>
#include <vector>

namespace sklaws::reports {

struct PlotSize {
    int width = 640;
    int height = 400;
};

// The data range an axis will show, already padded, and its ticks.
struct AxisLayout {
    double low = 0;
    double high = 1;
    std::vector<double> ticks;
    std::vector<std::string> tick_labels;  // SVG text content (may contain <tspan>)
};

// Ticks and range for values on an axis (values that cannot be shown — NaN,
// ±inf, ≤ 0 on a log axis — are ignored). An empty or degenerate set of
// values gets a default range around it.
AxisLayout layout_axis(const std::vector<double>& values, Scale scale);

// A complete <svg> element (with width, height and viewBox) for the figure.
std::string render_svg(const Figure& figure, PlotSize size = {});

// Escapes &, <, >, " and ' for XML text and attribute values.
std::string xml_escape(const std::string& text);

}  // namespace sklaws::reports
