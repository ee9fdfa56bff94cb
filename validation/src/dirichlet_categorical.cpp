// θ ~ Dirichlet(a·1_S) from log-Gammas; s ~ Categorical(θ) by inversion.
#include <sklaws/validation/dirichlet_categorical.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/validation/random_variates.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

DirichletCategorical::DirichletCategorical(unsigned templates, double prior, numerics::RandomStream& rng)
    : prior_(prior) {
    numerics::require(templates >= 1, "templates", templates, "templates >= 1");
    numerics::require_finite("prior", prior);
    numerics::require(prior > 0.0, "prior", prior, "prior > 0");
    std::vector<double> log_g(templates);
    for (auto& g : log_g) g = log_gamma_variate(rng, prior);
    // θ_i = G_i/ΣG = exp(ln G_i − LSE(ln G)), safe when every G_i underflows.
    const double top = *std::max_element(log_g.begin(), log_g.end());
    double scaled_total = 0.0;
    for (double g : log_g) scaled_total += std::exp(g - top);
    const double log_total = top + std::log(scaled_total);
    theta_.resize(templates);
    cumulative_.resize(templates);
    double running = 0.0;
    for (unsigned i = 0; i < templates; ++i) {
        theta_[i] = std::exp(log_g[i] - log_total);
        sum_log_theta_ += log_g[i] - log_total;
        running += theta_[i];
        cumulative_[i] = running;
    }
}

unsigned DirichletCategorical::sample(numerics::RandomStream& rng) const {
    const double u = rng.uniform() * cumulative_.back();  // scale out the rounding of Σθ
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
    const auto index = static_cast<unsigned>(it - cumulative_.begin());
    return std::min(index, templates() - 1);
}

}  // namespace sklaws::validation
