// GEM(α, β) sticks in order of appearance with exact lazy sampling; see
// stick_breaking.hpp for why order of appearance makes this exact.
#include <sklaws/validation/stick_breaking.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/validation/random_variates.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sklaws::validation {

GemWeights::GemWeights(theory::PitmanYorParameters params, std::uint64_t seed, std::uint64_t stream)
    : params_(params), stick_rng_(seed, stream) {
    params_.validate();
}

void GemWeights::extend() {
    const double j = static_cast<double>(weights_.size() + 1);  // 1-based stick number
    const BetaDraw v = beta_draw(stick_rng_, 1.0 - params_.alpha, params_.beta + j * params_.alpha);
    const double w = remaining_ * v.value;
    weights_.push_back(w);
    prefix_.push_back(prefix_.empty() ? w : prefix_.back() + w);
    remaining_ *= v.complement;
    remaining_after_.push_back(remaining_);
}

double GemWeights::weight(std::size_t j) {
    while (weights_.size() <= j) extend();
    return weights_[j];
}

double GemWeights::undiscovered_mass() const { return discovered_ == 0 ? 1.0 : remaining_after_[discovered_ - 1]; }

std::size_t GemWeights::sample(numerics::RandomStream& rng) {
    const double u = rng.uniform();
    const std::size_t d = discovered_;
    if (d > 0 && u < prefix_[d - 1]) {
        const auto end = prefix_.begin() + static_cast<std::ptrdiff_t>(d);
        const auto it = std::upper_bound(prefix_.begin(), end, u);
        return std::min(static_cast<std::size_t>(it - prefix_.begin()), d - 1);
    }
    // The draw lands in the mass of atoms not yet seen: it is the next atom
    // to appear, whose weight is stick d.
    if (weights_.size() <= d) extend();
    ++discovered_;
    return d;
}

double gem_sticks_to_level(const theory::PitmanYorParameters& params, double level) {
    params.validate();
    numerics::require(level > 0 && level < 1, "level", level, "0 < level < 1");
    const double a = params.alpha, b = params.beta;
    if (a == 0) {
        // Geometric decay: E[Π] = (β/(β+1))^J.
        return std::ceil(std::log(level) / std::log(b / (b + 1)));
    }
    // ln E[Π_{j≤J}] = lnΓ(J+1+β/α) − lnΓ(1+β/α) − lnΓ(J+(β+1)/α) + lnΓ((β+1)/α), decreasing in J.
    const auto log_mean = [&](double J) {
        return std::lgamma(J + 1 + b / a) - std::lgamma(1 + b / a) - std::lgamma(J + (b + 1) / a) +
               std::lgamma((b + 1) / a);
    };
    const double target = std::log(level);
    double lo = 0, hi = 1;  // in log J
    while (log_mean(std::exp(hi)) > target) {
        lo = hi;
        hi *= 2;
        if (hi > 690) return std::numeric_limits<double>::infinity();
    }
    for (int i = 0; i < 60; ++i) {
        const double mid = 0.5 * (lo + hi);
        (log_mean(std::exp(mid)) > target ? lo : hi) = mid;
    }
    return std::exp(hi);
}

std::vector<std::uint64_t> token_counts(GemWeights& gem, std::uint64_t n, numerics::RandomStream& rng) {
    std::vector<std::uint64_t> counts;
    for (std::uint64_t t = 0; t < n; ++t) {
        const std::size_t k = gem.sample(rng);
        if (k >= counts.size()) counts.resize(k + 1, 0);
        ++counts[k];
    }
    return counts;
}

}  // namespace sklaws::validation
