#include <sklaws/fitting/joint_law_fit.hpp>

#include "ceres_logging.hpp"

#include <sklaws/fitting/cancellation.hpp>
#include "parameter_layout.hpp"

#include <sklaws/numerics/errors.hpp>

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

class JointLawObjective final : public detail::FullObjective {
public:
    JointLawObjective(const JointLawData& data, double delta) : data_(data), delta_(delta) {}
    bool evaluate(const double* x, double* cost, double* gradient) const override {
        const JointLawParameters p{x[0], x[1], x[2], x[3], x[4]};
        *cost = joint_law_objective(data_, p, delta_, gradient);
        return std::isfinite(*cost);
    }

private:
    const JointLawData& data_;
    double delta_;
};

double positive_log(const char* name, double v) {
    numerics::require(std::isfinite(v) && v > 0, name, v, "(a fixed value must be finite and > 0)");
    return std::log(v);
}

// θ = (e, f, ε, a, b): which are fixed, and b tied to a.
detail::ParameterLayout layout_of(const JointLawConstraints& c) {
    std::vector<std::optional<double>> fixed(5);
    std::vector<std::optional<std::size_t>> tied(5);
    if (c.A) fixed[0] = positive_log("A", *c.A);
    if (c.B) fixed[1] = positive_log("B", *c.B);
    if (c.E) fixed[2] = positive_log("E", *c.E);
    for (const auto* v : {&c.a, &c.b})
        if (*v) numerics::require(std::isfinite(**v), "exponent", **v, "(a fixed exponent must be finite)");
    if (c.tie_exponents) {
        if (c.a && c.b) numerics::require(*c.a == *c.b, "b", *c.b, "(tied exponents: fixed at the same value as a)");
        if (c.a || c.b) fixed[3] = c.a ? *c.a : *c.b;
        tied[4] = 3;
    } else {
        if (c.a) fixed[3] = *c.a;
        if (c.b) fixed[4] = *c.b;
    }
    return {fixed, tied};
}

JointLawFit finish(const JointLawParameters& p, double objective, bool converged, const JointLawConstraints& c) {
    JointLawFit fit;
    fit.log_parameters = p;
    fit.A = std::exp(p.e);
    fit.B = std::exp(p.f);
    fit.E = std::exp(p.epsilon);
    // A fixed parameter is reported as given, not as exp(ln(value)).
    if (c.A) fit.A = *c.A;
    if (c.B) fit.B = *c.B;
    if (c.E) fit.E = *c.E;
    fit.a = p.a;
    fit.b = p.b;
    fit.constraints = c;
    fit.objective = objective;
    fit.starts = 1;
    fit.converged = converged ? 1 : 0;
    fit.best_converged = converged;
    return fit;
}

JointLawFit refine_with(const JointLawData& data, const detail::ParameterLayout& layout, std::vector<double> theta,
                        const JointLawOptions& options) {
    detail::quiet_ceres_logging();
    JointLawObjective full(data, options.huber_delta);
    bool converged = detail::minimize_free_parameters(
        full, layout, theta.data(), {options.max_iterations, options.function_tolerance, options.gradient_tolerance});
    const JointLawParameters p{theta[0], theta[1], theta[2], theta[3], theta[4]};
    // Re-evaluate rather than trust summary.final_cost, so F is the one definition above.
    const double objective = joint_law_objective(data, p, options.huber_delta);
    converged = converged && std::isfinite(objective);
    return finish(p, std::isfinite(objective) ? objective : HUGE_VAL, converged, options.constraints);
}

}  // namespace

JointLawFit refine_joint_law(const JointLawData& data, const JointLawParameters& start, const JointLawOptions& options) {
    const auto layout = layout_of(options.constraints);
    std::vector<double> theta{start.e, start.f, start.epsilon, start.a, start.b}, x(layout.free_count());
    layout.contract(theta.data(), x.data());
    layout.expand(x.data(), theta.data());  // fixed entries take their values
    return refine_with(data, layout, theta, options);
}

JointLawFit fit_joint_law(const JointLawData& data, const JointLawOptions& options) {
    const auto layout = layout_of(options.constraints);
    const std::vector<std::vector<double>> axes{options.grid.e, options.grid.f, options.grid.epsilon, options.grid.a,
                                                options.grid.b};
    const std::size_t starts = layout.grid_size(axes);
    numerics::require(starts > 0, "grid", starts, "(at least one start)");
    std::vector<JointLawFit> fits(starts);
    const int concurrency = options.threads > 0 ? static_cast<int>(options.threads) : tbb::task_arena::automatic;
    tbb::task_arena arena(concurrency);
    const CancelCheck& check = current_cancel_check();  // handed to the tasks (cancellation.hpp)
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, starts, [&](std::size_t i) {
            const CancellationScope scope(check);
            poll_cancellation();
            fits[i] = refine_with(data, layout, layout.grid_start(axes, i), options);
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

double joint_law_value(const JointLawFit& fit, double n, double d) {
    return fit.E + fit.A * std::pow(n, -fit.a) + fit.B * std::pow(d, -fit.b);
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
