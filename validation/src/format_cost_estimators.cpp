// Simulated fine-tuning on a new format (see format_cost_estimators.hpp).
#include <sklaws/validation/format_cost_estimators.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/format_cost.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

std::vector<FormatCostPoint> estimate_format_cost(const std::vector<double>& prior, const std::vector<double>& target,
                                                  const std::vector<std::uint64_t>& points, std::size_t replicates,
                                                  const RunOptions& options) {
    theory::format_cost_per_token_e<double>(prior, target, 0);  // validates b and θ
    numerics::require(!points.empty(), "points", points.size(), "at least one k");
    for (std::size_t i = 1; i < points.size(); ++i) {
        numerics::require(points[i] > points[i - 1], "points", points[i], "increasing k");
    }
    numerics::require(points.back() <= 100'000'000, "points", points.back(), "k <= 1e8");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    const std::size_t S = prior.size();
    std::vector<double> cumulative_theta(S);
    double running = 0, B = 0;
    for (std::size_t s = 0; s < S; ++s) {
        running += target[s];
        cumulative_theta[s] = running;
        B += prior[s];
    }
    cumulative_theta.back() = 1.0;
    const std::uint64_t last = points.back();
    const auto rows = run_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        std::vector<double> counts(S, 0.0), row(2 * points.size(), 0.0);
        double sum = 0;
        std::size_t next = 0;
        for (std::uint64_t k = 0; k <= last; ++k) {
            // KL(θ ‖ q_k) given the counts after k examples.
            double kl = 0;
            const double total = B + static_cast<double>(k);
            for (std::size_t s = 0; s < S; ++s) {
                if (target[s] > 0) kl += target[s] * std::log(target[s] * total / (prior[s] + counts[s]));
            }
            if (k == points[next]) {
                row[2 * next] = kl;
                row[2 * next + 1] = sum;  // Σ_{j<k} KL_j
                if (++next == points.size()) break;
            }
            sum += kl;
            const double u = rng.uniform();
            const auto at = std::upper_bound(cumulative_theta.begin(), cumulative_theta.end(), u);
            counts[static_cast<std::size_t>(std::min<std::ptrdiff_t>(at - cumulative_theta.begin(),
                                                                     static_cast<std::ptrdiff_t>(S - 1)))] += 1;
        }
        return row;
    });
    const auto e = estimate_columns(rows);
    std::vector<FormatCostPoint> out;
    for (std::size_t i = 0; i < points.size(); ++i) out.push_back({points[i], e[2 * i], e[2 * i + 1]});
    return out;
}

}  // namespace sklaws::validation
