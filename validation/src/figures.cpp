// Sampling the closed-form curves of a figure (figures.hpp).
#include <sklaws/validation/figures.hpp>

#include <sklaws/numerics/errors.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

namespace {

// The x range the data series span, widened a little so that a curve runs
// past the outermost points: by a factor 1.25 on a log axis, 3% of the span
// on a linear one.
bool data_range(const Figure& figure, double& low, double& high) {
    if (figure.x_low < figure.x_high) {
        low = figure.x_low;
        high = figure.x_high;
        return true;
    }
    low = HUGE_VAL;
    high = -HUGE_VAL;
    for (const auto& s : figure.series) {
        for (double x : s.x) {
            if (!std::isfinite(x) || (figure.x.scale == Scale::log && x <= 0)) continue;
            low = std::min(low, x);
            high = std::max(high, x);
        }
    }
    if (!(low <= high)) return false;
    if (figure.x.scale == Scale::log) {
        low /= 1.25;
        high *= 1.25;
    } else {
        const double pad = 0.03 * (high > low ? high - low : std::max(std::fabs(low), 1.0));
        low -= pad;
        high += pad;
    }
    return true;
}

}  // namespace

const char* series_role_name(SeriesRole role) {
    switch (role) {
        case SeriesRole::monte_carlo: return "monte_carlo";
        case SeriesRole::prediction: return "prediction";
        case SeriesRole::exact: return "exact";
        case SeriesRole::asymptote: return "asymptote";
        case SeriesRole::fit: return "fit";
        case SeriesRole::observed: return "observed";
        case SeriesRole::reference: return "reference";
    }
    return "?";
}

std::vector<double> sample_grid(double low, double high, Scale scale, std::size_t points) {
    std::vector<double> grid;
    if (points < 2 || !(low < high)) return grid;
    grid.reserve(points);
    for (std::size_t i = 0; i < points; ++i) {
        const double t = static_cast<double>(i) / static_cast<double>(points - 1);
        grid.push_back(scale == Scale::log ? low * std::pow(high / low, t) : low + (high - low) * t);
    }
    grid.front() = low;
    grid.back() = high;
    return grid;
}

void sample_curves(Figure& figure) {
    double low = 0, high = 0;
    const bool has_data = data_range(figure, low, high);
    for (const auto& curve : figure.curves) {
        double a = has_data ? std::max(low, curve.x_min) : curve.x_min;
        double b = has_data ? std::min(high, curve.x_max) : curve.x_max;
        Series series{curve.name, curve.role, {}, {}, {}};
        if (std::isfinite(a) && std::isfinite(b) && (figure.x.scale == Scale::linear || a > 0)) {
            for (double x : sample_grid(a, b, figure.x.scale)) {
                double y = 0;
                try {
                    y = curve.f(x);
                } catch (const numerics::DomainError&) {
                    continue;  // outside the closed form's domain: a gap
                }
                if (!std::isfinite(y)) continue;
                series.x.push_back(x);
                series.y.push_back(y);
            }
        }
        figure.series.push_back(std::move(series));
    }
    figure.curves.clear();
}

}  // namespace sklaws::validation
