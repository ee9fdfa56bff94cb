// Experiment learning-order (D1's syntax/knowledge split) and the claim
// "Learning order".
//
// Defaults: S = 1000 templates with a small prior a = 0.05 (strong but rich
// syntax), knowledge α = 0.3, β = 1 with M = 1e6 names and V = 1e3 values
// (no label collisions up to n = 1e6: E[K_n]²/2MV < 1e-4). Knowledge is the
// larger part at the first sentences (each one brings new names), syntax in
// the middle, and knowledge again from N* on (computed, certified to 1e6),
// since syntax falls like d/(2n) and knowledge like n^{−(1−α)}: "syntax is
// learned first". The exact parts are drawn from n = 1 to 1e10 (10 decades:
// the O(n) sums to 1e5, S1's and R1's large-n forms beyond, to the last
// decade outside R1's label-collision regime), beside their leading
// asymptotes (S2's d/(2n), R1's asymptote) dashed. Monte Carlo of full
// generated sentences (the generator's sampler, a Bayes learner on names) is
// z-tested against the exact total, syntax and knowledge parts at 6 points
// over 4 decades, with control variates of exact mean (Σ ln θ_s, Σ θ_s ln
// θ_s, H(W), K_n, the unseen mass U_n; learning_order_estimators.hpp). At
// the default 3500 replicates (~4 s of CPU for the Monte Carlo, ~3 s for the
// exact curves) every check detects a 1 % error except three: r_n^know at
// n = 1000 and 1e4 and r_n at 1e4 (1.6 %, 2.8 %, 1.8 %: their variance is
// the counts' path, which no exact control explains; ~30000 replicates,
// ~45 s of CPU, would reach 1 %).
#include <sklaws/validation/experiment.hpp>
#include <sklaws/validation/learning_order_estimators.hpp>
#include <sklaws/validation/resources.hpp>

#include <sklaws/numerics/errors.hpp>

#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>
#include <sklaws/theory/learning_order.hpp>

#include <cmath>
#include <memory>

namespace sklaws::validation {

namespace {

using Json = nlohmann::ordered_json;

const RegisterClaim learning_order_claim{{
    .id = "learning-order",
    .title = "Learning order: syntax first, then knowledge",
    .labels = {"D1", "S1", "R1"},
    .closed_form = "r_n = r_n^syn + r_n^know,  r_n^syn ≈ d/(2n) (S1),  r_n^know ≈ p_new(n)(ln MV + c − α ln n) ∝ "
                   "n^{−(1−α)} (R1)\n"
                   "N* = min{n : r_m^know > r_m^syn for every m in [n, n_max]}",
    .explanation = "The Bayes learner's excess loss splits exactly into a syntax and a knowledge part. Syntax falls "
                   "like 1/n, knowledge like n^{−(1−α)}: from the crossover N* on (computed exactly, certified by "
                   "the monotonicity of both parts) the remaining loss is knowledge. Monte Carlo of full sentences "
                   "is z-tested against the exact parts.",
    .order = 45,
}};

struct LearningOrderParameters {
    std::uint64_t templates = 1000;
    double prior = 0.05;
    double alpha = 0.3;
    double beta = 1.0;
    double names = 1e6;
    double values = 1e3;
    std::vector<std::uint64_t> n{1, 3, 10, 100, 1000, 10000};
};

theory::LearningOrderModel model_of(const LearningOrderParameters& p) {
    theory::LearningOrderModel m;
    m.templates = static_cast<unsigned>(p.templates);
    m.prior = p.prior;
    m.knowledge = {p.alpha, p.beta};
    m.names = p.names;
    m.values = p.values;
    return m;
}

// The exact curves of the figure are tabulated on the integers up to this n
// (R1's recursion; its evaluated large-n form beyond, computed per point).
constexpr std::uint64_t exact_curve_max = theory::knowledge_exact_max_n;

ExperimentOutput run_learning_order(const LearningOrderParameters& p, const ExperimentContext& context) {
    const theory::LearningOrderModel model = model_of(p);
    CorpusParameters corpus;
    corpus.knowledge = model.knowledge;
    corpus.templates = model.templates;
    corpus.prior = p.prior;
    corpus.names = static_cast<std::uint64_t>(p.names);
    corpus.values = static_cast<std::uint64_t>(p.values);
    const auto mc = estimate_learning_order(corpus, p.n, context.replicates, context.options);
    ExperimentOutput out;
    for (const auto& point : mc) {
        const auto exact = theory::learning_order_split(model, point.n);
        Json inputs{{"templates", p.templates}, {"prior", p.prior}, {"alpha", p.alpha}, {"beta", p.beta},
                    {"names", p.names},         {"values", p.values}, {"n", point.n}};
        const auto check = [&](const char* quantity, const char* label, const numerics::Evaluation<double>& theory,
                               const ControlledPart& part, const char* controls) {
            Json with = inputs;
            with["controls"] = part.controlled ? controls : "none (they would explain all its variance)";
            with["variance_ratio"] = part.variance_ratio;
            out.checks.push_back(
                z_check(quantity, label, theory.val, part.estimate, with, theory.err + part.control_error));
            out.checks.back().point = point_text({{"n", static_cast<double>(point.n)}});
        };
        check("r_n", "D1", exact.total, point.total,
              "sum ln theta_s, sum theta_s ln theta_s (Dirichlet), H(W) (K6), K_n (K1), unseen mass U_n (K7)");
        check("r_n^syn", "S1", exact.syntax, point.syntax, "sum ln theta_s, sum theta_s ln theta_s (Dirichlet)");
        check("r_n^know", "R1", exact.knowledge, point.knowledge, "H(W) (K6), K_n (K1), unseen mass U_n (K7)");
    }
    const auto crossover = theory::learning_order_crossover(model, 1'000'000);
    const std::string n_star =
        crossover.knowledge_above_throughout ? "knowledge is the larger part at every n <= 1e6"
        : !crossover.found                   ? "syntax is still the larger part at n = 1e6"
                                             : "knowledge overtakes syntax for good at N* = " +
                                                   std::to_string(crossover.crossover) + " (exact, certified to n = 1e6)";

    Figure figure{"learning-order", "Learning order: the syntax and knowledge parts of the excess loss",
                  "Per-token excess loss of the Bayes learner, r_n = r_n^syn + r_n^know (exact solid to n = 1e10, or to R1's label-collision regime; "
                  "the large-n forms d/(2n) and R1's asymptote dashed, which the exact parts approach), with full-sentence Monte Carlo of the total (95 % intervals): " +
                      n_star + ".",
                  {"sentences n", Scale::log}, {"per-token excess loss (nats)", Scale::log}};
    figure.x_low = 1;
    figure.x_high = 1e10;
    Series total{"Monte Carlo r_n (full sentences)", SeriesRole::monte_carlo, {}, {}, {}};
    for (const auto& point : mc) add_point(total, static_cast<double>(point.n), point.total.estimate);
    figure.series.push_back(std::move(total));
    // The exact curves on integers n from 1 to 1e10 (10 decades): the
    // knowledge recursion computed once to 1e5, R1's evaluated form beyond;
    // S1's O(n) sum to 1e5 and its large-n form beyond (exact to rounding).
    // The upper end stops at the last decade outside R1's label-collision
    // regime (knowledge_redundancy_e refuses it).
    constexpr std::uint64_t curve_max = 10'000'000'000ULL;
    constexpr std::uint64_t recursion_max = exact_curve_max;
    auto knowledge = std::make_shared<std::vector<double>>(
        theory::knowledge_redundancy_curve(model.knowledge, recursion_max, model.names, model.values));
    const unsigned S = model.templates;
    const double a = model.prior;
    const theory::PitmanYorParameters py = model.knowledge;
    const double M = model.names, V = model.values;
    auto syntax_at = [S, a](double x) {
        return theory::syntax_per_token_redundancy_double(S, a, static_cast<std::uint64_t>(std::llround(x))).val;
    };
    auto knowledge_at = [knowledge, py, M, V](double x) {
        const auto n = static_cast<std::uint64_t>(std::llround(x));
        return n <= recursion_max ? (*knowledge)[n] : theory::knowledge_redundancy_e(py, n, M, V).val;
    };
    double exact_max = static_cast<double>(recursion_max);
    for (std::uint64_t n = recursion_max * 10; n <= curve_max; n *= 10) {
        try {
            (void)theory::knowledge_redundancy_e(py, n, M, V);
            exact_max = static_cast<double>(n);
        } catch (const numerics::DomainError&) {
            break;
        }
    }
    figure.curves.push_back({"r_n^syn exact (S1)", SeriesRole::exact, syntax_at, 1, exact_max});
    figure.curves.push_back({"r_n^know exact (R1)", SeriesRole::exact, knowledge_at, 1, exact_max});
    figure.curves.push_back(
        {"r_n exact", SeriesRole::exact, [=](double x) { return syntax_at(x) + knowledge_at(x); }, 1, exact_max});
    figure.curves.push_back({"d/(2n) (S2)", SeriesRole::asymptote,
                             [S](double x) { return theory::syntax_per_token_redundancy_asymptotic(S, x); }, 1, 1e10});
    figure.curves.push_back({"R1 large-n form", SeriesRole::asymptote,
                             [py, M, V](double x) { return theory::knowledge_per_token_redundancy_asymptotic(py, x, M, V); },
                             1, 1e10});
    out.figures.push_back(std::move(figure));
    return out;
}

ResourceEstimate learning_order_resources(const LearningOrderParameters& p, std::size_t replicates, unsigned threads) {
    // The knowledge curve to exact_curve_max for the figure (8 bytes a
    // point; the estimate said 1e7 points, 80 MB, 3.1x the measured peak RSS
    // at the defaults, after the curve was cut to 1e6 and later 1e5), per worker a
    // sentence generator over the largest n: 16 bytes per template and
    // ~128 per element seen (its name, relation values, CRP table size and
    // the learner's mention map), K1's E[K_n] of them (the estimate charged
    // 64 bytes per sentence: 4.8x the peak RSS at n = 1e6); CPU ~0.1 µs per
    // sentence and replicate, plus ~1 s for the curves and N*.
    const double n = p.n.empty() ? 0.0 : static_cast<double>(p.n.back());
    const double seen = n >= 1 ? theory::expected_tables(p.alpha, p.beta, n) : 0.0;
    return {resources::process_baseline_bytes + 8.0 * static_cast<double>(exact_curve_max) +
                resources::replicate_rows_bytes(replicates, 8 * (6 * p.n.size() + 3)) +
                threads * (16.0 * static_cast<double>(p.templates) + 128 * seen),
            1.0 + 1e-7 * n * static_cast<double>(replicates)};
}

const RegisterExperiment<LearningOrderParameters> learning_order{{
    .name = "learning-order",
    .summary = "syntax and knowledge parts of the per-token excess loss vs n, and the crossover N*",
    .labels = {"D1", "S1", "R1"},
    .claim = "learning-order",
    .replicates = 3500,
    .parameters = {count(&LearningOrderParameters::templates, "templates", "templates S", {.low = 2, .high = 1e5}),
                   real(&LearningOrderParameters::prior, "prior", "Dirichlet prior a", {.low = 0, .low_open = true}),
                   alpha_parameter(&LearningOrderParameters::alpha), beta_parameter(&LearningOrderParameters::beta),
                   real(&LearningOrderParameters::names, "names", "names M (integer)", {.low = 1, .high = 1e15}),
                   real(&LearningOrderParameters::values, "values", "values V (integer)", {.low = 1, .high = 1e15}),
                   counts(&LearningOrderParameters::n, "n", "sentences n of the Monte Carlo points",
                          {.low = 1, .high = 1e6})},
    .validate =
        [](const LearningOrderParameters& p) {
            require_pitman_yor(p.alpha, p.beta);
            model_of(p).validate();
            numerics::require(std::floor(p.names) == p.names && std::floor(p.values) == p.values, "names", p.names,
                              "integer M and V");
            // R1's domain over the plotted exact range: E[K_n]^2/(2MV) <= 1 % at n = 1e6.
            const double k = theory::expected_tables(p.alpha, p.beta, 1e6);
            numerics::require(k * k / (2 * p.names * p.values) <= 0.01, "names", p.names,
                              "no label collisions to n = 1e6 (E[K_n]^2 <= 0.02 M V)");
        },
    .run = run_learning_order,
    .resources = learning_order_resources,
}};

}  // namespace

}  // namespace sklaws::validation
