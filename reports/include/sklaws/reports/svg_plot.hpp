// SVG plots for the report: no external assets, readable offline, and the
// source of the standalone .svg and .pdf files (pdf_figure.hpp).
//
// Coordinates: a data value v on a linear axis [lo, hi] maps to the pixel
// offset (v − lo)/(hi − lo)·length; on a log axis to
// (log10 v − log10 lo)/(log10 hi − log10 lo)·length, so equal ratios are equal
// distances and a power law is a straight line. Non-positive values cannot be
// placed on a log axis and are left out of the picture (never clamped to a
// fake value); the CSV still holds them.
//
// Ranges: every value drawn — points, the ends of their intervals, curve
// samples — lies inside the frame with a margin (3% of the span), so nothing
// sits on or beyond an edge: a log axis runs between whole decades around
// the padded data, a linear axis between "nice" ticks around it.
// Ticks: a linear axis gets steps 1, 2 or 5 × 10^k giving 4–8 ticks; a log
// axis one tick per decade (labelled 10^k), thinned to at most ~8 labels, or
// nice linear steps when the range spans less than a decade.
// Series (figure.hpp): Monte Carlo points with their 95% intervals (±1.96 SE,
// capped bars), hollow squares for predictions, solid curves for exact closed
// forms, dashed for asymptotes, dotted for fits. The legend lists every
// series; it goes into the first corner of the frame where its box covers
// no drawn point, bar or curve sample, and below the frame when every
// corner would cover data.
#pragma once

#include "sklaws/reports/figure.hpp"

#include <string>
#include <vector>

namespace sklaws::reports {

struct PlotSize {
    int width = 720;
    int height = 440;
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

// Where the legend went.
enum class LegendPlace { top_right, top_left, bottom_right, bottom_left, below };

struct SvgPlot {
    std::string svg;  // a complete <svg> element (width, height, viewBox)
    LegendPlace legend = LegendPlace::top_right;
    int width = 0;
    int height = 0;  // larger than PlotSize::height when the legend went below
};

SvgPlot plot_svg(const Figure& figure, PlotSize size = {});
// plot_svg(...).svg
std::string render_svg(const Figure& figure, PlotSize size = {});
// A standalone SVG file: XML declaration + render_svg.
std::string render_svg_file(const Figure& figure, PlotSize size = {});

// Escapes &, <, >, " and ' for XML text and attribute values.
std::string xml_escape(const std::string& text);

}  // namespace sklaws::reports
