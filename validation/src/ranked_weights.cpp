// Top-C ranked weights of PY(α, β) by the thinned ranked Poisson
// representation; see ranked_weights.hpp for the construction and its error.
#include <sklaws/validation/ranked_weights.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/missing_mass.hpp>
#include <sklaws/validation/random_variates.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

namespace sklaws::validation {

namespace {

// Largest β/α accepted: about β/(αΓ(1−α)) stable points above y ≈ 1 are
// rejected per draw, so this bounds the wasted work (~1e8 points ≈ 3 s).
constexpr double max_shape = 1e8;

// γ(a, ℓ)/ℓ^a = e^{−ℓ} Σ_k ℓ^k / (a(a+1)…(a+k)) (positive terms, any ℓ ≥ 0).
double lower_gamma_scaled(double a, double l) {
    double term = 1.0 / a, sum = term;
    for (int k = 1; k < 20000 && term > 1e-18 * sum; ++k) {
        term *= l / (a + k);
        sum += term;
    }
    return std::exp(-l) * sum;
}

// Is the extra-point count one at which the stopping rule is evaluated?
// (0, powers of two, then every 2^16: the rule costs two series.)
bool check_now(std::size_t extra) {
    return extra == 0 || (extra & (extra - 1)) == 0 || extra % 65536 == 0;
}

}  // namespace

RankedWeights ranked_weights(const theory::PitmanYorParameters& params, std::size_t C, numerics::RandomStream& rng,
                             const RankedWeightsOptions& options) {
    params.validate();
    numerics::require(C >= 1, "capacity", C, "capacity >= 1");
    numerics::require(options.tolerance > 0, "tolerance", options.tolerance, "tolerance > 0");
    const double a = params.alpha;
    numerics::require(a > 0 && a < 1, "alpha", a, "0 < alpha < 1 (ranked Poisson representation)");
    double b = params.beta;
    numerics::require(b / a <= max_shape, "beta", b, "beta/alpha <= 1e8 (ranked-weight sampler's work bound)");

    // 2. Peel one size-biased atom when β ≤ 0.
    const bool peeled = !(b > 0);
    BetaDraw first{};
    if (peeled) {
        first = beta_draw(rng, 1.0 - a, b + a);
        b += a;
    }

    // 1. s ~ Gamma(β/α); the stable points have tail mass (κ/α) y^{−α},
    //    κ/α = s/Γ(1−α): y_i = ((κ/α)/Γ_i)^{1/α}.
    const double log_rate = log_gamma_variate(rng, b / a) - std::lgamma(1.0 - a);
    double arrival = -std::log(rng.uniform());
    const double log_first_arrival = std::log(arrival);
    const double log_y_ref = (log_rate - log_first_arrival) / a;  // y of the first stable point
    const double inv_a = 1.0 / a;

    RankedWeights out;
    out.top.reserve(C);
    // Values are held in units U = min(y_ref, 1): relative to the first
    // stable point when it is below 1 (then no point overflows and none is
    // thinned much), in absolute y when it is above (the kept points are
    // then ≲ 40: e^{−y} thins the larger ones), so that the kept values
    // never all underflow (at α = 0.01 the first point is e^{400} and the
    // kept ones e^{−100..0} of it).
    const double log_unit = std::min(log_y_ref, 0.0);
    numerics::NeumaierSum<double> top_sum, extra_sum;  // in units U
    double z_last = 1.0, log_y_last = log_y_ref;
    double m = 0.0, v = 0.0;
    for (;;) {
        const double log_z = (log_first_arrival - std::log(arrival)) * inv_a;
        const double log_y = log_y_ref + log_z;
        // 3. Thinning: keep with probability e^{−y} (always, in double, once y < 1e-17).
        //    (log_first_arrival − log Γ_i)/α ≤ 0: points decrease.
        const bool keep = log_y < -39.0 || rng.uniform() < std::exp(-std::exp(log_y));
        z_last = std::exp(log_y - log_unit);
        log_y_last = log_y;
        if (keep) {
            if (out.top.size() < C) {
                out.top.push_back(z_last);
                top_sum.add(z_last);
            } else {
                extra_sum.add(z_last);
                ++out.extra_points;
            }
        } else {
            ++out.rejected_points;
        }
        if (out.top.size() == C && (keep || out.extra_points == 0) && check_now(out.extra_points)) {
            // 4. The remainder below ℓ = y_last, in units U:
            //    m = (κ/U) γ(1−α, ℓ) = κ ℓ^{1−α}/U · γ(1−α, ℓ)/ℓ^{1−α},
            //    v = (κ/U²) γ(2−α, ℓ) = κ ℓ^{2−α}/U² · γ(2−α, ℓ)/ℓ^{2−α},  κ = α·e^{log_rate}.
            const double l = std::exp(log_y_last);
            const double log_kappa = std::log(a) + log_rate;
            m = std::exp(log_kappa - log_unit + (1.0 - a) * log_y_last) * lower_gamma_scaled(1.0 - a, l);
            v = std::exp(log_kappa - 2 * log_unit + (2.0 - a) * log_y_last) * lower_gamma_scaled(2.0 - a, l);
            const double A = top_sum.value(), S = A + extra_sum.value();
            const double S3 = S * S * S;
            const double weight_bound = v * (S + m) / S3;
            const double rest = extra_sum.value() + m;
            const double tail_bound = rest > 0 ? v * A * (S + m) / (S3 * rest) : 0.0;
            out.remainder_bias_bound = std::max(weight_bound, tail_bound);
            if (out.remainder_bias_bound <= options.tolerance || out.extra_points >= options.max_extra_points) break;
        }
        arrival += -std::log(rng.uniform());
    }

    // Normalise: total = top + extra + m.
    numerics::NeumaierSum<double> rest_sum = extra_sum;
    rest_sum.add(m);
    numerics::NeumaierSum<double> total = top_sum;
    total.add(rest_sum.value());
    const double norm = total.value();
    for (double& w : out.top) w /= norm;
    double tail = rest_sum.value() / norm;

    if (peeled) {
        // The residual weights scale by 1 − V; V joins the ranking.
        for (double& w : out.top) w *= first.complement;
        tail *= first.complement;
        const auto at = std::upper_bound(out.top.begin(), out.top.end(), first.value, std::greater<>());
        if (at == out.top.end()) {
            tail += first.value;
        } else {
            tail += out.top.back();
            out.top.pop_back();
            out.top.insert(at, first.value);
        }
    }
    out.tail = tail;
    return out;
}

RankedWeights ranked_weights_above(const theory::PitmanYorParameters& params, double level, numerics::RandomStream& rng,
                                   std::size_t initial, std::size_t max_count, const char* name,
                                   const RankedWeightsOptions& options) {
    numerics::require(level > 0 && level < 1, "level", level, "0 < level < 1");
    std::size_t C = std::max<std::size_t>(initial, 1);
    for (;;) {
        numerics::RandomStream attempt = rng;
        RankedWeights draw = ranked_weights(params, C, attempt, options);
        if (draw.top.back() < level) {
            rng = attempt;
            return draw;
        }
        numerics::require(2 * C <= max_count, name, static_cast<double>(2 * C),
                          "(weights above the level needed: more than the memory bound allows)");
        C *= 2;
    }
}

std::vector<double> tail_masses(const RankedWeights& draw, const std::vector<std::uint64_t>& capacities) {
    numerics::require(!capacities.empty(), "capacity", capacities.size(), "(non-empty list of capacities)");
    numerics::require(capacities.back() <= draw.top.size(), "capacity", capacities.back(),
                      "(at most the number of ranked weights drawn)");
    std::vector<double> out(capacities.size());
    numerics::NeumaierSum<double> tail;
    tail.add(draw.tail);
    std::size_t rank = draw.top.size();
    for (std::size_t i = capacities.size(); i-- > 0;) {
        numerics::require(capacities[i] >= 1 && (i + 1 == capacities.size() || capacities[i] < capacities[i + 1]),
                          "capacity", capacities[i], "(increasing list of capacities >= 1)");
        for (; rank > capacities[i]; --rank) tail.add(draw.top[rank - 1]);
        out[i] = tail.value();
    }
    return out;
}

double ranked_weights_expected_points(const theory::PitmanYorParameters& params, std::size_t C,
                                      const RankedWeightsOptions& options) {
    const double a = params.alpha;
    const double b = params.beta > 0 ? params.beta : params.beta + a;
    const double c = static_cast<double>(C);
    // Rejected: stable points above y ≈ 1 number κ/α = s/Γ(1−α), E[s] = β/α.
    const double rejected = (b / a) / std::tgamma(1.0 - a);
    // Extra: with N points the remainder's relative variance is about
    // N^{1−2/α} and the bound is taken relative to T_C, so about
    // (tolerance·E[T_C])^{−α/(2−α)} points in all, of which C are the top;
    // the constant, exp(4.5 − 8.5α) within [0.03, 2], is fitted to measured
    // counts (α = 0.5 … 0.95, C = 10 … 1e5, tolerance 1e-7) and doubled.
    const double tail = theory::tail_mass_e<double>(a, params.beta, C).val;
    const double factor = 2 * std::clamp(std::exp(4.5 - 8.5 * a), 0.03, 2.0);
    const double needed = factor * std::pow(options.tolerance * tail, -a / (2.0 - a));
    const double extra = std::min(std::max(0.0, needed - c), static_cast<double>(options.max_extra_points));
    return c + rejected + extra;
}

double ranked_weights_expected_count_above(const theory::PitmanYorParameters& params, double level) {
    numerics::require(level > 0 && level < 1, "level", level, "0 < level < 1");
    const auto mean_weight = [&](std::uint64_t i) {
        return theory::ranked_weight_mean_e<double>(params.alpha, params.beta, i).val;
    };
    if (mean_weight(1) < level) return 1.0;
    std::uint64_t lo = 1, hi = 2;  // E[W_(lo)] >= level
    while (hi < theory::missing_mass_max_capacity / 2 && mean_weight(hi) >= level) {
        lo = hi;
        hi *= 2;
    }
    while (hi - lo > 1 + lo / 64) {
        const std::uint64_t mid = lo + (hi - lo) / 2;
        (mean_weight(mid) >= level ? lo : hi) = mid;
    }
    return static_cast<double>(hi);
}

}  // namespace sklaws::validation
