// A figure as a standalone PDF: the figure's SVG (svg_plot.hpp) rendered
// by librsvg onto a cairo PDF surface (Debian's librsvg2 and cairo), one page
// of the SVG's size in points, vector throughout (text stays text).
#pragma once

#include "sklaws/reports/figure.hpp"

#include <stdexcept>
#include <string>

namespace sklaws::reports {

// Throws std::runtime_error if librsvg cannot read the SVG or cairo cannot
// write the PDF (neither happens for render_svg's output).
std::string render_pdf(const Figure& figure);

// The same for any SVG document text of the given size in pixels.
std::string svg_to_pdf(const std::string& svg, double width, double height);

}  // namespace sklaws::reports
