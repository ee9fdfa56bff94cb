#include "sklaws/reports/exponent_fit.hpp"

#include "sklaws/reports/number_format.hpp"

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/power_law_fit.hpp>
#include <sklaws/numerics/errors.hpp>

#include <cmath>

namespace sklaws::reports {
namespace {

struct Points {
    std::vector<double> u, y, w;  // abscissa in the fitted form, ordinate, weight
};

Points usable_points(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& se,
                     LawDirection direction) {
    Points p;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (!(std::isfinite(x[i]) && std::isfinite(y[i]) && x[i] > 0 && y[i] > 0)) continue;
        double weight = 1.0;
        if (!se.empty()) {
            if (!(std::isfinite(se[i]) && se[i] > 0)) continue;
            weight = 1.0 / (se[i] * se[i]);
        }
        p.u.push_back(direction == LawDirection::growing ? 1.0 / x[i] : x[i]);
        p.y.push_back(y[i]);
        p.w.push_back(weight);
    }
    // Normalise weights to mean 1: the optimum is unchanged, the solver's
    // tolerances see residuals of order one.
    double total = 0;
    for (double w : p.w) total += w;
    for (double& w : p.w) w *= static_cast<double>(p.w.size()) / total;
    return p;
}

fitting::PowerLawFit fit_points(const Points& p, std::span<const std::size_t> rows, bool fit_offset) {
    std::vector<double> u, y, w;
    for (std::size_t i : rows) {
        u.push_back(p.u[i]);
        y.push_back(p.y[i]);
        w.push_back(p.w[i]);
    }
    fitting::PowerLawOptions options;
    options.fit_offset = fit_offset;
    options.weights = w;
    return fitting::fit_power_law(u, y, options);
}

}  // namespace

ExponentFitResult fit_exponent(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& se,
                               LawDirection direction, const std::string& name, double theory,
                               const ExponentFitSettings& settings) {
    const Points p = usable_points(x, y, se, direction);
    numerics::require(p.u.size() >= 3, "points", p.u.size(), "(at least 3 points with x > 0, y > 0, SE > 0)");
    std::vector<std::size_t> all(p.u.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    const fitting::PowerLawFit fit = fit_points(p, all, settings.fit_offset);

    fitting::BootstrapOptions options;
    options.resamples = settings.bootstrap;
    options.seed = settings.seed;
    options.threads = settings.threads;
    options.level = settings.confidence;
    const auto boot = fitting::bootstrap_percentile(
        p.u.size(), [&](std::span<const std::size_t> rows) { return std::vector<double>{fit_points(p, rows, settings.fit_offset).a}; },
        {name}, options);

    ExponentFitResult result;
    result.exponent.name = name;
    result.exponent.value = fit.a;
    result.exponent.confidence = settings.confidence;
    result.exponent.theory = theory;
    if (boot.available.at(0)) {
        result.exponent.ci_low = boot.intervals[0].lo;
        result.exponent.ci_high = boot.intervals[0].hi;
    } else {  // no interval: a degenerate fit cannot pass on its point value alone
        result.exponent.ci_low = result.exponent.ci_high = NAN;
    }
    result.amplitude = fit.A;
    result.offset = fit.E;

    // The fitted law on a log grid spanning the data.
    double lo = HUGE_VAL, hi = 0;
    for (double u : p.u) {
        const double v = direction == LawDirection::growing ? 1.0 / u : u;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    const double sign = direction == LawDirection::growing ? 1.0 : -1.0;
    result.curve.name = "fit: " + name + " = " + format_number(fit.a, 3) + " [" + format_number(result.exponent.ci_low, 3) +
                        ", " + format_number(result.exponent.ci_high, 3) + "]";
    result.curve.style = SeriesStyle::dotted_line;
    result.curve.role = SeriesRole::fit;
    for (double v : validation::sample_grid(lo, hi, Scale::log)) {
        result.curve.x.push_back(v);
        result.curve.y.push_back(fit.E + fit.A * std::pow(v, sign * fit.a));
    }
    return result;
}

}  // namespace sklaws::reports
