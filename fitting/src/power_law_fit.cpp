#include <sklaws/fitting/power_law_fit.hpp>

#include "ceres_cancellation.hpp"
#include "ceres_logging.hpp"

#include <sklaws/numerics/errors.hpp>

#include <ceres/autodiff_cost_function.h>
#include <ceres/cost_function.h>
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

// All n residuals r_i = √w_i (y_i − E − exp(ln A − a ln x_i)) in one block
// with the analytic Jacobian: for plain least squares this is the same
// problem as n one-residual blocks, without n cost-function objects per
// start (a 1e6-row fit would otherwise build 50 problems of 1e6 blocks).
class PowerLawResiduals final : public ceres::CostFunction {
public:
    PowerLawResiduals(std::span<const double> log_x, std::span<const double> y, std::span<const double> sqrt_w)
        : log_x_(log_x), y_(y), sqrt_w_(sqrt_w) {
        set_num_residuals(static_cast<int>(y.size()));
        mutable_parameter_block_sizes()->assign({1, 1, 1});
    }
    bool Evaluate(double const* const* p, double* residuals, double** jacobians) const override {
        const double E = p[0][0], log_a = p[1][0], a = p[2][0];
        for (std::size_t i = 0; i < y_.size(); ++i) {
            const double t = std::exp(log_a - a * log_x_[i]);
            const double sw = sqrt_w_[i];
            residuals[i] = sw * (y_[i] - E - t);
            if (jacobians) {
                if (jacobians[0]) jacobians[0][i] = -sw;
                if (jacobians[1]) jacobians[1][i] = -sw * t;
                if (jacobians[2]) jacobians[2][i] = sw * t * log_x_[i];
            }
        }
        return true;
    }

private:
    std::span<const double> log_x_, y_, sqrt_w_;
};

double weight(const PowerLawOptions& o, std::size_t i) { return o.weights.empty() ? 1.0 : o.weights[i]; }

void validate(std::span<const double> x, std::span<const double> y, const PowerLawOptions& o) {
    numerics::require(x.size() == y.size(), "points", x.size(), "(x and y of equal length)");
    const bool offset_free = o.fit_offset && !o.fixed_E;
    const std::size_t parameters = (offset_free ? 1 : 0) + (o.fixed_A ? 0 : 1) + (o.fixed_a ? 0 : 1);
    numerics::require(x.size() > parameters, "points", x.size(),
                      ("(at least " + std::to_string(parameters + 1) + " points for " + std::to_string(parameters) +
                       " free parameters)").c_str());
    if (o.fixed_E) numerics::require_finite("fixed E", *o.fixed_E);
    if (o.fixed_a) numerics::require_finite("fixed a", *o.fixed_a);
    if (o.fixed_A) numerics::require(std::isfinite(*o.fixed_A) && *o.fixed_A > 0, "fixed A", *o.fixed_A, "(finite, > 0)");
    numerics::require(o.weights.empty() || o.weights.size() == x.size(), "weights", o.weights.size(),
                      "(one weight per point)");
    for (std::size_t i = 0; i < x.size(); ++i) {
        numerics::require(std::isfinite(x[i]) && x[i] > 0, "x", x[i], "(finite, > 0)");
        numerics::require_finite("y", y[i]);
        if (!o.weights.empty()) numerics::require(std::isfinite(o.weights[i]) && o.weights[i] >= 0, "weight", o.weights[i], "(finite, >= 0)");
    }
    numerics::require(std::isfinite(o.loss_scale) && o.loss_scale > 0, "loss_scale", o.loss_scale, "(finite, > 0)");
    // A point of weight 0 is not in the objective: the points that count are
    // those of positive weight (all zero would "converge" at once, to the
    // starting values).
    std::vector<double> distinct;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (weight(o, i) > 0) distinct.push_back(x[i]);
    numerics::require(distinct.size() > parameters, "points of positive weight", distinct.size(),
                      ("(at least " + std::to_string(parameters + 1) + " points with a weight > 0 for " +
                       std::to_string(parameters) + " free parameters)").c_str());
    // ½Σ w r² must be finite for the fit to compare starts: |y| ≥ 1e150 (or
    // w y² ≥ 1e300) overflows the squared residuals for every start.
    for (std::size_t i = 0; i < y.size(); ++i)
        numerics::require(weight(o, i) * y[i] * y[i] < 1e300, "y", y[i],
                          "(w y^2 < 1e300, or the squared residuals overflow double; rescale y)");
    // Repeated x carry no information on the exponent: a bootstrap resample
    // that drew one x three times would otherwise "fit" an arbitrary a.
    std::sort(distinct.begin(), distinct.end());
    const auto count = static_cast<std::size_t>(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
    const std::size_t shape = (offset_free ? 1 : 0) + (o.fixed_a ? 0 : 1) + 1;  // one x fixes the amplitude
    numerics::require(count >= std::min(parameters, shape), "distinct x", count,
                      ("(at least " + std::to_string(std::min(parameters, shape)) + " distinct x for the free parameters)").c_str());
}

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
    detail::quiet_ceres_logging();
    double offset = o.fixed_E ? *o.fixed_E : (o.fit_offset ? E : 0.0);
    double exponent = o.fixed_a ? *o.fixed_a : a;
    double log_amplitude = std::log(o.fixed_A ? *o.fixed_A : (amplitude > 0 ? amplitude : best_amplitude(x, y, o, offset, exponent)));
    ceres::Problem problem;
    std::vector<double> log_x(x.size()), sqrt_w(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        log_x[i] = std::log(x[i]);
        sqrt_w[i] = std::sqrt(weight(o, i));
    }
    if (o.loss == RobustLoss::squared) {
        problem.AddResidualBlock(new PowerLawResiduals(log_x, y, sqrt_w), nullptr, &offset, &log_amplitude, &exponent);
    } else {
        // a robust loss acts on each residual: one block per point
        for (std::size_t i = 0; i < x.size(); ++i) {
            auto* cost = new ceres::AutoDiffCostFunction<PowerLawResidual, 1, 1, 1, 1>(
                new PowerLawResidual{log_x[i], y[i], sqrt_w[i]});
            problem.AddResidualBlock(cost, make_loss(o), &offset, &log_amplitude, &exponent);
        }
    }
    if (!o.fit_offset || o.fixed_E) problem.SetParameterBlockConstant(&offset);
    if (o.fixed_A) problem.SetParameterBlockConstant(&log_amplitude);
    if (o.fixed_a) problem.SetParameterBlockConstant(&exponent);
    const bool all_fixed = (!o.fit_offset || o.fixed_E) && o.fixed_A && o.fixed_a;
    ceres::Solver::Options options;
    // one block of n residuals and 3 parameters: the 3x3 normal equations
    // cost O(n), where QR of the n x 3 Jacobian costs several times more
    options.linear_solver_type = o.loss == RobustLoss::squared ? ceres::DENSE_NORMAL_CHOLESKY : ceres::DENSE_QR;
    options.logging_type = ceres::SILENT;
    options.max_num_iterations = o.max_iterations;
    options.function_tolerance = 1e-14;
    options.gradient_tolerance = 1e-14;
    options.parameter_tolerance = 1e-12;
    detail::CeresCancellation cancel;
    cancel.attach(options);
    ceres::Solver::Summary summary;
    double cost = 0;
    if (all_fixed) problem.Evaluate(ceres::Problem::EvaluateOptions(), &cost, nullptr, nullptr, nullptr);
    else ceres::Solve(options, &problem, &summary);
    cancel.rethrow();
    if (!all_fixed) cost = summary.final_cost;
    PowerLawFit fit;
    fit.E = offset;
    fit.A = o.fixed_A ? *o.fixed_A : std::exp(log_amplitude);
    fit.a = exponent;
    fit.objective = std::isfinite(cost) ? cost : HUGE_VAL;
    fit.best_converged = (all_fixed || summary.termination_type == ceres::CONVERGENCE) && std::isfinite(fit.A);
    fit.fit_offset = o.fit_offset;
    return fit;
}

// A fit is only a fit if its objective is a number: never report an
// infinite objective (JSON null) as a result.
void require_finite_objective(const PowerLawFit& fit) {
    if (std::isfinite(fit.objective)) return;
    throw numerics::DomainError("objective", "no start of the power-law fit reached a finite least-squares objective "
                                             "(x^-a overflows double over the range of x); rescale x");
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
        require_finite_objective(fit);
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
    if (options.fixed_a) exponents = {*options.fixed_a};
    std::vector<double> offsets{0.0};
    // E sits below the smallest y for a decreasing law: try a few gaps below it.
    if (options.fit_offset) offsets = {y_min - span, y_min - 0.3 * span, y_min - 0.1 * span, y_min - 0.01 * span, 0.0};
    if (options.fixed_E) offsets = {*options.fixed_E};
    PowerLawFit best;
    std::size_t starts = 0, converged = 0;
    bool have = false;
    for (double E : offsets) {
        for (double a : exponents) {
            poll_cancellation();
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
    require_finite_objective(best);
    return best;
}

}  // namespace sklaws::fitting
