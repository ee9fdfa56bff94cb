// Monte Carlo of fine-tuning a model stored at capacity (docs/theory.md F1).
//
// Old knowledge W ~ GEM(α, β) and new knowledge W' ~ GEM(α, β) (independent
// sticks). Before fine-tuning the model stores the C heaviest old elements.
// Fine-tuning draws n tokens from the mixture: with probability λ a new
// element k ~ W', else an old one k ~ W; afterwards the model stores the C
// elements with the largest mixture counts (ties favour old elements).
// learned = new elements stored; forgotten = previously stored old elements
// no longer stored. F1 is the n → ∞ limit of this count-based learner; per
// replicate the estimator also evaluates theory::fine_tuning_outcome on the
// same replicate's true weights (all weights that can matter are
// instantiated: sticks are extended until every uninstantiated weight is
// below the storage threshold), so the comparison is paired.
#pragma once

#include "monte_carlo.hpp"

#include <sklaws/theory/pitman_yor_parameters.hpp>

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
};

std::vector<FineTuningEstimate> estimate_fine_tuning(const theory::PitmanYorParameters& params, std::uint64_t capacity,
                                                     std::uint64_t n, const std::vector<double>& lambdas,
                                                     std::size_t replicates, const RunOptions& options);

}  // namespace sklaws::validation
