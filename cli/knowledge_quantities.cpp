// `sklaws theory` quantities of the Pitman-Yor knowledge model (docs/theory.md
// §3, K1–K7). Each one reads its options, evaluates the theory/ function
// under the precision policy of theory_format.hpp and echoes its inputs as
// typed.
#include "theory_format.hpp"
#include "theory_quantity.hpp"

#include <sklaws/theory/pitman_yor.hpp>

namespace sklaws::cli {
namespace {

// Options as typed, validated: a bad number is a UsageError naming --option.
struct KnowledgeInputs {
    std::string alpha, beta, n;
};

KnowledgeInputs read_alpha_beta(const ParsedOptions& args, TheoryResult& result) {
    KnowledgeInputs in;
    in.alpha = args.required_text("alpha");
    in.beta = args.required_text("beta");
    parse_real(in.alpha, "--alpha");
    parse_real(in.beta, "--beta");
    result.inputs["alpha"] = in.alpha;
    result.inputs["beta"] = in.beta;
    return in;
}

std::string read_count(const ParsedOptions& args, const std::string& name, TheoryResult& result) {
    const std::string text = args.required_text(name);
    parse_count(text, "--" + name);
    result.inputs[name] = text;
    return text;
}

// A count input as Real (exact: built from the parsed integer; a count that
// double cannot hold, e.g. 999999999999999999, sends the evaluation to
// multiprecision instead of rounding j to n).
template <class Real>
Real count_input(const std::string& text, const std::string& option) {
    const std::uint64_t value = parse_count(text, option);
    if constexpr (std::is_same_v<Real, double>) {
        const double d = static_cast<double>(value);
        if (d >= 0x1p64 || static_cast<std::uint64_t>(d) != value) throw InexactDoubleInput{option};
        return d;
    } else {
        numerics::WorkingPrecision wider(numerics::mp_real::default_precision() + 20);
        return numerics::mp_real(value);
    }
}

// alpha, beta, n → Evaluation<Real>; shared by K1, K2, K7.
template <class Function>
TheoryQuantity alpha_beta_n_quantity(std::string name, std::string label, std::string summary, Function function) {
    return {name, label, summary, {alpha_input(), beta_input(), n_input()}, {{"value", summary}},
            [name, label, function](const ParsedOptions& args, unsigned digits) {
                TheoryResult result;
                result.label = label;
                const KnowledgeInputs in = read_alpha_beta(args, result);
                const std::string n = read_count(args, "n", result);
                result.outputs.push_back(evaluate_output("value", digits, [&](auto zero) {
                    using Real = decltype(zero);
                    return function(real_input<Real>(in.alpha, "--alpha"), real_input<Real>(in.beta, "--beta"),
                                    count_input<Real>(n, "--n"));
                }));
                return result;
            }};
}

const RegisterTheoryQuantity expected_tables{alpha_beta_n_quantity(
    "expected-tables", "K1", "E[K_n], expected number of distinct knowledge elements after n draws (Heaps)",
    [](const auto& a, const auto& b, const auto& n) { return theory::expected_tables_e(a, b, n); })};

const RegisterTheoryQuantity tables_variance{alpha_beta_n_quantity(
    "tables-variance", "K2", "Var[K_n], variance of the number of distinct knowledge elements",
    [](const auto& a, const auto& b, const auto& n) { return theory::tables_variance_e(a, b, n); })};

const RegisterTheoryQuantity p_new{alpha_beta_n_quantity(
    "p-new", "K7", "p_new(n), probability that draw n+1 needs an unseen knowledge element",
    [](const auto& a, const auto& b, const auto& n) { return theory::p_new_e(a, b, n); })};

const RegisterTheoryQuantity block_count{
    {"block-count", "K4", "E[M_{j,n}], expected number of elements seen exactly j times in n draws (Zipf)",
     {alpha_input(), beta_input(), n_input("draws n"), {"j", OptionKind::count, "times seen j, 1 <= j <= n"}},
     {{"value", "E[M_{j,n}]"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "K4";
         const KnowledgeInputs in = read_alpha_beta(args, result);
         const std::string n = read_count(args, "n", result);
         const std::string j = read_count(args, "j", result);
         result.outputs.push_back(evaluate_output("value", digits, [&](auto zero) {
             using Real = decltype(zero);
             return theory::expected_block_count_e(real_input<Real>(in.alpha, "--alpha"),
                                                   real_input<Real>(in.beta, "--beta"), count_input<Real>(n, "--n"),
                                                   count_input<Real>(j, "--j"));
         }));
         return result;
     }}};

const RegisterTheoryQuantity knowledge_entropy{
    {"knowledge-entropy", "K6", "E[H(W)] = psi(beta+1) - psi(1-alpha), entropy of the GEM weights (nats)",
     {alpha_input(), beta_input()}, {{"value", "E[H(W)], nats"}}, [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "K6";
         const KnowledgeInputs in = read_alpha_beta(args, result);
         result.outputs.push_back(evaluate_output("value", digits, [&](auto zero) {
             using Real = decltype(zero);
             return theory::knowledge_entropy_e(real_input<Real>(in.alpha, "--alpha"),
                                                real_input<Real>(in.beta, "--beta"));
         }));
         return result;
     }}};

const RegisterTheoryQuantity diversity_moment{
    {"diversity-moment", "K5", "E[S^p], p-th moment of the alpha-diversity S = lim K_n/n^alpha",
     {alpha_input(), beta_input(), {"p", OptionKind::real, "moment order p (real)"}}, {{"value", "E[S^p]"}}, [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "K5";
         const KnowledgeInputs in = read_alpha_beta(args, result);
         const std::string p = args.required_text("p");
         parse_real(p, "--p");
         result.inputs["p"] = p;
         result.outputs.push_back(evaluate_output("value", digits, [&](auto zero) {
             using Real = decltype(zero);
             return theory::diversity_moment_e(real_input<Real>(in.alpha, "--alpha"),
                                               real_input<Real>(in.beta, "--beta"), real_input<Real>(p, "--p"));
         }));
         return result;
     }}};

}  // namespace
}  // namespace sklaws::cli
