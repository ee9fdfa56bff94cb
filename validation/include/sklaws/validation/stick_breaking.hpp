// GEM(α, β) stick-breaking weights and exact sampling from W (docs/theory.md §2, §4).
//
//   V_j ~ Beta(1 − α, β + jα) independently,   W_j = V_j Π_{i<j} (1 − V_i).
//
// GEM(α, β) is the law of the PY(α, β) atom weights listed in order of
// appearance (size-biased order). GemWeights uses exactly that reading, which
// makes sampling exact without truncation and with finite work:
//   a draw is an already-discovered atom j < D with probability W_j, and the
//   next undiscovered atom (index D, in order of appearance) with the
//   remaining probability 1 − Σ_{j<D} W_j = Π_{j<D}(1 − V_j).
// Given the sticks, the D-th atom to appear is a size-biased pick from the
// atoms not yet seen, whose normalised weight is Beta(1 − α, β + (D+1)α)
// independent of the past — which is V_{D+1}, so the (0-based) stick D is
// exactly its weight. A uniform u is compared with the prefix sums of the
// discovered weights (binary search, O(log D)); if it lands in the remaining
// mass, the next stick is instantiated lazily (if weight() has not already)
// and becomes atom D. Nothing is ever truncated and renormalised: at α = 0.8
// the mass beyond the first 10^6 sticks is still ≈ 3%.
//
// Why not index order with "extend until u is covered": covering a uniform
// with 1 − u = ε needs J sticks with Π(1−V) < ε, and Π(1−V) decays like
// J^{−(1−α)/α}; at α = 0.8 that is J ≈ ε^{−4} sticks — 10^24 for ε = 10^−6.
//
// Consequence for users: atom labels are in order of appearance (the first
// draw is atom 0, like CRP table 0), and weight(j) is the true weight of the
// j-th atom to appear. The joint law of (weights, draws) is exact.
//
// Determinism: sticks come from their own RandomStream(seed, stream), so
// weight(j) does not depend on how many draws were made; sample() consumes
// exactly one uniform of the caller's stream.
#pragma once

#include <sklaws/numerics/random_stream.hpp>
#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sklaws::validation {

class GemWeights {
public:
    GemWeights(theory::PitmanYorParameters params, std::uint64_t seed, std::uint64_t stream);

    // W_j (0-based), instantiating sticks up to j if needed.
    double weight(std::size_t j);

    // One exact draw from W; returns the atom index in order of appearance.
    std::size_t sample(numerics::RandomStream& rng);

    // 1 − Σ of the instantiated weights, as the product Π(1 − V_j) (accurate
    // even when it is tiny).
    double remaining_mass() const { return remaining_; }
    std::size_t instantiated() const { return weights_.size(); }
    // Atoms drawn at least once so far (they are atoms 0..discovered()−1).
    std::size_t discovered() const { return discovered_; }
    // Probability that the next draw is a new atom: Π_{j<D}(1 − V_j).
    double undiscovered_mass() const;

    const theory::PitmanYorParameters& parameters() const { return params_; }

private:
    void extend();

    theory::PitmanYorParameters params_;
    numerics::RandomStream stick_rng_;
    std::vector<double> weights_;
    std::vector<double> prefix_;     // prefix_[j] = W_0 + ... + W_j
    std::vector<double> remaining_after_;  // remaining_after_[j] = Π_{i≤j}(1 − V_i)
    double remaining_ = 1.0;
    std::size_t discovered_ = 0;
};

// About how many sticks stick-breaking instantiates before the remaining mass
// Π_{j≤J}(1 − V_j) falls below `level` (0 < level < 1): the J at which its
// expectation, Π_{j≤J} (j + β/α)/(j + (β+1)/α − 1) (independent Betas), equals
// `level` — for resource estimates of estimators that extend the sticks until
// every weight above a level is instantiated (it grows like
// level^{−α/(1−α)}: at α = 0.9 a level of 1e-6 needs ~1e54 sticks). Returns
// +inf past 1e300.
double gem_sticks_to_level(const theory::PitmanYorParameters& params, double level);

// Occurrence counts of n tokens drawn from W: counts[j] = times atom j was
// drawn (atoms in order of discovery; the vector ends at the last atom seen).
// Consumes exactly the draws of n gem.sample(rng) calls.
std::vector<std::uint64_t> token_counts(GemWeights& gem, std::uint64_t n, numerics::RandomStream& rng);

}  // namespace sklaws::validation
