#include "sklaws/reports/svg_plot.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace sklaws::reports {
namespace {

// Okabe–Ito colours: distinguishable under the common colour-vision deficiencies.
constexpr std::array<const char*, 7> kPalette = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                 "#E69F00", "#56B4E9", "#000000"};

bool placeable(double v, Scale scale) { return std::isfinite(v) && (scale == Scale::linear || v > 0); }

std::string format_number(double v) {
    if (v == 0) return "0";
    char buf[32];
    const double a = std::fabs(v);
    if (a >= 1e-3 && a < 1e5) {
        std::snprintf(buf, sizeof buf, "%.6g", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.3g", v);
    }
    return buf;
}

std::string coordinate(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// Step 1, 2 or 5 × 10^k that cuts `span` into at most ~`target` pieces.
double nice_step(double span, int target) {
    const double raw = span / target;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= raw) return m * magnitude;
    }
    return 10.0 * magnitude;
}

AxisLayout linear_ticks(double low, double high, Scale scale) {
    AxisLayout layout;
    const double step = nice_step(high - low, 6);
    layout.low = low;
    layout.high = high;
    if (scale == Scale::linear) {
        layout.low = std::floor(low / step) * step;
        layout.high = std::ceil(high / step) * step;
    }
    for (double t = std::ceil(low / step) * step; t <= layout.high + 1e-9 * step; t += step) {
        const double tick = std::fabs(t) < 1e-12 * step ? 0.0 : t;
        if (tick < layout.low - 1e-9 * step || (scale == Scale::log && tick <= 0)) continue;
        layout.ticks.push_back(tick);
        layout.tick_labels.push_back(format_number(tick));
    }
    return layout;
}

AxisLayout log_ticks(double low, double high) {
    const double lo_exp = std::floor(std::log10(low));
    const double hi_exp = std::ceil(std::log10(high));
    if (hi_exp - lo_exp < 2) {
        // Less than a decade (after rounding out): decade ticks would leave the
        // axis unlabelled, so use nice linear steps on the log axis.
        return linear_ticks(low / 1.1, high * 1.1, Scale::log);
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
    double left, top, width, height;
    AxisLayout x, y;
    Scale x_scale, y_scale;

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

std::vector<double> collect(const Figure& figure, bool want_x) {
    std::vector<double> values;
    for (const auto& s : figure.series) {
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (want_x) {
                values.push_back(s.x[i]);
                continue;
            }
            values.push_back(s.y[i]);
            // Error bars must fit inside the frame, but a lower bar that
            // crosses zero on a log axis simply runs off the bottom.
            if (!s.y_err.empty() && std::isfinite(s.y_err[i])) {
                values.push_back(s.y[i] + s.y_err[i]);
                if (figure.y.scale == Scale::linear || s.y[i] - s.y_err[i] > 0) values.push_back(s.y[i] - s.y_err[i]);
            }
        }
    }
    return values;
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

void draw_points(std::ostringstream& svg, const Frame& f, const Series& s, const char* colour) {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
        if (!f.inside(s.x[i], s.y[i])) continue;
        const double x = f.px(s.x[i]);
        if (!s.y_err.empty() && std::isfinite(s.y_err[i]) && s.y_err[i] > 0) {
            const double hi = std::min(f.y.high, s.y[i] + s.y_err[i]);
            const double lo_value = s.y[i] - s.y_err[i];
            const double y_lo = placeable(lo_value, f.y_scale) ? f.py(std::max(f.y.low, lo_value)) : f.top + f.height;
            const double y_hi = f.py(hi);
            svg << "<path d=\"M" << coordinate(x) << " " << coordinate(y_lo) << "V" << coordinate(y_hi) << "M"
                << coordinate(x - 3) << " " << coordinate(y_lo) << "h6M" << coordinate(x - 3) << " " << coordinate(y_hi)
                << "h6\" stroke=\"" << colour << "\" fill=\"none\"/>";
        }
        svg << "<circle cx=\"" << coordinate(x) << "\" cy=\"" << coordinate(f.py(s.y[i])) << "\" r=\"3.2\" fill=\""
            << colour << "\"/>\n";
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
        << (s.style == SeriesStyle::dashed_line ? " stroke-dasharray=\"6 4\"" : "") << "/>\n";
}

void draw_legend(std::ostringstream& svg, const Frame& f, const Figure& figure) {
    std::size_t longest = 0;
    for (const auto& s : figure.series) longest = std::max(longest, s.name.size());
    const double w = 34 + 6.4 * static_cast<double>(longest);
    const double x0 = f.left + f.width - w - 8;
    double y = f.top + 8;
    svg << "<rect x=\"" << coordinate(x0) << "\" y=\"" << coordinate(y) << "\" width=\"" << coordinate(w)
        << "\" height=\"" << coordinate(18.0 * static_cast<double>(figure.series.size()) + 6)
        << "\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#999\"/>\n";
    for (std::size_t i = 0; i < figure.series.size(); ++i) {
        const auto& s = figure.series[i];
        const char* colour = kPalette[i % kPalette.size()];
        const double cy = y + 14 + 18.0 * static_cast<double>(i);
        if (s.style == SeriesStyle::points) {
            svg << "<circle cx=\"" << coordinate(x0 + 14) << "\" cy=\"" << coordinate(cy - 4) << "\" r=\"3.2\" fill=\""
                << colour << "\"/>";
        } else {
            svg << "<path d=\"M" << coordinate(x0 + 4) << " " << coordinate(cy - 4) << "h20\" stroke=\"" << colour
                << "\" stroke-width=\"1.8\"" << (s.style == SeriesStyle::dashed_line ? " stroke-dasharray=\"6 4\"" : "")
                << "/>";
        }
        svg << "<text x=\"" << coordinate(x0 + 30) << "\" y=\"" << coordinate(cy) << "\" font-size=\"11\">"
            << xml_escape(s.name) << "</text>\n";
    }
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

std::string render_svg(const Figure& figure, PlotSize size) {
    validate_figure(figure);
    Frame f{};
    f.left = 74;
    f.top = 34;
    f.width = size.width - f.left - 20;
    f.height = size.height - f.top - 56;
    f.x_scale = figure.x.scale;
    f.y_scale = figure.y.scale;
    f.x = layout_axis(collect(figure, true), figure.x.scale);
    f.y = layout_axis(collect(figure, false), figure.y.scale);

    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << size.width << "\" height=\"" << size.height
        << "\" viewBox=\"0 0 " << size.width << " " << size.height
        << "\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\" aria-label=\"" << xml_escape(figure.title)
        << "\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    svg << "<text x=\"" << coordinate(f.left) << "\" y=\"20\" font-size=\"14\" font-weight=\"bold\">"
        << xml_escape(figure.title) << "</text>\n";
    draw_axes(svg, f, figure);
    for (std::size_t i = 0; i < figure.series.size(); ++i) {
        const auto& s = figure.series[i];
        const char* colour = kPalette[i % kPalette.size()];
        if (s.style == SeriesStyle::points) {
            draw_points(svg, f, s, colour);
        } else {
            draw_line(svg, f, s, colour);
        }
    }
    if (!figure.series.empty()) draw_legend(svg, f, figure);
    svg << "</svg>\n";
    return svg.str();
}

}  // namespace sklaws::reports
