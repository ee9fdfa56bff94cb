#include "sklaws/reports/svg_plot.hpp"

#include "sklaws/reports/number_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>

namespace sklaws::reports {
namespace {

// Okabe–Ito colours: distinguishable under the common colour-vision deficiencies.
constexpr std::array<const char*, 7> kPalette = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                 "#E69F00", "#56B4E9", "#000000"};
constexpr double kFont = 11;           // tick and legend text, px
constexpr double kLegendRow = 17;
constexpr double kEdgeMargin = 0.03;   // share of an axis kept free at each end

bool is_marker(SeriesStyle style) { return style == SeriesStyle::points || style == SeriesStyle::markers; }

const char* dash(SeriesStyle style) {
    if (style == SeriesStyle::dashed_line) return " stroke-dasharray=\"7 4\"";
    if (style == SeriesStyle::dotted_line) return " stroke-dasharray=\"1.5 3\" stroke-linecap=\"round\"";
    return "";
}

bool placeable(double v, Scale scale) { return std::isfinite(v) && (scale == Scale::linear || v > 0); }

// Tick labels: plain within [1e-3, 1e5), three digits in exponent form beyond.
std::string tick_text(double v) {
    if (v == 0) return "0";
    const double a = std::fabs(v);
    return format_number(v, a >= 1e-3 && a < 1e5 ? 6 : 3);
}

std::string coordinate(double v) { return fmt::format("{:.2f}", v); }

// Step 1, 2 or 5 × 10^k that cuts `span` into at most ~`target` pieces.
double nice_step(double span, int target) {
    const double raw = span / target;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= raw) return m * magnitude;
    }
    return 10.0 * magnitude;
}

// Ticks at multiples of a nice step; on a linear axis the range is rounded
// out to whole steps.
AxisLayout linear_ticks(double low, double high, Scale scale) {
    AxisLayout layout;
    const double step = nice_step(high - low, 6);
    layout.low = low;
    layout.high = high;
    if (scale == Scale::linear) {
        layout.low = std::floor(low / step) * step;
        layout.high = std::ceil(high / step) * step;
    }
    for (double t = std::ceil(layout.low / step) * step; t <= layout.high + 1e-9 * step; t += step) {
        const double tick = std::fabs(t) < 1e-12 * step ? 0.0 : t;
        if (tick < layout.low - 1e-9 * step || (scale == Scale::log && tick <= 0)) continue;
        layout.ticks.push_back(tick);
        layout.tick_labels.push_back(tick_text(tick));
    }
    return layout;
}

AxisLayout log_ticks(double low, double high) {
    const double lo_exp = std::floor(std::log10(low));
    const double hi_exp = std::ceil(std::log10(high));
    if (hi_exp - lo_exp < 2) {
        // About a decade (after rounding out): decade ticks would leave the
        // axis unlabelled, so use nice linear steps on the log axis.
        return linear_ticks(low, high, Scale::log);
    }
    AxisLayout layout;
    layout.low = std::pow(10.0, lo_exp);
    layout.high = std::pow(10.0, hi_exp);
    const int decades = static_cast<int>(hi_exp - lo_exp);
    const int stride = std::max(1, (decades + 7) / 8);
    for (int e = static_cast<int>(lo_exp); e <= static_cast<int>(hi_exp); e += stride) {
        layout.ticks.push_back(std::pow(10.0, e));
        layout.tick_labels.push_back("10<tspan dy=\"-6\" font-size=\"9\">" + std::to_string(e) + "</tspan>");
    }
    return layout;
}

struct Frame {
    double left = 0, top = 0, width = 0, height = 0;
    AxisLayout x, y;
    Scale x_scale = Scale::linear, y_scale = Scale::linear;

    double to_unit(double v, const AxisLayout& axis, Scale scale) const {
        if (scale == Scale::log) {
            return (std::log10(v) - std::log10(axis.low)) / (std::log10(axis.high) - std::log10(axis.low));
        }
        return (v - axis.low) / (axis.high - axis.low);
    }
    double px(double v) const { return left + to_unit(v, x, x_scale) * width; }
    double py(double v) const { return top + height - to_unit(v, y, y_scale) * height; }
    bool inside(double vx, double vy) const {
        return placeable(vx, x_scale) && placeable(vy, y_scale) && vx >= x.low && vx <= x.high && vy >= y.low &&
               vy <= y.high;
    }
};

double interval(const Series& s, std::size_t i) {
    return s.style == SeriesStyle::points && !s.y_err.empty() && std::isfinite(s.y_err[i]) ? interval_z * s.y_err[i] : 0;
}

// Every value an axis must show: points, the ends of their intervals (a
// lower end at or below zero on a log axis simply runs off the bottom), and
// curve samples.
std::vector<double> collect(const Figure& figure, bool want_x) {
    std::vector<double> values;
    for (const auto& s : figure.series) {
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (!placeable(s.x[i], figure.x.scale) || !placeable(s.y[i], figure.y.scale)) continue;
            if (want_x) {
                values.push_back(s.x[i]);
                continue;
            }
            values.push_back(s.y[i]);
            const double half = interval(s, i);
            if (half > 0) {
                values.push_back(s.y[i] + half);
                if (figure.y.scale == Scale::linear || s.y[i] - half > 0) values.push_back(s.y[i] - half);
            }
        }
    }
    return values;
}

// Text width estimate for layout (the renderer's font may differ a little).
double text_width(const std::string& text, double font = kFont) {
    std::size_t glyphs = 0;
    for (unsigned char c : text) glyphs += (c & 0xC0) != 0x80;  // UTF-8 lead bytes
    return static_cast<double>(glyphs) * font * 0.6;
}

void draw_axes(std::ostringstream& svg, const Frame& f, const Figure& figure) {
    svg << "<rect x=\"" << coordinate(f.left) << "\" y=\"" << coordinate(f.top) << "\" width=\"" << coordinate(f.width)
        << "\" height=\"" << coordinate(f.height) << "\" fill=\"none\" stroke=\"#444\"/>\n";
    for (std::size_t i = 0; i < f.x.ticks.size(); ++i) {
        const double x = f.px(f.x.ticks[i]);
        svg << "<line x1=\"" << coordinate(x) << "\" y1=\"" << coordinate(f.top) << "\" x2=\"" << coordinate(x)
            << "\" y2=\"" << coordinate(f.top + f.height) << "\" stroke=\"#e4e4e4\"/>"
            << "<text x=\"" << coordinate(x) << "\" y=\"" << coordinate(f.top + f.height + 16)
            << "\" text-anchor=\"middle\" font-size=\"11\">" << f.x.tick_labels[i] << "</text>\n";
    }
    for (std::size_t i = 0; i < f.y.ticks.size(); ++i) {
        const double y = f.py(f.y.ticks[i]);
        svg << "<line x1=\"" << coordinate(f.left) << "\" y1=\"" << coordinate(y) << "\" x2=\""
            << coordinate(f.left + f.width) << "\" y2=\"" << coordinate(y) << "\" stroke=\"#e4e4e4\"/>"
            << "<text x=\"" << coordinate(f.left - 6) << "\" y=\"" << coordinate(y + 4)
            << "\" text-anchor=\"end\" font-size=\"11\">" << f.y.tick_labels[i] << "</text>\n";
    }
    svg << "<text x=\"" << coordinate(f.left + f.width / 2) << "\" y=\"" << coordinate(f.top + f.height + 38)
        << "\" text-anchor=\"middle\" font-size=\"13\">" << xml_escape(figure.x.label) << "</text>\n";
    const double yc = f.top + f.height / 2;
    svg << "<text x=\"16\" y=\"" << coordinate(yc) << "\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 16 "
        << coordinate(yc) << ")\">" << xml_escape(figure.y.label) << "</text>\n";
}

void draw_marker(std::ostringstream& svg, double x, double y, const Series& s, const char* colour) {
    if (s.style == SeriesStyle::markers) {
        svg << "<rect x=\"" << coordinate(x - 3.5) << "\" y=\"" << coordinate(y - 3.5)
            << "\" width=\"7\" height=\"7\" fill=\"white\" stroke=\"" << colour << "\" stroke-width=\"1.4\"/>";
    } else {
        svg << "<circle cx=\"" << coordinate(x) << "\" cy=\"" << coordinate(y) << "\" r=\"3.2\" fill=\"" << colour << "\"/>";
    }
}

void draw_points(std::ostringstream& svg, const Frame& f, const Series& s, const char* colour) {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
        if (!f.inside(s.x[i], s.y[i])) continue;
        const double x = f.px(s.x[i]);
        const double half = interval(s, i);
        if (half > 0) {
            const double hi = std::min(f.y.high, s.y[i] + half);
            const double lo_value = s.y[i] - half;
            const double y_lo = placeable(lo_value, f.y_scale) ? f.py(std::max(f.y.low, lo_value)) : f.top + f.height;
            const double y_hi = f.py(hi);
            svg << "<path d=\"M" << coordinate(x) << " " << coordinate(y_lo) << "V" << coordinate(y_hi) << "M"
                << coordinate(x - 3) << " " << coordinate(y_lo) << "h6M" << coordinate(x - 3) << " " << coordinate(y_hi)
                << "h6\" stroke=\"" << colour << "\" fill=\"none\"/>";
        }
        draw_marker(svg, x, f.py(s.y[i]), s, colour);
        svg << "\n";
    }
}

void draw_line(std::ostringstream& svg, const Frame& f, const Series& s, const char* colour) {
    std::ostringstream path;
    bool pen_down = false;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
        if (!f.inside(s.x[i], s.y[i])) {
            pen_down = false;  // a gap, never a line through an unplottable point
            continue;
        }
        path << (pen_down ? "L" : "M") << coordinate(f.px(s.x[i])) << " " << coordinate(f.py(s.y[i]));
        pen_down = true;
    }
    if (path.str().empty()) return;
    svg << "<path d=\"" << path.str() << "\" fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"1.8\""
        << dash(s.style) << "/>\n";
}

struct Box {
    double x0, y0, x1, y1;
    bool contains(double x, double y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
};

// Pixel positions of everything drawn, for placing the legend.
std::vector<std::pair<double, double>> occupied(const Frame& f, const Figure& figure) {
    std::vector<std::pair<double, double>> at;
    for (const auto& s : figure.series) {
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (!f.inside(s.x[i], s.y[i])) continue;
            const double x = f.px(s.x[i]), y = f.py(s.y[i]);
            at.emplace_back(x, y);
            const double half = interval(s, i);
            if (half > 0) {  // the interval, sampled along its length
                const double hi = f.py(std::min(f.y.high, s.y[i] + half));
                const double lo_value = s.y[i] - half;
                const double lo = placeable(lo_value, f.y_scale) ? f.py(std::max(f.y.low, lo_value)) : f.top + f.height;
                for (int k = 0; k <= 8; ++k) at.emplace_back(x, hi + (lo - hi) * k / 8.0);
            }
            // A segment to the next point, sampled, so a line through the box counts.
            if (!is_marker(s.style) && i + 1 < s.x.size() && f.inside(s.x[i + 1], s.y[i + 1])) {
                const double x2 = f.px(s.x[i + 1]), y2 = f.py(s.y[i + 1]);
                const int steps = static_cast<int>(std::hypot(x2 - x, y2 - y) / 3) + 1;
                for (int k = 1; k < steps; ++k) at.emplace_back(x + (x2 - x) * k / steps, y + (y2 - y) * k / steps);
            }
        }
    }
    return at;
}

struct LegendLayout {
    LegendPlace place = LegendPlace::below;
    double x = 0, y = 0, w = 0, h = 0;
};

LegendLayout place_legend(const Frame& f, const Figure& figure) {
    double longest = 0;
    for (const auto& s : figure.series) longest = std::max(longest, text_width(s.name));
    LegendLayout layout;
    layout.w = 36 + longest;
    layout.h = kLegendRow * static_cast<double>(figure.series.size()) + 8;
    const auto points = occupied(f, figure);
    const double pad = 6, clearance = 4;
    const std::pair<LegendPlace, std::pair<double, double>> corners[] = {
        {LegendPlace::top_right, {f.left + f.width - layout.w - pad, f.top + pad}},
        {LegendPlace::top_left, {f.left + pad, f.top + pad}},
        {LegendPlace::bottom_right, {f.left + f.width - layout.w - pad, f.top + f.height - layout.h - pad}},
        {LegendPlace::bottom_left, {f.left + pad, f.top + f.height - layout.h - pad}},
    };
    if (layout.w + 2 * pad <= f.width && layout.h + 2 * pad <= f.height) {
        for (const auto& [place, corner] : corners) {
            const Box box{corner.first - clearance, corner.second - clearance, corner.first + layout.w + clearance,
                          corner.second + layout.h + clearance};
            if (std::none_of(points.begin(), points.end(), [&](const auto& p) { return box.contains(p.first, p.second); })) {
                layout.place = place;
                layout.x = corner.first;
                layout.y = corner.second;
                return layout;
            }
        }
    }
    layout.place = LegendPlace::below;
    layout.x = f.left;
    layout.y = f.top + f.height + 50;
    return layout;
}

void draw_legend(std::ostringstream& svg, const LegendLayout& l, const Figure& figure) {
    svg << "<rect x=\"" << coordinate(l.x) << "\" y=\"" << coordinate(l.y) << "\" width=\"" << coordinate(l.w)
        << "\" height=\"" << coordinate(l.h) << "\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#999\"/>\n";
    for (std::size_t i = 0; i < figure.series.size(); ++i) {
        const auto& s = figure.series[i];
        const char* colour = kPalette[i % kPalette.size()];
        const double cy = l.y + 4 + kLegendRow * (static_cast<double>(i) + 0.5);
        if (is_marker(s.style)) {
            if (s.style == SeriesStyle::points && !s.y_err.empty()) {
                svg << "<path d=\"M" << coordinate(l.x + 15) << " " << coordinate(cy - 6) << "V" << coordinate(cy + 6)
                    << "\" stroke=\"" << colour << "\"/>";
            }
            draw_marker(svg, l.x + 15, cy, s, colour);
        } else {
            svg << "<path d=\"M" << coordinate(l.x + 4) << " " << coordinate(cy) << "h22\" stroke=\"" << colour
                << "\" stroke-width=\"1.8\"" << dash(s.style) << "/>";
        }
        svg << "<text x=\"" << coordinate(l.x + 31) << "\" y=\"" << coordinate(cy + 4) << "\" font-size=\"11\">"
            << xml_escape(s.name) << "</text>\n";
    }
}

// The axis range with the edge margin added before ticks are chosen.
AxisLayout padded_axis(std::vector<double> values, Scale scale) {
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (double v : values) {
        if (!placeable(v, scale)) continue;
        low = std::min(low, v);
        high = std::max(high, v);
    }
    if (low < high) {
        if (scale == Scale::log) {
            const double span = std::log10(high / low);
            values.push_back(low / std::pow(10.0, kEdgeMargin * span));
            values.push_back(high * std::pow(10.0, kEdgeMargin * span));
        } else {
            values.push_back(low - kEdgeMargin * (high - low));
            values.push_back(high + kEdgeMargin * (high - low));
        }
    }
    return layout_axis(values, scale);
}

}  // namespace

std::string xml_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

AxisLayout layout_axis(const std::vector<double>& values, Scale scale) {
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (double v : values) {
        if (!placeable(v, scale)) continue;
        low = std::min(low, v);
        high = std::max(high, v);
    }
    if (!(low <= high)) {  // nothing placeable
        low = scale == Scale::log ? 1.0 : 0.0;
        high = scale == Scale::log ? 10.0 : 1.0;
    }
    if (scale == Scale::log) {
        if (high / low < 1.0 + 1e-9) {
            low /= 2;
            high *= 2;
        }
        return log_ticks(low, high);
    }
    if (high - low <= 1e-12 * std::max(1.0, std::fabs(high))) {
        const double pad = std::max(1.0, std::fabs(high)) * 0.1;
        low -= pad;
        high += pad;
    }
    return linear_ticks(low, high, Scale::linear);
}

SvgPlot plot_svg(const Figure& figure, PlotSize size) {
    validate_figure(figure);
    Frame f{};
    f.left = 78;
    f.top = 34;
    f.width = size.width - f.left - 24;
    f.height = size.height - f.top - 58;
    f.x_scale = figure.x.scale;
    f.y_scale = figure.y.scale;
    f.x = padded_axis(collect(figure, true), figure.x.scale);
    f.y = padded_axis(collect(figure, false), figure.y.scale);
    const LegendLayout legend = place_legend(f, figure);
    SvgPlot plot;
    plot.legend = legend.place;
    plot.width = size.width;
    plot.height = legend.place == LegendPlace::below ? static_cast<int>(std::ceil(legend.y + legend.h + 8)) : size.height;

    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << plot.width << "\" height=\"" << plot.height
        << "\" viewBox=\"0 0 " << plot.width << " " << plot.height
        << "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" role=\"img\" aria-label=\""
        << xml_escape(figure.title) << "\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    svg << "<text x=\"" << coordinate(f.left) << "\" y=\"20\" font-size=\"14\" font-weight=\"bold\">"
        << xml_escape(figure.title) << "</text>\n";
    draw_axes(svg, f, figure);
    // Curves first, markers on top of them; colours follow the legend order.
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t i = 0; i < figure.series.size(); ++i) {
            const auto& s = figure.series[i];
            const char* colour = kPalette[i % kPalette.size()];
            if (pass == 0 && !is_marker(s.style)) draw_line(svg, f, s, colour);
            if (pass == 1 && is_marker(s.style)) draw_points(svg, f, s, colour);
        }
    }
    if (!figure.series.empty()) draw_legend(svg, legend, figure);
    svg << "</svg>\n";
    plot.svg = svg.str();
    return plot;
}

std::string render_svg(const Figure& figure, PlotSize size) { return plot_svg(figure, size).svg; }

std::string render_svg_file(const Figure& figure, PlotSize size) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + render_svg(figure, size);
}

}  // namespace sklaws::reports
