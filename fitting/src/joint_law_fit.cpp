#include <sklaws/fitting/joint_law_fit.hpp>

#include "ceres_logging.hpp"

#include <sklaws/numerics/errors.hpp>

#include <ceres/gradient_problem.h>
#include <ceres/gradient_problem_solver.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace sklaws::fitting {

JointLawParameters JointLawGrid::start(std::size_t index) const {
    JointLawParameters p;
    p.b = b.at(index % b.size());
    index /= b.size();
    p.a = a.at(index % a.size());
    index /= a.size();
    p.epsilon = epsilon.at(index % epsilon.size());
    index /= epsilon.size();
    p.f = f.at(index % f.size());
    index /= f.size();
    p.e = e.at(index % e.size());
    return p;
}

JointLawData make_joint_law_data(std::span<const double> n, std::span<const double> d, std::span<const double> loss) {
    numerics::require(n.size() == loss.size() && d.size() == loss.size(), "points", loss.size(),
                      "(N, D and loss columns of equal length)");
    numerics::require(loss.size() >= 6, "points", loss.size(), "(at least 6 points for the 5 joint-law parameters)");
    JointLawData data;
    for (std::size_t i = 0; i < loss.size(); ++i) {
        numerics::require(std::isfinite(n[i]) && n[i] > 0, "N", n[i], "(finite, > 0)");
        numerics::require(std::isfinite(d[i]) && d[i] > 0, "D", d[i], "(finite, > 0)");
        numerics::require(std::isfinite(loss[i]) && loss[i] > 0, "loss", loss[i], "(finite, > 0)");
        data.log_n.push_back(std::log(n[i]));
        data.log_d.push_back(std::log(d[i]));
        data.log_loss.push_back(std::log(loss[i]));
    }
    return data;
}

double joint_law_objective(const JointLawData& data, const JointLawParameters& p, double delta, double* gradient) {
    double total = 0;
    double g[5] = {0, 0, 0, 0, 0};
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double t1 = p.e - p.a * data.log_n[i];
        const double t2 = p.f - p.b * data.log_d[i];
        const double t3 = p.epsilon;
        const double m = std::max({t1, t2, t3});
        // The largest term's weight is exactly 1: two exp() per point, not three.
        const double w1 = t1 == m ? 1.0 : std::exp(t1 - m);
        const double w2 = t2 == m ? 1.0 : std::exp(t2 - m);
        const double w3 = t3 == m ? 1.0 : std::exp(t3 - m);
        const double s = w1 + w2 + w3;
        const double r = data.log_loss[i] - (m + std::log(s));
        const double abs_r = std::abs(r);
        total += abs_r <= delta ? 0.5 * r * r : delta * (abs_r - 0.5 * delta);
        if (gradient) {
            // dF/dθ = H'(r)·(−∂m/∂θ); ∂m/∂t_k is the softmax weight of term k.
            const double h = -std::clamp(r, -delta, delta) / s;
            g[0] += h * w1;
            g[1] += h * w2;
            g[2] += h * w3;
            g[3] -= h * w1 * data.log_n[i];
            g[4] -= h * w2 * data.log_d[i];
        }
    }
    if (gradient) std::copy(g, g + 5, gradient);
    return total;
}

namespace {

class JointLawObjective final : public ceres::FirstOrderFunction {
public:
    JointLawObjective(const JointLawData& data, double delta) : data_(data), delta_(delta) {}
    bool Evaluate(const double* x, double* cost, double* gradient) const override {
        const JointLawParameters p{x[0], x[1], x[2], x[3], x[4]};
        *cost = joint_law_objective(data_, p, delta_, gradient);
        return std::isfinite(*cost);
    }
    int NumParameters() const override { return 5; }

private:
    const JointLawData& data_;
    double delta_;
};

JointLawFit finish(const JointLawParameters& p, double objective, bool converged) {
    JointLawFit fit;
    fit.log_parameters = p;
    fit.A = std::exp(p.e);
    fit.B = std::exp(p.f);
    fit.E = std::exp(p.epsilon);
    fit.a = p.a;
    fit.b = p.b;
    fit.objective = objective;
    fit.starts = 1;
    fit.converged = converged ? 1 : 0;
    fit.best_converged = converged;
    return fit;
}

}  // namespace

JointLawFit refine_joint_law(const JointLawData& data, const JointLawParameters& start, const JointLawOptions& options) {
    detail::quiet_ceres_warnings();
    double x[5] = {start.e, start.f, start.epsilon, start.a, start.b};
    ceres::GradientProblem problem(new JointLawObjective(data, options.huber_delta));
    ceres::GradientProblemSolver::Options solver;
    solver.line_search_direction_type = ceres::LBFGS;
    solver.logging_type = ceres::SILENT;
    solver.max_num_iterations = options.max_iterations;
    solver.function_tolerance = options.function_tolerance;
    solver.gradient_tolerance = options.gradient_tolerance;
    solver.parameter_tolerance = 1e-14;
    ceres::GradientProblemSolver::Summary summary;
    ceres::Solve(solver, problem, x, &summary);
    const JointLawParameters p{x[0], x[1], x[2], x[3], x[4]};
    // Re-evaluate rather than trust summary.final_cost, so F is the one definition above.
    const double objective = joint_law_objective(data, p, options.huber_delta);
    const bool converged = summary.termination_type == ceres::CONVERGENCE && std::isfinite(objective);
    return finish(p, std::isfinite(objective) ? objective : HUGE_VAL, converged);
}

JointLawFit fit_joint_law(const JointLawData& data, const JointLawOptions& options) {
    const std::size_t starts = options.grid.size();
    numerics::require(starts > 0, "grid", starts, "(at least one start)");
    std::vector<JointLawFit> fits(starts);
    const int concurrency = options.threads > 0 ? static_cast<int>(options.threads) : tbb::task_arena::automatic;
    tbb::task_arena arena(concurrency);
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, starts, [&](std::size_t i) {
            fits[i] = refine_joint_law(data, options.grid.start(i), options);
        });
    });
    // Fixed-order reduction: the result is the same for any thread count.
    std::size_t best = starts, best_any = 0, converged = 0;
    for (std::size_t i = 0; i < starts; ++i) {
        if (fits[i].best_converged) {
            ++converged;
            if (best == starts || fits[i].objective < fits[best].objective) best = i;
        }
        if (fits[i].objective < fits[best_any].objective) best_any = i;
    }
    JointLawFit result = fits[best == starts ? best_any : best];
    result.starts = starts;
    result.converged = converged;
    return result;
}

JointLawFit fit_joint_law(std::span<const double> n, std::span<const double> d, std::span<const double> loss,
                          const JointLawOptions& options) {
    return fit_joint_law(make_joint_law_data(n, d, loss), options);
}

std::vector<std::size_t> rows_below_top_losses(std::span<const double> loss, std::size_t k) {
    std::vector<std::size_t> keep;
    if (k == 0) {
        for (std::size_t i = 0; i < loss.size(); ++i) keep.push_back(i);
        return keep;
    }
    numerics::require(k < loss.size(), "exclude-top-loss", k, "(fewer than the number of rows)");
    std::vector<double> sorted(loss.begin(), loss.end());
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    const double threshold = sorted[k - 1];
    for (std::size_t i = 0; i < loss.size(); ++i)
        if (loss[i] < threshold) keep.push_back(i);
    return keep;
}

}  // namespace sklaws::fitting
