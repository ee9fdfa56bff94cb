#include <sklaws/fitting/power_law_fit.hpp>

#include "ceres_logging.hpp"

#include <sklaws/numerics/errors.hpp>

#include <ceres/autodiff_cost_function.h>
#include <ceres/loss_function.h>
#include <ceres/problem.h>
#include <ceres/solver.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace sklaws::fitting {

double power_law_value(const PowerLawFit& fit, double x) { return fit.E + fit.A * std::pow(x, -fit.a); }

namespace {

struct PowerLawResidual {
    double log_x, y, sqrt_w;
    template <class T>
    bool operator()(const T* offset, const T* log_amplitude, const T* exponent, T* residual) const {
        residual[0] = T(sqrt_w) * (T(y) - offset[0] - exp(log_amplitude[0] - exponent[0] * T(log_x)));
        return true;
    }
};

void validate(std::span<const double> x, std::span<const double> y, const PowerLawOptions& o) {
    numerics::require(x.size() == y.size(), "points", x.size(), "(x and y of equal length)");
    const std::size_t parameters = o.fit_offset ? 3 : 2;
    numerics::require(x.size() > parameters, "points", x.size(),
                      o.fit_offset ? "(at least 4 points for E, A, a)" : "(at least 3 points for A, a)");
    numerics::require(o.weights.empty() || o.weights.size() == x.size(), "weights", o.weights.size(),
                      "(one weight per point)");
    for (std::size_t i = 0; i < x.size(); ++i) {
        numerics::require(std::isfinite(x[i]) && x[i] > 0, "x", x[i], "(finite, > 0)");
        numerics::require_finite("y", y[i]);
        if (!o.weights.empty()) numerics::require(std::isfinite(o.weights[i]) && o.weights[i] >= 0, "weight", o.weights[i], "(finite, >= 0)");
    }
    numerics::require(std::isfinite(o.loss_scale) && o.loss_scale > 0, "loss_scale", o.loss_scale, "(finite, > 0)");
    // Repeated x carry no information on the exponent: a bootstrap resample
    // that drew one x three times would otherwise "fit" an arbitrary a.
    std::vector<double> distinct(x.begin(), x.end());
    std::sort(distinct.begin(), distinct.end());
    const auto count = static_cast<std::size_t>(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
    numerics::require(count >= parameters, "distinct x", count,
                      o.fit_offset ? "(at least 3 distinct x for E, A, a)" : "(at least 2 distinct x for A, a)");
}

double weight(const PowerLawOptions& o, std::size_t i) { return o.weights.empty() ? 1.0 : o.weights[i]; }

// The weighted least-squares amplitude for fixed (E, a): A = Σw(y−E)x^−a / Σw x^−2a.
double best_amplitude(std::span<const double> x, std::span<const double> y, const PowerLawOptions& o, double E, double a) {
    double num = 0, den = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double u = std::pow(x[i], -a);
        num += weight(o, i) * (y[i] - E) * u;
        den += weight(o, i) * u * u;
    }
    const double A = den > 0 ? num / den : 0;
    return A > 0 && std::isfinite(A) ? A : 1e-300;
}

double log_log_slope(std::span<const double> x, std::span<const double> y, const PowerLawOptions& o) {
    double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double w = weight(o, i) * y[i] * y[i];  // weight on log y ≈ w·y² (delta method)
        const double lx = std::log(x[i]), ly = std::log(y[i]);
        sw += w;
        sx += w * lx;
        sy += w * ly;
        sxx += w * lx * lx;
        sxy += w * lx * ly;
    }
    const double den = sw * sxx - sx * sx;
    const double slope = den > 0 ? (sw * sxy - sx * sy) / den : -0.5;
    return std::isfinite(slope) ? slope : -0.5;
}

ceres::LossFunction* make_loss(const PowerLawOptions& o) {
    switch (o.loss) {
        case RobustLoss::squared: return nullptr;
        case RobustLoss::huber: return new ceres::HuberLoss(o.loss_scale);
        case RobustLoss::cauchy: return new ceres::CauchyLoss(o.loss_scale);
    }
    return nullptr;
}

PowerLawFit solve_from(std::span<const double> x, std::span<const double> y, const PowerLawOptions& o, double E,
                       double a, double amplitude = 0) {
    detail::quiet_ceres_warnings();
    double offset = o.fit_offset ? E : 0.0;
    double log_amplitude = std::log(amplitude > 0 ? amplitude : best_amplitude(x, y, o, offset, a));
    double exponent = a;
    ceres::Problem problem;
    for (std::size_t i = 0; i < x.size(); ++i) {
        auto* cost = new ceres::AutoDiffCostFunction<PowerLawResidual, 1, 1, 1, 1>(
            new PowerLawResidual{std::log(x[i]), y[i], std::sqrt(weight(o, i))});
        problem.AddResidualBlock(cost, make_loss(o), &offset, &log_amplitude, &exponent);
    }
    if (!o.fit_offset) problem.SetParameterBlockConstant(&offset);
    ceres::Solver::Options options;
    options.linear_solver_type = ceres::DENSE_QR;
    options.logging_type = ceres::SILENT;
    options.max_num_iterations = o.max_iterations;
    options.function_tolerance = 1e-14;
    options.gradient_tolerance = 1e-14;
    options.parameter_tolerance = 1e-12;
    ceres::Solver::Summary summary;
    ceres::Solve(options, &problem, &summary);
    PowerLawFit fit;
    fit.E = offset;
    fit.A = std::exp(log_amplitude);
    fit.a = exponent;
    fit.objective = std::isfinite(summary.final_cost) ? summary.final_cost : HUGE_VAL;
    fit.best_converged = summary.termination_type == ceres::CONVERGENCE && std::isfinite(fit.A);
    fit.fit_offset = o.fit_offset;
    return fit;
}

}  // namespace

PowerLawFit fit_power_law(std::span<const double> x, std::span<const double> y, const PowerLawOptions& options) {
    validate(x, y, options);
    if (options.start) {
        const PowerLawStart& s = *options.start;
        numerics::require(std::isfinite(s.A) && s.A > 0, "start.A", s.A, "(finite, > 0)");
        PowerLawFit fit = solve_from(x, y, options, s.E, s.a, s.A);
        fit.starts = 1;
        fit.converged = fit.best_converged ? 1 : 0;
        return fit;
    }
    const double y_min = *std::min_element(y.begin(), y.end());
    const double y_max = *std::max_element(y.begin(), y.end());
    const double span = y_max - y_min;
    std::vector<double> exponents{0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0};
    // Without an offset and with y > 0 the law is a line in log-log: its
    // least-squares slope is a start near the optimum, also for growing laws
    // (a < 0, e.g. Heaps' K(n) = c n^h) which the grid does not cover.
    if (!options.fit_offset && y_min > 0) exponents.push_back(-log_log_slope(x, y, options));
    std::vector<double> offsets{0.0};
    // E sits below the smallest y for a decreasing law: try a few gaps below it.
    if (options.fit_offset) offsets = {y_min - span, y_min - 0.3 * span, y_min - 0.1 * span, y_min - 0.01 * span, 0.0};
    PowerLawFit best;
    std::size_t starts = 0, converged = 0;
    bool have = false;
    for (double E : offsets) {
        for (double a : exponents) {
            const PowerLawFit fit = solve_from(x, y, options, E, a);
            ++starts;
            converged += fit.best_converged ? 1 : 0;
            if (!have || (fit.best_converged && !best.best_converged) ||
                (fit.best_converged == best.best_converged && fit.objective < best.objective)) {
                best = fit;
                have = true;
            }
        }
    }
    best.starts = starts;
    best.converged = converged;
    return best;
}

}  // namespace sklaws::fitting
