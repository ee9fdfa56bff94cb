// `sklaws theory` quantities of the learner's behaviour (docs/theory.md §3):
// abstention (H2), hallucination (H1), the fine-tuning format cost and
// break-even (F1), the capacity threshold (A2) and the law of K_n (K3).
// Precision policy and rendering: theory_format.hpp. Quantities that theory/
// evaluates in double only report the digits their bound guarantees,
// whatever D is asked for.
#include "theory_format.hpp"
#include "theory_quantity.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/abstention.hpp>
#include <sklaws/theory/acquisition.hpp>
#include <sklaws/theory/diversity.hpp>
#include <sklaws/theory/fine_tuning.hpp>
#include <sklaws/theory/format_cost.hpp>
#include <sklaws/theory/hallucination.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/missing_mass.hpp>
#include <sklaws/theory/tables_law.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace sklaws::cli {
namespace {

using numerics::Evaluation;

// A double evaluation with its bound, rendered to min(D, the digits the bound shows).
TheoryOutput bounded_double_output(const std::string& name, unsigned digits, const Evaluation<double>& e) {
    return {name, format_significant(e.val, digits), std::min<double>(digits, std::min(15.0, e.digits())), e,
            "double (this quantity is evaluated in double only)"};
}

// ---------------------------------------------------------------- H2

// The weight law of the query: one element of weight w, or queries drawn
// like the data from PY(α, β) (frequency-weighted).
struct QueryLaw {
    bool per_element = false;
    std::string weight, alpha, beta;
};

TheoryResult evaluate_abstention(const ParsedOptions& args, unsigned digits, bool per_element) {
    TheoryResult result;
    result.label = "H2";
    theory::AbstentionSetting setting;
    const std::string threshold = read_real_text(args, "threshold", result);
    setting.tokens = read_count_value(args, "n", result);
    setting.values = read_count_value(args, "values", result);
    QueryLaw law;
    law.per_element = per_element;
    if (per_element) {
        law.weight = read_real_text(args, "weight", result);
    } else {
        law.alpha = read_real_text(args, "alpha", result);
        law.beta = read_real_text(args, "beta", result);
    }
    if (args.has("noise")) setting.noise = read_real(args, "noise", result);
    if (args.has("capacity-weight")) {
        // Only k = floor(n w*) matters: taken from the decimal as typed
        // (1e6 x 0.0023 is 2299.9999999999995 in double), then handed
        // on as w = (k + 1/2)/n, whose floor(n w) is k in double too.
        const std::string text = read_real_text(args, "capacity-weight", result);
        const double w = parse_real(text, "--capacity-weight");
        numerics::require(w >= 0, "capacity-weight", w, "w* >= 0");
        numerics::WorkingPrecision precision(60);
        const numerics::mp_real nw = numerics::mp_real(text) * numerics::mp_real(setting.tokens);
        const double k = static_cast<double>(floor(nw));
        result.inputs["capacity-k"] = static_cast<std::uint64_t>(k);
        setting.capacity_threshold_weight = setting.tokens == 0 ? w : (k + 0.5) / static_cast<double>(setting.tokens);
    }
    setting.threshold = parse_real(threshold, "--threshold");
    setting.validate();
    result.inputs["capacity"] = setting.unlimited() ? "unlimited" : "A2 threshold";
    if (setting.noise != 0) {
        // Noisy H2 is evaluated in double with its bound.
        const auto rates = law.per_element
                               ? theory::abstention_for_weight_e<double>(parse_real(law.weight, "--weight"), setting)
                               : theory::abstention_frequency_weighted_e<double>(parse_real(law.alpha, "--alpha"),
                                                                                 parse_real(law.beta, "--beta"), setting);
        result.outputs.push_back(bounded_double_output("answered", digits, rates.answered));
        result.outputs.push_back(bounded_double_output("hallucinated", digits, rates.hallucinated));
        if (rates.any_answered) result.outputs.push_back(bounded_double_output("accuracy", digits, rates.accuracy));
        return result;
    }
    // Noise-free: double or multiprecision (w, alpha, beta as typed; tau is a
    // decision threshold, its double decides).
    auto rates = [&](auto zero) {
        using Real = decltype(zero);
        return law.per_element ? theory::abstention_for_weight_e<Real>(real_input<Real>(law.weight, "--weight"), setting)
                               : theory::abstention_frequency_weighted_e<Real>(real_input<Real>(law.alpha, "--alpha"),
                                                                               real_input<Real>(law.beta, "--beta"),
                                                                               setting);
    };
    result.outputs.push_back(evaluate_output("answered", digits, [&](auto zero) { return rates(zero).answered; }));
    result.outputs.push_back(evaluate_output("hallucinated", digits, [&](auto zero) { return rates(zero).hallucinated; }));
    // Whether anything is answered (then the accuracy of the answers is
    // defined): in multiprecision, which also holds rates below double's range.
    bool any_answered = false;
    {
        numerics::WorkingPrecision precision(20);
        any_answered = rates(numerics::mp_real{}).any_answered;
    }
    if (any_answered)
        result.outputs.push_back(evaluate_output("accuracy", digits, [&](auto zero) { return rates(zero).accuracy; }));
    return result;
}

std::vector<QuantityOption> abstention_options(std::vector<QuantityOption> law) {
    std::vector<QuantityOption> options{{"threshold", OptionKind::real, "confidence threshold tau in [0, 1]"},
                                        n_input("training tokens n"),
                                        {"values", OptionKind::count, "values per relation V >= 2"}};
    options.insert(options.end(), law.begin(), law.end());
    options.push_back({"noise", OptionKind::real, "mention noise epsilon in [0, 1] (default 0; noisy is double only)", false});
    options.push_back({"capacity-weight", OptionKind::real,
                       "A2's capacity threshold weight w*: stored iff m > floor(n w*) (default: unlimited capacity)", false});
    return options;
}

std::vector<QuantityResult> abstention_results() {
    return {{"answered", "fraction of queries answered"},
            {"hallucinated", "fraction of queries answered wrongly"},
            {"accuracy", "accuracy of the answers given", {}, "no query is answered (tau too high)"}};
}

const RegisterTheoryQuantity abstention{
    {"abstention", "H2",
     "answered fraction, accuracy of the answers and hallucination rate per query (queries drawn like the data) of "
     "the calibrated learner that answers only when its posterior accuracy is >= tau (tau = 0: H1's learner)",
     abstention_options({alpha_input(), beta_input()}), abstention_results(),
     [](const ParsedOptions& args, unsigned digits) { return evaluate_abstention(args, digits, false); }}};

const RegisterTheoryQuantity abstention_per_element{
    {"abstention-per-element", "H2",
     "answered fraction, accuracy of the answers and hallucination rate of H2's calibrated learner for queries "
     "about one element of weight w",
     abstention_options({{"weight", OptionKind::real, "the queried element's weight w in [0, 1]"}}), abstention_results(),
     [](const ParsedOptions& args, unsigned digits) { return evaluate_abstention(args, digits, true); }}};

// ---------------------------------------------------------------- H1

const RegisterTheoryQuantity hallucination{
    {"hallucination", "H1",
     "hallucination rates of a learner storing C of the K_n elements seen in n tokens: entity-uniform (the exact "
     "E[max(0, 1 - C/K_n)] and the plug-in 1 - C/E[K_n]); with --values, frequency-weighted E[T_C](1 - 1/V) (E[T_C] "
     "exact, M2); with --weight, the per-element rate P(not stored | w)(1 - 1/V) under A2's threshold",
     {alpha_input(), beta_input(), n_input("training tokens n (<= 1e7 for the exact rate)"),
      {"capacity", OptionKind::real, "stored elements C >= 0 (an integer for the frequency-weighted rate)"},
      {"values", OptionKind::count, "values per relation V >= 1 (frequency-weighted and per-element rates)", false},
      {"weight", OptionKind::real, "an element's weight w (per-element rate; needs --values, 0 < alpha)", false}},
     {{"entity-uniform", "exact E[max(0, 1 - C/K_n)]"},
      {"entity-uniform-plugin", "plug-in 1 - C/E[K_n]"},
      {"frequency-weighted", "E[T_C](1 - 1/V), E[T_C] exact (M2)", {"values"}},
      {"per-element", "P(not stored | w)(1 - 1/V) under A2's threshold", {"weight"}}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "H1";
         const double alpha = read_real(args, "alpha", result);
         const double beta = read_real(args, "beta", result);
         const std::uint64_t n = read_count_value(args, "n", result, 10'000'000);
         const double C = read_real(args, "capacity", result);
         const theory::PitmanYorParameters params{alpha, beta};
         params.validate();
         numerics::require(n >= 1, "n", n, "n >= 1");
         result.outputs.push_back(
             bounded_double_output("entity-uniform", digits, theory::expected_entity_uniform_hallucination(params, n, C)));
         const auto tables = theory::expected_tables_e<double>(alpha, beta, static_cast<double>(n));
         const double plugin = theory::entity_uniform_hallucination(C, tables.val);
         // 1 − C/E: relative error of C/E is E's (K1's bound) plus one rounding.
         const double ratio_err = (C / tables.val) * (tables.err / tables.val + 2 * std::numeric_limits<double>::epsilon());
         result.outputs.push_back(bounded_double_output("entity-uniform-plugin", digits,
                                                        {plugin, plugin == 0 ? 0.0 : ratio_err}));
         if (args.has("values")) {
             // H1's frequency-weighted rate: a query drawn like the data hits an
             // unstored element with probability E[T_C] (M2, exact; T_0 = 1)
             // and is then wrong with probability 1 − 1/V.
             const std::string alpha_text = args.required_text("alpha"), beta_text = args.required_text("beta");
             const std::uint64_t V = read_count_value(args, "values", result);
             numerics::require(V >= 1, "values", V, "V >= 1");
             numerics::require(std::floor(C) == C && C <= 1e12, "capacity", C,
                               "an integer C <= 1e12 for the frequency-weighted rate (M2)");
             numerics::require(C == 0 || alpha > 0, "alpha", alpha,
                               "0 < alpha < 1 for the frequency-weighted rate at C >= 1 (M2)");
             const auto capacity = static_cast<std::uint64_t>(C);
             result.outputs.push_back(evaluate_output("frequency-weighted", digits, [&](auto zero) {
                 using Real = decltype(zero);
                 using std::abs;
                 // Multiprecision: 5 guard digits, so that the product's
                 // roundings do not cost the last digit asked for.
                 std::optional<numerics::WorkingPrecision> guard;
                 if constexpr (numerics::is_multiprecision_v<Real>) guard.emplace(numerics::working_digits<Real>() + 5);
                 const Real wrong = 1 - 1 / Real(V);
                 const Real u = numerics::unit_roundoff<Real>();
                 if (capacity == 0) return Evaluation<Real>{wrong, 2 * u * wrong};
                 const auto t = theory::tail_mass_e<Real>(real_input<Real>(alpha_text, "--alpha"),
                                                          real_input<Real>(beta_text, "--beta"), capacity);
                 const Real v = t.val * wrong;
                 return Evaluation<Real>{v, t.err * wrong + 3 * u * abs(v)};
             }));
         }
         if (args.has("weight")) {
             const double w = read_real(args, "weight", result);
             const std::uint64_t V = read_count_value(args, "values", result);
             const double threshold = theory::capacity_threshold_weight(params, C);
             const double p_stored = theory::capacity_acquisition_probability(w, n, threshold);
             const double rate = theory::hallucination_rate_per_element(1 - p_stored, static_cast<double>(V));
             // Boost's ibeta is good to a few ulps; the threshold only moves
             // the integer floor(n w*) (exact unless n w* is within rounding
             // of an integer, which the output then says).
             const double kw = static_cast<double>(n) * threshold;
             const bool edge = std::abs(kw - std::round(kw)) < 1e-9 * std::max(1.0, kw);
             result.inputs["capacity-threshold-weight"] = format_significant(threshold, 17);
             result.outputs.push_back(bounded_double_output(
                 "per-element", digits, {rate, edge ? rate : 64 * std::numeric_limits<double>::epsilon() * rate}));
         }
         return result;
     }}};

// ---------------------------------------------------------------- A2

const RegisterTheoryQuantity capacity_threshold{
    {"capacity-threshold", "A2",
     "w*(C) = Gamma(1-alpha)^(-1/alpha) E[S^(1/alpha)] C^(-1/alpha): the weight above which an element is among the C "
     "stored (A2, K5 scale); with --weight and --n, the probability that it is stored after n tokens",
     {alpha_input(), beta_input(), {"capacity", OptionKind::real, "stored elements C >= 1"},
      {"weight", OptionKind::real, "an element's weight w (acquisition probability)", false},
      {"n", OptionKind::count, "training tokens n (with --weight)", false}},
     {{"value", "the threshold weight w*(C)"},
      {"acquisition-probability", "P(the element of weight w is stored after n tokens)", {"weight", "n"}}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "A2";
         const double alpha = read_real(args, "alpha", result);
         const double beta = read_real(args, "beta", result);
         const double C = read_real(args, "capacity", result);
         const theory::PitmanYorParameters params{alpha, beta};
         const double w = theory::capacity_threshold_weight(params, C);
         // exp(−lnΓ(1−α)/α + ln E[S^{1/α}] − ln C/α): the moment's bound plus
         // the rounding of each logarithm, amplified by the exponential.
         const auto moment = theory::diversity_moment_e<double>(alpha, beta, 1.0 / alpha);
         const double eps = std::numeric_limits<double>::epsilon();
         const double logs = std::abs(std::lgamma(1 - alpha) / alpha) + std::abs(std::log(moment.val)) +
                             std::abs(std::log(C) / alpha);
         const double rel = moment.err / moment.val + 4 * eps * (1 + logs);
         result.outputs.push_back(bounded_double_output("value", digits, {w, rel * w}));
         if (args.has("weight") || args.has("n")) {
             const double weight = read_real(args, "weight", result);
             const std::uint64_t n = read_count_value(args, "n", result);
             const double p = theory::capacity_acquisition_probability(weight, n, w);
             result.outputs.push_back(
                 bounded_double_output("acquisition-probability", digits, {p, 64 * eps * p}));
         }
         return result;
     }}};

// ---------------------------------------------------------------- F1

template <class Real>
std::vector<Real> real_list(const std::string& text, const std::string& option) {
    std::vector<Real> out;
    for (const auto& item : split_list(text, option)) out.push_back(real_input<Real>(item, option));
    return out;
}

const RegisterTheoryQuantity fine_tuning{
    {"fine-tuning", "F1",
     "format cost of fine-tuning on a new template distribution: per-token excess r_k and cumulative R_k of the "
     "Dirichlet-categorical learner whose prior is the old posterior (--prior-counts), the "
     "Clarke-Barron order (d/2) ln(k/2 pi e) + C, and (with --epsilon) the examples K_eps needed; with --old-weight "
     "and --new-weight, F1's break-even mixture fraction lambda* = u/(u+v)",
     {{"new-target", OptionKind::text, "new template distribution theta, comma-separated (sums to 1)"},
      {"prior-counts", OptionKind::text,
       "the old posterior Dirichlet(b), comma-separated b_s > 0 (after n_old old sentences of theta_old with prior "
       "a: b_s = a + n_old theta_old_s)"},
      {"k", OptionKind::count, "fine-tuning examples k (<= 1e12)"},
      {"epsilon", OptionKind::real, "per-token excess target epsilon > 0 (examples needed)", false},
      {"old-weight", OptionKind::real, "weakest stored old element's weight u (break-even)", false},
      {"new-weight", OptionKind::real, "new element's weight v (break-even)", false}},
     {{"per-token", "per-token excess r_k, nats"},
      {"cumulative", "cumulative excess R_k, nats"},
      {"asymptotic", "Clarke-Barron (d/2) ln(k/2 pi e) + C, nats", {}, "k = 0 or a new-target entry is 0"},
      {"examples-needed", "the examples K_eps until r_k <= epsilon (exact integer)", {"epsilon"}},
      {"break-even", "lambda* = u/(u+v)", {"old-weight", "new-weight"}}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "F1";
         const std::string target = args.required_text("new-target");
         result.inputs["new-target"] = target;
         const std::string counts = args.required_text("prior-counts");
         result.inputs["prior-counts"] = counts;
         const std::uint64_t k = read_count_value(args, "k", result, 1'000'000'000'000ULL);
         // b and theta as Real from the text as typed.
         auto inputs = [&](auto zero) {
             using Real = decltype(zero);
             const auto theta = real_list<Real>(target, "--new-target");
             const std::vector<Real> b = real_list<Real>(counts, "--prior-counts");
             if (theta.size() != b.size())
                 throw UsageError("the new and old template lists need the same number of templates");
             return std::make_pair(b, theta);
         };
         result.outputs.push_back(evaluate_output("per-token", digits, [&](auto zero) {
             using Real = decltype(zero);
             const auto [b, theta] = inputs(zero);
             return theory::format_cost_per_token_e<Real>(std::span<const Real>(b), std::span<const Real>(theta), k);
         }));
         result.outputs.push_back(evaluate_output("cumulative", digits, [&](auto zero) {
             using Real = decltype(zero);
             const auto [b, theta] = inputs(zero);
             return theory::format_cost_cumulative_e<Real>(std::span<const Real>(b), std::span<const Real>(theta), k);
         }));
         std::vector<double> theta_d;
         for (const auto& item : split_list(target, "--new-target")) theta_d.push_back(parse_real(item, "--new-target"));
         if (k >= 1 && std::all_of(theta_d.begin(), theta_d.end(), [](double t) { return t > 0; })) {
             result.outputs.push_back(evaluate_output("asymptotic", digits, [&](auto zero) {
                 using Real = decltype(zero);
                 const auto [b, theta] = inputs(zero);
                 return theory::format_cost_asymptotic_e<Real>(std::span<const Real>(b), std::span<const Real>(theta), k);
             }));
         }
         if (args.has("epsilon")) {
             const double epsilon = read_real(args, "epsilon", result);
             std::vector<double> b;
             for (const auto& item : split_list(counts, "--prior-counts")) b.push_back(parse_real(item, "--prior-counts"));
             const auto needed = theory::format_examples_needed(b, theta_d, epsilon);
             result.outputs.push_back({"examples-needed", std::to_string(needed), static_cast<double>(digits),
                                       std::nullopt, "exact integer (double evaluation of r_k)"});
         }
         if (args.has("old-weight") || args.has("new-weight")) {
             const std::string u = read_real_text(args, "old-weight", result);
             const std::string v = read_real_text(args, "new-weight", result);
             result.outputs.push_back(evaluate_output("break-even", digits, [&](auto zero) {
                 using Real = decltype(zero);
                 const Real uu = real_input<Real>(u, "--old-weight"), vv = real_input<Real>(v, "--new-weight");
                 numerics::require(uu >= 0 && vv > 0, "new-weight", static_cast<double>(vv), "u >= 0, v > 0");
                 const Real value = uu / (uu + vv);
                 return Evaluation<Real>{value, 2 * numerics::unit_roundoff<Real>() * value};
             }));
         }
         return result;
     }}};

// ---------------------------------------------------------------- K3

const RegisterTheoryQuantity tables_law{
    {"tables-law", "K3",
     "the law of K_n: P_n(k) at --k, or the whole pmf (its kept window, as \"pmf\": [[k, P_n(k)], ...] in --json)",
     {alpha_input(), beta_input(), n_input("draws n, 1 <= n <= 1e7"),
      {"k", OptionKind::count, "number of distinct elements k", false}},
     {{"value", "P_n(k) (without --k the pmf is in --json's \"pmf\")", {"k"}}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "K3";
         const double alpha = read_real(args, "alpha", result);
         const double beta = read_real(args, "beta", result);
         const std::uint64_t n = read_count_value(args, "n", result, 10'000'000);
         const auto law = theory::tables_law(alpha, beta, n);
         // tables_law.hpp: absolute error per entry ≤ n·(1e-30 + 4ε).
         const double abs_err = static_cast<double>(n) * (1e-30 + 4 * std::numeric_limits<double>::epsilon());
         if (args.has("k")) {
             const std::uint64_t k = read_count_value(args, "k", result);
             const double p = k < law.size() ? law[k] : 0.0;
             if (k == 0 || k > n) {
                 result.outputs.push_back({"value", "0", static_cast<double>(digits), Evaluation<double>{0, 0},
                                           "exact: K_n is between 1 and n"});
             } else if (p == 0) {
                 throw numerics::UnderflowError("P_n(k) is below the kept window of the law (1e-30): at most " +
                                                format_significant(abs_err, 3));
             } else {
                 result.outputs.push_back(bounded_double_output("value", digits, {p, abs_err}));
             }
             return result;
         }
         nlohmann::ordered_json pmf = nlohmann::ordered_json::array();
         for (std::size_t k = 0; k < law.size(); ++k) {
             if (law[k] <= 0) continue;
             const Evaluation<double> e{law[k], abs_err};
             pmf.push_back({k, format_significant(law[k], std::max(1u, std::min<unsigned>(digits, static_cast<unsigned>(
                                                                               std::max(1.0, e.digits())))))});
         }
         result.inputs["absolute-error"] = format_significant(abs_err, 3);
         result.extra["pmf"] = pmf;
         return result;
     }}};

}  // namespace
}  // namespace sklaws::cli
