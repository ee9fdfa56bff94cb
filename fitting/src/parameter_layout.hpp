// Private to fitting/: fitting a subset of a law's parameters.
//
// A law has P parameters θ (in the coordinates its solver uses, e.g. ln A).
// Each is free, fixed at a value, or tied to an earlier parameter (a = b of
// the tied-exponent Chinchilla form). The solver sees only the free vector x;
// θ = expand(x), and the gradient with respect to x is the sum of ∂F/∂θ_k
// over the parameters that share x's entry (chain rule; fixed ones drop out).
//
// Multi-start grids: each free parameter has its axis of starting values; the
// starts are the row-major product over the free parameters in θ order, so an
// unconstrained layout visits exactly the grid of the unconstrained fit.
#pragma once

#include "ceres_cancellation.hpp"

#include <sklaws/numerics/errors.hpp>

#include <ceres/first_order_function.h>
#include <ceres/gradient_problem.h>
#include <ceres/gradient_problem_solver.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace sklaws::fitting::detail {

class ParameterLayout {
public:
    // fixed[k]: θ_k's fixed value; tied_to[k]: index j < k whose value θ_k takes.
    ParameterLayout(const std::vector<std::optional<double>>& fixed, const std::vector<std::optional<std::size_t>>& tied_to)
        : fixed_(fixed), tied_(tied_to), free_index_(fixed.size(), -1) {
        numerics::require(fixed.size() == tied_to.size(), "layout", fixed.size(), "(one entry per parameter)");
        for (std::size_t k = 0; k < fixed.size(); ++k) {
            if (tied_[k]) {
                numerics::require(*tied_[k] < k, "tie", *tied_[k], "(tied to an earlier parameter)");
                // A tie to a fixed parameter is a fixed parameter; to a tied one, to its root.
                const std::size_t root = *tied_[k];
                if (fixed_[root]) fixed_[k] = fixed_[root];
                free_index_[k] = free_index_[root];
                continue;
            }
            if (!fixed_[k]) free_index_[k] = static_cast<int>(free_count_++);
        }
    }
    static ParameterLayout all_free(std::size_t p) { return {std::vector<std::optional<double>>(p), std::vector<std::optional<std::size_t>>(p)}; }

    std::size_t size() const { return fixed_.size(); }
    std::size_t free_count() const { return free_count_; }
    bool is_free(std::size_t k) const { return free_index_[k] >= 0 && !tied_[k]; }  // owns an entry of x
    bool is_fixed(std::size_t k) const { return free_index_[k] < 0; }

    void expand(const double* x, double* theta) const {
        for (std::size_t k = 0; k < size(); ++k) theta[k] = free_index_[k] >= 0 ? x[free_index_[k]] : *fixed_[k];
    }
    void contract(const double* theta, double* x) const {
        for (std::size_t k = 0; k < size(); ++k)
            if (is_free(k)) x[free_index_[k]] = theta[k];
    }
    void reduce_gradient(const double* full, double* free) const {
        for (std::size_t f = 0; f < free_count_; ++f) free[f] = 0;
        for (std::size_t k = 0; k < size(); ++k)
            if (free_index_[k] >= 0) free[free_index_[k]] += full[k];
    }

    // Starts: `axes[k]` are θ_k's grid values (used only for free parameters).
    std::size_t grid_size(const std::vector<std::vector<double>>& axes) const {
        std::size_t n = 1;
        for (std::size_t k = 0; k < size(); ++k)
            if (is_free(k)) n *= axes[k].size();
        return n;
    }
    // Start `index` (row-major, the last free parameter fastest) as a full θ.
    std::vector<double> grid_start(const std::vector<std::vector<double>>& axes, std::size_t index) const {
        std::vector<double> x(free_count_);
        for (std::size_t k = size(); k-- > 0;) {
            if (!is_free(k)) continue;
            x[free_index_[k]] = axes[k].at(index % axes[k].size());
            index /= axes[k].size();
        }
        std::vector<double> theta(size());
        expand(x.data(), theta.data());
        return theta;
    }

private:
    std::vector<std::optional<double>> fixed_;
    std::vector<std::optional<std::size_t>> tied_;
    std::vector<int> free_index_;
    std::size_t free_count_ = 0;
};

// F(θ) and ∂F/∂θ of a law over all its parameters.
class FullObjective {
public:
    virtual ~FullObjective() = default;
    virtual bool evaluate(const double* theta, double* cost, double* gradient) const = 0;  // gradient may be null
};

// The same F seen by Ceres as a function of the free parameters only.
class ConstrainedFunction final : public ceres::FirstOrderFunction {
public:
    ConstrainedFunction(const FullObjective& f, const ParameterLayout& layout) : f_(f), layout_(layout) {}
    bool Evaluate(const double* x, double* cost, double* gradient) const override {
        std::vector<double> theta(layout_.size()), full(layout_.size());
        layout_.expand(x, theta.data());
        if (!f_.evaluate(theta.data(), cost, gradient ? full.data() : nullptr)) return false;
        if (gradient) layout_.reduce_gradient(full.data(), gradient);
        return true;
    }
    int NumParameters() const override { return static_cast<int>(layout_.free_count()); }

private:
    const FullObjective& f_;
    const ParameterLayout& layout_;
};

// Stopping rules of one local minimisation.
struct LbfgsSettings {
    int max_iterations;
    double function_tolerance;
    double gradient_tolerance;
};

// Minimises F over the free parameters of `layout`, starting from θ and
// leaving the minimiser in θ (fixed and tied entries keep their values):
// Ceres' line search with L-BFGS directions, silent. True when Ceres reports
// convergence (a layout with nothing free is trivially converged).
inline bool minimize_free_parameters(const FullObjective& f, const ParameterLayout& layout, double* theta,
                                     const LbfgsSettings& settings) {
    if (layout.free_count() == 0) return true;
    std::vector<double> x(layout.free_count());
    layout.contract(theta, x.data());
    ceres::GradientProblem problem(new ConstrainedFunction(f, layout));
    ceres::GradientProblemSolver::Options solver;
    solver.line_search_direction_type = ceres::LBFGS;
    solver.logging_type = ceres::SILENT;
    solver.max_num_iterations = settings.max_iterations;
    solver.function_tolerance = settings.function_tolerance;
    solver.gradient_tolerance = settings.gradient_tolerance;
    solver.parameter_tolerance = 1e-14;
    CeresCancellation cancel;  // the calling thread's check (cancellation.hpp), after each iteration
    cancel.attach(solver);
    ceres::GradientProblemSolver::Summary summary;
    ceres::Solve(solver, problem, x.data(), &summary);
    cancel.rethrow();
    layout.expand(x.data(), theta);
    return summary.termination_type == ceres::CONVERGENCE;
}

}  // namespace sklaws::fitting::detail
