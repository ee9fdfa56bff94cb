#include "sklaws/reports/experiment_figures.hpp"

#include "sklaws/reports/report_writers.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace sklaws::reports {

Comparison comparison_from_check(const validation::Check& check) {
    Comparison c;
    c.quantity = check.quantity;
    // Name the point of the curve a row belongs to (n, j, C, w, λ ...).
    std::string at;
    for (const char* key : {"n", "N", "j", "C", "w", "lambda", "n_from"}) {
        if (!check.inputs.contains(key) || !check.inputs[key].is_number()) continue;
        at += (at.empty() ? "" : ", ") + std::string(key) + " = " + format_number(check.inputs[key].get<double>(), 6);
    }
    if (!at.empty()) c.quantity += " (" + at + ")";
    c.label = check.label;
    c.theory = check.theory;
    c.estimate = check.estimate;
    c.se = check.se;
    c.z = check.z;
    c.pass = check.pass;
    c.inputs = check.inputs;
    c.criterion = "|z| <= " + format_number(check.z_threshold, 3);
    c.z_test = !check.relative_tolerance;
    if (check.relative_tolerance) {
        c.criterion = "|MC - theory| <= " + format_number(*check.relative_tolerance, 3) + "·|theory| + " +
                      format_number(check.z_threshold, 3) + "·SE (asymptotic form)";
    }
    return c;
}

Scale choose_scale(const std::vector<double>& values) {
    double low = HUGE_VAL, high = 0;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        if (v <= 0) return Scale::linear;
        low = std::min(low, v);
        high = std::max(high, v);
    }
    return high > 0 && high / low >= 100 ? Scale::log : Scale::linear;
}

std::vector<Figure> figures_from_experiment(const validation::ExperimentResult& result, const std::string& title) {
    // Group by axes, keeping the experiment's series order.
    std::vector<std::pair<std::string, std::string>> axes;
    std::map<std::pair<std::string, std::string>, std::vector<const validation::Series*>> groups;
    for (const auto& s : result.series) {
        const auto key = std::make_pair(s.x_label, s.y_label);
        if (!groups.count(key)) axes.push_back(key);
        groups[key].push_back(&s);
    }
    std::vector<Figure> figures;
    for (std::size_t k = 0; k < axes.size(); ++k) {
        Figure f;
        f.id = axes.size() == 1 ? result.experiment : result.experiment + "-" + std::to_string(k + 1);
        f.title = title;
        f.caption = "Monte Carlo points with ±1 SE bars (seed " + std::to_string(result.seed) + ", " +
                    std::to_string(result.replicates) + " replicates) against the closed form.";
        f.x.label = axes[k].first;
        f.y.label = axes[k].second;
        std::vector<double> xs, ys;
        for (const auto* s : groups[axes[k]]) {
            Series series;
            series.name = s->name;
            series.x = s->x;
            series.y = s->y;
            if (!s->y_err.empty() && s->y_err.size() == s->y.size()) series.y_err = s->y_err;
            series.style = series.y_err.empty() ? SeriesStyle::line : SeriesStyle::points;
            xs.insert(xs.end(), s->x.begin(), s->x.end());
            ys.insert(ys.end(), s->y.begin(), s->y.end());
            f.series.push_back(std::move(series));
        }
        f.x.scale = choose_scale(xs);
        f.y.scale = f.x.scale == Scale::log ? choose_scale(ys) : Scale::linear;
        figures.push_back(std::move(f));
    }
    return figures;
}

}  // namespace sklaws::reports
