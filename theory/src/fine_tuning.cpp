// F1 (see fine_tuning.hpp).
#include <sklaws/theory/fine_tuning.hpp>

#include <sklaws/numerics/errors.hpp>

#include <algorithm>
#include <numeric>

namespace sklaws::theory {

namespace {

void validate_weights(const char* name, std::span<const double> weights) {
    for (double w : weights) {
        numerics::require_finite(name, w);
        numerics::require(w >= 0, name, w, "weights >= 0");
    }
}

// Indices of `weights` in decreasing weight, ties by index (deterministic).
std::vector<std::size_t> ranked(std::span<const double> weights) {
    std::vector<std::size_t> order(weights.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return weights[i] > weights[j]; });
    return order;
}

}  // namespace

FineTuningOutcome fine_tuning_outcome(std::span<const double> old_weights, std::span<const double> new_weights,
                                      std::size_t capacity, double lambda) {
    validate_weights("old_weights", old_weights);
    validate_weights("new_weights", new_weights);
    numerics::require_finite("lambda", lambda);
    numerics::require(lambda >= 0 && lambda <= 1, "lambda", lambda, "0 <= lambda <= 1");
    // Before: the C heaviest old elements are stored.
    const auto old_order = ranked(old_weights);
    const std::size_t stored_before = std::min(capacity, old_order.size());
    // After: merge (1−λ)·old (only those stored before can be kept: the model
    // is fine-tuned, not retrained on the old corpus) with λ·new; the old wins ties.
    const auto new_order = ranked(new_weights);
    std::size_t i_old = 0, i_new = 0;
    FineTuningOutcome out;
    for (std::size_t slot = 0; slot < capacity; ++slot) {
        const bool old_left = i_old < stored_before;
        const bool new_left = i_new < new_order.size();
        if (!old_left && !new_left) break;
        const double old_w = old_left ? (1 - lambda) * old_weights[old_order[i_old]] : -1.0;
        const double new_w = new_left ? lambda * new_weights[new_order[i_new]] : -1.0;
        if (new_left && new_w > old_w && new_w > 0) {
            out.learned += 1;
            out.learned_mass += new_weights[new_order[i_new]];
            ++i_new;
        } else if (old_left) {
            ++i_old;
        } else {
            break;
        }
    }
    for (std::size_t k = i_old; k < stored_before; ++k) {
        out.forgotten += 1;
        out.forgotten_mass += old_weights[old_order[k]];
    }
    return out;
}

std::vector<FineTuningOutcome> fine_tuning_curve(std::span<const double> old_weights,
                                                 std::span<const double> new_weights, std::size_t capacity,
                                                 std::span<const double> lambdas) {
    std::vector<FineTuningOutcome> out;
    out.reserve(lambdas.size());
    for (double lambda : lambdas) out.push_back(fine_tuning_outcome(old_weights, new_weights, capacity, lambda));
    return out;
}

double fine_tuning_break_even(double old_weight, double new_weight) {
    numerics::require_finite("old_weight", old_weight);
    numerics::require_finite("new_weight", new_weight);
    numerics::require(old_weight >= 0, "old_weight", old_weight, ">= 0");
    numerics::require(new_weight >= 0, "new_weight", new_weight, ">= 0");
    numerics::require(old_weight + new_weight > 0, "new_weight", new_weight, "old + new weight > 0");
    return old_weight / (old_weight + new_weight);
}

}  // namespace sklaws::theory
