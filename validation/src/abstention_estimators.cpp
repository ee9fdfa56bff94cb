// H2's abstaining learner, Rao-Blackwellised given the sampled PY weights
// (see abstention_estimators.hpp).
#include <sklaws/validation/abstention_estimators.hpp>
#include <sklaws/validation/control_variate.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/acquisition.hpp>
#include <sklaws/theory/p_new.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/ranked_weights.hpp>
#include <sklaws/validation/stick_breaking.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

namespace {

constexpr std::uint64_t table_mentions = 150;
// Weights below L = tail_tolerance/n are summed as T_L·g(0) (bias ≤ n·L·T_L).
constexpr double tail_tolerance = 1e-3;

// The learner at m mentions: its confidence and the probability that its
// answer is right (A(m) for a stored element, 1/V for a guess), with H2's
// vote bound beyond A1's table.
class Learner {
public:
    explicit Learner(const theory::AbstentionSetting& s)
        : noise_(s.noise), guess_(1.0 / static_cast<double>(s.values)) {
        stored_above_ = s.unlimited() ? 0
                                      : static_cast<std::uint64_t>(std::floor(static_cast<long double>(s.tokens) *
                                                                              s.capacity_threshold_weight));
        const std::uint64_t last = std::min<std::uint64_t>(table_mentions, s.tokens);
        if (s.noise > 0) {
            for (const auto& a : theory::accuracy_given_mentions_table(last, s.values, s.noise)) table_.push_back(a.val);
        } else {
            table_.assign(last + 1, 1.0);
            table_[0] = guess_;
        }
        const double V = static_cast<double>(s.values);
        const double q = 1 - s.noise + s.noise / V, r = s.noise / V;
        const double gap = std::sqrt(q) - std::sqrt(r);
        log_rate_ = std::log1p(-gap * gap);
        log_factor_ = std::log(V - 1);
    }
    bool stored(std::uint64_t m) const { return m > stored_above_; }
    // A(m) of a stored element (1 − B(m)/2 beyond the table).
    double accuracy(std::uint64_t m) const {
        if (m < table_.size()) return table_[m];
        if (noise_ == 0) return 1.0;
        return 1 - 0.5 * vote_bound(m);
    }
    double vote_bound(std::uint64_t m) const {
        return std::min(1.0, std::exp(log_factor_ + static_cast<double>(m) * log_rate_));
    }
    double confidence(std::uint64_t m) const {
        if (!stored(m)) return guess_;
        const double a = accuracy(m);
        return noise_ > 0 && a >= 1 ? std::nextafter(1.0, 0.0) : a;  // A(m) < 1 when ε > 0
    }
    double right(std::uint64_t m) const { return stored(m) ? accuracy(m) : guess_; }
    // Bound on |A(m) − (1 − B(m)/2)| for m beyond the table (0 when exact).
    double beyond_table_bound(std::uint64_t n) const {
        return n >= table_.size() && noise_ > 0 ? 0.5 * vote_bound(table_.size()) : 0.0;
    }

private:
    double noise_, guess_;
    std::uint64_t stored_above_ = 0;
    std::vector<double> table_;
    double log_rate_ = 0, log_factor_ = 0;
};

// Per m: [conf ≥ τ_t] and [conf ≥ τ_t](1 − right), t = 0..T−1, for m ≤ n
// (rows of 2T; built once: n ≤ 1e6).
struct RateTable {
    std::size_t T = 0;
    std::vector<double> values;  // (n + 1) × 2T
    RateTable(const Learner& learner, std::uint64_t n, const std::vector<double>& thresholds)
        : T(thresholds.size()), values((n + 1) * 2 * thresholds.size()) {
        for (std::uint64_t m = 0; m <= n; ++m) {
            const double conf = learner.confidence(m), wrong = 1 - learner.right(m);
            double* row = &values[m * 2 * T];
            for (std::size_t t = 0; t < T; ++t) {
                const bool answers = conf >= thresholds[t];
                row[2 * t] = answers ? 1.0 : 0.0;
                row[2 * t + 1] = answers ? wrong : 0.0;
            }
        }
    }
    const double* at(std::uint64_t m) const { return &values[m * 2 * T]; }
    bool answers_all(std::size_t t) const {
        for (std::size_t i = 2 * t; i < values.size(); i += 2 * T)
            if (values[i] != 1.0) return false;
        return true;
    }
    // Answers exactly the queries with m ≥ 1: the answered indicator is
    // 1 − [m = 0], the complement of the control variate's Y0.
    bool answers_seen_only(std::size_t t) const {
        if (values[2 * t] != 0.0) return false;
        for (std::size_t i = 2 * T + 2 * t; i < values.size(); i += 2 * T)
            if (values[i] != 1.0) return false;
        return true;
    }
};

// Adds Σ_m Binom(m; n, w)·table(m) to out[0..2T) and returns (1 − w)^n: the
// pmf on a window around the mode (terms below 1e-18 of the mode dropped:
// their total is below 1e-16 of the sum), by the ratio recurrence.
double add_binomial_mixture(double w, std::uint64_t n, const RateTable& table, double* out) {
    const double nd = static_cast<double>(n);
    const double p0 = std::exp(nd * std::log1p(-w));
    if (w <= 0 || w >= 1) {  // all mass at m = 0 or m = n
        const double* g = table.at(w <= 0 ? 0 : n);
        for (std::size_t i = 0; i < 2 * table.T; ++i) out[i] += g[i];
        return w <= 0 ? 1.0 : 0.0;
    }
    const auto mode = static_cast<std::uint64_t>(std::min(nd, std::floor((nd + 1) * w)));
    const double log_mode = std::lgamma(nd + 1) - std::lgamma(static_cast<double>(mode) + 1) -
                            std::lgamma(nd - static_cast<double>(mode) + 1) +
                            static_cast<double>(mode) * std::log(w) + (nd - static_cast<double>(mode)) * std::log1p(-w);
    const double odds = w / (1 - w);
    const double cutoff = 1e-18;
    auto add = [&](std::uint64_t m, double p) {
        const double* g = table.at(m);
        for (std::size_t i = 0; i < 2 * table.T; ++i) out[i] += p * g[i];
    };
    const double pm = std::exp(log_mode);
    add(mode, pm);
    double p = pm;
    for (std::uint64_t m = mode; m < n;) {  // upwards
        p *= static_cast<double>(n - m) / static_cast<double>(m + 1) * odds;
        ++m;
        if (p < cutoff * pm) break;
        add(m, p);
    }
    p = pm;
    for (std::uint64_t m = mode; m > 0;) {  // downwards
        p *= static_cast<double>(m) / (static_cast<double>(n - m + 1) * odds);
        --m;
        if (p < cutoff * pm) break;
        add(m, p);
    }
    return p0;
}

// One draw of the weights: the drawn ones (any order), the mass of the rest
// and a bound on each of the rest.
struct WeightDraw {
    std::vector<double> weights;
    double tail = 0, tail_max = 0, relative_bias = 0;
};

WeightDraw draw_weights(const theory::PitmanYorParameters& params, double level, std::uint64_t seed,
                        std::uint64_t replicate) {
    WeightDraw d;
    if (params.alpha > 0) {
        numerics::RandomStream sticks(seed, stick_stream(replicate));
        RankedWeights draw = ranked_weights_above(params, level, sticks, 64, max_ranked_weights, "band-edges");
        d.weights = std::move(draw.top);
        d.tail = draw.tail;
        d.tail_max = d.weights.empty() ? 1.0 : d.weights.back();
        d.relative_bias = draw.remainder_bias_bound;
    } else {
        // α = 0 (Dirichlet process): sticks until the remaining mass is below L.
        GemWeights gem(params, seed, stick_stream(replicate));
        std::size_t j = 0;
        while (gem.remaining_mass() >= level) gem.weight(j++);
        for (std::size_t i = 0; i < gem.instantiated(); ++i) d.weights.push_back(gem.weight(i));
        d.tail = gem.remaining_mass();
        d.tail_max = d.tail;
    }
    return d;
}

// Σ_{a,b} u_a v_b Cov(a, b) over sparse column weights.
using Weights = std::vector<std::pair<std::size_t, double>>;
double covariance(const ColumnMoments& m, const Weights& u, const Weights& v) {
    double s = 0;
    for (const auto& [a, x] : u)
        for (const auto& [b, y] : v) s += x * y * m.covariance(a, b);
    return s;
}
double mean(const ColumnMoments& m, const Weights& u) {
    double s = 0;
    for (const auto& [a, x] : u) s += x * m.mean(a).mean;
    return s;
}

// mean(num)/mean(den) with the delta-method SE (ratio_estimate.hpp), for
// linear combinations of columns.
Estimate ratio(const ColumnMoments& m, const Weights& num, const Weights& den) {
    const double d = mean(m, den);
    const double rate = d > 0 ? mean(m, num) / d : 0.0;
    const double v = std::max(0.0, covariance(m, num, num) - 2 * rate * covariance(m, num, den) +
                                       rate * rate * covariance(m, den, den));
    const double R = static_cast<double>(m.count());
    return {rate, d > 0 ? std::sqrt(v / R) / d : 0.0, m.count()};
}

// mean(x) − c(mean(y) − mu), c = Cov(x, y)/Var(y), with the residual's SE
// (control_variate.hpp).
Estimate controlled(const ColumnMoments& m, std::size_t x, std::size_t y, double mu) {
    return control_variate_mean(m, x, {y}, {mu}).estimate;
}

}  // namespace

AbstentionEstimate estimate_abstention(const theory::PitmanYorParameters& params,
                                       const theory::AbstentionSetting& setting,
                                       const std::vector<double>& thresholds, const std::vector<double>& band_edges,
                                       std::size_t replicates, const RunOptions& options) {
    params.validate();
    setting.validate();
    numerics::require(!thresholds.empty(), "thresholds", thresholds.size(), "at least one tau");
    for (double tau : thresholds) numerics::require(tau >= 0 && tau <= 1, "threshold", tau, "0 <= tau <= 1");
    for (std::size_t b = 0; b < band_edges.size(); ++b) {
        numerics::require(band_edges[b] >= 0 && band_edges[b] <= 1 && (b == 0 || band_edges[b] > band_edges[b - 1]),
                          "band_edges", band_edges[b], "increasing weights in [0, 1]");
    }
    numerics::require(band_edges.size() != 1, "band_edges", band_edges.size(), "none, or at least two edges");
    numerics::require(setting.tokens >= 1, "n", setting.tokens, "n >= 1");
    numerics::require(setting.tokens <= 1000000, "n", setting.tokens, "n <= 1e6 (the estimator's m table)");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    const Learner learner(setting);
    const RateTable table(learner, setting.tokens, thresholds);
    const std::uint64_t n = setting.tokens;
    const std::size_t T = thresholds.size();
    const std::size_t bands = band_edges.empty() ? 0 : band_edges.size() - 1;
    double level = tail_tolerance / static_cast<double>(n);
    for (double e : band_edges)
        if (e > 0) {
            level = std::min(level, e);
            break;
        }
    // Row: overall [answered, wrong] per τ, Y0; per band: mass, then
    // [answered, wrong] per τ; then the bias bound and the weights drawn.
    const std::size_t overall_y0 = 2 * T;
    const std::size_t band_start = 2 * T + 1, band_width = 1 + 2 * T;
    const std::size_t bias_column = band_start + bands * band_width, count_column = bias_column + 1;
    const bool tail_in_band = bands > 0 && band_edges.front() == 0;
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    reduce_replicates(replicates, options, [&](numerics::RandomStream&, std::size_t r) {
        const WeightDraw draw = draw_weights(params, level, options.seed, r);
        std::vector<double> row(count_column + 1, 0.0), g(2 * T);
        for (const double w : draw.weights) {
            std::fill(g.begin(), g.end(), 0.0);
            const double p0 = add_binomial_mixture(w, n, table, g.data());
            for (std::size_t i = 0; i < 2 * T; ++i) row[i] += w * g[i];
            row[overall_y0] += w * p0;
            if (bands == 0) continue;
            const auto at = std::upper_bound(band_edges.begin(), band_edges.end(), w);
            std::size_t band = bands;
            if (at != band_edges.begin() && at != band_edges.end()) band = static_cast<std::size_t>(at - band_edges.begin()) - 1;
            else if (w == band_edges.back()) band = bands - 1;  // the last band is closed at w = 1
            if (band == bands) continue;
            double* b = &row[band_start + band * band_width];
            b[0] += w;
            for (std::size_t i = 0; i < 2 * T; ++i) b[1 + i] += w * g[i];
        }
        // The weights below L: g(0) each, within n·w_max per unit mass.
        const double* g0 = table.at(0);
        for (std::size_t i = 0; i < 2 * T; ++i) row[i] += draw.tail * g0[i];
        row[overall_y0] += draw.tail;
        if (tail_in_band) {
            double* b = &row[band_start];
            b[0] += draw.tail;
            for (std::size_t i = 0; i < 2 * T; ++i) b[1 + i] += draw.tail * g0[i];
        }
        row[bias_column] = static_cast<double>(n) * draw.tail_max * draw.tail + draw.relative_bias;
        row[count_column] = static_cast<double>(draw.weights.size());
        return row;
    }, moments);

    AbstentionEstimate out;
    out.level = level;
    out.bias_bound = moments.mean(bias_column).mean + learner.beyond_table_bound(n);
    out.mean_weights = moments.mean(count_column).mean;
    const double p_unseen = theory::p_new<double>(params.alpha, params.beta, static_cast<double>(n));
    for (std::size_t t = 0; t < T; ++t) {
        const std::size_t a = 2 * t, h = 2 * t + 1;
        // Accuracy (a − h)/a: the ratio of the two uncontrolled means.
        out.overall.push_back({thresholds[t], controlled(moments, a, overall_y0, p_unseen),
                               controlled(moments, h, overall_y0, p_unseen),
                               ratio(moments, {{a, 1.0}, {h, -1.0}}, {{a, 1.0}}), table.answers_all(t),
                               table.answers_seen_only(t)});
    }
    for (std::size_t b = 0; b < bands; ++b) {
        const std::size_t mass = band_start + b * band_width;
        AbstentionBandEstimate band{band_edges[b], band_edges[b + 1], moments.mean(mass).mean, 0, {}};
        if (b == 0 && tail_in_band && band.mean_mass > 0) band.bias_bound = out.bias_bound / band.mean_mass;
        else band.bias_bound = learner.beyond_table_bound(n);
        for (std::size_t t = 0; t < T; ++t) {
            const std::size_t a = mass + 1 + 2 * t, h = mass + 2 + 2 * t;
            band.points.push_back({thresholds[t], ratio(moments, {{a, 1.0}}, {{mass, 1.0}}),
                                   ratio(moments, {{h, 1.0}}, {{mass, 1.0}}),
                                   ratio(moments, {{a, 1.0}, {h, -1.0}}, {{a, 1.0}}), table.answers_all(t)});
        }
        out.bands.push_back(std::move(band));
    }
    return out;
}

}  // namespace sklaws::validation
