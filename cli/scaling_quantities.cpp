// `sklaws theory` quantities of the syntax, redundancy, scaling and
// acquisition closed forms (docs/theory.md §3: S1/S2, R1, M1, D1/M1/X1 exponents,
// X1 inverse, A1). Precision policy and rendering: theory_format.hpp.
// Quantities that theory/ provides in double only (R1, noisy A1) report the
// digits their stated accuracy guarantees, whatever D is asked for.
#include "theory_format.hpp"
#include "resource_guard.hpp"
#include "theory_quantity.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/acquisition.hpp>
#include <sklaws/theory/data_scaling.hpp>
#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>
#include <sklaws/theory/missing_mass.hpp>
#include <sklaws/theory/scaling_laws.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sklaws::cli {
namespace {

using numerics::Evaluation;

// A double-only result with a stated relative accuracy, rendered to D digits.
TheoryOutput double_output(const std::string& name, unsigned digits, double value, double relative_error) {
    const double guaranteed = relative_error <= 0 ? 15.0 : std::clamp(std::floor(-std::log10(relative_error)), 0.0, 15.0);
    return {name, format_significant(value, digits), std::min<double>(digits, guaranteed),
            numerics::Evaluation<double>{value, std::abs(value) * std::max(relative_error, 0.0)},
            "double (this quantity is evaluated in double only)"};
}

// A double-only Evaluation rendered to D digits (its bound gives the digits).
TheoryOutput double_evaluation_output(const std::string& name, unsigned digits, const Evaluation<double>& e) {
    return {name, format_significant(e.val, digits), std::min<double>(digits, e.digits()), e,
            "double (this quantity is evaluated in double only)"};
}

const RegisterTheoryQuantity syntax_redundancy{
    {"syntax-redundancy", "S1",
     "R_N^syn, redundancy of the Dirichlet-multinomial syntax model (S1 exact to N = 1e15: the O(N) sum to 1e5, "
     "its large-n form beyond, in double beyond 1e7; S2 with --asymptotic or N > 1e15)",
     {{"templates", OptionKind::count, "number of templates S >= 2"},
      {"prior", OptionKind::real, "symmetric Dirichlet prior a > 0"},
      n_input("sentences N"),
      {"asymptotic", OptionKind::flag, "the S2 form (used anyway for N > 1e15)", false}},
     {{"value", "syntax redundancy R_N, nats (S1 exact, S2 asymptotic)"},
      {"per-token", "per-sentence redundancy r_N, nats"},
      {"entropy-rate", "E H(theta), nats per sentence"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         const std::uint64_t S64 = read_count_value(args, "templates", result, 1000000);
         const std::string prior = read_real_text(args, "prior", result);
         const std::uint64_t N = read_count_value(args, "n", result);
         const bool asymptotic = args.flag("asymptotic") || N > theory::syntax_max_n;
         numerics::require(S64 >= 2, "templates", S64, "S >= 2");
         numerics::require(N >= 1 || !asymptotic, "n", N, "N >= 1 for the asymptotic form");
         const unsigned S = static_cast<unsigned>(S64);
         result.inputs["method"] = asymptotic ? "asymptotic" : "exact";
         result.label = asymptotic ? "S2" : "S1";
         if (asymptotic) {
             TheoryOutput out = evaluate_output("value", digits, [&](auto zero) {
                 using Real = decltype(zero);
                 return theory::syntax_redundancy_asymptotic_e<Real>(S, real_input<Real>(prior, "--prior"),
                                                                     Real(static_cast<double>(N)));
             });
             // As an estimate of R_N the S2 value is good to its remainder
             // bound; where the bound reaches the value itself S2 says nothing
             // about R_N (it can even be negative) and is refused, not printed.
             const double value = std::stod(out.value);
             const double a = parse_real(prior, "--prior");
             const double bound = theory::syntax_redundancy_asymptotic_error(S, a, double(N));
             const double d = static_cast<double>(S) - 1;
             const double per_token_rel = (d * d + 4 * d / a) / double(N);
             if (!(bound < std::abs(value)) || !(per_token_rel < 1)) {
                 throw numerics::DomainError(
                     "n", "the S2 asymptotic is no estimate of R_N at n = " + std::to_string(N) + ", prior = " + prior +
                              ": its remainder bound exceeds the value (it needs n >> S^2 and n^prior >> S/prior; "
                              "the exact S1 covers n <= 1e7)");
             }
             out.digits = std::min(out.digits, std::clamp(std::floor(-std::log10(bound / std::abs(value))), 0.0, 1000.0));
             result.outputs.push_back(out);
             result.outputs.push_back(double_output(
                 "per-token", digits, theory::syntax_per_token_redundancy_asymptotic(S, double(N)), per_token_rel));
         } else if (N > theory::syntax_exact_max_n) {
             // Beyond the multiprecision sums: the double large-n form, with
             // the digits its bound shows whatever --digits asks.
             result.inputs["method"] = "exact (large-n form, double)";
             result.outputs.push_back(double_evaluation_output(
                 "value", digits, theory::syntax_redundancy_exact_e<double>(S, parse_real(prior, "--prior"), N)));
             result.outputs.push_back(double_evaluation_output(
                 "per-token", digits, theory::syntax_per_token_redundancy_e<double>(S, parse_real(prior, "--prior"), N)));
         } else {
             // S1's exact sum has N terms: in multiprecision (--digits > 15)
             // about 2.9e-5 + 4.6e-7 x digits seconds per term for the two
             // outputs (measured, GCC 12 -O3, MPFR), so a large N is
             // announced before the wait.
             if (digits > 15) {
                 announce_time("theory syntax-redundancy", "the exact S1 sum",
                               static_cast<double>(N) * (2.9e-5 + 4.6e-7 * digits),
                               std::to_string(N) + " terms at " + std::to_string(digits) +
                                   " digits; --digits 15 takes about 1/40 of it, --asymptotic uses S2");
             }
             result.outputs.push_back(evaluate_output("value", digits, [&](auto zero) {
                 using Real = decltype(zero);
                 return theory::syntax_redundancy_exact_e<Real>(S, real_input<Real>(prior, "--prior"), N);
             }));
             result.outputs.push_back(evaluate_output("per-token", digits, [&](auto zero) {
                 using Real = decltype(zero);
                 return theory::syntax_per_token_redundancy_e<Real>(S, real_input<Real>(prior, "--prior"), N);
             }));
         }
         result.outputs.push_back(evaluate_output("entropy-rate", digits, [&](auto zero) {
             using Real = decltype(zero);
             return theory::syntax_entropy_rate_e<Real>(S, real_input<Real>(prior, "--prior"));
         }));
         return result;
     }}};

const RegisterTheoryQuantity knowledge_redundancy{
    {"knowledge-redundancy", "R1",
     "r_n^know, knowledge per-token redundancy, cumulative R_n = sum_{m<n} r_m and averaged R_n/n, n <= 1e15 (exact "
     "recursion n <= 1e5, the large-n form beyond with its bound); refused in the label-collision regime "
     "E[K_n]^2/(2MV) > 1e-2",
     {alpha_input(), beta_input(), n_input("tokens n, 0 <= n <= 1e15"), {"names", OptionKind::real, "number of names M"},
      {"values", OptionKind::real, "number of values V"}},
     {{"value", "per-token redundancy r_n, nats"},
      {"cumulative", "R_n = sum_{m<n} r_m, nats"},
      {"averaged", "R_n / n, nats per token", {}, "n = 0"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "R1";
         const double alpha = read_real(args, "alpha", result);
         const double beta = read_real(args, "beta", result);
         const std::uint64_t n = read_count_value(args, "n", result);  // <= 1e15 checked after collisions
         const double M = read_real(args, "names", result);
         const double V = read_real(args, "values", result);
         const theory::PitmanYorParameters p{alpha, beta};
         result.inputs["method"] = n <= theory::knowledge_exact_max_n ? "exact" : "large-n";
         result.outputs.push_back(double_evaluation_output("value", digits, theory::knowledge_redundancy_e(p, n, M, V)));
         result.outputs.push_back(
             double_evaluation_output("cumulative", digits, theory::knowledge_cumulative_redundancy_e(p, n, M, V)));
         if (n >= 1)
             result.outputs.push_back(
                 double_evaluation_output("averaged", digits, theory::knowledge_averaged_redundancy_e(p, n, M, V)));
         return result;
     }}};

// M1's asymptote as a value of `tail-mass --asymptotic`: refused where it is
// no mass (above 1: alpha 0.3, beta 20, C 15 gives 20.6), naming the range.
void require_asymptote_is_mass(const std::string& alpha, const std::string& beta, const std::string& capacity) {
    const double a = parse_real(alpha, "--alpha"), b = parse_real(beta, "--beta"), C = parse_real(capacity, "--capacity");
    double value = 0;
    try {
        value = theory::tail_mass_asymptotic_e<double>(a, b, C).val;
    } catch (const numerics::UnderflowError&) {
        return;  // below double's range: a mass (multiprecision evaluates it)
    } catch (const numerics::OverflowError&) {
        value = std::numeric_limits<double>::infinity();
    }
    if (value <= 1) return;
    throw numerics::DomainError(
        "capacity", "the M1 asymptote of E[T_C] at capacity = " + capacity + " is " + format_significant(value, 4) +
                        " > 1, no mass: M1 is E[T_C]'s limit as C -> infinity and holds only where it is in [0, 1] "
                        "(a larger capacity); the exact M2 (tail-mass without --asymptotic) covers every integer C");
}

const RegisterTheoryQuantity tail_mass{
    {"tail-mass", "M2",
     "E[T_C], expected missing mass beyond the C most frequent elements: M2's exact finite-C value (integer "
     "1 <= C <= 1e12, the M1 asymptote beside it where that is a mass); --asymptotic: M1's "
     "E[T_C] ~ (a/(1-a)) Gamma(1-a)^(-1/a) E[S^(1/a)] C^(-(1-a)/a) (real C >= 1, refused where it exceeds 1)",
     {alpha_input(), beta_input(),
      {"capacity", OptionKind::real, "capacity C (stored elements): integer 1 <= C <= 1e12 (--asymptotic: real >= 1)"},
      {"asymptotic", OptionKind::flag, "M1's asymptote instead of M2's exact value", false},
      {"exact", OptionKind::flag, "M2's exact value (the default; kept for scripts that name it)", false}},
     {{"value", "E[T_C] (M2's exact value; --asymptotic: M1's asymptote)"},
      {"asymptotic", "M1's asymptote beside M2's exact value", {}, "with --asymptotic, or where the asymptote is >= 1 (not a mass)"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         const bool asymptotic = args.flag("asymptotic");
         if (asymptotic && args.flag("exact")) throw UsageError("tail-mass takes --exact or --asymptotic, not both");
         result.label = asymptotic ? "M1" : "M2";
         const std::string alpha = read_real_text(args, "alpha", result);
         const std::string beta = read_real_text(args, "beta", result);
         const std::string capacity = read_real_text(args, "capacity", result);
         result.inputs["method"] = asymptotic ? "asymptotic" : "exact";
         const auto asymptote = [&](auto zero) {
             using Real = decltype(zero);
             return theory::tail_mass_asymptotic_e<Real>(real_input<Real>(alpha, "--alpha"),
                                                         real_input<Real>(beta, "--beta"),
                                                         real_input<Real>(capacity, "--capacity"));
         };
         if (asymptotic) {
             require_asymptote_is_mass(alpha, beta, capacity);
             result.outputs.push_back(evaluate_output("value", digits, asymptote));
             return result;
         }
         const std::uint64_t C = parse_count(capacity, "--capacity", theory::missing_mass_max_capacity);
         result.outputs.push_back(evaluate_output("value", digits, [&](auto zero) {
             using Real = decltype(zero);
             return theory::tail_mass_e<Real>(real_input<Real>(alpha, "--alpha"), real_input<Real>(beta, "--beta"), C);
         }));
         // Beside the exact value, the asymptote only where it is a mass in range.
         try {
             require_asymptote_is_mass(alpha, beta, capacity);
             result.outputs.push_back(evaluate_output("asymptotic", digits, asymptote));
         } catch (const numerics::DomainError&) {
         } catch (const numerics::UnderflowError&) {
         }
         return result;
     }}};

const RegisterTheoryQuantity model_exponent_local{
    {"model-exponent-local", "M2",
     "exact local model exponent a_M(C) = -d ln E[T_C] / d ln C (M2); tends to (1-a)/a (M1), shown beside it",
     {alpha_input(), beta_input(), {"capacity", OptionKind::count, "capacity C (stored elements), integer 1 <= C <= 1e12"}},
     {{"value", "a_M(C) = -d ln E[T_C] / d ln C"}, {"limit", "(1-alpha)/alpha, its C -> infinity limit (M1)"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "M2";
         const std::string alpha = read_real_text(args, "alpha", result);
         const std::string beta = read_real_text(args, "beta", result);
         const std::uint64_t C = read_count_value(args, "capacity", result, theory::missing_mass_max_capacity);
         result.outputs.push_back(evaluate_output("value", digits, [&](auto zero) {
             using Real = decltype(zero);
             return theory::model_exponent_local_e<Real>(real_input<Real>(alpha, "--alpha"),
                                                         real_input<Real>(beta, "--beta"), C);
         }));
         result.outputs.push_back(evaluate_output("limit", digits, [&](auto zero) {
             using Real = decltype(zero);
             return theory::model_exponent_e<Real>(real_input<Real>(alpha, "--alpha"));
         }));
         return result;
     }}};

const RegisterTheoryQuantity data_exponent_local{
    {"data-exponent-local", "D1",
     "exact local data exponent a_D(N) = -d ln r_N / d ln N of the per-token excess loss (--averaged: of R_N/N), "
     "knowledge part (R1) or, with --templates and --prior, syntax + knowledge (S1 + R1), N <= 1e15; the limit "
     "1 - alpha beside it",
     {alpha_input(), beta_input(), n_input("tokens N, 4 <= N <= 1e15"),
      {"names", OptionKind::real, "number of names M"},
      {"values", OptionKind::real, "number of values V"},
      {"templates", OptionKind::count, "number of templates S >= 2 (with --prior: the total, syntax + knowledge)", false},
      {"prior", OptionKind::real, "Dirichlet prior a > 0 of the templates (with --templates)", false},
      {"averaged", OptionKind::flag, "the exponent of the averaged loss R_N/N instead of the per-token r_N", false}},
     {{"value", "local exponent a_D(N) (of R_N/N with --averaged)"}, {"limit", "its limit 1 - alpha (D1)"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "D1";
         const double alpha = read_real(args, "alpha", result);
         const double beta = read_real(args, "beta", result);
         const std::uint64_t N = read_count_value(args, "n", result);
         const double M = read_real(args, "names", result);
         const double V = read_real(args, "values", result);
         const theory::DataForm form = args.flag("averaged") ? theory::DataForm::averaged : theory::DataForm::per_token;
         result.inputs["form"] = form == theory::DataForm::averaged ? "averaged" : "per-token";
         if (args.has("templates") != args.has("prior"))
             throw UsageError("data-exponent-local takes --templates and --prior together (the syntax part) or neither");
         const theory::PitmanYorParameters p{alpha, beta};
         if (args.has("templates")) {
             const std::uint64_t S = read_count_value(args, "templates", result, 1u << 30);
             const double prior = read_real(args, "prior", result);
             theory::LearningOrderModel model{static_cast<unsigned>(S), prior, p, M, V};
             result.inputs["part"] = "syntax + knowledge";
             result.outputs.push_back(
                 double_evaluation_output("value", digits, theory::data_exponent_local_e(model, N, form)));
         } else {
             result.inputs["part"] = "knowledge";
             result.outputs.push_back(
                 double_evaluation_output("value", digits, theory::knowledge_exponent_local_e(p, N, M, V, form)));
         }
         result.outputs.push_back(evaluate_output("limit", digits, [&](auto zero) {
             using Real = decltype(zero);
             return theory::data_exponent_e<Real>(real_input<Real>(args.required_text("alpha"), "--alpha"));
         }));
         return result;
     }}};

const RegisterTheoryQuantity exponents{
    {"exponents", "X1", "data exponent a_D = 1 - alpha (D1) and model exponent a_M = (1 - alpha)/alpha (M1)",
     {alpha_input()}, {{"data-exponent", "a_D = 1 - alpha"}, {"model-exponent", "a_M = (1 - alpha)/alpha"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "X1";
         const std::string alpha = read_real_text(args, "alpha", result);
         theory::data_exponent(parse_real(alpha, "--alpha"));  // validates 0 ≤ α < 1
         result.outputs.push_back(evaluate_output("data-exponent", digits, [&](auto zero) {
             using Real = decltype(zero);
             return theory::data_exponent_e<Real>(real_input<Real>(alpha, "--alpha"));
         }));
         // α = 0 has no model power law: model_exponent_e refuses it (exit 2,
         // naming alpha and 0 < alpha < 1) rather than the output dropping it.
         result.outputs.push_back(evaluate_output("model-exponent", digits, [&](auto zero) {
             using Real = decltype(zero);
             return theory::model_exponent_e<Real>(real_input<Real>(alpha, "--alpha"));
         }));
         return result;
     }}};

const RegisterTheoryQuantity alpha_from{
    {"alpha-from", "X1", "alpha implied by a data exponent (1 - a_D) or a model exponent (1/(1 + a_M))",
     {{"data-exponent", OptionKind::real, "data exponent a_D (give this or --model-exponent)", false, true},
      {"model-exponent", OptionKind::real, "model exponent a_M (give this or --data-exponent)", false, true}},
     {{"value", "the implied alpha"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "X1";
         const bool data = args.has("data-exponent");
         const bool model = args.has("model-exponent");
         if (data == model) throw UsageError("alpha-from needs exactly one of --data-exponent or --model-exponent");
         const std::string name = data ? "data-exponent" : "model-exponent";
         const std::string text = read_real_text(args, name, result);
         const double x = parse_real(text, "--" + name);
         data ? theory::alpha_from_data_exponent(x) : theory::alpha_from_model_exponent(x);  // validates
         result.outputs.push_back(evaluate_output("value", digits, [&](auto zero) {
             using Real = decltype(zero);
             const Real v = real_input<Real>(text, "--" + name);
             return data ? theory::alpha_from_data_exponent_e<Real>(v) : theory::alpha_from_model_exponent_e<Real>(v);
         }));
         return result;
     }}};

const RegisterTheoryQuantity acquisition{
    {"acquisition", "A1",
     "fact accuracy after n tokens for an element of weight w: 1 - (1 - 1/V)(1 - w)^n, or the exact majority-vote "
     "accuracy with --noise",
     {{"weight", OptionKind::real, "element weight w, 0 <= w <= 1"}, n_input("tokens n"),
      {"values", OptionKind::count, "number of values V >= 2"},
      {"noise", OptionKind::real, "noise e: a mention states a uniform value (default 0)", false}},
     {{"value", "fact accuracy after n tokens"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "A1";
         const std::string weight = read_real_text(args, "weight", result);
         const std::uint64_t n = read_count_value(args, "n", result);
         const std::uint64_t V = read_count_value(args, "values", result);
         std::string noise = "0";
         if (args.has("noise")) noise = read_real_text(args, "noise", result);
         if (parse_real(noise, "--noise") == 0) {
             result.outputs.push_back(evaluate_output("value", digits, [&](auto zero) {
                 using Real = decltype(zero);
                 return theory::fact_accuracy_e<Real>(real_input<Real>(weight, "--weight"), n, V, Real(0));
             }));
         } else {
             const auto e = theory::fact_accuracy_e<double>(parse_real(weight, "--weight"), n, V,
                                                            parse_real(noise, "--noise"));
             result.outputs.push_back(double_output("value", digits, e.val, e.err / e.val));
         }
         return result;
     }}};

}  // namespace
}  // namespace sklaws::cli
