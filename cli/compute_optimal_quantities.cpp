// `sklaws theory compute-optimal` (X1, docs/theory.md): the split of a
// compute budget F = C·N between capacity C and data N that minimises
// E + A_M C^{−a_M} + A_D N^{−a_D}, from the two exponents or from α alone
// (a_D = 1 − α, a_M = (1 − α)/α), with the amplitudes given. Formula,
// method and accuracy: theory/compute_optimal.hpp. Precision policy:
// theory_format.hpp (double when every input is exactly a double, else and
// for D > 15 multiprecision from the text as typed).
#include "theory_format.hpp"
#include "theory_quantity.hpp"

#include <sklaws/theory/compute_optimal.hpp>

namespace sklaws::cli {
namespace {

struct SplitInputs {
    bool from_alpha = false;
    std::string alpha, model_exponent, data_exponent, model_amplitude, data_amplitude, compute;
};

template <class Real>
theory::ComputeOptimal<Real> split(const SplitInputs& in) {
    const Real A_M = real_input<Real>(in.model_amplitude, "--model-amplitude");
    const Real A_D = real_input<Real>(in.data_amplitude, "--data-amplitude");
    const Real F = real_input<Real>(in.compute, "--compute");
    if (in.from_alpha) return theory::compute_optimal_from_alpha_e<Real>(real_input<Real>(in.alpha, "--alpha"), A_M, A_D, F);
    return theory::compute_optimal_e<Real>(real_input<Real>(in.model_exponent, "--model-exponent"), A_M,
                                           real_input<Real>(in.data_exponent, "--data-exponent"), A_D, F);
}

const RegisterTheoryQuantity compute_optimal{
    {"compute-optimal", "X1",
     "compute-optimal split of a budget F = C N between capacity C and data N for L = E + A_M C^-a_M + A_D N^-a_D: "
     "C* = G F^(a_D/(a_M+a_D)), N* = F/C*, G = (a_M A_M/(a_D A_D))^(1/(a_M+a_D)), the reducible loss there and the "
     "exponents of F (C* ~ F^x, N* ~ F^y, L* - E ~ F^-z); from --model-exponent and --data-exponent, or from --alpha (a_D = 1 - alpha, a_M = (1 - alpha)/alpha)",
     {{"compute", OptionKind::real, "compute budget F = C N > 0 (fold any constant, e.g. FLOPs = 6 N D, into F)"},
      {"model-amplitude", OptionKind::real, "A_M > 0, the capacity term's amplitude"},
      {"data-amplitude", OptionKind::real, "A_D > 0, the data term's amplitude"},
      {"alpha", OptionKind::real, "Pitman-Yor discount 0 < alpha < 1 (instead of the two exponents)", false},
      {"model-exponent", OptionKind::real, "model exponent a_M > 0 (with --data-exponent)", false},
      {"data-exponent", OptionKind::real, "data exponent a_D > 0 (with --model-exponent)", false}},
     {{"capacity", "compute-optimal capacity C*"},
      {"data", "compute-optimal data N* = F / C*"},
      {"reducible-loss", "L* - E at the optimum"},
      {"capacity-compute-exponent", "exponent of F in C*"},
      {"data-compute-exponent", "exponent of F in N*"},
      {"loss-compute-exponent", "exponent of F in L* - E"}},
     [](const ParsedOptions& args, unsigned digits) {
         TheoryResult result;
         result.label = "X1";
         SplitInputs in;
         in.compute = read_real_text(args, "compute", result);
         in.model_amplitude = read_real_text(args, "model-amplitude", result);
         in.data_amplitude = read_real_text(args, "data-amplitude", result);
         const bool exponents = args.has("model-exponent") || args.has("data-exponent");
         in.from_alpha = args.has("alpha");
         if (in.from_alpha == exponents || (exponents && !(args.has("model-exponent") && args.has("data-exponent"))))
             throw UsageError("compute-optimal needs either --alpha or both --model-exponent and --data-exponent");
         if (in.from_alpha) {
             in.alpha = read_real_text(args, "alpha", result);
         } else {
             in.model_exponent = read_real_text(args, "model-exponent", result);
             in.data_exponent = read_real_text(args, "data-exponent", result);
         }
         result.outputs.push_back(evaluate_output("capacity", digits, [&](auto zero) {
             return split<decltype(zero)>(in).capacity;
         }));
         result.outputs.push_back(evaluate_output("data", digits, [&](auto zero) { return split<decltype(zero)>(in).data; }));
         result.outputs.push_back(evaluate_output("reducible-loss", digits, [&](auto zero) {
             return split<decltype(zero)>(in).reducible_loss;
         }));
         result.outputs.push_back(evaluate_output("capacity-compute-exponent", digits, [&](auto zero) {
             return split<decltype(zero)>(in).capacity_exponent;
         }));
         result.outputs.push_back(evaluate_output("data-compute-exponent", digits, [&](auto zero) {
             return split<decltype(zero)>(in).data_exponent;
         }));
         result.outputs.push_back(evaluate_output("loss-compute-exponent", digits, [&](auto zero) {
             return split<decltype(zero)>(in).loss_exponent;
         }));
         return result;
     }}};

}  // namespace
}  // namespace sklaws::cli
