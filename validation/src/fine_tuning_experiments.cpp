// Experiment fine-tuning (F1) and the claim "Fine-tuning".
//
// Defaults: capacity C = 20 old elements (α = 0.5, β = 1), n = 20000
// fine-tuning tokens, λ ∈ {0.05, 0.2, 0.5}. F1 is the n → ∞ limit of the
// count-based learner; at n = 20000 the C-th heaviest element is seen ~100
// times, so counts near the storage threshold still swap ranks (measured
// deviations at the defaults are ≤ 3%). The mean numbers learned and
// forgotten are therefore shown beside F1's prediction for the same weights
// (paired SE) as limits, not tested.
#include <sklaws/validation/experiment.hpp>
#include <sklaws/validation/fine_tuning_estimators.hpp>
#include <sklaws/validation/resources.hpp>

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
        Json inputs{{"alpha", p.alpha}, {"beta", p.beta}, {"capacity", p.capacity}, {"n", p.n}, {"lambda", e.lambda}};
        const Estimate learned{e.learned.mean, e.learned_difference.se, e.learned.replicates};
        const Estimate forgotten{e.forgotten.mean, e.forgotten_difference.se, e.forgotten.replicates};
        out.checks.push_back(limit_check("new facts learned", "F1", e.predicted_learned.mean, learned, inputs));
        out.checks.back().point = point_text({{"lambda", e.lambda}});
        out.checks.push_back(limit_check("old facts forgotten", "F1", e.predicted_forgotten.mean, forgotten, inputs));
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
    // Per worker: the old and new weights down to the storage threshold
    // (~C^{1/(1−α)} sticks each, 64 bytes at the peak) and per-element counts
    // over n tokens (≤ n distinct elements, 16 bytes each). Measured:
    // defaults 16.9 MB; C = 100, n = 1e5 (50 replicates) 42.5 MB.
    const double C = static_cast<double>(p.capacity), n = static_cast<double>(p.n);
    const double sticks = 4 * std::pow(C, 1.0 / (1.0 - p.alpha)) * (1 + p.beta);
    return {resources::process_baseline_bytes + resources::replicate_rows_bytes(replicates, 6 * p.lambda.size()) +
                threads * (64 * sticks + 48 * n),
            4e-8 * n * static_cast<double>(replicates * p.lambda.size())};
}

const RegisterExperiment<FineTuningParameters> fine_tuning{{
    .name = "fine-tuning",
    .summary = "new facts learned and old facts forgotten vs mixture fraction lambda",
    .labels = {"F1"},
    .claim = "fine-tuning",
    .replicates = 200,
    .parameters = {alpha_parameter(&FineTuningParameters::alpha), beta_parameter(&FineTuningParameters::beta),
                   count(&FineTuningParameters::capacity, "capacity", "capacity C (stored old elements)",
                         {.low = 1, .high = 1e4}),
                   count(&FineTuningParameters::n, "n", "fine-tuning tokens", {.low = 1, .high = 1e7}),
                   reals(&FineTuningParameters::lambda, "lambda", "fractions λ of new knowledge in the mixture",
                         {.low = 0, .high = 1, .low_open = true, .high_open = true})},
    .validate = [](const FineTuningParameters& p) { require_pitman_yor(p.alpha, p.beta); },
    .run = run_fine_tuning,
    .resources = fine_tuning_resources,
}};

}  // namespace

}  // namespace sklaws::validation
