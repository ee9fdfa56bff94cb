// Rao-Blackwellised per-token knowledge excess loss on the exact nested CRP
// state; derivation in data_scaling_estimators.hpp.
#include <sklaws/validation/data_scaling_estimators.hpp>

#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/numerics/summation.hpp>
#include <sklaws/validation/random_variates.hpp>
#include <sklaws/theory/p_new.hpp>

#include "n_grid.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>

namespace sklaws::validation {

namespace {

// g(x) = ψ(x + 1) − ln x, x > 0.
double g_function(double x) {
    if (x < 64.0) return numerics::digamma(x + 1.0) - std::log(x);
    // ψ(x) − ln x = −1/(2x) − Σ B_2k/(2k x^{2k}), so g = 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶) + …;
    // the first omitted term, 1/(240x⁸), is below 1e-16·g at x ≥ 64.
    const double u = 1.0 / (x * x);
    return 0.5 / x - u * (1.0 / 12 - u * (1.0 / 120 - u / 252));
}

// (c − α)·g(c − α) for the table sizes c that occur most, tabulated once per replicate's α.
constexpr std::uint64_t tabulated_sizes = 256;

class SizeTerm {
public:
    explicit SizeTerm(double alpha) : alpha_(alpha) {
        for (std::uint64_t c = 1; c <= tabulated_sizes; ++c) table_[c - 1] = direct(c);
    }
    double operator()(std::uint64_t c) const { return c <= tabulated_sizes ? table_[c - 1] : direct(c); }

private:
    double direct(std::uint64_t c) const {
        const double x = static_cast<double>(c) - alpha_;
        return x * g_function(x);
    }
    double alpha_;
    std::array<double, tabulated_sizes> table_{};
};

}  // namespace

KnowledgeExcessLossPath knowledge_excess_loss_path(const theory::PitmanYorParameters& params,
                                                   const KnowledgeCosts& costs,
                                                   const std::vector<std::uint64_t>& n_grid,
                                                   numerics::RandomStream& rng) {
    params.validate();
    detail::require_grid(n_grid);
    numerics::require(params.alpha > 0, "alpha", params.alpha, "alpha > 0 (power-law regime)");
    numerics::require(n_grid.back() <= data_scaling_max_n, "n", n_grid.back(), "n <= 1e12");
    numerics::require(costs.names >= 1 && costs.values >= 1, "names", costs.names, "names, values >= 1");
    const std::size_t points = n_grid.size();
    const double alpha = params.alpha, beta = params.beta;
    const SizeTerm size_term(alpha);
    std::vector<std::uint64_t> remaining(n_grid);  // R_j(g)
    std::vector<std::uint64_t> tables(points, 0);  // K at n_g
    std::vector<numerics::NeumaierSum<double>> sums(points);  // Σ_k (c_k − α) g(c_k − α)
    std::size_t first = 0;  // g₀: the first grid point with R_j(g) ≥ 1
    for (std::uint64_t j = 1; remaining[points - 1] > 0; ++j) {
        while (remaining[first] == 0) ++first;
        const double share = beta_variate(rng, 1.0 - alpha, beta + static_cast<double>(j) * alpha);
        std::uint64_t size = 1 + binomial_variate(rng, remaining[first] - 1, share);
        std::uint64_t before = remaining[first];
        for (std::size_t g = first;;) {
            sums[g].add(size_term(size));
            ++tables[g];
            remaining[g] -= size;
            if (++g == points) break;
            // Customers of this stretch (n_{g−1}, n_g] not at earlier tables.
            size += binomial_variate(rng, remaining[g] - before, share);
            before = remaining[g];
        }
    }
    const double label_cost = std::log(costs.names) + std::log(costs.values) + numerics::digamma(1.0 - alpha);
    KnowledgeExcessLossPath out{std::vector<double>(points), std::vector<double>(points), std::vector<double>(points)};
    for (std::size_t g = 0; g < points; ++g) {
        const double total = beta + static_cast<double>(n_grid[g]);
        const double opening = beta + alpha * static_cast<double>(tables[g]);
        out.opening[g] = opening / total;
        out.opening_log[g] = out.opening[g] * numerics::digamma(opening / alpha + 1.0);
        out.loss[g] = -g_function(total) + sums[g].value() / total + out.opening[g] * (label_cost - std::log(opening));
    }
    return out;
}

std::vector<std::vector<double>> simulate_knowledge_excess_loss(const theory::PitmanYorParameters& params,
                                                                const KnowledgeCosts& costs,
                                                                const std::vector<std::uint64_t>& n_grid,
                                                                std::size_t replicates, const RunOptions& options,
                                                                const OpeningControl& control,
                                                                std::uint64_t stream_offset) {
    params.validate();
    detail::require_grid(n_grid);
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    const bool controlled = !control.coefficient.empty();
    numerics::require(!controlled || (control.coefficient.size() == n_grid.size() && control.mean.size() == n_grid.size() &&
                                      control.log_coefficient.size() == n_grid.size() &&
                                      control.log_mean.size() == n_grid.size()),
                      "control", control.coefficient.size(), "(two coefficients and two means per grid point)");
    return run_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        auto path = knowledge_excess_loss_path(params, costs, n_grid, rng);
        if (controlled) {
            for (std::size_t g = 0; g < n_grid.size(); ++g) {
                path.loss[g] -= control.coefficient[g] * (path.opening[g] - control.mean[g]) +
                                control.log_coefficient[g] * (path.opening_log[g] - control.log_mean[g]);
            }
        }
        return path.loss;
    }, stream_offset);
}

}  // namespace sklaws::validation

namespace sklaws::validation {

std::pair<double, double> OpeningControl::means(const theory::PitmanYorParameters& params, double n) {
    const double alpha = params.alpha, beta = params.beta;
    const double p_new = theory::p_new<double>(alpha, beta, n);
    const double log_mean =
        p_new * (numerics::digamma(2.0 + beta / alpha) +
                 alpha * (numerics::digamma(beta + n + alpha) - numerics::digamma(beta + alpha + 1.0)));
    return {p_new, log_mean};
}

OpeningControl fit_opening_control(const theory::PitmanYorParameters& params, const KnowledgeCosts& costs,
                                   const std::vector<std::uint64_t>& n_grid, std::size_t pilot_replicates,
                                   const RunOptions& options, std::uint64_t stream_offset) {
    params.validate();
    detail::require_grid(n_grid);
    numerics::require(pilot_replicates >= 10, "replicates", pilot_replicates, "pilot replicates >= 10");
    const std::size_t points = n_grid.size();
    std::vector<double> mean(points), log_mean(points);
    for (std::size_t g = 0; g < points; ++g)
        std::tie(mean[g], log_mean[g]) = OpeningControl::means(params, static_cast<double>(n_grid[g]));
    // Per replicate: f, then the two controls, per grid point.
    const auto rows = run_replicates(
        pilot_replicates, options,
        [&](numerics::RandomStream& rng, std::size_t) {
            const auto path = knowledge_excess_loss_path(params, costs, n_grid, rng);
            std::vector<double> row(3 * points);
            for (std::size_t g = 0; g < points; ++g) {
                row[3 * g] = path.loss[g];
                row[3 * g + 1] = path.opening[g] - mean[g];
                row[3 * g + 2] = path.opening_log[g] - log_mean[g];
            }
            return row;
        },
        (std::uint64_t{1} << 40) + stream_offset);
    OpeningControl control{std::vector<double>(points, 0.0), std::move(mean), std::vector<double>(points, 0.0),
                           std::move(log_mean)};
    const double count = static_cast<double>(rows.size());
    for (std::size_t g = 0; g < points; ++g) {
        // Centred second moments of (f, u, v); slopes by the 2x2 normal equations.
        double mf = 0, mu = 0, mv = 0;
        for (const auto& r : rows) mf += r[3 * g] / count, mu += r[3 * g + 1] / count, mv += r[3 * g + 2] / count;
        double suu = 0, svv = 0, suv = 0, sfu = 0, sfv = 0;
        for (const auto& r : rows) {
            const double f = r[3 * g] - mf, u = r[3 * g + 1] - mu, v = r[3 * g + 2] - mv;
            suu += u * u, svv += v * v, suv += u * v, sfu += f * u, sfv += f * v;
        }
        // With few distinct K_n (n small against β) the controls would
        // interpolate f on the values sampled and leave an SE of 0 that the
        // rarer values contradict: one control needs ≥ 5 distinct q, two ≥ 8.
        std::vector<double> support;
        for (const auto& r : rows) support.push_back(r[3 * g + 1]);
        std::sort(support.begin(), support.end());
        const auto distinct = static_cast<std::size_t>(std::unique(support.begin(), support.end()) - support.begin());
        const double det = suu * svv - suv * suv;
        if (distinct < 5) continue;
        if (distinct >= 8 && suu > 0 && svv > 0 && det > 1e-9 * suu * svv) {
            control.coefficient[g] = (sfu * svv - sfv * suv) / det;
            control.log_coefficient[g] = (sfv * suu - sfu * suv) / det;
        } else if (suu > 0) {
            control.coefficient[g] = sfu / suu;  // the second control adds nothing resolvable
        }
    }
    return control;
}

}  // namespace sklaws::validation
