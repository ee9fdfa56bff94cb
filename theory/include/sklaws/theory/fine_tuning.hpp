// Fine-tuning a model stored at capacity on a mixture with new knowledge (F1).
//
// F1 (docs/theory.md §3): a model of capacity C stores the C heaviest old elements.
// Fine-tuning data mix a fraction λ of new knowledge (weights w_new, summing to
// ≤ 1) with 1−λ of old (weights w_old). The model again stores the C heaviest
// elements of the mixture, whose weights are (1−λ)w_old and λ w_new: a new
// element is learned iff λ w_new beats the weakest stored old element
// (1−λ) W_(C), and every new element learned displaces (forgets) the rarest
// stored old one, so learned = forgotten whenever the old list fills the
// capacity. The λ at which a new element of weight v enters against a stored
// old element of weight u is λ* = u/(u + v) (the break-even of λv = (1−λ)u).
// Ties are resolved in favour of the old (stored) element.
// Forgotten old mass × (ln M + ln V) is the loss increase on old data; learned
// new mass × (ln M + ln V) the loss decrease on new data.
// Syntax/format changes cost O(d log n) nats (S2) and are learned from few examples.
//
// Domain: weights ≥ 0 finite, 0 ≤ λ ≤ 1, C ≥ 0. Exact (sorting), O((K+K') log).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace sklaws::theory {

struct FineTuningOutcome {
    std::size_t learned = 0;     // new elements stored after fine-tuning
    std::size_t forgotten = 0;   // old elements stored before, dropped after
    double learned_mass = 0;     // Σ w_new over learned (in new-data weight)
    double forgotten_mass = 0;   // Σ w_old over forgotten (in old-data weight)
};

FineTuningOutcome fine_tuning_outcome(std::span<const double> old_weights, std::span<const double> new_weights,
                                      std::size_t capacity, double lambda);

// Outcomes at each λ in `lambdas` (the curve of facts learned/forgotten vs λ).
std::vector<FineTuningOutcome> fine_tuning_curve(std::span<const double> old_weights,
                                                 std::span<const double> new_weights, std::size_t capacity,
                                                 std::span<const double> lambdas);

// λ* = u/(u+v): smallest mixture fraction at which a new element of weight v
// displaces a stored old element of weight u (u, v ≥ 0, not both 0).
double fine_tuning_break_even(double old_weight, double new_weight);

}  // namespace sklaws::theory
