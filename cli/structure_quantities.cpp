// `sklaws theory structure-function` (KS1, docs/theory.md §3): the expected
// structure function h(c) of the Syntax-Knowledge model, vertex by vertex of
// its lower convex envelope, with where the syntax enters the order.
//
// KS1's exact parts (E H(θ), E[H(W)], and for 0 < α < 1 the tail masses
// E[T_j] and ranked weights E[W_(j)] from M2) come from theory/; only
// E[T_j H_j] of the top-j policies (no closed form) comes from
// stick-breaking Monte Carlo (validation::estimate_ranked_tails: no
// truncation, the remainder by its conditional mean), with the bound z·SE
// (α = 0, outside M2: E[T_j] too). So h carries that bound (a z-sigma
// statement, not a certainty), and its digits are those it shows; the same
// seed gives the same bytes for any thread count. Cost: the sticks each
// replicate instantiates until the top J are certain, which grows fast with
// beta (about 0.02 s per replicate at alpha 0.5, beta 100, J = 8, and
// minutes for beta = 1000).
#include "theory_format.hpp"
#include "theory_quantity.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/structure_function.hpp>
#include <sklaws/validation/structure_function_estimators.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::cli {
namespace {

const RegisterTheoryQuantity structure_function{
    {"structure-function", "KS1",
     "expected structure function h(c) of the Syntax-Knowledge model: the least expected code length of N sentences "
     "with a model of at most c nats, at each vertex of its lower convex envelope (c, h, stored elements, syntax "
     "stored, slope, integer-optimum gap, E[T_j]), and where the syntax enters the order; E[T_j] exact (M2), E[T_j H_j] by "
     "Monte Carlo",
     {alpha_input(), beta_input(), {"n", OptionKind::real, "sentences N >= 2"},
      {"templates", OptionKind::count, "templates S >= 2"},
      {"prior", OptionKind::real, "Dirichlet prior a > 0"},
      {"names", OptionKind::real, "names M >= 1"},
      {"values", OptionKind::real, "values V >= 1 (M V >= 2)"},
      {"kappa-syntax", OptionKind::real, "cost of storing theta, nats (default (d/2) ln N)", false},
      {"kappa-element", OptionKind::real, "cost of storing one element, nats (default ln M + ln V + ln(N)/2)", false},
      {"elements", OptionKind::count, "largest number of stored elements J considered (default 16, <= 4096; ~0.5 ms each for M2)", false},
      {"replicates", OptionKind::count, "Monte Carlo replicates of the tails (default 400)", false},
      {"seed", OptionKind::count, "Monte Carlo seed (default 1)", false},
      {"z", OptionKind::real, "the tails' bound in standard errors (default 3)", false}},
     {{"syntax-gain", "G_syn = N (ln S - E H(theta)), nats (the envelope's vertices are in --json's \"points\")"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "KS1";
         theory::StructureFunctionModel model;
         model.knowledge.alpha = read_real(args, "alpha", result);
         model.knowledge.beta = read_real(args, "beta", result);
         model.sentences = read_real(args, "n", result);
         const std::string templates = args.required_text("templates");
         model.templates = static_cast<unsigned>(parse_count(templates, "--templates", 1'000'000));
         result.inputs["templates"] = templates;
         model.prior = read_real(args, "prior", result);
         model.names = read_real(args, "names", result);
         model.values = read_real(args, "values", result);
         if (args.has("kappa-syntax")) model.kappa_syntax = read_real(args, "kappa-syntax", result);
         if (args.has("kappa-element"))
             model.kappa_element = read_real(args, "kappa-element", result);
         model.validate();
         const std::uint64_t J = args.count_or("elements", 16, 4096);
         const std::uint64_t replicates = args.count_or("replicates", 400, 100'000'000);
         const double z = args.real_or("z", 3.0);
         numerics::require(J >= 1, "elements", J, "J >= 1");
         numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
         numerics::require(z >= 1, "z", z, "z >= 1");
         validation::RunOptions run;
         run.seed = args.count_or("seed", 1);
         result.inputs["elements"] = J;
         result.inputs["replicates"] = replicates;
         result.inputs["seed"] = run.seed;
         result.inputs["z"] = z;
         result.inputs["kappa-syntax"] = model.syntax_cost();
         result.inputs["kappa-element"] = model.element_cost();
         const auto tails = validation::estimate_ranked_tails(model.knowledge, J, replicates, run);
         const auto inputs = validation::tail_expectations(tails, z, model.knowledge);
         const auto h = theory::structure_function(model, inputs);
         nlohmann::ordered_json points = nlohmann::ordered_json::array();
         for (const auto& p : h.points) {
             const auto& mass = inputs.tail_mass[p.stored_elements];
             nlohmann::ordered_json weight = nullptr;  // E[W_(j)] of the last element stored (exact, M2)
             if (p.stored_elements > 0 && !inputs.ranked_weight.empty())
                 weight = inputs.ranked_weight[p.stored_elements - 1].val;
             points.push_back({{"c", p.cost},
                               {"h", p.length.val},
                               {"h_err", p.length.err},
                               {"h_digits", static_cast<long>(std::min(p.length.digits(), double(digits)))},
                               {"stored_elements", p.stored_elements},
                               {"syntax_stored", p.syntax_stored},
                               {"slope", p.slope},
                               {"integer_gap", p.integer_gap},
                               {"tail_mass", mass.val},
                               {"tail_mass_digits", static_cast<long>(std::min(mass.err == 0 ? 15.0 : mass.digits(), 15.0))},
                               {"last_weight", weight}});
         }
         // KS1's exact part: the syntax gain G_syn = N (ln S − E H(θ)), E H(θ) = ψ(Sa+1) − ψ(a+1) (S1).
         const std::string n_text = args.required_text("n"), prior_text = args.required_text("prior");
         result.outputs.push_back(evaluate_output("syntax-gain", digits, [&](auto zero) {
             using Real = decltype(zero);
             using std::abs;
             using std::log;
             const Real N = real_input<Real>(n_text, "--n");
             const auto H = theory::syntax_entropy_rate_e<Real>(model.templates, real_input<Real>(prior_text, "--prior"));
             const Real gap = Real(log(Real(model.templates))) - H.val;
             const Real value = N * gap;
             const Real u = numerics::unit_roundoff<Real>();
             return numerics::Evaluation<Real>{value, abs(N) * (H.err + 4 * u * (abs(gap) + abs(H.val))) + 2 * u * abs(value)};
         }));
         result.extra["points"] = points;
         result.extra["syntax_first"] = h.syntax_first;
         result.extra["elements_before_syntax"] = h.elements_before_syntax;
         result.extra["crossover_condition"] = h.crossover_condition;
         result.extra["syntax_gain_per_nat"] = h.syntax_gain_per_nat;
         result.extra["top_element_gain_per_nat"] = h.top_element_gain_per_nat;
         result.extra["truncated"] = h.truncated;
         result.extra["tails"] = inputs.tail_mass_exact
                                     ? "E[T_j] and E[W_(j)] exact (M2); E[T_j H_j] Monte Carlo, bound z*SE"
                                     : "E[T_j] and E[T_j H_j] Monte Carlo, bound z*SE (alpha = 0 is outside M2)";
         return result;
     }}};

}  // namespace
}  // namespace sklaws::cli
