// Monte Carlo for KS1, the structure function of the Syntax-Knowledge model
// (docs/theory.md §3, theory/structure_function.hpp).
//
// Ranked tails. W ~ GEM(α, β) (GemWeights, stream stick_stream(r)); sticks
// are instantiated until the uninstantiated mass R is at most the J-th
// largest instantiated weight, so the top J are the true top J (every
// uninstantiated atom is ≤ R). Per replicate, for j = 0..J,
//   T_j = Σ_{i>j} W_(i)  (R included exactly),
//   T_j H_j = T_j ln T_j − Σ_{i>j} W_(i) ln W_(i),
// where the uninstantiated atoms' Σ W ln W is replaced by its conditional
// mean given the sticks, R ln R − R(ψ(β + nα + 1) − ψ(1 − α)) (they are R
// times a GEM(α, β + nα) after n sticks; K6): unbiased, and with no
// truncation. Means and SEs over replicates give E[T_j] and E[T_j H_j].
//
// Structure function. One replicate draws θ ~ Dirichlet(a·1_S) and W as
// above and forms the realised per-sentence costs: ln S, H(θ), and
//   ℓ_r(j) = −Σ_{i≤j} W_(i) ln W_(i) + T_j (ln M + ln V − ln T_j).
// At each budget c of a given list it records
//   * the code length of a fixed policy (s, j) per budget — KS1's vertices —
//     whose mean is z-tested against KS1's h at that vertex;
//   * the realisation's integer optimum over (s, j) (structure_integer_optimum)
//     and its convex envelope (structure_envelope): their means show what a
//     model that adapts its storage to the realisation gains over KS1's fixed
//     policies (E[min] ≤ min E, equal when θ's position in the order is the
//     same in every realisation);
//   * the largest (integer − envelope)/(gain of the envelope's segment) over
//     the budgets, which KS1 bounds by 1;
//   * whether θ's position differs from a given reference position.
// Replicate r draws from RandomStream(seed, r): bit-identical for any thread
// count.
#pragma once

#include "monte_carlo.hpp"

#include <sklaws/theory/structure_function.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sklaws::validation {

struct RankedTailsEstimate {
    std::vector<Estimate> tail_mass;     // E[T_j], j = 0..J
    std::vector<Estimate> tail_entropy;  // E[T_j H_j]
    std::vector<double> tail_log_sd;     // sample SD of ln T_j over the replicates (skewed_mean_check)
    double mean_sticks = 0;              // sticks instantiated per replicate
};

RankedTailsEstimate estimate_ranked_tails(const theory::PitmanYorParameters& params, std::size_t J,
                                          std::size_t replicates, const RunOptions& options,
                                          std::uint64_t stream_offset = 0);

// KS1's tail inputs from a Monte Carlo estimate, each bound = z·SE
// (a ~z-sigma statement, not a certainty; z ≥ 1).
theory::RankedTailExpectations tail_expectations(const RankedTailsEstimate& estimate, double z);

// KS1's tail inputs with M2's exact part: for 0 < α < 1, E[T_j] and E[W_(i)]
// from theory::exact_ranked_tails (tail_mass_exact = true) and only
// E[T_j H_j] from the estimate (bound z·SE); for α = 0 (outside M2) both
// from the estimate, as above.
theory::RankedTailExpectations tail_expectations(const RankedTailsEstimate& estimate, double z,
                                                 const theory::PitmanYorParameters& knowledge);

// One budget and the fixed policy to record there.
struct StructureBudget {
    double cost = 0;
    std::size_t stored_elements = 0;
    bool syntax_stored = false;
};

struct StructureFunctionEstimate {
    std::vector<Estimate> policy_length;    // per budget: E[N(template cost + ℓ_r(j))] of its policy
    std::vector<Estimate> optimal_length;   // E[realised integer optimum]
    std::vector<Estimate> envelope_length;  // E[realised envelope]
    double worst_gap_ratio = 0;             // max (integer − envelope)/segment gain, over replicates and budgets
    double order_differs = 0;               // fraction of replicates whose θ position ≠ reference
    Estimate elements_before_syntax;        // E[θ's position] in the realised order
    // policy_length corrected by control variates of exact mean (when
    // tail_mass_means is given): the replicate's tail mass T_j of the
    // budget's j (E[T_j] from M2) and H(θ) (E[H(θ)] = ψ(Sa+1) − ψ(a+1)):
    // a policy's code length is N(template cost + head + T_j(ln MV − ln T_j)),
    // so they carry most of its variance (control_variate.hpp); the plain
    // mean where they would explain all of it (variance ratio 1 then). Empty
    // without tail_mass_means; the variance ratio left, per budget.
    std::vector<Estimate> policy_length_controlled;
    std::vector<double> policy_variance_ratio;
};

// tail_mass_means: E[T_j], j = 0..J, exact (M2), or null for no control.
StructureFunctionEstimate estimate_structure_function(const theory::StructureFunctionModel& model, std::size_t J,
                                                      const std::vector<StructureBudget>& budgets,
                                                      std::size_t reference_position, std::size_t replicates,
                                                      const RunOptions& options,
                                                      const std::vector<double>* tail_mass_means = nullptr);

// The exact optimum over every subset of the given elements (weights sorted
// or not, at most 16) and the syntax, under budget c: for checking that the
// top-j policies KS1 optimises over contain the optimum.
double two_part_knapsack_exact(const std::vector<double>& weights, double remaining_mass, double log_s,
                               double syntax_entropy, const theory::StructureFunctionModel& model, double budget);

}  // namespace sklaws::validation
