// Experiment acquisition (A1 exact, A2 capacity threshold) and the claim
// "Knowledge acquisition".
//
// A1: weights 1e-4..3e-3 after n = 2000 tokens span n·w = 0.2..6, the whole
// rise of the accuracy curve; V = 10 values and noise ε = 0.2 exercise the
// majority-vote sum. 20000 replicates give SE ≤ 0.0035 per point; each point
// is z-tested against the exact A1 accuracy.
// A2: capacity C = 20 with α = 0.5, β = 1, n = 2000: elements in bands of
// w/W_(C) from 1/2 to 4 (W_(C) the replicate's own C-th weight; see
// acquisition_estimators.hpp for why not the K5 scale). A2 treats the C-th
// largest count as n·W_(C), ignoring the count noise of the other
// elements: an approximation, so the stored count per band is shown beside
// A2's prediction for the same weights (paired SE) as a limit, not tested.
#include <sklaws/validation/acquisition_estimators.hpp>
#include <sklaws/validation/experiment.hpp>
#include <sklaws/validation/resources.hpp>
#include <sklaws/validation/capacity_storage.hpp>

#include <sklaws/theory/acquisition.hpp>
#include <sklaws/theory/missing_mass.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

namespace {

using Json = nlohmann::ordered_json;

const RegisterClaim acquisition_claim{{
    .id = "acquisition",
    .title = "Knowledge acquisition",
    .labels = {"A1", "A2"},
    .closed_form = "Acc(n, w) = 1 − (1 − 1/V)(1 − w)^n   (A1, noise-free, unlimited capacity)",
    .explanation = "Facts are learned in order of frequency: an element of weight w is known once it has been "
                   "mentioned, after about 1/w tokens; with capacity C rare facts are never stored (A2).",
    .order = 80,
}};

struct AcquisitionParameters {
    double alpha = 0.5;
    double beta = 1.0;
    std::vector<double> weight{1e-4, 3e-4, 1e-3, 3e-3};
    std::uint64_t n = 2000;
    std::uint64_t values = 10;
    double noise = 0.2;
    std::uint64_t capacity = 20;
};

// A1 accuracy against n·w at the experiment's n (acquisition-1).
Figure accuracy_figure(const AcquisitionParameters& p, const std::vector<Estimate>& accuracy) {
    Figure f{"acquisition-1", "Fact accuracy against expected mentions",
             "Monte Carlo accuracy of the majority-vote learner against A1 (with noise ε) at n = " +
                 fmt::format("{}", p.n) + " tokens.",
             {"expected mentions n·w", Scale::log}, {"fact accuracy (probability)", Scale::linear}};
    Series mc{"Monte Carlo fact accuracy", SeriesRole::monte_carlo, {}, {}, {}};
    const double n = static_cast<double>(p.n);
    for (std::size_t i = 0; i < p.weight.size(); ++i) {
        add_point(mc, p.weight[i] * n, accuracy[i]);
    }
    f.series.push_back(std::move(mc));
    f.curves.push_back(Curve{"A1 fact accuracy", SeriesRole::exact,
                             [p](double x) {
                                 return theory::fact_accuracy(x / static_cast<double>(p.n), p.n, p.values, p.noise);
                             },
                             0.0, n});
    return f;
}

// A1 accuracy against training tokens, one curve per weight (acquisition-curves).
Figure accuracy_curves(const AcquisitionParameters& p, const std::vector<Estimate>& accuracy) {
    Figure f{"acquisition-curves", "Knowledge acquisition: accuracy against training tokens, by frequency",
             "A1 accuracy Acc(n, w) of the majority-vote learner (V = " + fmt::format("{}", p.values) +
                 ", noise ε = " + fmt::format("{:.3g}", p.noise) +
                 ") for each element frequency w: frequent facts are learned first, each after about 1/w tokens. "
                 "Points: Monte Carlo at n = " + fmt::format("{}", p.n) + ".",
             {"training tokens n", Scale::log}, {"fact accuracy (probability)", Scale::linear}};
    const double n = static_cast<double>(p.n);
    Series points{"Monte Carlo, n = " + fmt::format("{}", p.n), SeriesRole::monte_carlo, {}, {}, {}};
    const double w_max = *std::max_element(p.weight.begin(), p.weight.end());
    const double w_min = *std::min_element(p.weight.begin(), p.weight.end());
    // Up to ~ten expected mentions beyond learning (the exact noisy sum of
    // A1 is defined for n·w up to ~50).
    const double mentions = p.noise > 0 ? 40.0 : 300.0;
    f.x_low = std::min(10.0, 0.01 * mentions / w_max);
    f.x_high = std::max({1e5, 10 * n, mentions / w_min});
    for (std::size_t i = 0; i < p.weight.size(); ++i) {
        const double w = p.weight[i];
        f.curves.push_back(Curve{"A1, w = " + fmt::format("{:.3g}", w), SeriesRole::exact,
                                 [p, w](double x) {
                                     return theory::fact_accuracy(w, static_cast<std::uint64_t>(std::llround(x)),
                                                                  p.values, p.noise);
                                 },
                                 1.0, mentions / w});
        add_point(points, n, accuracy[i]);
    }
    f.series.push_back(std::move(points));
    return f;
}

ExperimentOutput run_acquisition(const AcquisitionParameters& p, const ExperimentContext& context) {
    const theory::PitmanYorParameters py{p.alpha, p.beta};
    const auto accuracy = estimate_fact_accuracy(p.weight, p.n, p.values, p.noise, context.replicates, context.phase(0, 2));
    ExperimentOutput out;
    for (std::size_t i = 0; i < p.weight.size(); ++i) {
        const auto expected = theory::fact_accuracy_e<double>(p.weight[i], p.n, p.values, p.noise);
        Json inputs{{"weight", p.weight[i]}, {"n", p.n}, {"values", p.values}, {"noise", p.noise}};
        // The accuracy is the mean of an indicator: a normal z-test needs
        // enough expected answers of each kind (count_check's rule for the
        // right ones, the same rule here for the wrong ones: at n·w = 10
        // without noise 20 replicates expect 8e-4 wrong answers, the SE is
        // 0 and a z-test would fail on a correct estimate).
        const double wrong = static_cast<double>(accuracy[i].replicates) * (1 - expected.val);
        out.checks.push_back(
            wrong >= min_expected_events
                ? count_check("fact accuracy", "A1", expected.val, accuracy[i], inputs, expected.err)
                : not_applicable_check(
                      "fact accuracy", "A1", expected.val, accuracy[i],
                      fmt::format("{:.3g} expected wrong answers ({} replicates x (1 - theory {:.6g})) are fewer than "
                                  "{:g}: too few for a normal z-test",
                                  wrong, accuracy[i].replicates, expected.val, min_expected_events),
                      inputs));
        out.checks.back().point = point_text({{"w", p.weight[i]}, {"n", static_cast<double>(p.n)}});
    }

    const double threshold = theory::capacity_threshold_weight(py, static_cast<double>(p.capacity));
    const std::vector<double> edges{0.5, 1.0, 2.0, 4.0};
    const auto a2 = estimate_capacity_acquisition(py, p.n, p.capacity, edges,
                                                  std::max<std::size_t>(context.replicates / 10, 2), context.phase(1, 2));
    Figure storage{"acquisition-2", "Storage under capacity C by weight band",
                   "Share of elements stored by a capacity-C model, by band of w/W_(C) (W_(C) each replicate's own "
                   "C-th weight), against A2's prediction for the same weights (hollow markers): elements below the "
                   "threshold weight are (almost) never stored.",
                   {"weight w / threshold W_(C)", Scale::log}, {"P(stored)", Scale::linear}};
    Series mc{"Monte Carlo P(stored) by w/W_(C)", SeriesRole::monte_carlo, {}, {}, {}};
    Series predicted{"A2 P(stored) for the same weights", SeriesRole::prediction, {}, {}, {}};
    for (const auto& band : a2.bands) {
        Json inputs{{"alpha", p.alpha},
                    {"beta", p.beta},
                    {"n", p.n},
                    {"capacity", p.capacity},
                    {"k5_threshold_weight", threshold},
                    {"ratio_low", band.ratio_low},
                    {"ratio_high", band.ratio_high},
                    {"mean_elements", band.mean_elements},
                    {"mean_ranked_weights_listed", a2.mean_listed},
                    {"unlisted_displacement_bound", a2.displacement_bound}};
        // Stored count in the band vs the A2-predicted count; the SE is that
        // of the paired difference (both come from the same weights).
        const Estimate stored{band.stored.mean, band.difference.se, band.difference.replicates};
        out.checks.push_back(capacity_limit_check("elements stored in band", "A2", band.predicted.mean, stored,
                                                  a2.displacement_bound, inputs));
        out.checks.back().point = fmt::format("w/W_(C) in [{:.4g}, {:.4g})", band.ratio_low, band.ratio_high);
        const double x = std::sqrt(band.ratio_low * band.ratio_high);
        mc.x.push_back(x);
        mc.y.push_back(band.stored.mean / band.mean_elements);
        mc.se.push_back(band.stored.se / band.mean_elements);
        predicted.x.push_back(x);
        predicted.y.push_back(band.predicted.mean / band.mean_elements);
    }
    storage.series = {std::move(mc), std::move(predicted)};
    out.figures = {accuracy_figure(p, accuracy), std::move(storage), accuracy_curves(p, accuracy)};
    return out;
}

ResourceEstimate acquisition_resources(const AcquisitionParameters& p, std::size_t replicates, unsigned threads) {
    // A1: one Binomial draw per weight and replicate. A2 (replicates/10):
    // per worker one capacity learner's draw of K ranked weights
    // (capacity_storage.hpp, count_learner_bytes), K from
    // count_learner_expected_listed at M2's E[W_(C)] and E[T_K] — for the
    // typical replicate at the typical C-th count c (expected_weakest_count),
    // for the one in flight at the peak at c − 1 (a replicate's K grows fast
    // as its C-th count falls) and at the fewest tokens below the first atom
    // among the replicates (smallest_token_scale: β near −α); ~0.2 µs per listed weight (the ranked sampler's
    // points, the binomial counts, and the doublings' repeats).
    const std::size_t a2_replicates = std::max<std::size_t>(replicates / 10, 2);
    const theory::PitmanYorParameters py{p.alpha, p.beta};
    const auto C = static_cast<std::size_t>(p.capacity);
    const CountLearnerOptions options{.initial = 2 * C};
    const double w = expected_ranked_weight(py, p.capacity);
    // K with n' tokens on the elements below the first atom, at the
    // typical C-th count c or (lower = true) at c − 1.
    const auto listed = [&](double scale, bool lower) {
        const auto n = static_cast<std::uint64_t>(std::max(1.0, std::floor(scale * static_cast<double>(p.n))));
        const double c = expected_weakest_count(p.alpha, n, w);
        const double hit = expected_distinct(py, static_cast<double>(n));
        return count_learner_expected_listed(py, n, lower ? std::max(1.0, c - 1) : c, 1.0, 0.5 * w, hit, C, options);
    };
    const double typical = listed(1.0, false);
    double peak = listed(1.0, true);
    for (double f = 0.5; f >= smallest_token_scale(py, a2_replicates); f /= 2) peak = std::max(peak, listed(f, true));
    const double workers = std::min<double>(std::max(1u, threads), static_cast<double>(a2_replicates));
    return {resources::process_baseline_bytes + resources::replicate_rows_bytes(replicates, p.weight.size()) +
                resources::replicate_rows_bytes(a2_replicates, 14) +
                count_learner_bytes(peak, p.n) + (workers - 1) * count_learner_bytes(typical, p.n),
            2e-7 * static_cast<double>(replicates * p.weight.size()) +
                2e-7 * typical * static_cast<double>(a2_replicates)};
}

const RegisterExperiment<AcquisitionParameters> acquisition{{
    .name = "acquisition",
    .summary = "fact accuracy vs (w, n) and storage under capacity C (bounded memory: ranked weights, O(K) per thread)",
    .labels = {"A1", "A2"},
    .claim = "acquisition",
    .replicates = 20000,
    .parameters = {alpha_parameter(&AcquisitionParameters::alpha, true), beta_parameter(&AcquisitionParameters::beta),
                   reals(&AcquisitionParameters::weight, "weight", "element weights w of the A1 accuracy checks",
                         {.low = 0, .high = 1, .low_open = true}),
                   count(&AcquisitionParameters::n, "n", "training tokens", {.low = 1, .high = 1e6}),
                   count(&AcquisitionParameters::values, "values", "number of values V a fact can take",
                         {.low = 2, .high = 1e6})
                       .model(),
                   real(&AcquisitionParameters::noise, "noise",
                        "probability ε that a mention states a uniform value instead of the fact", {.low = 0, .high = 1})
                       .model(),
                   count(&AcquisitionParameters::capacity, "capacity",
                         "capacity C (stored elements) of the A2 learner; memory: the top K ranked weights per thread "
                         "(K from 2C, doubled while unlisted elements could be stored; 24-56 bytes each, K at most 2^22: "
                         "at most ~235 MB per thread)",
                         {.low = 1, .high = 1e5})},
    .validate = [](const AcquisitionParameters& p) { require_pitman_yor(p.alpha, p.beta); },
    .run = run_acquisition,
    .resources = acquisition_resources,
}};

}  // namespace

}  // namespace sklaws::validation
