// The syntax model of docs/theory.md §2: θ ~ Dirichlet(a·1_S), s_n ~ Categorical(θ).
//
// θ is drawn once as normalised Gamma(a) variates, θ_i = G_i / Σ G; the
// Gammas are drawn in logs and normalised by log-sum-exp so that small
// priors (a = 0.01, where most G_i underflow in double) still give a proper
// θ. Each template is then drawn by inversion: one uniform compared with the
// cumulative sums of θ (binary search, O(log S)).
//
// Domain: S ≥ 1, a > 0 finite. The constructor consumes S Gamma draws of the
// given stream; sample() consumes exactly one uniform.
#pragma once

#include <sklaws/numerics/random_stream.hpp>

#include <span>
#include <vector>

namespace sklaws::validation {

class DirichletCategorical {
public:
    DirichletCategorical(unsigned templates, double prior, numerics::RandomStream& rng);

    unsigned sample(numerics::RandomStream& rng) const;

    std::span<const double> theta() const { return theta_; }
    // Σ_i ln θ_i, from the log-Gammas (finite even where θ_i underflows).
    double sum_log_theta() const { return sum_log_theta_; }
    unsigned templates() const { return static_cast<unsigned>(theta_.size()); }
    double prior() const { return prior_; }

private:
    double prior_;
    std::vector<double> theta_;
    std::vector<double> cumulative_;
    double sum_log_theta_ = 0.0;
};

}  // namespace sklaws::validation
