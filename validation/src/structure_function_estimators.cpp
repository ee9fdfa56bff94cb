// Ranked tails and realised structure functions (see
// structure_function_estimators.hpp).
#include <sklaws/validation/structure_function_estimators.hpp>

#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/validation/control_variate.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/validation/dirichlet_categorical.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/stick_breaking.hpp>

#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace sklaws::validation {

namespace {

// The top J weights of one GEM draw, descending, and what is left over.
struct RankedDraw {
    std::vector<double> top;  // W_(1) … W_(J)
    double rest_mass = 0;     // Σ_{i>J} W_(i), exactly
    double rest_wlogw = 0;    // E[Σ_{i>J} W_(i) ln W_(i) | sticks] (instantiated exactly, the rest by K6)
    std::size_t sticks = 0;
};

RankedDraw ranked_draw(const theory::PitmanYorParameters& params, std::size_t J, std::uint64_t seed,
                       std::uint64_t stream) {
    GemWeights gem(params, seed, stream);
    std::vector<double> w;
    std::size_t sticks = std::max<std::size_t>(64, 2 * J);
    for (;;) {
        gem.weight(sticks - 1);
        w.resize(gem.instantiated());
        for (std::size_t j = 0; j < w.size(); ++j) w[j] = gem.weight(j);
        std::nth_element(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(J - 1), w.end(), std::greater<>());
        if (gem.remaining_mass() <= w[J - 1]) break;
        sticks *= 2;
    }
    std::sort(w.begin(), w.end(), std::greater<>());
    RankedDraw d;
    d.sticks = w.size();
    d.top.assign(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(J));
    const double R = gem.remaining_mass();
    double mass = R, wlogw = 0;
    for (std::size_t i = J; i < w.size(); ++i) {
        mass += w[i];
        if (w[i] > 0) wlogw += w[i] * std::log(w[i]);
    }
    if (R > 0) {
        // The uninstantiated atoms are R·GEM(α, β + nα): Σ W ln W has mean R ln R − R·E[H].
        const double beta_n = params.beta + static_cast<double>(w.size()) * params.alpha;
        const double entropy = boost::math::digamma(beta_n + 1) - boost::math::digamma(1 - params.alpha);
        wlogw += R * std::log(R) - R * entropy;
    }
    d.rest_mass = mass;
    d.rest_wlogw = wlogw;
    return d;
}

// T_j and T_j H_j for j = 0..J from one ranked draw.
void tails_of(const RankedDraw& d, std::vector<double>& mass, std::vector<double>& tail_entropy) {
    const std::size_t J = d.top.size();
    mass.assign(J + 1, 0);
    tail_entropy.assign(J + 1, 0);
    double m = d.rest_mass, wlogw = d.rest_wlogw;
    for (std::size_t j = J + 1; j-- > 0;) {
        mass[j] = m;
        tail_entropy[j] = (m > 0 ? m * std::log(m) : 0.0) - wlogw;
        if (j > 0) {
            m += d.top[j - 1];
            wlogw += d.top[j - 1] * std::log(d.top[j - 1]);
        }
    }
}

double log_mv(const theory::StructureFunctionModel& model) { return std::log(model.names) + std::log(model.values); }

}  // namespace

RankedTailsEstimate estimate_ranked_tails(const theory::PitmanYorParameters& params, std::size_t J,
                                          std::size_t replicates, const RunOptions& options,
                                          std::uint64_t stream_offset) {
    params.validate();
    numerics::require(J >= 1, "J", J, "J >= 1");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    const auto rows = run_replicates(
        replicates, options,
        [&](numerics::RandomStream&, std::size_t r) {
            const RankedDraw d = ranked_draw(params, J, options.seed, stick_stream(stream_offset + r));
            std::vector<double> mass, entropy;
            tails_of(d, mass, entropy);
            std::vector<double> row;
            row.reserve(3 * (J + 1) + 1);
            row.insert(row.end(), mass.begin(), mass.end());
            row.insert(row.end(), entropy.begin(), entropy.end());
            row.push_back(static_cast<double>(d.sticks));
            // ln T_j (an underflowed T_j = 0 as the least denormal: a huge SD, never a NaN).
            for (const double t : mass) row.push_back(std::log(std::max(t, std::numeric_limits<double>::denorm_min())));
            return row;
        },
        stream_offset);
    const auto e = estimate_columns(rows);
    RankedTailsEstimate out;
    out.tail_mass.assign(e.begin(), e.begin() + static_cast<std::ptrdiff_t>(J + 1));
    out.tail_entropy.assign(e.begin() + static_cast<std::ptrdiff_t>(J + 1), e.begin() + static_cast<std::ptrdiff_t>(2 * (J + 1)));
    out.mean_sticks = e[2 * (J + 1)].mean;
    for (std::size_t j = 0; j <= J; ++j) {
        const Estimate& log_tail = e[2 * (J + 1) + 1 + j];
        out.tail_log_sd.push_back(log_tail.se * std::sqrt(static_cast<double>(log_tail.replicates)));
    }
    return out;
}

theory::RankedTailExpectations tail_expectations(const RankedTailsEstimate& estimate, double z) {
    numerics::require(z >= 1, "z", z, "z >= 1");
    theory::RankedTailExpectations t;
    for (const auto& e : estimate.tail_mass) t.tail_mass.push_back({e.mean, z * e.se});
    for (const auto& e : estimate.tail_entropy) t.tail_entropy.push_back({e.mean, z * e.se});
    // T_0 = 1 and T_0 H_0 = H(W) hold in every replicate.
    return t;
}

theory::RankedTailExpectations tail_expectations(const RankedTailsEstimate& estimate, double z,
                                                 const theory::PitmanYorParameters& knowledge) {
    theory::RankedTailExpectations t = tail_expectations(estimate, z);
    if (knowledge.alpha <= 0) return t;
    numerics::require(estimate.tail_mass.size() >= 2, "tails", estimate.tail_mass.size(), "E[T_j] for j = 0..J, J >= 1");
    const std::size_t J = estimate.tail_mass.size() - 1;
    theory::ExactRankedTails exact = theory::exact_ranked_tails(knowledge, J);
    t.tail_mass = std::move(exact.tail_mass);
    t.ranked_weight = std::move(exact.ranked_weight);
    t.tail_mass_exact = true;
    return t;
}

StructureFunctionEstimate estimate_structure_function(const theory::StructureFunctionModel& model, std::size_t J,
                                                      const std::vector<StructureBudget>& budgets,
                                                      std::size_t reference_position, std::size_t replicates,
                                                      const RunOptions& options,
                                                      const std::vector<double>* tail_mass_means) {
    model.validate();
    numerics::require(!tail_mass_means || tail_mass_means->size() == J + 1, "tail_mass_means",
                      tail_mass_means ? tail_mass_means->size() : 0, "E[T_j] for j = 0..J");
    numerics::require(J >= 1, "J", J, "J >= 1");
    numerics::require(!budgets.empty(), "budgets", budgets.size(), "at least one budget");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    for (const auto& b : budgets) {
        numerics::require(b.stored_elements <= J, "budgets", b.stored_elements, "j <= J");
        numerics::require(std::isfinite(b.cost) && b.cost >= 0, "budgets", b.cost, "c >= 0");
    }
    const double N = model.sentences;
    const double lmv = log_mv(model);
    const std::size_t B = budgets.size();
    const auto rows = run_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t r) {
        const DirichletCategorical syntax(model.templates, model.prior, rng);
        double h_theta = 0;
        for (double t : syntax.theta()) {
            if (t > 0) h_theta -= t * std::log(t);
        }
        const RankedDraw d = ranked_draw(model.knowledge, J, options.seed, stick_stream(r));
        std::vector<double> mass, tail_entropy;
        tails_of(d, mass, tail_entropy);
        theory::TwoPartCosts costs;
        costs.sentences = N;
        costs.template_cost = std::log(static_cast<double>(model.templates));
        costs.template_cost_syntax = {h_theta, 0};
        costs.kappa_syntax = model.syntax_cost();
        costs.kappa_element = model.element_cost();
        double head = 0;  // −Σ_{i≤j} W_(i) ln W_(i)
        for (std::size_t j = 0; j <= J; ++j) {
            if (j > 0) head -= d.top[j - 1] * std::log(d.top[j - 1]);
            const double T = mass[j];
            costs.knowledge.push_back({head + T * (lmv - (T > 0 ? std::log(T) : 0.0)), 0});
        }
        const theory::StructureFunction envelope = theory::structure_envelope(costs);
        // ... then H(θ) and T_0..T_J, the controls.
        std::vector<double> row(3 * B + 3 + (J + 1), 0.0);
        row[3 * B + 2] = h_theta;
        for (std::size_t j = 0; j <= J; ++j) row[3 * B + 3 + j] = mass[j];
        double worst = 0;
        for (std::size_t b = 0; b < B; ++b) {
            const auto& budget = budgets[b];
            row[b] = N * ((budget.syntax_stored ? h_theta : costs.template_cost) +
                          costs.knowledge[budget.stored_elements].val);
            const auto optimum = theory::structure_integer_optimum(costs, budget.cost);
            const double frac = theory::structure_envelope_at(envelope, budget.cost);
            row[B + b] = optimum.length;
            row[2 * B + b] = frac;
        }
        // The integer gap bound, in the middle of every realised segment.
        for (std::size_t i = 0; i + 1 < envelope.points.size(); ++i) {
            const auto& p = envelope.points[i];
            const double c = 0.5 * (p.cost + envelope.points[i + 1].cost);
            const double gap = theory::structure_integer_optimum(costs, c).length - theory::structure_envelope_at(envelope, c);
            if (p.integer_gap > 0) worst = std::max(worst, gap / p.integer_gap);
        }
        row[3 * B] = worst;
        row[3 * B + 1] = static_cast<double>(envelope.elements_before_syntax);
        return row;
    });
    const auto e = estimate_columns(rows);
    StructureFunctionEstimate out;
    for (std::size_t b = 0; b < B; ++b) {
        out.policy_length.push_back(e[b]);
        out.optimal_length.push_back(e[B + b]);
        out.envelope_length.push_back(e[2 * B + b]);
    }
    if (tail_mass_means && replicates >= 4) {
        ColumnMoments moments(ColumnMoments::Options{.covariances = true});
        for (const auto& row : rows) moments.add(row);
        const double a = model.prior, S = static_cast<double>(model.templates);
        const double entropy_mean = numerics::digamma_e(S * a + 1).val - numerics::digamma_e(a + 1).val;
        for (std::size_t b = 0; b < B; ++b) {
            const std::size_t j = budgets[b].stored_elements;
            const ControlledEstimate c = control_variate_mean(moments, b, {3 * B + 2, 3 * B + 3 + j},
                                                              {entropy_mean, (*tail_mass_means)[j]});
            // Controls that explain all of it (the policy storing θ and no
            // element costs N(H(θ) + ln MV)) would make the estimate a closed
            // form, a check that cannot fail: the plain mean is kept there.
            const bool degenerate = !(c.variance_ratio > 1e-9);
            out.policy_length_controlled.push_back(degenerate ? out.policy_length[b] : c.estimate);
            out.policy_variance_ratio.push_back(degenerate ? 1.0 : c.variance_ratio);
        }
    }
    std::size_t differs = 0;
    for (const auto& row : rows) {
        out.worst_gap_ratio = std::max(out.worst_gap_ratio, row[3 * B]);
        if (static_cast<std::size_t>(row[3 * B + 1]) != reference_position) ++differs;
    }
    out.order_differs = static_cast<double>(differs) / static_cast<double>(rows.size());
    out.elements_before_syntax = e[3 * B + 1];
    return out;
}

double two_part_knapsack_exact(const std::vector<double>& weights, double remaining_mass, double log_s,
                               double syntax_entropy, const theory::StructureFunctionModel& model, double budget) {
    numerics::require(weights.size() <= 16, "weights", weights.size(), "at most 16 elements for the exact knapsack");
    const double lmv = log_mv(model);
    const double k_syn = model.syntax_cost(), k_el = model.element_cost();
    double best = INFINITY;
    const std::size_t K = weights.size();
    for (std::uint32_t subset = 0; subset < (1u << K); ++subset) {
        const auto stored = static_cast<double>(__builtin_popcount(subset));
        for (const bool syntax : {false, true}) {
            if (stored * k_el + (syntax ? k_syn : 0.0) > budget * (1 + 1e-12)) continue;
            double head = 0, T = remaining_mass;
            for (std::size_t i = 0; i < K; ++i) {
                if (subset & (1u << i)) {
                    head -= weights[i] * std::log(weights[i]);
                } else {
                    T += weights[i];
                }
            }
            const double knowledge = head + T * (lmv - (T > 0 ? std::log(T) : 0.0));
            best = std::min(best, model.sentences * ((syntax ? syntax_entropy : log_s) + knowledge));
        }
    }
    return best;
}

}  // namespace sklaws::validation
