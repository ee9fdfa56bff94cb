// The structure function of the Syntax-Knowledge model (KS1): the least
// expected code length of X^N with a model of at most c nats, and the order
// in which syntax and knowledge enter the model.
//
// KS1 (docs/theory.md §3). A two-part code stores a model and codes the data
// with it. The model may store the syntax θ (cost κ_syn, default (d/2) ln N,
// d = S − 1) and the j heaviest knowledge elements (cost κ_el each, default
// ln M + ln V + ½ ln N: label, value, weight). Per sentence the data then cost
//   template:  ln S without θ, −ln θ_s with it          (expected H(θ));
//   knowledge: −ln W_k for a stored element, −ln T + ln M + ln V for an
//              unstored one (T = T_j the mass not stored),
// so the expected code length of the data with (syntax s ∈ {0,1}, j elements) is
//   L(s, j) = N·[s·E H(θ) + (1 − s) ln S + ℓ(j)],
//   ℓ(j)    = E[H(W)] + ln(MV)·E[T_j] − E[T_j H_j],
// H_j the entropy of the normalised tail (W_(i)/T_j)_{i>j} (so T_j H_j =
// T_j ln T_j − Σ_{i>j} W_(i) ln W_(i) ≥ 0; ℓ(0) = ln MV). Parts and how they
// are known:
//   E H(θ) = ψ(Sa+1) − ψ(a+1)      exact (S1's entropy rate);
//   E[H(W)] = ψ(β+1) − ψ(1−α)      exact (K6);
//   E[T_j]                          exact from M2 (exact_ranked_tails:
//                                   tail_mass_e, ≥ 13 digits with its bound,
//                                   0 < α < 1; tail_mass_exact = true), or
//                                   Monte Carlo where M2 does not apply
//                                   (α = 0);
//   E[W_(i)] = E[T_{i−1}] − E[T_i]  exact from M2 (ranked_weight_mean_e, no
//                                   difference taken), the expected weight of
//                                   the i-th element stored;
//   E[T_j H_j] = E[T_j ln T_j] − E[Σ_{i>j} W_(i) ln W_(i)]
//                                   Monte Carlo (validation::
//                                   estimate_ranked_tails), with its SE:
//                                   no closed form is known for the ranked
//                                   tail's Σ W ln W. The same sampler's T_j
//                                   are z-tested against M2's exact E[T_j]
//                                   (experiment structure-function), which
//                                   checks the draws the MC part rests on.
// Every element costs the same, so the j stored are the j heaviest (a swap
// for a heavier one never increases ℓ while storing gains at all); the
// structure function h(c) = min{L(s, j) : s κ_syn + j κ_el ≤ c} is taken
// over these policies, fixed before the data: "least expected code length".
//
// Its lower convex envelope (the fractional optimum) takes items in
// decreasing gain per nat: the syntax, gain G_syn = N(ln S − E H(θ)) for
// κ_syn, and the elements, gain g_j = N(ℓ(j−1) − ℓ(j)) each for κ_el, in rank
// order (their gains are made non-increasing by the lower convex hull of
// (jκ_el, Nℓ(j)) should estimates not be). h is then convex, piecewise linear
// with slope −(gain/cost) of the next item; at every vertex the envelope and
// the integer optimum coincide, and between vertices the integer optimum is
// above the envelope by less than the gain of the item being added (the
// result states that bound). Storing stops where the next gain is ≤ 0: an
// element lighter than about T/(e·MV) costs more stored (−ln W) than coded
// as unstored.
//
// Where θ enters is computed, not assumed: syntax comes first exactly when
// G_syn/κ_syn > g_1/κ_el (the heaviest element's gain per nat); in general θ
// enters after the elements whose gain per nat exceeds G_syn/κ_syn. Strong
// syntactic regularity (small a, many sentences) and a flat knowledge
// distribution (large β) put it first, as the paper says; a weak syntax and
// a heavy top element (small β, large a) put elements before it.
//
// Domain: S ≥ 2, a > 0, N ≥ 2 sentences, PY(α, β), M, V ≥ 1 with M·V ≥ 2,
// κ_syn, κ_el > 0; tails for j = 0..J with E[T_0] = 1, E[T_0 H_0] = E[H(W)]
// given by the caller (at least J = 1). If the gains are still positive at
// j = J the curve ends there and `truncated` says so. Accuracy: each h carries
// the error bound of its exact parts plus the caller's bounds (SEs) of the
// tail expectations, multiplied by N.
#pragma once

#include "pitman_yor_parameters.hpp"

#include <sklaws/numerics/evaluation.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace sklaws::theory {

struct StructureFunctionModel {
    unsigned templates = 4;      // S
    double prior = 1.0;          // a
    double sentences = 1e6;      // N
    PitmanYorParameters knowledge;
    double names = 1e3;          // M
    double values = 1e3;         // V
    std::optional<double> kappa_syntax;   // default (d/2) ln N
    std::optional<double> kappa_element;  // default ln M + ln V + ½ ln N

    double syntax_cost() const;
    double element_cost() const;
    void validate() const;
};

// E[T_j] and E[T_j H_j] for j = 0..J, each with its bound (or SE).
struct RankedTailExpectations {
    std::vector<numerics::Evaluation<double>> tail_mass;     // E[T_j]
    std::vector<numerics::Evaluation<double>> tail_entropy;  // E[T_j H_j]
    // E[W_(i)] for i = 1..J when known exactly (M2), else empty.
    std::vector<numerics::Evaluation<double>> ranked_weight;
    bool tail_mass_exact = false;     // M2 (true) or Monte Carlo
    bool tail_entropy_exact = false;  // Monte Carlo (no closed form known)
};

// M2's exact part of KS1's inputs: E[T_j] for j = 0..J (E[T_0] = 1 exactly)
// and E[W_(i)] for i = 1..J, each in double with its bound (tail_mass_e,
// ranked_weight_mean_e: ≥ 13 digits, recomputed in multiprecision where the
// double bound shows fewer). Domain: 0 < α < 1, β > −α, 1 ≤ J ≤ 1e12.
// Cost ~0.1–0.3 ms per j (two M2 quadratures).
struct ExactRankedTails {
    std::vector<numerics::Evaluation<double>> tail_mass;      // j = 0..J
    std::vector<numerics::Evaluation<double>> ranked_weight;  // i = 1..J (index i − 1)
};
ExactRankedTails exact_ranked_tails(const PitmanYorParameters& knowledge, std::size_t J);

struct StructurePoint {
    double cost = 0;                      // c, the model's nats at this vertex
    numerics::Evaluation<double> length;  // h(c), nats (envelope = integer optimum here)
    std::size_t stored_elements = 0;      // j
    bool syntax_stored = false;
    double slope = 0;        // −(gain per nat) of the segment that starts here (0 after the last)
    double integer_gap = 0;  // bound on integer optimum − envelope inside that segment
};

struct StructureFunction {
    std::vector<StructurePoint> points;  // vertices in increasing c, from c = 0
    double syntax_gain = 0;              // G_syn
    double syntax_gain_per_nat = 0;      // G_syn/κ_syn
    double top_element_gain_per_nat = 0; // g_1/κ_el
    // KS1's crossover condition, G_syn/κ_syn > g_1/κ_el; it decides the
    // order (syntax_first) whenever the element gains do not increase.
    bool crossover_condition = false;
    std::size_t elements_before_syntax = 0;  // θ's position in the computed order
    bool syntax_first = false;               // elements_before_syntax == 0
    bool truncated = false;              // gains still positive at j = J
};

StructureFunction structure_function(const StructureFunctionModel& model, const RankedTailExpectations& tails);

// The same envelope for given per-sentence costs: the template cost without
// and with θ (ln S, and H(θ) — its expectation for KS1, a realisation's for
// Monte Carlo), the knowledge cost ℓ(j) for j = 0..J, N, κ_syn and κ_el.
struct TwoPartCosts {
    double sentences = 0;
    double template_cost = 0;                           // ln S
    numerics::Evaluation<double> template_cost_syntax;  // (E) H(θ)
    std::vector<numerics::Evaluation<double>> knowledge;  // ℓ(j), j = 0..J (J ≥ 1)
    double kappa_syntax = 0, kappa_element = 0;
};
StructureFunction structure_envelope(const TwoPartCosts& costs);

// The integer optimum at budget c: min over s, j with s κ_syn + j κ_el ≤ c
// (j ≤ J) of N[template cost + ℓ(j)] — exact for these policies.
struct IntegerOptimum {
    double length = 0;
    std::size_t stored_elements = 0;
    bool syntax_stored = false;
};
IntegerOptimum structure_integer_optimum(const TwoPartCosts& costs, double budget);

// The envelope's value at any budget c ≥ 0 (linear between vertices, flat after the last).
double structure_envelope_at(const StructureFunction& envelope, double budget);

// ℓ(j) of the file comment, per token, for j = 0..J.
std::vector<numerics::Evaluation<double>> knowledge_code_length(const StructureFunctionModel& model,
                                                                const RankedTailExpectations& tails);

}  // namespace sklaws::theory
