#include "sklaws/reports/figure.hpp"

#include <stdexcept>

namespace sklaws::reports {

SeriesStyle style_for(SeriesRole role) {
    switch (role) {
        case SeriesRole::monte_carlo:
        case SeriesRole::observed: return SeriesStyle::points;
        case SeriesRole::prediction: return SeriesStyle::markers;
        case SeriesRole::exact:
        case SeriesRole::reference: return SeriesStyle::line;
        case SeriesRole::asymptote: return SeriesStyle::dashed_line;
        case SeriesRole::fit: return SeriesStyle::dotted_line;
    }
    return SeriesStyle::line;
}

const char* style_name(SeriesStyle style) {
    switch (style) {
        case SeriesStyle::points: return "points";
        case SeriesStyle::markers: return "markers";
        case SeriesStyle::line: return "line";
        case SeriesStyle::dashed_line: return "dashed_line";
        case SeriesStyle::dotted_line: return "dotted_line";
    }
    return "line";
}

void validate_figure(const Figure& figure) {
    if (figure.id.empty() || figure.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
        throw std::invalid_argument("figure id '" + figure.id + "' must be non-empty and use only [a-z0-9-]");
    }
    for (const auto& s : figure.series) {
        if (s.x.size() != s.y.size()) {
            throw std::invalid_argument("figure " + figure.id + ", series '" + s.name + "': x and y differ in length");
        }
        if (!s.y_err.empty() && s.y_err.size() != s.y.size()) {
            throw std::invalid_argument("figure " + figure.id + ", series '" + s.name +
                                        "': y_err must be empty or as long as y");
        }
    }
}

}  // namespace sklaws::reports
