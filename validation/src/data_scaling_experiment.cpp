// Experiment data-scaling (D1's knowledge part via R1, over 5+ decades of N)
// and the claims "Data scaling law" and "Exponent consistency" (X1).
//
// The Monte Carlo is the Rao-Blackwellised per-token excess loss f(s_n) on
// the exact nested CRP state (data_scaling_estimators.hpp): unbiased for
// R1's r_n, O(E[K_n]) work per replicate instead of O(n) tokens, with K7's
// p_new(n) and the exact mean of q ψ(K_n + β/α + 1) as control variates
// (coefficients from a pilot on disjoint streams, a quarter of the
// replicates: unbiased). Every grid point is
// z-tested against R1's exact r_n (the O(n) recursion, 1e-11 relative), and
// the local data exponent per decade, the chord
//     a_D(n, 10n) = −(ln r_{10n} − ln r_n)/ln 10,
// is z-tested against the exact chord (delta method linearised about the
// exact values: unbiased, estimate_loglog_slope_about). The D1 exponent
// 1 − α is the limit of the exact local exponent
//     a_D(N) = (1 − α) + α/(ln MV + c − α ln N) + o(1)   (docs/theory.md D1),
// drawn dashed and shown as a limit, never passed through a tolerance.
//
// X1: the checks of the chord at the largest N are repeated in the claim
// "Exponent consistency" as α read off the data exponent, α̂ = 1 − â_D:
// z-tested against the exact finite-N reading 1 − a_D(N, 10N), and shown
// beside the asymptotic reading α (the limit). The model side (α = 1/(1 + a_M)
// at the largest C) belongs to the model-scaling experiment.
//
// Domain: R1 holds while labels do not collide, E[K_N]²/(2MV) ≪ 1 over the
// run (docs/theory.md R1); the run refuses grids with more than 0.01 expected
// collisions at the largest N (as learning_order.hpp), naming names × values
// and E[K_N]. Hence the defaults M = 1e9 names, V = 1e3 values (about 1e-5
// collisions at N = 1e7, α = 0.5, β = 1).
#include <sklaws/validation/data_scaling_estimators.hpp>
#include <sklaws/validation/experiment.hpp>
#include <sklaws/validation/resources.hpp>
#include <sklaws/validation/scaling_estimators.hpp>

#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>
#include <sklaws/theory/p_new.hpp>
#include <sklaws/theory/scaling_laws.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace sklaws::validation {

namespace {

using Json = nlohmann::ordered_json;

const RegisterClaim data_scaling_claim{{
    .id = "data-scaling",
    .title = "Data scaling law",
    .labels = {"D1", "R1"},
    .closed_form = "L(N) − L_∞ = r_N^syn + r_N^know;  r_N^know = p_new(N)(ln MV + c − α ψ(β+α+N))(1 + O(N^{−α}));  "
                   "a_D(N) = −d ln r_N/d ln N → 1 − α",
    .explanation = "The Bayes-optimal learner's per-token excess loss on knowledge (R1; the syntax part d/(2N) is "
                   "learned first and left out) against the number of training tokens N, over five or more decades. "
                   "Every Monte Carlo point is z-tested against the exact r_N, and every per-decade local exponent "
                   "against the exact one; the data exponent 1 − α is the limit the exact local exponent approaches.",
    .order = 50,
}};

const RegisterClaim consistency_claim{{
    .id = "exponent-consistency",
    .title = "Exponent consistency",
    .labels = {"X1"},
    .closed_form = "a_D = 1 − α,  a_M = (1 − α)/α  ⇒  a_M = a_D/(1 − a_D);  α = 1 − a_D = 1/(1 + a_M)",
    .explanation = "α read off each exponent: from the Monte Carlo local exponents at the largest N and C, z-tested "
                   "against the same reading of the exact local exponents, and shown beside the asymptotic "
                   "readings (the α that generated the data), which are limits.",
    .order = 70,
}};

struct DataScalingParameters {
    double alpha = 0.5;
    double beta = 1.0;
    std::uint64_t names = 1'000'000'000;
    std::uint64_t values = 1000;
    std::vector<std::uint64_t> n{100,     316,     1000,    3162,      10000,     31623,
                                 100000,  316228,  1000000, 3162278,   10000000};
};

// More expected label collisions than this at the largest N: outside R1.
constexpr double max_expected_collisions = 0.01;

double expected_collisions(const DataScalingParameters& p, std::uint64_t n) {
    const double k = theory::expected_tables<double>(p.alpha, p.beta, static_cast<double>(n));
    return k * k / (2.0 * static_cast<double>(p.names) * static_cast<double>(p.values));
}

void validate_data_scaling(const DataScalingParameters& p) {
    require_pitman_yor(p.alpha, p.beta);
    numerics::require(p.n.size() >= 2, "n", p.n.size(), "(at least two sample sizes)");
    numerics::require(p.n.back() <= theory::knowledge_recursion_max_n, "n", p.n.back(),
                      "n <= 1e7 (R1's exact recursion)");
    const double collisions = expected_collisions(p, p.n.back());
    if (!(collisions <= max_expected_collisions)) {
        const double k = theory::expected_tables<double>(p.alpha, p.beta, static_cast<double>(p.n.back()));
        throw numerics::DomainError(
            "names", fmt::format("names × values = {:.4g} labels for E[K_n] = {:.4g} elements at n = {}: "
                                 "E[K_n]²/(2MV) = {:.3g} expected label collisions > {}, where R1 (no collisions) "
                                 "no longer holds; raise names or values, or lower n",
                                 static_cast<double>(p.names) * static_cast<double>(p.values), k, p.n.back(),
                                 collisions, max_expected_collisions));
    }
}

// The decade chords (g, h): h the first grid index with n_h ≥ 10 n_g (to
// rounding); consecutive points when the grid spans less than a decade.
std::vector<std::pair<std::size_t, std::size_t>> decade_chords(const std::vector<std::uint64_t>& n) {
    std::vector<std::pair<std::size_t, std::size_t>> chords;
    for (std::size_t g = 0; g < n.size(); ++g) {
        for (std::size_t h = g + 1; h < n.size(); ++h) {
            if (static_cast<double>(n[h]) >= 9.99 * static_cast<double>(n[g])) {
                chords.emplace_back(g, h);
                break;
            }
        }
    }
    if (chords.empty()) {
        for (std::size_t g = 0; g + 1 < n.size(); ++g) chords.emplace_back(g, g + 1);
    }
    return chords;
}

// R1's exact r_n for n = 0..n_max, shared by the checks and the curves.
using ExactCurve = std::shared_ptr<const std::vector<double>>;

double exact_at(const ExactCurve& curve, double x) {
    const auto i = static_cast<std::size_t>(std::llround(x));
    if (i >= curve->size()) throw numerics::DomainError("n", "beyond the exact curve");
    return (*curve)[i];
}

// a_D(N) = −d ln r/d ln N by a symmetric difference over N(1 ± 0.05) of the
// exact values: truncation ~ h²/6 · |d³ ln r/d(ln N)³| < 1e-5 (a_D varies
// like 1/ln N), rounding ~ 1e-11/0.1.
double exact_local_exponent(const ExactCurve& curve, double x) {
    const auto lo = static_cast<std::size_t>(std::llround(x * 0.95));
    const auto hi = static_cast<std::size_t>(std::llround(x * 1.05));
    if (lo < 1 || hi >= curve->size() || !((*curve)[lo] > 0 && (*curve)[hi] > 0))
        throw numerics::DomainError("n", "outside the exact curve");
    return -(std::log((*curve)[hi]) - std::log((*curve)[lo])) /
           (std::log(static_cast<double>(hi)) - std::log(static_cast<double>(lo)));
}

double chord_exponent(double n_from, double r_from, double n_to, double r_to) {
    return -(std::log(r_to) - std::log(r_from)) / (std::log(n_to) - std::log(n_from));
}

ExperimentOutput run_data_scaling(const DataScalingParameters& p, const ExperimentContext& context) {
    const theory::PitmanYorParameters py{p.alpha, p.beta};
    const KnowledgeCosts costs{static_cast<double>(p.names), static_cast<double>(p.values)};
    const std::size_t points = p.n.size();
    const ExactCurve curve = std::make_shared<const std::vector<double>>(
        theory::knowledge_redundancy_curve(py, p.n.back(), costs.names, costs.values));
    std::vector<double> x(points), exact(points);
    for (std::size_t g = 0; g < points; ++g) {
        x[g] = static_cast<double>(p.n[g]);
        exact[g] = (*curve)[p.n[g]];
        // Without collisions r_n is a mutual-information increment, > 0.
        if (!(exact[g] > 0))
            throw numerics::DomainError("names", fmt::format("R1's exact r_n at n = {} is {:.4g} <= 0: outside R1's "
                                                             "domain (label collisions); raise names or values",
                                                             p.n[g], exact[g]));
    }
    const std::size_t pilot = std::max<std::size_t>(10, context.replicates / 4);
    const OpeningControl control = fit_opening_control(py, costs, p.n, pilot, context.phase(0, 2));
    const auto rows = simulate_knowledge_excess_loss(py, costs, p.n, context.replicates, context.phase(1, 2), control);
    const auto estimates = estimate_columns(rows);

    ExperimentOutput out;
    const Json base{{"alpha", p.alpha}, {"beta", p.beta}, {"names", p.names}, {"values", p.values}};
    Figure loss{"data-scaling", "Data scaling: per-token excess loss on knowledge",
                "Per-token knowledge excess loss r_N of the Bayes-optimal learner (Monte Carlo, Rao-Blackwellised "
                "on the exact CRP state, 95% intervals) against R1's exact r_N (solid) and its large-N form "
                "p_new(N)(ln MV + c − αψ(β+α+N)) (dashed); each point is z-tested against the exact value.",
                {"training tokens N", Scale::log}, {"excess loss r_N (nats/token)", Scale::log}};
    Series mc{"Monte Carlo r_N", SeriesRole::monte_carlo, {}, {}, {}};
    for (std::size_t g = 0; g < points; ++g) {
        Json inputs = base;
        inputs["n"] = p.n[g];
        out.checks.push_back(z_check("r_N (knowledge)", "R1", exact[g], estimates[g], inputs,
                                     1e-11 * std::fabs(exact[g]) + 1e-13));
        out.checks.back().point = point_text({{"N", x[g]}});
        add_point(mc, x[g], estimates[g]);
    }
    loss.series.push_back(std::move(mc));
    loss.curves.push_back(Curve{"R1 exact r_N", SeriesRole::exact,
                                [curve](double at) { return exact_at(curve, at); }, 1.0,
                                static_cast<double>(p.n.back())});
    loss.curves.push_back(Curve{"R1 large-N form", SeriesRole::asymptote,
                                [py, costs](double at) {
                                    const double r = theory::knowledge_per_token_redundancy_asymptotic(
                                        py, at, costs.names, costs.values);
                                    if (!(r > 0)) throw numerics::DomainError("n", "asymptote not positive");
                                    return r;
                                },
                                1.0});
    loss.fits.push_back(FitRequest{.series = 0,
                                   .direction = LawDirection::decaying,
                                   .exponent = "a_D",
                                   .theory = theory::data_exponent(p.alpha),
                                   .x1 = ExponentRole::data_exponent});
    out.figures.push_back(std::move(loss));

    Figure local{"data-scaling-exponent", "Data scaling: local exponent a_D(N)",
                 "Local data exponent a_D(N) = −d ln r_N/d ln N: exact (solid), the Monte Carlo per-decade chords "
                 "−Δln r/Δln N with 95% intervals at the decade's geometric middle, each z-tested against the "
                 "exact chord (hollow markers), and the limit 1 − α (dashed). a_D(N) ≈ (1 − α) + α/(ln MV + c − α ln N) "
                 "stays above the limit at every finite N and grows slowly with N; it tends to 1 − α only as "
                 "MV → ∞.",
                 {"training tokens N", Scale::log}, {"local exponent a_D", Scale::linear}};
    Series chords{"Monte Carlo chord exponent", SeriesRole::monte_carlo, {}, {}, {}};
    Series exact_chords{"exact chord exponent", SeriesRole::prediction, {}, {}, {}};
    const auto pairs = decade_chords(p.n);
    Estimate last_chord{};
    double last_exact = 0;
    Json last_inputs;
    std::string last_point;
    for (const auto& [g, h] : pairs) {
        std::vector<std::vector<double>> two(rows.size(), std::vector<double>(2));
        for (std::size_t r = 0; r < rows.size(); ++r) two[r] = {rows[r][g], rows[r][h]};
        const Estimate slope = estimate_loglog_slope_about({x[g], x[h]}, two, {exact[g], exact[h]});
        const Estimate exponent{-slope.mean, slope.se, slope.replicates};
        const double exact_exponent = chord_exponent(x[g], exact[g], x[h], exact[h]);
        Json inputs = base;
        inputs["n_from"] = p.n[g];
        inputs["n_to"] = p.n[h];
        const std::string point = point_text({{"N_from", x[g]}, {"N_to", x[h]}});
        // Each r carries ≤ 1e-11 relative error: the chord ≤ 2e-11/ln(n_h/n_g).
        out.checks.push_back(z_check("local exponent a_D (chord)", "D1", exact_exponent, exponent, inputs,
                                     2e-11 / std::log(x[h] / x[g])));
        out.checks.back().point = point;
        const double middle = std::sqrt(x[g] * x[h]);
        add_point(chords, middle, exponent);
        exact_chords.x.push_back(middle);
        exact_chords.y.push_back(exact_exponent);
        last_chord = exponent;
        last_exact = exact_exponent;
        last_inputs = inputs;
        last_point = point;
    }
    out.checks.push_back(limit_check("data exponent a_D = 1 − α (limit)", "D1", theory::data_exponent(p.alpha),
                                     last_chord, last_inputs));
    out.checks.back().point = last_point;
    local.series.push_back(std::move(chords));
    local.series.push_back(std::move(exact_chords));
    local.curves.push_back(Curve{"exact a_D(N)", SeriesRole::exact,
                                 [curve](double at) { return exact_local_exponent(curve, at); }, 25.0,
                                 static_cast<double>(p.n.back()) / 1.06});
    local.curves.push_back(Curve{"limit 1 − α", SeriesRole::asymptote,
                                 [a = theory::data_exponent(p.alpha)](double) { return a; }});
    out.figures.push_back(std::move(local));

    // X1, data side: α read off the local exponent at the largest N.
    const Estimate alpha_hat{1.0 - last_chord.mean, last_chord.se, last_chord.replicates};
    Json x1_inputs = last_inputs;
    x1_inputs["a_D_exact"] = last_exact;
    out.checks.push_back(z_check("α = 1 − a_D from the local data exponent at the largest N", "X1",
                                 1.0 - last_exact, alpha_hat, x1_inputs, 2e-11));
    out.checks.back().point = last_point;
    out.checks.back().claim = "exponent-consistency";
    out.checks.push_back(limit_check("α = 1 − a_D, asymptotic reading (a_D → 1 − α)", "X1", p.alpha, alpha_hat,
                                     x1_inputs));
    out.checks.back().point = last_point;
    out.checks.back().claim = "exponent-consistency";
    return out;
}

ResourceEstimate data_scaling_resources(const DataScalingParameters& p, std::size_t replicates, unsigned threads) {
    // The exact curve (8 bytes per n) and its recursion (~0.25 µs per n at
    // a quiet moment); each replicate does one Beta and a few Binomials per
    // table of E[K_{n_max}] (~0.2 µs per table) and keeps its row.
    const double n_max = static_cast<double>(p.n.back());
    const double tables = theory::expected_tables<double>(p.alpha, p.beta, n_max);
    return {resources::process_baseline_bytes + 16 * n_max + resources::replicate_rows_bytes(replicates, p.n.size()) +
                threads * 64.0 * static_cast<double>(p.n.size()),
            2.5e-7 * n_max + 2e-7 * tables * static_cast<double>(replicates)};
}

const RegisterExperiment<DataScalingParameters> data_scaling{{
    .name = "data-scaling",
    .summary = "per-token knowledge excess loss r_N from N = 1e2 to 1e7, z-tested against exact R1 with its local exponent",
    .labels = {"R1", "D1", "X1"},
    .claim = "data-scaling",
    .replicates = 200,
    .parameters = {alpha_parameter(&DataScalingParameters::alpha, true), beta_parameter(&DataScalingParameters::beta),
                   count(&DataScalingParameters::names, "names", "number of names M (a new element's name costs ln M)",
                         {.low = 1, .high = 1e18})
                       .model(),
                   count(&DataScalingParameters::values, "values", "number of values V (a new fact costs ln V)",
                         {.low = 1, .high = 1e18})
                       .model(),
                   counts(&DataScalingParameters::n, "n", "training token counts N (log-spaced; at least two)",
                          {.low = 1, .high = 1e7, .increasing = true})},
    .validate = validate_data_scaling,
    .run = run_data_scaling,
    .resources = data_scaling_resources,
}};

}  // namespace

}  // namespace sklaws::validation
