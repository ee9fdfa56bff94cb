// Monte Carlo of fine-tuning a model stored at capacity (docs/theory.md F1).
//
// Old knowledge W ~ PY(α, β) and new knowledge W' ~ PY(α, β) (independent).
// Before fine-tuning the model stores the C heaviest old elements.
// Fine-tuning draws n tokens from the mixture: with probability λ a new
// element k ~ W', else an old one k ~ W; afterwards the model stores the C
// elements with the largest mixture counts (ties favour old elements, then
// the one seen first; capacity_storage.hpp). learned = new elements stored;
// forgotten = previously stored old elements no longer stored. F1 is the
// n → ∞ limit of this count-based learner; per replicate the estimator also
// evaluates theory::fine_tuning_outcome on the same replicate's true
// weights, so the comparison is paired.
//
// The weights are the top K ranked old and new ones (ranked_list: the
// ranked-weight sampler for α > 0, O(K) memory where stick-breaking to the
// storage threshold needed ~C^{1/(1−α)} sticks; sorted sticks for α = 0),
// merged into the ranked mixture weights; K is doubled until the C heaviest
// old elements and every new one F1 could store are listed, and the bound B
// on unlisted elements displacing stored ones is ≤ 1e-6. The counts are
// multinomial in rank order (conditional binomials: O(K), not O(n)).
#pragma once

#include "monte_carlo.hpp"

#include <sklaws/theory/pitman_yor_parameters.hpp>
#include <sklaws/validation/capacity_storage.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::validation {

struct FineTuningEstimate {
    double lambda = 0.0;
    Estimate learned;            // simulated learner, n tokens
    Estimate forgotten;
    Estimate predicted_learned;  // F1 on the same weights
    Estimate predicted_forgotten;
    Estimate learned_difference; // paired: learned − predicted_learned
    Estimate forgotten_difference;
    double displacement_bound = 0;  // mean B per replicate: bounds the bias of learned and forgotten
    double mean_listed = 0;         // mean ranked weights listed per replicate (old and new)
};

// The capacity learner's options per list (K from 2C, at most 2^21 per list).
CountLearnerOptions fine_tuning_learner_options(std::size_t capacity);

std::vector<FineTuningEstimate> estimate_fine_tuning(const theory::PitmanYorParameters& params, std::uint64_t capacity,
                                                     std::uint64_t n, const std::vector<double>& lambdas,
                                                     std::size_t replicates, const RunOptions& options);

}  // namespace sklaws::validation
