// The capacity-C count learner on a ranked prefix of the weights; see
// capacity_storage.hpp for the construction and the bound B.
#include <sklaws/validation/capacity_storage.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/missing_mass.hpp>
#include <sklaws/validation/random_variates.hpp>
#include <sklaws/validation/ranked_weights.hpp>
#include <sklaws/validation/stick_breaking.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

namespace sklaws::validation {

RankedCounts ranked_counts(std::span<const double> weights, double tail, std::uint64_t n, numerics::RandomStream& rng) {
    numerics::require(tail >= 0.0 && tail <= 1.0, "tail", tail, "0 <= tail <= 1");
    RankedCounts out;
    out.counts.assign(weights.size(), 0);
    // Mass at and below rank k, summed from the small end (accurate when tiny).
    std::vector<double> mass(weights.size() + 1);
    mass[weights.size()] = tail;
    for (std::size_t k = weights.size(); k-- > 0;) mass[k] = mass[k + 1] + weights[k];
    std::uint64_t left = n;
    for (std::size_t k = 0; k < weights.size() && left > 0; ++k) {
        const double p = mass[k] > 0 ? std::min(1.0, weights[k] / mass[k]) : 0.0;
        const std::uint64_t m = binomial_variate(rng, left, p);
        out.counts[k] = m;
        left -= m;
    }
    out.tail_tokens = left;
    return out;
}

double unlisted_count_bound(std::uint64_t tail_tokens, double last_weight, double tail, std::uint64_t c) {
    if (tail_tokens < std::max<std::uint64_t>(c, 1) || !(tail > 0.0) || !(last_weight > 0.0)) return 0.0;
    const double m = static_cast<double>(tail_tokens);
    const double x = std::min(m, m * last_weight / tail);  // the heaviest unlisted element's expected count
    const double k = static_cast<double>(std::max<std::uint64_t>(c, 1));
    // Σ_u P(Binomial(m, u/T) ≥ k) ≤ Σ_u (m u/T)^k / k! ≤ x^{k−1} m / k!,
    // and at most m/k of them can hold k tokens.
    return std::min(m / k, std::exp((k - 1) * std::log(x) + std::log(m) - std::lgamma(k + 1.0)));
}

CapacityStorage capacity_storage(const RankedCounts& counts, double last_weight, double tail, std::size_t capacity,
                                 numerics::RandomStream& rng, std::span<const std::uint8_t> tie_class) {
    numerics::require(capacity >= 1, "capacity", capacity, "capacity >= 1");
    const auto& m = counts.counts;
    numerics::require(tie_class.empty() || tie_class.size() == m.size(), "tie_class", tie_class.size(),
                      "(empty or one class per listed weight)");
    CapacityStorage out;
    out.stored.assign(m.size(), 0);
    // The hit elements with their tie-break keys: class, then a uniform
    // draw (one per hit element, in rank order).
    struct Hit {
        std::uint64_t count;
        std::uint8_t tie;
        std::uint64_t key;
        std::size_t rank;
    };
    std::vector<Hit> hit;
    for (std::size_t k = 0; k < m.size(); ++k)
        if (m[k] > 0) hit.push_back({m[k], tie_class.empty() ? std::uint8_t{0} : tie_class[k], rng.next(), k});
    if (hit.empty()) return out;
    std::size_t free_slots = 0;
    std::uint64_t weakest = 0;
    if (hit.size() <= capacity) {
        free_slots = capacity - hit.size();
        weakest = hit.front().count;
        for (const Hit& h : hit) {
            out.stored[h.rank] = 1;
            weakest = std::min(weakest, h.count);
        }
    } else {
        const auto before = [](const Hit& a, const Hit& b) {
            if (a.count != b.count) return a.count > b.count;
            if (a.tie != b.tie) return a.tie < b.tie;
            return a.key != b.key ? a.key < b.key : a.rank < b.rank;
        };
        const auto cth = hit.begin() + static_cast<std::ptrdiff_t>(capacity - 1);
        std::nth_element(hit.begin(), cth, hit.end(), before);
        for (auto it = hit.begin(); it <= cth; ++it) out.stored[it->rank] = 1;
        weakest = cth->count;
    }
    if (hit.size() + counts.tail_tokens <= capacity) return out;  // everything hit fits
    out.displacement_bound =
        unlisted_count_bound(counts.tail_tokens, last_weight, tail, weakest) / static_cast<double>(free_slots + 1);
    return out;
}

RankedList ranked_list(const theory::PitmanYorParameters& params, std::size_t K, std::uint64_t seed,
                       std::uint64_t stream) {
    numerics::require(K >= 1, "capacity", K, "capacity >= 1");
    RankedList out;
    if (params.alpha > 0) {
        numerics::RandomStream rng(seed, stream);
        RankedWeights draw = ranked_weights(params, K, rng);
        out.weights = std::move(draw.top);
        out.tail = draw.tail;
        return out;
    }
    params.validate();
    GemWeights gem(params, seed, stream);
    std::vector<double> w;
    auto kth_largest = [&] {
        w.resize(gem.instantiated());
        for (std::size_t j = 0; j < w.size(); ++j) w[j] = gem.weight(j);
        std::nth_element(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(K - 1), w.end(), std::greater<>());
        return w[K - 1];
    };
    gem.weight(K - 1);
    for (std::size_t j = K; gem.remaining_mass() >= kth_largest(); j *= 2) gem.weight(2 * j - 1);
    std::sort(w.begin(), w.end(), std::greater<>());
    numerics::NeumaierSum<double> tail;
    tail.add(gem.remaining_mass());
    while (w.back() < gem.remaining_mass()) {
        tail.add(w.back());
        w.pop_back();
    }
    out.weights = std::move(w);
    out.tail = tail.value();
    return out;
}

CountLearnerDraw count_learner_draw(const std::function<RankedList(std::size_t)>& make_list,
                                    const std::function<bool(const RankedList&)>& deep_enough, std::uint64_t n,
                                    std::size_t capacity, numerics::RandomStream& rng,
                                    const CountLearnerOptions& options) {
    numerics::require(capacity >= 1, "capacity", capacity, "capacity >= 1");
    numerics::require(options.tolerance > 0, "tolerance", options.tolerance, "tolerance > 0");
    std::size_t K = std::max({options.initial, capacity, std::size_t{1}});
    CountLearnerDraw out;
    for (;;) {
        out = CountLearnerDraw{};  // free the previous attempt before the next
        out.list = make_list(K);
        out.listed_request = K;
        numerics::require(!out.list.weights.empty(), "capacity", K, "(a non-empty ranked list)");
        const bool last_attempt = K > options.max_listed / 2;
        if (!deep_enough(out.list)) {
            numerics::require(!last_attempt, "capacity", static_cast<double>(2 * K),
                              "(ranked weights needed by the capacity learner: more than the memory bound allows)");
            K *= 2;
            continue;
        }
        numerics::RandomStream attempt = rng;
        out.counts = ranked_counts(out.list.weights, out.list.tail, n, attempt);
        out.storage = capacity_storage(out.counts, out.list.weights.back(), out.list.tail, capacity, attempt,
                                       out.list.tie_class);
        if (out.storage.displacement_bound <= options.tolerance || last_attempt) {
            rng = attempt;
            return out;
        }
        K *= 2;
    }
}

double expected_ranked_weight(const theory::PitmanYorParameters& params, std::uint64_t i) {
    if (params.alpha > 0) return theory::ranked_weight_mean_e<double>(params.alpha, params.beta, i).val;
    const double b = params.beta;
    return std::exp(-std::log1p(b) + static_cast<double>(i - 1) * std::log(b / (1 + b)));
}

double expected_tail_mass(const theory::PitmanYorParameters& params, std::uint64_t i) {
    if (params.alpha > 0) return theory::tail_mass_e<double>(params.alpha, params.beta, i).val;
    return std::exp(static_cast<double>(i) * std::log(params.beta / (1 + params.beta)));
}

double expected_weakest_count(double alpha, std::uint64_t n, double w, double spread) {
    const double lambda = static_cast<double>(n) * w;
    if (!(alpha > 0)) return std::max(1.0, std::floor(lambda));
    // ln[spread (n w)^α Γ(c−α)/Γ(c)] is decreasing in c: bisect on integers.
    const auto at_least_capacity = [&](double c) {
        return std::log(spread) + alpha * std::log(lambda) + std::lgamma(c - alpha) - std::lgamma(c) >= 0;
    };
    if (!at_least_capacity(1.0)) return 1.0;
    double lo = 1.0, hi = 2.0;
    while (at_least_capacity(hi) && hi < 1e18) {
        lo = hi;
        hi *= 2;
    }
    while (hi - lo > 1) {
        const double mid = std::floor((lo + hi) / 2);
        (at_least_capacity(mid) ? lo : hi) = mid;
    }
    return lo;
}

Check capacity_limit_check(std::string quantity, std::string label, double limit, const Estimate& estimate,
                           double displacement_bound, nlohmann::ordered_json inputs) {
    if (displacement_bound <= std::max(0.1 * estimate.se, CountLearnerOptions{}.tolerance))
        return limit_check(std::move(quantity), std::move(label), limit, estimate, std::move(inputs));
    return not_applicable_check(
        std::move(quantity), std::move(label), limit, estimate,
        fmt::format("the simulated learner is not resolved: up to {:.3g} stored elements per replicate may be displaced "
                    "by unlisted ones (more than a tenth of the SE {:.3g}; the ranked prefix reached its memory bound)",
                    displacement_bound, estimate.se),
        std::move(inputs));
}

double expected_distinct(const theory::PitmanYorParameters& params, double n) {
    return n >= 1 ? theory::expected_tables(params.alpha, params.beta, n) : std::max(0.0, n);
}

double smallest_token_scale(const theory::PitmanYorParameters& params, std::size_t replicates) {
    const double shape = params.beta + params.alpha;
    if (!(shape > 0) || replicates < 2) return 1.0;
    return std::clamp(std::pow(static_cast<double>(replicates), -1.0 / shape), 1e-12, 1.0);
}

double count_learner_expected_listed(const theory::PitmanYorParameters& params, std::uint64_t n, double weakest_count,
                                     double scale, double depth_weight, double expected_hit, std::size_t capacity,
                                     const CountLearnerOptions& options) {
    const bool fits = expected_hit <= static_cast<double>(capacity);
    const double nd = static_cast<double>(n);
    const double c = std::max(0.0, std::floor(weakest_count));
    for (std::size_t K = std::max<std::size_t>(options.initial, 1);; K *= 2) {
        if (K > options.max_listed / 2 || K >= theory::missing_mass_max_capacity / 2) return static_cast<double>(K);
        const double w = expected_ranked_weight(params, K);
        if (!(w < depth_weight)) continue;
        if (fits) return static_cast<double>(K);
        const double t = expected_tail_mass(params, K);
        const double m = nd * t;
        const double k = std::max(c, 1.0);
        const double bound = m < k || !(w > 0)
                                 ? 0.0
                                 : std::exp((k - 1) * std::log(std::min(m, nd * scale * w)) + std::log(m) - std::lgamma(k + 1));
        if (bound <= options.tolerance) return static_cast<double>(K);
    }
}

}  // namespace sklaws::validation
