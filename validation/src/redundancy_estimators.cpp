// Prequential-minus-oracle code lengths for syntax and knowledge tokens.
#include <sklaws/validation/redundancy_estimators.hpp>

#include <sklaws/numerics/summation.hpp>
#include <sklaws/validation/dirichlet_categorical.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/stick_breaking.hpp>

#include "n_grid.hpp"

#include <cmath>

namespace sklaws::validation {

namespace {

using detail::require_grid;

}  // namespace

std::vector<double> syntax_redundancy_path(unsigned templates, double prior, const std::vector<std::uint64_t>& n_grid,
                                           numerics::RandomStream& rng, SyntaxControls* controls) {
    DirichletCategorical syntax(templates, prior, rng);
    const auto theta = syntax.theta();
    std::vector<std::uint64_t> counts(templates, 0);
    const double total_prior = templates * prior;
    // Token n+1's expected excess given θ and the counts so far,
    //     KL(θ ‖ q_n) = Σ_s θ_s ln θ_s − Σ_s θ_s ln(a + c_s) + ln(Sa + n),
    // with T = Σ_s θ_s ln(a + c_s) kept up to date in O(1) per token.
    numerics::NeumaierSum<double> theta_log_theta, theta_log_count;
    if (controls) {
        for (double t : theta) {
            if (t > 0) theta_log_theta.add(t * std::log(t));
            theta_log_count.add(t * std::log(prior));
        }
        controls->sum_log_theta = syntax.sum_log_theta();
        controls->martingale.clear();
    }
    numerics::NeumaierSum<double> redundancy, martingale;
    std::vector<double> out;
    out.reserve(n_grid.size());
    std::uint64_t n = 0;
    for (std::uint64_t target : n_grid) {
        for (; n < target; ++n) {
            const unsigned s = syntax.sample(rng);
            const double c = static_cast<double>(counts[s]);
            const double log_q = std::log((prior + c) / (total_prior + static_cast<double>(n)));
            // ln θ_s − ln q(s): the oracle's code length subtracted from the learner's.
            const double excess = std::log(theta[s]) - log_q;
            redundancy.add(excess);
            if (controls) {
                const double expected = theta_log_theta.value() - theta_log_count.value() +
                                        std::log(total_prior + static_cast<double>(n));
                martingale.add(excess - expected);
                theta_log_count.add(theta[s] * std::log1p(1.0 / (prior + c)));
            }
            ++counts[s];
        }
        out.push_back(redundancy.value());
        if (controls) controls->martingale.push_back(martingale.value());
    }
    return out;
}

std::vector<double> knowledge_redundancy_path(const theory::PitmanYorParameters& params, const KnowledgeCosts& costs,
                                              const std::vector<std::uint64_t>& n_grid, std::uint64_t seed,
                                              std::uint64_t replicate, numerics::RandomStream& rng,
                                              std::vector<double>* elements) {
    GemWeights weights(params, seed, stick_stream(replicate));
    const double first_mention_cost = std::log(costs.names) + std::log(costs.values);
    std::vector<std::uint32_t> counts;  // by atom, in order of appearance
    numerics::NeumaierSum<double> redundancy;
    std::vector<double> out;
    out.reserve(n_grid.size());
    std::uint64_t n = 0;
    for (std::uint64_t target : n_grid) {
        for (; n < target; ++n) {
            const std::size_t k = weights.sample(rng);
            const double denominator = params.beta + static_cast<double>(n);
            double learner;
            if (k == counts.size()) {  // first mention: atoms appear in index order
                const double p_new = (params.beta + params.alpha * static_cast<double>(counts.size())) / denominator;
                learner = -std::log(p_new) + first_mention_cost;
                counts.push_back(1);
            } else {
                learner = -std::log((static_cast<double>(counts[k]) - params.alpha) / denominator);
                ++counts[k];
            }
            redundancy.add(learner + std::log(weights.weight(k)));
        }
        out.push_back(redundancy.value());
        if (elements) elements->push_back(static_cast<double>(counts.size()));
    }
    return out;
}

ColumnMoments syntax_redundancy_moments(unsigned templates, double prior, const std::vector<std::uint64_t>& n_grid,
                                        std::size_t replicates, const RunOptions& options) {
    numerics::require(templates >= 2, "templates", templates, "templates >= 2");
    numerics::require_finite("prior", prior);
    numerics::require(prior > 0.0, "prior", prior, "prior > 0");
    numerics::require(replicates >= 3, "replicates", replicates, "replicates >= 3");
    require_grid(n_grid);
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    reduce_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        SyntaxControls controls;
        auto row = syntax_redundancy_path(templates, prior, n_grid, rng, &controls);
        row.insert(row.end(), controls.martingale.begin(), controls.martingale.end());
        row.push_back(controls.sum_log_theta);
        return row;
    }, moments);
    return moments;
}

std::vector<Estimate> estimate_syntax_redundancy(unsigned templates, double prior,
                                                 const std::vector<std::uint64_t>& n_grid, std::size_t replicates,
                                                 const RunOptions& options) {
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    require_grid(n_grid);
    return estimate_replicate_means(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        return syntax_redundancy_path(templates, prior, n_grid, rng);
    });
}

ColumnMoments knowledge_redundancy_moments(const theory::PitmanYorParameters& params, const KnowledgeCosts& costs,
                                         const std::vector<std::uint64_t>& n_grid, std::size_t replicates,
                                         const RunOptions& options) {
    numerics::require(replicates >= 3, "replicates", replicates, "replicates >= 3");
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    reduce_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t r) {
        std::vector<double> elements;
        auto row = knowledge_redundancy_path(params, costs, n_grid, options.seed, r, rng, &elements);
        row.insert(row.end(), elements.begin(), elements.end());
        return row;
    }, moments);
    return moments;
}

std::vector<Estimate> estimate_knowledge_redundancy(const theory::PitmanYorParameters& params,
                                                    const KnowledgeCosts& costs,
                                                    const std::vector<std::uint64_t>& n_grid, std::size_t replicates,
                                                    const RunOptions& options,
                                                    std::vector<std::vector<double>>* paths) {
    params.validate();
    numerics::require_finite("names", costs.names);
    numerics::require_finite("values", costs.values);
    numerics::require(costs.names >= 1.0, "names", costs.names, "names >= 1");
    numerics::require(costs.values >= 1.0, "values", costs.values, "values >= 1");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    require_grid(n_grid);
    auto path = [&](numerics::RandomStream& rng, std::size_t r) {
        return knowledge_redundancy_path(params, costs, n_grid, options.seed, r, rng);
    };
    if (paths == nullptr) return estimate_replicate_means(replicates, options, path);  // streamed
    *paths = run_replicates(replicates, options, path);
    return estimate_columns(*paths);
}

}  // namespace sklaws::validation
