// Control variates: a Monte Carlo mean corrected by correlated statistics
// whose means are exactly known.
//
// With X_r the statistic of replicate r and Y_r = (Y_r1..Y_rk) controls whose
// means μ are closed forms of theory/, the regression (control-variate)
// estimator is
//
//     θ̂ = X̄ − bᵀ(Ȳ − μ),       b = Σ_yy⁻¹ Σ_yx,
//     SE² = s²_res / R,         s²_res = (S_xx − bᵀ S_yx) / (R − 1 − k),
//
// Σ the sample (co)variances and S the centred sums over the R replicates.
// s²_res is the sample variance of the residual X − bᵀY, so the controls' own
// variance is inside the SE and the z-test (θ̂ − θ)/SE stays valid. Against
// the plain mean X̄ the variance falls by the factor 1 − R² (R² the squared
// multiple correlation of X on Y; `variance_ratio`). Estimating b from the
// same replicates biases θ̂ by O(k/R), far below its SE at the replicate
// counts the checks use. Controls that do not vary (or are linearly
// dependent) are dropped from the regression, never divided by.
//
// What a check with a control tests: a wrong μ moves θ̂ by b·δμ, so it
// compares X's closed form and the controls' together. The controls are
// closed forms that other checks test directly (K1's E[K_n], K4's
// E[M_{1,n}], K6's E[H(W)]); the check's inputs name them, with their exact
// means, b and the variance ratio.
#pragma once

#include "monte_carlo.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace sklaws::validation {

struct ControlledEstimate {
    Estimate estimate;                // θ̂ ± SE
    std::vector<double> coefficient;  // b, one per control (0 for a dropped one)
    double variance_ratio = 1.0;      // (S_xx − bᵀS_yx)/S_xx: the fraction of X's variance left
};

// Column `statistic` corrected by columns `controls` of exact means
// `control_means` (moments built with covariances). The regression needs
// R ≥ k + 2 replicates for its residual variance; below that (a run at the
// experiments' minimum of 2 replicates) the plain mean is returned, with
// every coefficient 0.
inline ControlledEstimate control_variate_mean(const ColumnMoments& moments, std::size_t statistic,
                                               const std::vector<std::size_t>& controls,
                                               const std::vector<double>& control_means) {
    const std::size_t k = controls.size();
    numerics::require(control_means.size() == k, "control_means", control_means.size(), "one mean per control");
    for (double mu : control_means) numerics::require_finite("control_mean", mu);
    if (moments.count() < k + 2) return {moments.mean(statistic), std::vector<double>(k, 0.0), 1.0};
    const double R = static_cast<double>(moments.count());
    // Normal equations Σ_yy b = Σ_yx by Gauss-Jordan elimination with
    // pivoting; a pivot below 1e-12 of its column's variance (a constant or
    // dependent control) leaves that coefficient 0.
    const std::size_t w = k + 1;  // row width of the augmented matrix [Σ_yy | Σ_yx]
    std::vector<double> a;
    a.reserve(k * w);
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j < k; ++j) a.push_back(moments.covariance(controls[i], controls[j]));
        a.push_back(moments.covariance(controls[i], statistic));
    }
    std::vector<double> b(k, 0.0);
    std::vector<bool> used(k, false);
    std::vector<std::size_t> pivot_row(k, k);
    for (std::size_t col = 0; col < k; ++col) {
        const double scale = moments.covariance(controls[col], controls[col]);
        std::size_t best = k;
        for (std::size_t i = 0; i < k; ++i) {
            if (!used[i] && (best == k || std::fabs(a[i * w + col]) > std::fabs(a[best * w + col]))) best = i;
        }
        if (best == k || !(scale > 0) || !(std::fabs(a[best * w + col]) > 1e-12 * scale)) continue;
        used[best] = true;
        pivot_row[col] = best;
        for (std::size_t i = 0; i < k; ++i) {
            if (i == best || a[i * w + col] == 0.0) continue;
            const double f = a[i * w + col] / a[best * w + col];
            for (std::size_t j = 0; j < w; ++j) a[i * w + j] -= f * a[best * w + j];
        }
    }
    for (std::size_t col = 0; col < k; ++col) {
        if (pivot_row[col] < k) b[col] = a[pivot_row[col] * w + k] / a[pivot_row[col] * w + col];
    }
    const double vxx = moments.covariance(statistic, statistic);
    double explained = 0.0, mean = moments.mean(statistic).mean;
    for (std::size_t i = 0; i < k; ++i) {
        explained += b[i] * moments.covariance(controls[i], statistic);
        mean -= b[i] * (moments.mean(controls[i]).mean - control_means[i]);
    }
    const double left = std::max(0.0, vxx - explained);
    // Controls that determine X (residual variance below 1e-10 of X's own,
    // e.g. K_n = (n + M_{1,n})/2 when no element is seen three times) make
    // θ̂ a function of closed forms, a comparison that no draw can move, and
    // its SE 0: such a check is no Monte Carlo check, so the plain mean is
    // returned instead.
    if (!(left > 1e-10 * vxx)) return {moments.mean(statistic), std::vector<double>(k, 0.0), 1.0};
    const double residual = left * (R - 1) / (R - 1 - static_cast<double>(k));
    ControlledEstimate out;
    out.coefficient = b;
    out.variance_ratio = vxx > 0 ? left / vxx : 1.0;
    out.estimate = Estimate{mean, std::sqrt(residual / R), moments.count()};
    return out;
}

// Many statistics sharing one control, streamed in O(columns) memory (where
// ColumnMoments' full covariances would cost O(columns²): K4's j-max runs to
// 1e5). A row is x_0..x_{m−1} followed by the control y; per column it keeps
// shifted compensated sums of d_x, d_x², d_x·d_y (d = value − the first
// replicate's), and of d_y, d_y² once.
class SharedControlMoments {
public:
    void add(const std::vector<double>& row) {
        numerics::require(!row.empty() && (count_ == 0 || row.size() == shift_.size()), "row length", row.size(),
                          "(every replicate returns the same statistics and one control)");
        if (count_ == 0) {
            shift_ = row;
            s1_.assign(row.size(), {});
            s2_.assign(row.size(), {});
            cross_.assign(row.size() - 1, {});
        }
        const std::size_t m = row.size() - 1;
        const double dy = row[m] - shift_[m];
        for (std::size_t c = 0; c <= m; ++c) {
            const double d = row[c] - shift_[c];
            s1_[c].add(d);
            s2_[c].add(d * d);
            if (c < m) cross_[c].add(d * dy);
        }
        ++count_;
    }
    void save(ByteWriter& out) const {
        out.put(static_cast<std::uint64_t>(count_));
        out.put(shift_);
        out.put(s1_);
        out.put(s2_);
        out.put(cross_);
    }
    void load(ByteReader& in) {
        count_ = static_cast<std::size_t>(in.get<std::uint64_t>());
        shift_ = in.get<std::vector<double>>();
        s1_ = in.get<std::vector<numerics::NeumaierSum<double>>>();
        s2_ = in.get<std::vector<numerics::NeumaierSum<double>>>();
        cross_ = in.get<std::vector<numerics::NeumaierSum<double>>>();
    }

    std::size_t count() const { return count_; }
    std::size_t statistics() const { return shift_.empty() ? 0 : shift_.size() - 1; }
    // Plain mean ± SE of statistic c (c = statistics() is the control).
    Estimate mean(std::size_t c) const {
        numerics::require(count_ >= 2 && c < shift_.size(), "column", c, "(a column of at least 2 replicates)");
        const double n = static_cast<double>(count_);
        return Estimate{shift_[c] + s1_[c].value() / n, std::sqrt(centred(c, c) / (n - 1) / n), count_};
    }
    // Statistic c corrected by the control of exact mean `control_mean` (R ≥ 3).
    ControlledEstimate controlled(std::size_t c, double control_mean) const {
        numerics::require(count_ >= 3 && c + 1 < shift_.size(), "column", c, "(a statistic of at least 3 replicates)");
        numerics::require_finite("control_mean", control_mean);
        const std::size_t y = shift_.size() - 1;
        const double n = static_cast<double>(count_);
        const double sxx = centred(c, c), syy = centred(y, y), sxy = centred(c, y);
        const double b = syy > 0 ? sxy / syy : 0.0;
        const double left = std::max(0.0, sxx - b * sxy);
        ControlledEstimate out;
        out.coefficient = {b};
        out.variance_ratio = sxx > 0 ? left / sxx : 1.0;
        out.estimate = Estimate{mean(c).mean - b * (mean(y).mean - control_mean), std::sqrt(left / (n - 2) / n), count_};
        return out;
    }

private:
    // Σ(x_a − x̄_a)(x_b − x̄_b) for a, b ∈ {c, the control}.
    double centred(std::size_t a, std::size_t b) const {
        const double n = static_cast<double>(count_);
        const std::size_t y = shift_.size() - 1;
        if (a == b) return std::max(0.0, s2_[a].value() - (s1_[a].value() / n) * s1_[a].value());
        const std::size_t x = a == y ? b : a;
        return cross_[x].value() - (s1_[x].value() / n) * s1_[y].value();
    }

    std::size_t count_ = 0;
    std::vector<double> shift_;
    std::vector<numerics::NeumaierSum<double>> s1_, s2_, cross_;
};

// The controls' description for a check's inputs.
inline nlohmann::ordered_json control_inputs(const std::vector<std::string>& names,
                                             const std::vector<double>& control_means, const ControlledEstimate& e) {
    nlohmann::ordered_json controls = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < names.size(); ++i) {
        controls.push_back({{"control", names[i]}, {"exact_mean", control_means[i]}, {"coefficient", e.coefficient[i]}});
    }
    return nlohmann::ordered_json{{"controls", controls}, {"variance_ratio", e.variance_ratio}};
}

}  // namespace sklaws::validation
