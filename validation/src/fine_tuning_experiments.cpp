// Experiment fine-tuning (F1) and the claim "Fine-tuning".
//
// Defaults: capacity C = 20 old elements (α = 0.5, β = 1), n = 20000
// fine-tuning tokens, λ ∈ {0.05, 0.2, 0.5}. F1 is the n → ∞ limit of the
// count-based learner; at n = 20000 the C-th heaviest element is seen ~100
// times, so counts near the storage threshold still swap ranks (measured
// deviations at the defaults are ≤ 3%). The mean numbers learned and
// forgotten are therefore shown beside F1's prediction for the same weights
// (paired SE) as limits, not tested.
//
// Why "old facts forgotten" has no exact value to z-test (issue #13). What
// the estimator simulates is a rank statistic: given the old weights w and
// the new ones u, the count of the C heaviest old elements that are not
// among the C largest of the mixture counts N_i ~ Multinomial(n; (1−λ)w,
// λu) (ties: old first, then the one seen first), i.e.
//     E[forgotten | w, u] = Σ_{i ≤ C} P(#{j ≠ i : N_j beats N_i} ≥ C),
// a tail probability of the C-th order statistic of dependent multinomial
// counts over infinitely many elements, averaged over two PY draws. It has
// no closed form (not even given the weights: the event involves every
// pair's comparison), and F1's rule (λu > (1−λ)W_(C)) is its n → ∞ limit,
// so the comparison with F1 stays a limit whose size — the relative
// distance and the paired SE — is shown, outside pass/fail, the same rule as
// for asymptotic laws. (An exact-per-weights value would need the joint
// law of all counts near the threshold; summing it over m would be a second
// Monte Carlo, not a theory.)
#include <sklaws/validation/experiment.hpp>
#include <sklaws/validation/fine_tuning_estimators.hpp>
#include <sklaws/validation/resources.hpp>
#include <sklaws/validation/capacity_storage.hpp>

#include <sklaws/theory/missing_mass.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

namespace {

using Json = nlohmann::ordered_json;

const RegisterClaim fine_tuning_claim{{
    .id = "fine-tuning",
    .title = "Fine-tuning",
    .labels = {"F1"},
    .closed_form = "a new element is learned iff λ w_new > (1 − λ) W_(C); each one learned displaces the rarest "
                   "stored element",
    .explanation = "Fine-tuning on a fraction λ of new knowledge trades old facts for new ones at capacity.",
    .order = 90,
}};

struct FineTuningParameters {
    double alpha = 0.5;
    double beta = 1.0;
    std::uint64_t capacity = 20;
    std::uint64_t n = 20000;
    std::vector<double> lambda{0.05, 0.2, 0.5};
};

ExperimentOutput run_fine_tuning(const FineTuningParameters& p, const ExperimentContext& context) {
    const auto estimates =
        estimate_fine_tuning({p.alpha, p.beta}, p.capacity, p.n, p.lambda, context.replicates, context.options);
    ExperimentOutput out;
    Figure figure{"fine-tuning", "Fine-tuning: facts learned and forgotten",
                  "New facts learned and old facts forgotten by a stored-at-capacity model fine-tuned on a mixture "
                  "with a fraction λ of new knowledge (Monte Carlo), against F1's prediction for the same weights "
                  "(hollow markers; F1 is the n → ∞ limit).",
                  {"new-knowledge fraction λ", Scale::linear}, {"elements", Scale::linear}};
    Series mc_l{"Monte Carlo new facts learned", SeriesRole::monte_carlo, {}, {}, {}};
    Series th_l{"F1 new facts learned", SeriesRole::prediction, {}, {}, {}};
    Series mc_f{"Monte Carlo old facts forgotten", SeriesRole::monte_carlo, {}, {}, {}};
    Series th_f{"F1 old facts forgotten", SeriesRole::prediction, {}, {}, {}};
    for (const auto& e : estimates) {
        Json inputs{{"alpha", p.alpha},
                    {"beta", p.beta},
                    {"capacity", p.capacity},
                    {"n", p.n},
                    {"lambda", e.lambda},
                    {"mean_ranked_weights_listed", e.mean_listed},
                    {"unlisted_displacement_bound", e.displacement_bound}};
        const Estimate learned{e.learned.mean, e.learned_difference.se, e.learned.replicates};
        const Estimate forgotten{e.forgotten.mean, e.forgotten_difference.se, e.forgotten.replicates};
        out.checks.push_back(capacity_limit_check("new facts learned", "F1", e.predicted_learned.mean, learned,
                                                  e.displacement_bound, inputs));
        out.checks.back().point = point_text({{"lambda", e.lambda}});
        out.checks.push_back(capacity_limit_check("old facts forgotten", "F1", e.predicted_forgotten.mean, forgotten,
                                                  e.displacement_bound, inputs));
        out.checks.back().point = point_text({{"lambda", e.lambda}});
        add_point(mc_l, e.lambda, e.learned);
        th_l.x.push_back(e.lambda);
        th_l.y.push_back(e.predicted_learned.mean);
        add_point(mc_f, e.lambda, e.forgotten);
        th_f.x.push_back(e.lambda);
        th_f.y.push_back(e.predicted_forgotten.mean);
    }
    figure.series = {std::move(mc_l), std::move(th_l), std::move(mc_f), std::move(th_f)};
    out.figures.push_back(std::move(figure));
    return out;
}

ResourceEstimate fine_tuning_resources(const FineTuningParameters& p, std::size_t replicates, unsigned threads) {
    // Per worker one capacity learner's draw (capacity_storage.hpp): K old
    // and K new ranked weights merged (count_learner_bytes of 2K listed, with
    // 14 more bytes each: the two source lists, the merge's tags), K from count_learner_expected_listed at
    // M2's means for each λ: the weakest stored count c of the mixture
    // (expected_weakest_count with both populations), the merged last
    // weight max(λ, 1 − λ)·E[W_(K)], deep enough once λ·E[W_(K)] <
    // (1 − λ)·E[W_(C)] — the typical replicate at c, the one in flight at
    // the peak at c − 1 (K grows fast as c falls) and at the fewest tokens
    // below the first atom among the replicates (smallest_token_scale: β
    // near −α); ~0.2 µs per listed weight.
    const theory::PitmanYorParameters py{p.alpha, p.beta};
    const auto C = static_cast<std::size_t>(p.capacity);
    const CountLearnerOptions options = fine_tuning_learner_options(C);
    const double w = expected_ranked_weight(py, p.capacity);
    double typical = 0, peak = 0, work = 0;
    for (double lambda : p.lambda) {
        const double scale = std::max(lambda, 1 - lambda);
        const double depth = w * std::min(1.0, (1 - lambda) / lambda);
        const double spread = std::pow(1 - lambda, p.alpha) + std::pow(lambda, p.alpha);
        const auto listed = [&](double f, bool lower) {
            const auto n = static_cast<std::uint64_t>(std::max(1.0, std::floor(f * static_cast<double>(p.n))));
            const double c = expected_weakest_count(p.alpha, n, w, spread);
            const double nd = static_cast<double>(n);
            const double hit = expected_distinct(py, (1 - lambda) * nd) +
                               expected_distinct(py, lambda * nd);
            // (A small first old atom scales the old W_(C), and so the depth
            // the new list must reach, by f too.)
            return count_learner_expected_listed(py, n, lower ? std::max(1.0, c - 1) : c, scale, f * depth, hit, C,
                                                 options);
        };
        const double k = listed(1.0, false);
        typical = std::max(typical, k);
        peak = std::max(peak, listed(1.0, true));
        for (double f = 0.5; f >= smallest_token_scale(py, replicates); f /= 2) peak = std::max(peak, listed(f, true));
        work += 2 * k;
    }
    const double workers = std::min<double>(std::max(1u, threads), static_cast<double>(replicates));
    return {resources::process_baseline_bytes + resources::replicate_rows_bytes(replicates, 8 * p.lambda.size()) +
                count_learner_bytes(2 * peak, p.n, 14) + (workers - 1) * count_learner_bytes(2 * typical, p.n, 14),
            2e-7 * work * static_cast<double>(replicates)};
}

const RegisterExperiment<FineTuningParameters> fine_tuning{{
    .name = "fine-tuning",
    .summary = "new facts learned and old facts forgotten vs mixture fraction lambda (bounded memory: ranked weights, "
               "O(K) per thread)",
    .labels = {"F1"},
    .claim = "fine-tuning",
    .replicates = 200,
    .parameters = {alpha_parameter(&FineTuningParameters::alpha), beta_parameter(&FineTuningParameters::beta),
                   count(&FineTuningParameters::capacity, "capacity",
                         "capacity C (stored old elements); memory: the top K old and K new ranked weights per thread "
                         "(K from 2C, doubled while unlisted elements could be stored; 76-140 bytes per K, K at most 2^21: "
                         "at most ~300 MB per thread)",
                         {.low = 1, .high = 1e5}),
                   count(&FineTuningParameters::n, "n", "fine-tuning tokens", {.low = 1, .high = 1e7}),
                   reals(&FineTuningParameters::lambda, "lambda", "fractions λ of new knowledge in the mixture",
                         {.low = 0, .high = 1, .low_open = true, .high_open = true})},
    .validate = [](const FineTuningParameters& p) { require_pitman_yor(p.alpha, p.beta); },
    .run = run_fine_tuning,
    .resources = fine_tuning_resources,
}};

}  // namespace

}  // namespace sklaws::validation
