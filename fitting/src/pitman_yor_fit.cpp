#include <sklaws/fitting/pitman_yor_fit.hpp>

#include "ceres_cancellation.hpp"
#include "ceres_logging.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/eppf.hpp>

#include <boost/math/distributions/normal.hpp>
#include <ceres/gradient_problem.h>
#include <ceres/gradient_problem_solver.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

namespace sklaws::fitting {

namespace {

struct Point {
    double alpha, beta;
};

// Search coordinates: both free (u, v) with α = σ(u), β = −α + e^v; α fixed:
// v only; β fixed: u only with α = lo + (1 − lo)·σ(u), lo = max(0, −β).
struct Coordinates {
    std::optional<double> alpha, beta;  // fixed values
    int size() const { return alpha || beta ? (alpha && beta ? 0 : 1) : 2; }
    double lo() const { return beta ? std::max(0.0, -*beta) : 0.0; }
    Point point(const double* x) const {
        if (alpha && beta) return {*alpha, *beta};
        if (alpha) return {*alpha, -*alpha + std::exp(x[0])};
        const double s = 1.0 / (1.0 + std::exp(-x[0]));
        if (beta) return {lo() + (1 - lo()) * s, *beta};
        return {s, -s + std::exp(x[1])};
    }
    // d(α, β)/dx for each coordinate, at x.
    void jacobian(const double* x, double j[2][2]) const {
        const double s = 1.0 / (1.0 + std::exp(-x[0]));
        if (alpha) {
            j[0][0] = 0;
            j[0][1] = std::exp(x[0]);
            return;
        }
        if (beta) {
            j[0][0] = (1 - lo()) * s * (1 - s);
            j[0][1] = 0;
            return;
        }
        j[0][0] = s * (1 - s);
        j[0][1] = -s * (1 - s);
        j[1][0] = 0;
        j[1][1] = std::exp(x[1]);
    }
};

// −ℓ/n in the search coordinates; /n keeps the scale O(1) for the
// tolerances whatever the sample size.
class NegativeLogLikelihood final : public ceres::FirstOrderFunction {
public:
    NegativeLogLikelihood(std::span<const std::uint64_t> counts, double n, Coordinates c = {})
        : counts_(counts), n_(n), c_(c) {}
    bool Evaluate(const double* x, double* cost, double* gradient) const override {
        const Point p = c_.point(x);
        if (!(p.alpha > 0 && p.alpha < 1 && p.beta > -p.alpha)) return false;
        theory::EppfValue v;
        try {
            v = theory::eppf_log_likelihood(p.alpha, p.beta, counts_);
        } catch (const std::exception&) {
            return false;  // outside the representable domain: the line search backs off
        }
        *cost = -v.log_likelihood / n_;
        if (gradient) {
            double j[2][2];
            c_.jacobian(x, j);
            for (int k = 0; k < c_.size(); ++k) gradient[k] = -(v.d_alpha * j[k][0] + v.d_beta * j[k][1]) / n_;
        }
        return std::isfinite(*cost);
    }
    int NumParameters() const override { return c_.size(); }

private:
    std::span<const std::uint64_t> counts_;
    double n_;
    Coordinates c_;
};

std::array<double, 2> gradient_at(std::span<const std::uint64_t> counts, double alpha, double beta) {
    const auto v = theory::eppf_log_likelihood(alpha, beta, counts);
    return {v.d_alpha, v.d_beta};
}

// Observed information −∇²ℓ by differences of the analytic gradient.
void observed_information(std::span<const std::uint64_t> counts, PitmanYorFit& fit, double z) {
    double info[2][2];
    const double theta[2] = {fit.alpha, fit.beta};
    for (int j = 0; j < 2; ++j) {
        double h = 1e-5 * std::max(1.0, std::abs(theta[j]));
        double plus[2] = {theta[0], theta[1]}, minus[2] = {theta[0], theta[1]};
        plus[j] += h;
        minus[j] -= h;
        // One-sided next to the boundary: α ≥ 0 and β > −α must hold at both points.
        double span = 2 * h;
        if (minus[0] < 0 || minus[1] <= -minus[0]) {
            minus[0] = theta[0];
            minus[1] = theta[1];
            span = h;
        }
        const auto gp = gradient_at(counts, plus[0], plus[1]);
        const auto gm = gradient_at(counts, minus[0], minus[1]);
        for (int i = 0; i < 2; ++i) info[i][j] = -(gp[i] - gm[i]) / span;
    }
    const double off = 0.5 * (info[0][1] + info[1][0]);
    if (fit.alpha_fixed || fit.beta_fixed) {
        // One free parameter: its conditional information alone.
        const int k = fit.alpha_fixed ? 1 : 0;
        fit.information_ok = !(fit.alpha_fixed && fit.beta_fixed) && info[k][k] > 0 && std::isfinite(info[k][k]);
        if (!fit.information_ok) return;
        const double se = 1 / std::sqrt(info[k][k]);
        if (k == 0) {
            fit.se_alpha = se;
            fit.alpha_lo = std::max(fit.alpha - z * se, std::max(0.0, -fit.beta));
            fit.alpha_hi = std::min(fit.alpha + z * se, 1.0);
            fit.at_boundary = fit.alpha_lo > fit.alpha - z * se || fit.alpha_hi < fit.alpha + z * se;
        } else {
            fit.se_beta = se;
            fit.beta_lo = std::max(fit.beta - z * se, -fit.alpha);
            fit.beta_hi = fit.beta + z * se;
            fit.at_boundary = fit.beta_lo > fit.beta - z * se;
        }
        return;
    }
    const double det = info[0][0] * info[1][1] - off * off;
    fit.information_ok = info[0][0] > 0 && info[1][1] > 0 && det > 0 && std::isfinite(det);
    if (!fit.information_ok) return;
    const double var_alpha = info[1][1] / det, var_beta = info[0][0] / det, cov = -off / det;
    fit.se_alpha = std::sqrt(var_alpha);
    fit.se_beta = std::sqrt(var_beta);
    fit.correlation = cov / (fit.se_alpha * fit.se_beta);
    fit.alpha_lo = fit.alpha - z * fit.se_alpha;
    fit.alpha_hi = fit.alpha + z * fit.se_alpha;
    fit.beta_lo = fit.beta - z * fit.se_beta;
    fit.beta_hi = fit.beta + z * fit.se_beta;
    if (fit.alpha_lo < 0) {
        fit.alpha_lo = 0;
        fit.at_boundary = true;
    }
    if (fit.beta_lo < -fit.alpha) {  // β > −α: a Wald interval can cross the domain edge
        fit.beta_lo = -fit.alpha;
        fit.at_boundary = true;
    }
    if (fit.alpha_hi > 1) {  // α < 1
        fit.alpha_hi = 1;
        fit.at_boundary = true;
    }
}

}  // namespace

PitmanYorFit fit_pitman_yor(std::span<const std::uint64_t> counts, const PitmanYorFitOptions& options) {
    numerics::require(counts.size() >= 2, "elements", counts.size(), "(at least 2 distinct elements)");
    numerics::require(options.level > 0 && options.level < 1, "level", options.level, "(0, 1)");
    double n = 0;
    bool repeated = false;
    for (auto c : counts) {
        numerics::require(c >= 1, "count", c, "(every count >= 1)");
        n += static_cast<double>(c);
        repeated = repeated || c >= 2;
    }
    // All singletons: the EPPF is Π(β + iα)/(β + i) over i < K, each factor
    // below 1 unless α = 1 or β → ∞, so the likelihood has no maximum
    // inside the domain and any "estimate" would be a point on the way to it.
    if (!repeated && !(options.fixed_alpha && options.fixed_beta)) {
        throw numerics::DomainError("counts", "every one of the " + std::to_string(counts.size()) +
                                                  " elements was seen once: the Pitman-Yor likelihood then grows "
                                                  "without bound towards alpha -> 1 or beta -> infinity, so it has no "
                                                  "maximum; at least one element must be seen twice");
    }
    detail::quiet_ceres_logging();
    const Coordinates coordinates{options.fixed_alpha, options.fixed_beta};
    if (options.fixed_alpha)
        numerics::require(*options.fixed_alpha > 0 && *options.fixed_alpha < 1, "alpha", *options.fixed_alpha, "(fixed: 0 < alpha < 1)");
    if (options.fixed_beta) numerics::require(std::isfinite(*options.fixed_beta), "beta", *options.fixed_beta, "(fixed: finite)");
    if (options.fixed_alpha && options.fixed_beta)
        numerics::require(*options.fixed_beta > -*options.fixed_alpha, "beta", *options.fixed_beta, "(fixed: beta > -alpha)");
    PitmanYorFit best;
    best.alpha_fixed = options.fixed_alpha.has_value();
    best.beta_fixed = options.fixed_beta.has_value();
    bool have = false;
    std::unique_ptr<ceres::GradientProblem> problem;
    if (coordinates.size() > 0) problem = std::make_unique<ceres::GradientProblem>(new NegativeLogLikelihood(counts, n, coordinates));
    ceres::GradientProblemSolver::Options solver;
    solver.line_search_direction_type = ceres::LBFGS;
    solver.logging_type = ceres::SILENT;
    solver.max_num_iterations = options.max_iterations;
    solver.function_tolerance = 1e-14;
    solver.gradient_tolerance = 1e-12;
    solver.parameter_tolerance = 1e-14;
    detail::CeresCancellation cancel;
    cancel.attach(solver);
    std::vector<double> alphas{0.1, 0.3, 0.5, 0.7, 0.9}, shifted_betas{0.5, 5.0, 50.0};
    if (options.fixed_alpha) alphas = {*options.fixed_alpha};
    if (options.fixed_beta) shifted_betas = {1.0};
    for (double alpha0 : alphas) {
        for (double shifted_beta0 : shifted_betas) {
            poll_cancellation();
            double x[2];
            if (options.fixed_alpha) {
                x[0] = std::log(shifted_beta0);
            } else if (options.fixed_beta) {
                const double lo = coordinates.lo(), s0 = std::clamp((alpha0 - lo) / (1 - lo), 0.05, 0.95);
                x[0] = std::log(s0 / (1 - s0));
            } else {
                x[0] = std::log(alpha0 / (1 - alpha0));
                x[1] = std::log(shifted_beta0);
            }
            ceres::GradientProblemSolver::Summary summary;
            bool converged = true;
            if (coordinates.size() > 0) {
                ceres::Solve(solver, *problem, x, &summary);
                cancel.rethrow();
                converged = summary.termination_type == ceres::CONVERGENCE;
            }
            ++best.starts;
            best.converged += converged ? 1 : 0;
            const Point p = coordinates.point(x);
            double ll;
            try {
                ll = theory::eppf_log_likelihood(p.alpha, p.beta, counts).log_likelihood;
            } catch (const std::exception&) {
                continue;
            }
            if (std::isfinite(ll) && (!have || ll > best.log_likelihood)) {
                best.alpha = p.alpha;
                best.beta = p.beta;
                best.log_likelihood = ll;
                have = true;
            }
        }
    }
    numerics::require(have, "counts", counts.size(), "(a sample on which the EPPF likelihood can be evaluated)");
    best.elements = counts.size();
    best.draws = static_cast<std::uint64_t>(n);
    const double z = boost::math::quantile(boost::math::normal(), 0.5 + options.level / 2);
    observed_information(counts, best, z);
    return best;
}

}  // namespace sklaws::fitting
