#include <sklaws/fitting/data_constrained_law.hpp>

#include "ceres_logging.hpp"

#include <sklaws/fitting/cancellation.hpp>
#include "parameter_layout.hpp"

#include <sklaws/numerics/errors.hpp>

#include <ceres/autodiff_first_order_function.h>
#include <ceres/jet.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>

namespace sklaws::fitting {

namespace {

using std::exp;
using std::expm1;
using std::log;
using std::log1p;

// ln N' and ln D' for one run (T = double or a Jet).
template <class T>
void effective_logs(const T* t, double log_n, double log_d, double log_u, T& log_n_eff, T& log_d_eff, bool& ok) {
    const T& e = t[0];
    const T& f = t[1];
    const T& a = t[3];
    const T& b = t[4];
    const T r_d_star = exp(t[5]), r_n_star = exp(t[6]);
    ok = a > T(0) && b > T(0);
    if (!ok) return;
    // ln N_opt(U_D) = (ln a + e − ln b − f)/a + (b/a) ln U_D
    const T log_n_opt = (log(a) + e - log(b) - f) / a + (b / a) * T(log_u);
    const T log_un = T(log_n) < log_n_opt ? T(log_n) : log_n_opt;
    const T r_n = exp(T(log_n) - log_un) - T(1.0);                          // N/U_N − 1 ≥ 0
    const double r_d = std::expm1(log_d - log_u);                            // D/U_D − 1 ≥ 0
    log_n_eff = log_un + log1p(r_n_star * -expm1(-r_n / r_n_star));
    log_d_eff = T(log_u) + log1p(r_d_star * -expm1(T(-r_d) / r_d_star));
}

struct Objective {
    const DataConstrainedData* data;
    double delta;
    template <class T>
    bool operator()(const T* t, T* cost) const {
        T total(0.0);
        for (std::size_t i = 0; i < data->size(); ++i) {
            T ln_eff, ld_eff;
            bool ok = true;
            effective_logs(t, data->log_n[i], data->log_d[i], data->log_u[i], ln_eff, ld_eff, ok);
            if (!ok) return false;
            const T t1 = t[0] - t[3] * ln_eff, t2 = t[1] - t[4] * ld_eff, t3 = t[2];
            const T m = t1 > t2 ? (t1 > t3 ? t1 : t3) : (t2 > t3 ? t2 : t3);
            const T lse = m + log(exp(t1 - m) + exp(t2 - m) + exp(t3 - m));
            const T r = T(data->log_loss[i]) - lse;
            const T abs_r = r < T(0) ? -r : r;
            total += abs_r <= T(delta) ? T(0.5) * r * r : T(delta) * (abs_r - T(0.5 * delta));
        }
        *cost = total;
        return true;
    }
};

class FullFunction final : public detail::FullObjective {
public:
    FullFunction(const DataConstrainedData& data, double delta) : f_(new Objective{&data, delta}) {}
    bool evaluate(const double* theta, double* cost, double* gradient) const override {
        return f_.Evaluate(theta, cost, gradient) && std::isfinite(*cost);
    }

private:
    ceres::AutoDiffFirstOrderFunction<Objective, 7> f_;
};

double positive_log(const char* name, double v) {
    numerics::require(std::isfinite(v) && v > 0, name, v, "(a fixed value must be finite and > 0)");
    return std::log(v);
}

detail::ParameterLayout layout_of(const DataConstrainedConstraints& c) {
    std::vector<std::optional<double>> fixed(7);
    if (c.A) fixed[0] = positive_log("A", *c.A);
    if (c.B) fixed[1] = positive_log("B", *c.B);
    if (c.E) fixed[2] = positive_log("E", *c.E);
    if (c.a) {
        numerics::require(std::isfinite(*c.a) && *c.a > 0, "a", *c.a, "(fixed: finite, > 0)");
        fixed[3] = *c.a;
    }
    if (c.b) {
        numerics::require(std::isfinite(*c.b) && *c.b > 0, "b", *c.b, "(fixed: finite, > 0)");
        fixed[4] = *c.b;
    }
    if (c.R_D) fixed[5] = positive_log("R_D", *c.R_D);
    if (c.R_N) fixed[6] = positive_log("R_N", *c.R_N);
    return {fixed, std::vector<std::optional<std::size_t>>(7)};
}

DataConstrainedFit finish(const DataConstrainedTheta& t, double objective, bool converged, const DataConstrainedConstraints& c) {
    DataConstrainedFit fit;
    fit.theta = t;
    fit.A = c.A ? *c.A : std::exp(t[0]);
    fit.B = c.B ? *c.B : std::exp(t[1]);
    fit.E = c.E ? *c.E : std::exp(t[2]);
    fit.a = t[3];
    fit.b = t[4];
    fit.R_D = c.R_D ? *c.R_D : std::exp(t[5]);
    fit.R_N = c.R_N ? *c.R_N : std::exp(t[6]);
    fit.constraints = c;
    fit.objective = objective;
    fit.starts = 1;
    fit.converged = converged ? 1 : 0;
    fit.best_converged = converged;
    return fit;
}

DataConstrainedFit refine(const DataConstrainedData& data, const detail::ParameterLayout& layout, DataConstrainedTheta theta,
                          const DataConstrainedOptions& o) {
    detail::quiet_ceres_logging();
    FullFunction full(data, o.huber_delta);
    bool converged = detail::minimize_free_parameters(full, layout, theta.data(),
                                                      {o.max_iterations, o.function_tolerance, o.gradient_tolerance});
    double objective = data_constrained_objective(data, theta, o.huber_delta);
    if (!std::isfinite(objective)) {
        objective = HUGE_VAL;
        converged = false;
    }
    return finish(theta, objective, converged, o.constraints);
}

}  // namespace

DataConstrainedData make_data_constrained_data(std::span<const double> n, std::span<const double> d,
                                               std::span<const double> unique_tokens, std::span<const double> loss) {
    numerics::require(n.size() == loss.size() && d.size() == loss.size() && unique_tokens.size() == loss.size(), "points",
                      loss.size(), "(N, D, U_D and loss columns of equal length)");
    DataConstrainedData data;
    for (std::size_t i = 0; i < loss.size(); ++i) {
        numerics::require(std::isfinite(n[i]) && n[i] > 0, "N", n[i], "(finite, > 0)");
        numerics::require(std::isfinite(d[i]) && d[i] > 0, "D", d[i], "(finite, > 0)");
        numerics::require(std::isfinite(unique_tokens[i]) && unique_tokens[i] > 0, "U_D", unique_tokens[i], "(finite, > 0)");
        if (!(d[i] >= unique_tokens[i]))
            throw numerics::DomainError("D", "D = " + numerics::detail::format_value(d[i]) +
                                                 " is below the unique tokens U_D = " +
                                                 numerics::detail::format_value(unique_tokens[i]) +
                                                 " (D counts every token seen, so D >= U_D)");
        numerics::require(std::isfinite(loss[i]) && loss[i] > 0, "loss", loss[i], "(finite, > 0)");
        data.log_n.push_back(std::log(n[i]));
        data.log_d.push_back(std::log(d[i]));
        data.log_u.push_back(std::log(unique_tokens[i]));
        data.log_loss.push_back(std::log(loss[i]));
    }
    return data;
}

double data_constrained_objective(const DataConstrainedData& data, const DataConstrainedTheta& theta, double huber_delta,
                                  double* gradient) {
    FullFunction f(data, huber_delta);
    double cost = 0;
    if (!f.evaluate(theta.data(), &cost, gradient)) return HUGE_VAL;
    return cost;
}

DataConstrainedFit fit_data_constrained(const DataConstrainedData& data, const DataConstrainedOptions& o) {
    const auto layout = layout_of(o.constraints);
    numerics::require(data.size() >= layout.free_count() + 1, "points", data.size(),
                      ("(at least one more run than the " + std::to_string(layout.free_count()) + " free parameters)").c_str());
    if (o.start) {
        DataConstrainedTheta theta = *o.start;
        std::vector<double> x(layout.free_count());
        layout.contract(theta.data(), x.data());
        layout.expand(x.data(), theta.data());
        return refine(data, layout, theta, o);
    }
    const std::vector<std::vector<double>> axes{o.grid.e, o.grid.f, o.grid.epsilon, o.grid.a,
                                                o.grid.b, o.grid.rho_d, o.grid.rho_n};
    const std::size_t starts = layout.grid_size(axes);
    numerics::require(starts > 0, "grid", starts, "(at least one start)");
    std::vector<DataConstrainedFit> fits(starts);
    const int concurrency = o.threads > 0 ? static_cast<int>(o.threads) : tbb::task_arena::automatic;
    tbb::task_arena arena(concurrency);
    const CancelCheck& check = current_cancel_check();  // handed to the tasks (cancellation.hpp)
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, starts, [&](std::size_t i) {
            const CancellationScope scope(check);
            poll_cancellation();
            const auto start = layout.grid_start(axes, i);
            DataConstrainedTheta theta;
            std::copy(start.begin(), start.end(), theta.begin());
            fits[i] = refine(data, layout, theta, o);
        });
    });
    std::size_t best = starts, best_any = 0, converged = 0;
    for (std::size_t i = 0; i < starts; ++i) {
        if (fits[i].best_converged) {
            ++converged;
            if (best == starts || fits[i].objective < fits[best].objective) best = i;
        }
        if (fits[i].objective < fits[best_any].objective) best_any = i;
    }
    DataConstrainedFit result = fits[best == starts ? best_any : best];
    result.starts = starts;
    result.converged = converged;
    return result;
}

EffectiveSizes data_constrained_effective(const DataConstrainedFit& fit, double n, double d, double unique_tokens) {
    double ln_eff = 0, ld_eff = 0;
    bool ok = true;
    effective_logs(fit.theta.data(), std::log(n), std::log(d), std::log(unique_tokens), ln_eff, ld_eff, ok);
    if (!ok) return {NAN, NAN};
    return {std::exp(ln_eff), std::exp(ld_eff)};
}

double data_constrained_value(const DataConstrainedFit& fit, double n, double d, double unique_tokens) {
    const auto eff = data_constrained_effective(fit, n, d, unique_tokens);
    return fit.E + fit.A * std::pow(eff.n, -fit.a) + fit.B * std::pow(eff.d, -fit.b);
}

}  // namespace sklaws::fitting
