#include <sklaws/fitting/overtraining_law.hpp>

#include "ceres_cancellation.hpp"
#include "ceres_logging.hpp"

#include <sklaws/numerics/errors.hpp>

#include <ceres/autodiff_cost_function.h>
#include <ceres/problem.h>
#include <ceres/solver.h>

#include <cmath>
#include <vector>

namespace sklaws::fitting {

namespace {

// L(C, M) with ln C and ln M precomputed.
struct Residual {
    double log_c, log_m, loss;
    template <class T>
    bool operator()(const T* E, const T* a, const T* b, const T* eta, T* r) const {
        const T cm = exp(-eta[0] * T(log_c));
        r[0] = T(loss) - (E[0] + (a[0] * exp(eta[0] * T(log_m)) + b[0] * exp(-eta[0] * T(log_m))) * cm);
        return true;
    }
};

OvertrainingFit solve(const std::vector<Residual>& points, OvertrainingParameters p, const OvertrainingOptions& o) {
    detail::quiet_ceres_logging();
    const auto& k = o.constraints;
    if (k.E) p.E = *k.E;
    if (k.a) p.a = *k.a;
    if (k.b) p.b = *k.b;
    if (k.eta) p.eta = *k.eta;
    ceres::Problem problem;
    for (const auto& point : points)
        problem.AddResidualBlock(new ceres::AutoDiffCostFunction<Residual, 1, 1, 1, 1, 1>(new Residual(point)), nullptr,
                                 &p.E, &p.a, &p.b, &p.eta);
    if (k.E) problem.SetParameterBlockConstant(&p.E);
    if (k.a) problem.SetParameterBlockConstant(&p.a);
    if (k.b) problem.SetParameterBlockConstant(&p.b);
    if (k.eta) problem.SetParameterBlockConstant(&p.eta);
    ceres::Solver::Options options;
    options.linear_solver_type = ceres::DENSE_QR;
    options.logging_type = ceres::SILENT;
    options.max_num_iterations = o.max_iterations;
    options.function_tolerance = 1e-15;
    options.gradient_tolerance = 1e-15;
    options.parameter_tolerance = 1e-15;
    detail::CeresCancellation cancel;
    cancel.attach(options);
    ceres::Solver::Summary summary;
    const bool all_fixed = k.E && k.a && k.b && k.eta;
    if (!all_fixed) ceres::Solve(options, &problem, &summary);
    cancel.rethrow();
    OvertrainingFit fit;
    fit.parameters = p;
    fit.constraints = k;
    double sse = 0;
    for (const auto& point : points) {
        double r;
        point(&p.E, &p.a, &p.b, &p.eta, &r);
        sse += r * r;
    }
    fit.objective = std::isfinite(sse) ? 0.5 * sse : HUGE_VAL;
    fit.best_converged = (all_fixed || summary.termination_type == ceres::CONVERGENCE) && std::isfinite(sse);
    fit.starts = 1;
    fit.converged = fit.best_converged ? 1 : 0;
    return fit;
}

}  // namespace

double overtraining_value(const OvertrainingParameters& p, double n, double d) {
    const double log_c = std::log(6.0) + std::log(n) + std::log(d), log_m = std::log(d) - std::log(n);
    return p.E + (p.a * std::exp(p.eta * log_m) + p.b * std::exp(-p.eta * log_m)) * std::exp(-p.eta * log_c);
}

OvertrainingFit fit_overtraining(std::span<const double> n, std::span<const double> d, std::span<const double> loss,
                                 const OvertrainingOptions& options) {
    numerics::require(n.size() == loss.size() && d.size() == loss.size(), "points", loss.size(),
                      "(N, D and loss of equal length)");
    const auto& k = options.constraints;
    const std::size_t free = (k.E ? 0 : 1) + (k.a ? 0 : 1) + (k.b ? 0 : 1) + (k.eta ? 0 : 1);
    numerics::require(loss.size() >= free + 1, "points", loss.size(),
                      ("(at least one more point than the " + std::to_string(free) + " free parameters)").c_str());
    for (const auto* v : {&k.E, &k.a, &k.b, &k.eta})
        if (*v) numerics::require_finite("fixed parameter", **v);
    std::vector<Residual> points;
    for (std::size_t i = 0; i < loss.size(); ++i) {
        numerics::require(std::isfinite(n[i]) && n[i] > 0, "N", n[i], "(finite, > 0)");
        numerics::require(std::isfinite(d[i]) && d[i] > 0, "D", d[i], "(finite, > 0)");
        numerics::require(std::isfinite(loss[i]) && loss[i] > 0, "loss", loss[i], "(finite, > 0)");
        points.push_back({std::log(6.0) + std::log(n[i]) + std::log(d[i]), std::log(d[i]) - std::log(n[i]), loss[i]});
    }
    if (options.start) return solve(points, *options.start, options);
    OvertrainingFit best;
    bool have = false;
    std::size_t starts = 0, converged = 0;
    for (double alpha0 : {1e2, 3e2, 1e3, 3e3})
        for (double beta0 : {1e2, 3e2, 1e3, 3e3})
            for (double e0 : {-0.1, -0.3})
                for (double E0 : {0.0, 1.0, 2.0, 10.0}) {
                    poll_cancellation();
                    const double eta0 = -e0 / 2;
                    const auto fit = solve(points, {E0, alpha0 * std::pow(6.0, eta0), beta0, eta0}, options);
                    ++starts;
                    converged += fit.best_converged ? 1 : 0;
                    if (!have || (fit.best_converged && !best.best_converged) ||
                        (fit.best_converged == best.best_converged && fit.objective < best.objective)) {
                        best = fit;
                        have = true;
                    }
                }
    best.starts = starts;
    best.converged = converged;
    return best;
}

}  // namespace sklaws::fitting
