#include <sklaws/fitting/isoflop.hpp>

#include <sklaws/numerics/errors.hpp>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace sklaws::fitting {

LogPowerLawFit log_power_law_fit(std::span<const double> x, std::span<const double> y, std::span<const double> weights,
                                 std::optional<double> fixed_slope, std::optional<double> fixed_constant) {
    numerics::require(x.size() == y.size(), "points", x.size(), "(x and y of equal length)");
    numerics::require(weights.empty() || weights.size() == x.size(), "weights", weights.size(), "(one per point)");
    numerics::require(!x.empty(), "points", x.size(), "(at least one)");
    if (fixed_constant) numerics::require(std::isfinite(*fixed_constant) && *fixed_constant > 0, "constant", *fixed_constant, "(fixed: finite, > 0)");
    if (fixed_slope) numerics::require_finite("slope", *fixed_slope);
    double sw = 0, sx = 0, sy = 0;
    std::vector<double> lx(x.size()), ly(x.size()), w(x.size(), 1.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
        numerics::require(std::isfinite(x[i]) && x[i] > 0, "x", x[i], "(finite, > 0)");
        numerics::require(std::isfinite(y[i]) && y[i] > 0, "y", y[i], "(finite, > 0)");
        if (!weights.empty()) {
            numerics::require(std::isfinite(weights[i]) && weights[i] >= 0, "weight", weights[i], "(finite, >= 0)");
            w[i] = weights[i];
        }
        lx[i] = std::log(x[i]);
        ly[i] = std::log(y[i]);
        sw += w[i];
        sx += w[i] * lx[i];
        sy += w[i] * ly[i];
    }
    numerics::require(sw > 0, "total weight", sw, "(> 0)");
    const double mx = sx / sw, my = sy / sw;
    double sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxx += w[i] * (lx[i] - mx) * (lx[i] - mx);
        sxy += w[i] * (lx[i] - mx) * (ly[i] - my);
    }
    LogPowerLawFit fit;
    fit.points = x.size();
    double intercept = 0;
    if (fixed_slope && fixed_constant) {
        fit.slope = *fixed_slope;
        intercept = std::log(*fixed_constant);
    } else if (fixed_slope) {
        fit.slope = *fixed_slope;
        intercept = my - fit.slope * mx;
    } else if (fixed_constant) {
        // minimise Σw(ly − c − s·lx)² over s with c fixed
        intercept = std::log(*fixed_constant);
        double num = 0, den = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            num += w[i] * lx[i] * (ly[i] - intercept);
            den += w[i] * lx[i] * lx[i];
        }
        numerics::require(den > 0, "x", den, "(some x != 1 to determine the slope)");
        fit.slope = num / den;
    } else {
        numerics::require(sxx > 0, "distinct x", 1, "(at least 2 distinct x with positive weight)");
        fit.slope = sxy / sxx;
        intercept = my - fit.slope * mx;
    }
    fit.constant = fixed_constant ? *fixed_constant : std::exp(intercept);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double r = ly[i] - intercept - fit.slope * lx[i];
        fit.objective += 0.5 * w[i] * r * r;
    }
    return fit;
}

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Vertex of the parabola through (u[k], y[k]), k = 0, 1, 2, with y[1] the
// lowest; NaN when the three are collinear (flat).
double vertex(const double* u, const double* y) {
    const double d1 = u[1] - u[0], d2 = u[1] - u[2];
    const double num = d1 * d1 * (y[1] - y[2]) - d2 * d2 * (y[1] - y[0]);
    const double den = d1 * (y[1] - y[2]) - d2 * (y[1] - y[0]);
    if (!(den != 0) || !std::isfinite(num / den)) return nan;
    return u[1] - 0.5 * num / den;
}

// |∇_y vertex| by central differences (the vertex is a smooth rational
// function of the three losses; h = 1e-6 gives ~1e-8 relative accuracy).
double vertex_gradient_norm(const double* u, const double* y) {
    double total = 0;
    for (int k = 0; k < 3; ++k) {
        double yp[3] = {y[0], y[1], y[2]}, ym[3] = {y[0], y[1], y[2]};
        const double h = 1e-6 * std::max(1.0, std::abs(y[k]));
        yp[k] += h;
        ym[k] -= h;
        const double g = (vertex(u, yp) - vertex(u, ym)) / (2 * h);
        total += g * g;
    }
    return std::sqrt(total);
}

// Least-squares parabola through the points; its residual sum of squares.
double parabola_rss(const std::vector<double>& u, const std::vector<double>& y) {
    // Centre u for conditioning, solve the 3x3 normal equations.
    const double c = std::accumulate(u.begin(), u.end(), 0.0) / static_cast<double>(u.size());
    double m[3][4] = {};
    for (std::size_t i = 0; i < u.size(); ++i) {
        const double t = u[i] - c, row[3] = {1, t, t * t};
        for (int r = 0; r < 3; ++r) {
            for (int s = 0; s < 3; ++s) m[r][s] += row[r] * row[s];
            m[r][3] += row[r] * y[i];
        }
    }
    for (int p = 0; p < 3; ++p) {  // Gauss-Jordan with partial pivoting
        int best = p;
        for (int r = p + 1; r < 3; ++r)
            if (std::abs(m[r][p]) > std::abs(m[best][p])) best = r;
        for (int s = 0; s < 4; ++s) std::swap(m[p][s], m[best][s]);
        if (m[p][p] == 0) return nan;
        for (int r = 0; r < 3; ++r) {
            if (r == p) continue;
            const double f = m[r][p] / m[p][p];
            for (int s = p; s < 4; ++s) m[r][s] -= f * m[p][s];
        }
    }
    double rss = 0;
    for (std::size_t i = 0; i < u.size(); ++i) {
        const double t = u[i] - c;
        const double r = y[i] - (m[0][3] / m[0][0] + m[1][3] / m[1][1] * t + m[2][3] / m[2][2] * t * t);
        rss += r * r;
    }
    return rss;
}

struct Profile {
    std::vector<double> u, y;        // ln size, ln loss (sorted by u, lowest loss per size)
    std::vector<std::size_t> line;   // source line of the kept run
};

Profile profile(const std::vector<double>& size, const std::vector<double>& loss, const std::vector<std::size_t>& lines) {
    std::vector<std::size_t> order(size.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return size[i] < size[j]; });
    Profile p;
    for (std::size_t i : order) {
        const double u = std::log(size[i]), y = std::log(loss[i]);
        if (!p.u.empty() && u == p.u.back()) {
            if (y < p.y.back()) {
                p.y.back() = y;
                p.line.back() = lines[i];
            }
            continue;
        }
        p.u.push_back(u);
        p.y.push_back(y);
        p.line.push_back(lines[i]);
    }
    return p;
}

struct Bracket {
    bool ok = false;
    std::string note;
    double u_opt = nan, y_opt = nan, gradient_norm = nan;
    double rss = 0;
    std::size_t dof = 0;
    std::vector<std::size_t> lines;
};

Bracket bracket(const Profile& p) {
    Bracket b;
    if (p.u.size() < 3) {
        b.note = "fewer than 3 distinct sizes";
        return b;
    }
    const auto i = static_cast<std::size_t>(std::min_element(p.y.begin(), p.y.end()) - p.y.begin());
    if (i == 0 || i + 1 == p.u.size()) {
        b.note = i == 0 ? "lowest loss at the smallest size: optimum not bracketed"
                        : "lowest loss at the largest size: optimum not bracketed";
        return b;
    }
    b.u_opt = vertex(&p.u[i - 1], &p.y[i - 1]);
    if (!std::isfinite(b.u_opt)) {
        b.note = "the three runs around the minimum have equal loss";
        return b;
    }
    const double* u = &p.u[i - 1];
    const double* y = &p.y[i - 1];
    // value of the interpolating parabola at the vertex (Lagrange form)
    const double t = b.u_opt;
    b.y_opt = y[0] * (t - u[1]) * (t - u[2]) / ((u[0] - u[1]) * (u[0] - u[2])) +
              y[1] * (t - u[0]) * (t - u[2]) / ((u[1] - u[0]) * (u[1] - u[2])) +
              y[2] * (t - u[0]) * (t - u[1]) / ((u[2] - u[0]) * (u[2] - u[1]));
    b.gradient_norm = vertex_gradient_norm(u, y);
    b.lines = {p.line[i - 1], p.line[i], p.line[i + 1]};
    const std::size_t lo = i >= 2 ? i - 2 : 0, hi = std::min(p.u.size(), i + 3);
    if (hi - lo >= 4) {
        std::vector<double> uu(p.u.begin() + static_cast<std::ptrdiff_t>(lo), p.u.begin() + static_cast<std::ptrdiff_t>(hi));
        std::vector<double> yy(p.y.begin() + static_cast<std::ptrdiff_t>(lo), p.y.begin() + static_cast<std::ptrdiff_t>(hi));
        const double rss = parabola_rss(uu, yy);
        if (std::isfinite(rss)) {
            b.rss = rss;
            b.dof = hi - lo - 3;
        }
    }
    b.ok = true;
    return b;
}

void fit_laws(IsoflopFit& fit, std::span<const std::size_t> rows) {
    std::vector<double> c, n, d;
    std::vector<const BudgetOptimum*> used;
    for (const auto& b : fit.budgets)
        if (b.bracketed) used.push_back(&b);
    for (std::size_t r : rows) {
        c.push_back(used.at(r)->flops);
        n.push_back(used.at(r)->n_opt);
        d.push_back(used.at(r)->d_opt);
    }
    const auto& k = fit.constraints;
    const auto fn = log_power_law_fit(c, n, {}, k.a, k.G_N);
    const auto fd = log_power_law_fit(c, d, {}, k.b, k.G_D);
    fit.a = fn.slope;
    fit.G_N = fn.constant;
    fit.b = fd.slope;
    fit.G_D = fd.constant;
}

std::vector<std::size_t> all_indices(std::size_t n) {
    std::vector<std::size_t> v(n);
    std::iota(v.begin(), v.end(), 0);
    return v;
}

}  // namespace

IsoflopFit fit_isoflop(const RunData& runs, const IsoflopOptions& options) {
    numerics::require(options.budget_tolerance >= 0 && options.budget_tolerance < 0.5, "budget_tolerance",
                      options.budget_tolerance, "[0, 0.5)");
    numerics::require(options.level > 0 && options.level < 1, "level", options.level, "(0, 1)");
    numerics::require(runs.loss.size() == runs.size(), "loss", runs.loss.size(), "(a loss per run)");
    IsoflopFit fit;
    fit.constraints = options.constraints;
    // Budgets: consecutive C (sorted) within the relative tolerance.
    std::vector<std::size_t> order = all_indices(runs.size());
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return runs.c[i] < runs.c[j]; });
    std::vector<std::vector<std::size_t>> budgets;
    for (std::size_t i : order) {
        if (budgets.empty() || runs.c[i] > runs.c[budgets.back().front()] * (1 + options.budget_tolerance))
            budgets.emplace_back();
        budgets.back().push_back(i);
    }
    std::vector<Bracket> n_brackets, d_brackets;
    double rss = 0;
    std::size_t dof = 0;
    for (const auto& members : budgets) {
        std::vector<double> n, d, l;
        std::vector<std::size_t> lines;
        double log_c = 0;
        for (std::size_t i : members) {
            n.push_back(runs.n[i]);
            d.push_back(runs.d[i]);
            l.push_back(runs.loss[i]);
            lines.push_back(runs.lines[i]);
            log_c += std::log(runs.c[i]);
        }
        BudgetOptimum b;
        b.flops = std::exp(log_c / static_cast<double>(members.size()));
        b.runs = members.size();
        const Profile pn = profile(n, l, lines);
        b.sizes = pn.u.size();
        const Bracket bn = bracket(pn), bd = bracket(profile(d, l, lines));
        b.bracketed = bn.ok && bd.ok;
        b.note = !bn.ok ? bn.note : (!bd.ok ? "in D: " + bd.note : std::string());
        if (b.bracketed) {
            b.n_opt = std::exp(bn.u_opt);
            b.d_opt = std::exp(bd.u_opt);
            b.loss_opt = std::exp(bn.y_opt);
            b.bracket_lines = bn.lines;
            rss += bn.rss;
            dof += bn.dof;
            ++fit.used;
        }
        n_brackets.push_back(bn);
        d_brackets.push_back(bd);
        fit.budgets.push_back(b);
    }
    fit.sigma_dof = dof;
    fit.sigma_log_loss = dof > 0 ? std::sqrt(rss / static_cast<double>(dof)) : nan;
    const double z = boost::math::quantile(boost::math::normal(), 0.5 + options.level / 2);
    for (std::size_t k = 0; k < fit.budgets.size(); ++k) {
        auto& b = fit.budgets[k];
        if (!b.bracketed) continue;
        const double sn = fit.sigma_log_loss * n_brackets[k].gradient_norm;
        const double sd = fit.sigma_log_loss * d_brackets[k].gradient_norm;
        b.n_lo = b.n_opt * std::exp(-z * sn);
        b.n_hi = b.n_opt * std::exp(z * sn);
        b.d_lo = b.d_opt * std::exp(-z * sd);
        b.d_hi = b.d_opt * std::exp(z * sd);
    }
    if (fit.used < 2) {
        std::string why;
        for (const auto& b : fit.budgets)
            if (!b.bracketed) why += (why.empty() ? "" : "; ") + b.note;
        throw numerics::DomainError("isoflop", std::to_string(fit.used) + " of " + std::to_string(fit.budgets.size()) +
                                                   " compute budgets bracket their optimum, expected at least 2" +
                                                   (why.empty() ? std::string() : " (" + why + ")"));
    }
    fit_laws(fit, all_indices(fit.used));
    return fit;
}

IsoflopFit refit_isoflop_laws(const IsoflopFit& fit, std::span<const std::size_t> budget_rows) {
    IsoflopFit r = fit;
    fit_laws(r, budget_rows);
    return r;
}

BootstrapResult bootstrap_isoflop(const IsoflopFit& fit, const BootstrapOptions& options) {
    return bootstrap_percentile(
        fit.used,
        [&](std::span<const std::size_t> rows) {
            const auto r = refit_isoflop_laws(fit, rows);
            return std::vector<double>{r.a, r.G_N, r.b, r.G_D};
        },
        {"a", "G_N", "b", "G_D"}, options);
}

}  // namespace sklaws::fitting
