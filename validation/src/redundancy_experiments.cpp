// Experiments syntax-redundancy (S1, S2) and knowledge-redundancy (R1), and
// the claims "Syntax redundancy" and "Knowledge redundancy".
//
// Defaults: S = 10 templates with prior a = 1 (d = 9 free parameters);
// knowledge α = 0.5, β = 1 with M = 1000 names and V = 100 values. N runs to
// 1e4 so the S2 asymptote is within its own truncation bound
// (S²/a + S)/N ≈ 0.01 nats. S1 and R1 are exact: z-tests at every N, each
// detecting a 1 % error at the default 6000 (syntax) and 2000 (knowledge)
// replicates thanks to control variates (redundancy_estimators.hpp): the
// zero-mean martingale and Σ ln θ_s for S1, K_N (K1) for R1.
// S2 is the Clarke–Barron limit: shown at the largest N as a limit, with its
// truncation bound among the inputs.
#include <sklaws/validation/control_variate.hpp>
#include <sklaws/validation/experiment.hpp>
#include <sklaws/validation/redundancy_estimators.hpp>
#include <sklaws/validation/resources.hpp>

#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>

#include <cmath>
#include <memory>

namespace sklaws::validation {

namespace {

using Json = nlohmann::ordered_json;

const RegisterClaim syntax_claim{{
    .id = "syntax-redundancy",
    .title = "Syntax redundancy",
    .labels = {"S1", "S2"},
    .closed_form = "R_N^syn = lnΓ(Sa+N) − lnΓ(Sa) − S·E[lnΓ(a+n_1) − lnΓ(a)] − N(ψ(Sa+1) − ψ(a+1))   (S1)\n"
                   "R_N^syn = (d/2) ln(N/(2πe)) + S lnΓ(a) − lnΓ(Sa) + S(a − 1/2)(ψ(Sa) − ψ(a)) + o(1)   (S2)",
    .explanation = "The parametric syntax model costs (d/2) log N nats in total, i.e. d/(2n) per token: it is "
                   "learned fast. S1 is exact (z-tests); S2 is its limit.",
    .order = 30,
}};

const RegisterClaim knowledge_claim{{
    .id = "knowledge-redundancy",
    .title = "Knowledge redundancy",
    .labels = {"R1", "K7"},
    .closed_form = "r_n^know = E[H(pred_n)] − E[H(W)] + p_new(n)(ln M + ln V)   (R1)\n"
                   "p_new(n) = Γ(β+1)Γ(β+α+n) / (Γ(β+α)Γ(β+n+1)) ~ Γ(β+1)/Γ(β+α) n^{α−1}   (K7)",
    .explanation = "The non-parametric knowledge model is learned slowly: the per-token excess loss decays like "
                   "n^{−(1−α)}, dominated by first mentions of unseen elements.",
    .order = 40,
}};

// ---------------------------------------------------------------- syntax-redundancy

struct SyntaxParameters {
    std::uint64_t templates = 10;
    double prior = 1.0;
    std::vector<std::uint64_t> n{10, 100, 1000, 10000};
};

ExperimentOutput run_syntax_redundancy(const SyntaxParameters& p, const ExperimentContext& context) {
    const auto S = static_cast<unsigned>(p.templates);
    const double a = p.prior;
    const auto moments = syntax_redundancy_moments(S, a, p.n, context.replicates, context.options);
    const std::size_t g = p.n.size();
    // The control Y = Σ_s ln θ_s and its exact mean S(ψ(a) − ψ(Sa)), the
    // Dirichlet's log-moment (redundancy_estimators.hpp).
    const auto psi_a = numerics::digamma_e(a), psi_sa = numerics::digamma_e(S * a);
    const double log_theta_mean = S * (psi_a.val - psi_sa.val);
    const double log_theta_error = S * (psi_a.err + psi_sa.err);
    std::vector<Estimate> estimates;
    ExperimentOutput out;
    Figure figure{"syntax-redundancy", "Syntax redundancy",
                  "Cumulative excess code length of the Dirichlet predictive on syntax data: exact S1 and the "
                  "Clarke–Barron asymptote S2, (d/2) ln N + const.",
                  {"tokens N", Scale::log}, {"R_N^syn (nats)", Scale::log}};
    Series mc{"Monte Carlo R_N^syn", SeriesRole::monte_carlo, {}, {}, {}};
    for (std::size_t i = 0; i < p.n.size(); ++i) {
        const double N = static_cast<double>(p.n[i]);
        Json inputs{{"templates", S}, {"prior", a}, {"n", p.n[i]}};
        const auto s1 = theory::syntax_redundancy_exact_e<double>(S, a, p.n[i]);
        const ControlledEstimate controlled = control_variate_mean(moments, i, {g + i, 2 * g}, {0.0, log_theta_mean});
        inputs.update(control_inputs({"martingale sum of (excess - KL(theta | q_n))", "sum of ln theta_s (Dirichlet)"},
                                     {0.0, log_theta_mean}, controlled));
        estimates.push_back(controlled.estimate);
        const double theory_error = s1.err + std::fabs(controlled.coefficient[1]) * log_theta_error;
        out.checks.push_back(z_check("R_N^syn", "S1", s1.val, estimates[i], inputs, theory_error));
        out.checks.back().point = point_text({{"N", N}});
        add_point(mc, N, estimates[i]);
    }
    // S2 is asymptotic: shown at the largest N beside its truncation bound.
    const double N = static_cast<double>(p.n.back());
    const double s2 = theory::syntax_redundancy_asymptotic_e<double>(S, a, N).val;
    Json inputs{{"templates", S},
                {"prior", a},
                {"n", p.n.back()},
                {"truncation_bound", theory::syntax_redundancy_asymptotic_error(S, a, N)}};
    out.checks.push_back(limit_check("R_N^syn (asymptotic)", "S2", s2, estimates.back(), inputs));
    out.checks.back().point = point_text({{"N", N}});
    figure.series.push_back(std::move(mc));
    figure.curves.push_back(Curve{"S1 exact R_N^syn", SeriesRole::exact,
                                  [S, a](double x) {
                                      return theory::syntax_redundancy_exact_e<double>(
                                                 S, a, static_cast<std::uint64_t>(std::llround(x)))
                                          .val;
                                  },
                                  1.0, static_cast<double>(theory::syntax_exact_max_n)});
    figure.curves.push_back(Curve{"S2 Clarke–Barron asymptote", SeriesRole::asymptote,
                                  [S, a](double x) { return theory::syntax_redundancy_asymptotic_e<double>(S, a, x).val; },
                                  1.0});
    out.figures.push_back(std::move(figure));
    return out;
}

ResourceEstimate syntax_resources(const SyntaxParameters& p, std::size_t replicates, unsigned threads) {
    // Per worker: the template counts (8 bytes each); per replicate N draws.
    const double n = static_cast<double>(p.n.back());
    return {resources::process_baseline_bytes + resources::streamed_rows_bytes(2 * p.n.size() + 1, threads, true) +
                threads * 16.0 * static_cast<double>(p.templates),
            2.2e-8 * n * static_cast<double>(replicates) + 1e-8 * n * static_cast<double>(curve_points)};
}

const RegisterExperiment<SyntaxParameters> syntax_redundancy{{
    .name = "syntax-redundancy",
    .summary = "Dirichlet predictive code length minus true-theta code length on syntax data",
    .labels = {"S1", "S2"},
    .claim = "syntax-redundancy",
    .replicates = 6000,  // 1 % detectable at N = 10 (with the controls)
    .parameters = {count(&SyntaxParameters::templates, "templates", "number of sentence templates S",
                         {.low = 2, .high = 1e5})
                       .model(),
                   real(&SyntaxParameters::prior, "prior", "symmetric Dirichlet prior a of the template distribution",
                        {.low = 1e-3, .high = 1e6})
                       .model(),
                   counts(&SyntaxParameters::n, "n", "sample sizes N (sentences) at which R_N is recorded",
                          {.low = 1, .high = static_cast<double>(theory::syntax_exact_max_n), .increasing = true})},
    .run = run_syntax_redundancy,
    .resources = syntax_resources,
}};

// ---------------------------------------------------------------- knowledge-redundancy

struct KnowledgeParameters {
    double alpha = 0.5;
    double beta = 1.0;
    std::uint64_t names = 1000;
    std::uint64_t values = 100;
    std::vector<std::uint64_t> n{10, 100, 1000, 10000};
};

ExperimentOutput run_knowledge_redundancy(const KnowledgeParameters& p, const ExperimentContext& context) {
    const theory::PitmanYorParameters py{p.alpha, p.beta};
    const KnowledgeCosts costs{static_cast<double>(p.names), static_cast<double>(p.values)};
    const auto moments = knowledge_redundancy_moments(py, costs, p.n, context.replicates, context.options);
    const std::size_t g = p.n.size();
    const auto per_token = theory::knowledge_redundancy_curve(py, p.n.back(), costs.names, costs.values);
    // R_N = Σ_{m<N} r_m, each r_m to 1e-11 relative (knowledge_redundancy.hpp).
    auto cumulative = std::make_shared<const std::vector<double>>(theory::cumulative_redundancy(per_token));
    std::vector<double> magnitude(per_token.size() + 1, 0.0);
    for (std::size_t m = 0; m < per_token.size(); ++m) magnitude[m + 1] = magnitude[m] + std::fabs(per_token[m]);
    ExperimentOutput out;
    Figure figure{"knowledge-redundancy", "Knowledge redundancy",
                  "Cumulative excess code length of the CRP predictive (with name and value costs) against R1: it "
                  "grows like N^α, much faster than the syntax part.",
                  {"tokens N", Scale::log}, {"R_N^know (nats)", Scale::log}};
    Series mc{"Monte Carlo R_N^know", SeriesRole::monte_carlo, {}, {}, {}};
    for (std::size_t i = 0; i < p.n.size(); ++i) {
        const double N = static_cast<double>(p.n[i]);
        Json inputs{{"alpha", p.alpha}, {"beta", p.beta}, {"names", p.names}, {"values", p.values}, {"n", p.n[i]}};
        // K_N, of exact mean K1, is the control variate (redundancy_estimators.hpp).
        const auto elements = theory::expected_tables_e<double>(p.alpha, p.beta, N);
        const ControlledEstimate controlled = control_variate_mean(moments, i, {g + i}, {elements.val});
        inputs.update(control_inputs({"K_N (K1)"}, {elements.val}, controlled));
        const double theory_error = 1e-11 * magnitude[p.n[i]] + std::fabs(controlled.coefficient[0]) * elements.err;
        out.checks.push_back(
            z_check("R_N^know", "R1", (*cumulative)[p.n[i]], controlled.estimate, inputs, theory_error));
        out.checks.back().point = point_text({{"N", N}});
        add_point(mc, N, controlled.estimate);
    }
    figure.series.push_back(std::move(mc));
    figure.curves.push_back(Curve{"R1 exact R_N^know", SeriesRole::exact,
                                  [cumulative](double x) {
                                      return (*cumulative)[static_cast<std::size_t>(std::llround(x))];
                                  },
                                  1.0, static_cast<double>(p.n.back())});
    out.figures.push_back(std::move(figure));
    return out;
}

ResourceEstimate knowledge_resources(const KnowledgeParameters& p, std::size_t replicates, unsigned threads) {
    // Per worker: a CRP over N customers plus the oracle's sticks (~16 bytes
    // per element); the exact curve holds 3 doubles per n ≤ N.
    const double n = static_cast<double>(p.n.back());
    return {resources::process_baseline_bytes + resources::streamed_rows_bytes(2 * p.n.size(), threads, true) +
                threads * (resources::crp_sampler_bytes(p.n.back()) + 32 * std::pow(n, std::max(p.alpha, 0.3))) +
                24 * n,
            1.5e-8 * n * static_cast<double>(replicates) + 2e-7 * n};
}

const RegisterExperiment<KnowledgeParameters> knowledge_redundancy{{
    .name = "knowledge-redundancy",
    .summary = "CRP predictive code length (with name/value costs) minus oracle -log W_k",
    .labels = {"R1"},
    .claim = "knowledge-redundancy",
    .replicates = 2000,  // 1 % detectable at N = 10 (with K_N's control)
    .parameters = {alpha_parameter(&KnowledgeParameters::alpha), beta_parameter(&KnowledgeParameters::beta),
                   count(&KnowledgeParameters::names, "names", "number of names M (a new element's name costs ln M)",
                         {.low = 1, .high = 1e18})
                       .model(),
                   count(&KnowledgeParameters::values, "values", "number of values V (a new fact costs ln V)",
                         {.low = 1, .high = 1e18})
                       .model(),
                   counts(&KnowledgeParameters::n, "n", "sample sizes N (tokens) at which R_N is recorded",
                          {.low = 1, .high = static_cast<double>(theory::knowledge_exact_max_n), .increasing = true})},
    .validate = [](const KnowledgeParameters& p) { require_pitman_yor(p.alpha, p.beta); },
    .run = run_knowledge_redundancy,
    .resources = knowledge_resources,
}};

}  // namespace

}  // namespace sklaws::validation
