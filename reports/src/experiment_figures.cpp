#include "sklaws/reports/experiment_figures.hpp"

#include "sklaws/reports/number_format.hpp"

#include <algorithm>
#include <cmath>

namespace sklaws::reports {

namespace {

std::optional<double> finite(double v) { return std::isfinite(v) ? std::optional<double>(v) : std::nullopt; }

std::string percent(double relative) { return format_number(100 * relative, 2) + "%"; }

}  // namespace

Comparison comparison_from_check(const validation::Check& check) {
    Comparison c;
    c.quantity = check.point.empty() ? check.quantity : check.quantity + " (" + check.point + ")";
    c.label = check.label;
    c.theory = finite(check.theory);
    c.estimate = finite(check.estimate);
    c.se = finite(check.se);
    c.z = finite(check.z);
    c.inputs = check.inputs;
    c.relative_distance = finite(check.relative_distance);
    if (check.is_z_test()) {
        c.kind = ComparisonKind::z_test;
        c.pass = check.pass;
        c.detectable_error = finite(check.detectable_error);
        c.detectable_relative_error = finite(check.detectable_relative_error);
        c.criterion = "|z| <= " + format_number(check.z_threshold, 3);
        if (c.detectable_relative_error) {
            c.criterion += " (detects " + percent(*c.detectable_relative_error) + ")";
        } else if (c.detectable_error) {
            c.criterion += " (detects ±" + format_number(*c.detectable_error, 2) + ")";
        }
    } else if (check.is_not_applicable()) {
        c.kind = ComparisonKind::not_applicable;
        c.pass = false;
        c.criterion = "not applicable: " + check.reason;
    } else {
        c.kind = ComparisonKind::limit;
        c.pass = false;
        c.criterion = "limit, not a test";
        if (c.relative_distance) c.criterion += ": MC − limit = " + percent(*c.relative_distance);
    }
    return c;
}

Figure figure_from_experiment(const validation::Figure& figure, const validation::ExperimentResult& result) {
    Figure f;
    f.id = figure.id;
    f.title = figure.title;
    f.caption = figure.caption;
    f.x = figure.x;
    f.y = figure.y;
    bool has_points = false;
    for (const auto& s : figure.series) {
        Series series{s.name, style_for(s.role), s.x, s.y, s.se, s.role};
        has_points = has_points || s.role == SeriesRole::monte_carlo;
        f.series.push_back(std::move(series));
    }
    if (has_points) {
        f.caption += " Monte Carlo points with " + format_number(100 * interval_level, 3) + "% intervals (±" +
                     format_number(interval_z, 3) + " SE; seed " + std::to_string(result.seed) + ", " +
                     std::to_string(result.replicates) + " replicates).";
    }
    // Curves first, so that the points are drawn on top of them.
    std::stable_partition(f.series.begin(), f.series.end(), [](const Series& s) {
        return s.style != SeriesStyle::points && s.style != SeriesStyle::markers;
    });
    return f;
}

}  // namespace sklaws::reports
