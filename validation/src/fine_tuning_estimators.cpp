// Count-based fine-tuning simulation paired with the F1 rule on true weights.
#include <sklaws/validation/fine_tuning_estimators.hpp>

#include <sklaws/theory/fine_tuning.hpp>
#include <sklaws/numerics/summation.hpp>
#include <sklaws/validation/capacity_storage.hpp>
#include <sklaws/validation/heaps_estimators.hpp>

#include <algorithm>

namespace sklaws::validation {

namespace {

// Stream of replicate r's new-knowledge weights (disjoint from stick_stream).
constexpr std::uint64_t new_stick_stream(std::uint64_t r) { return (std::uint64_t{3} << 47) + r; }

constexpr std::uint32_t new_bit = std::uint32_t{1} << 31;

}  // namespace

CountLearnerOptions fine_tuning_learner_options(std::size_t capacity) {
    // Two lists of K: half acquisition's bound per list.
    return {.initial = 2 * capacity, .max_listed = std::size_t{1} << 21};
}

namespace {

// {learned, forgotten, predicted learned, predicted forgotten, B, listed} of one replicate at one λ.
std::vector<double> one_replicate(const theory::PitmanYorParameters& params, std::size_t capacity, std::uint64_t n,
                                  double lambda, std::uint64_t seed, std::uint64_t r, numerics::RandomStream& rng) {
    // The top K old and new weights, merged into the ranked mixture weights
    // (1−λ)w and λu down to L = max((1−λ)w_K, λu_K): every unlisted element
    // of either is ≤ L, so the merged prefix above L is exact and the rest
    // joins the tail. source[k]: the old rank, or the new rank | new_bit.
    RankedList old_list, new_list;
    std::vector<std::uint32_t> source;
    double level = 0;
    const auto make_list = [&](std::size_t K) {
        old_list = {};
        new_list = {};
        source.clear();
        old_list = ranked_list(params, K, seed, stick_stream(r));
        new_list = ranked_list(params, K, seed, new_stick_stream(r));
        const auto& w = old_list.weights;
        const auto& u = new_list.weights;
        level = std::max((1 - lambda) * w.back(), lambda * u.back());
        RankedList merged;
        numerics::NeumaierSum<double> tail;
        tail.add((1 - lambda) * old_list.tail);
        tail.add(lambda * new_list.tail);
        std::size_t i = 0, j = 0;
        while (i < w.size() || j < u.size()) {
            const double a = i < w.size() ? (1 - lambda) * w[i] : -1.0;
            const double b = j < u.size() ? lambda * u[j] : -1.0;
            const bool take_new = b > a;
            const double x = take_new ? b : a;
            if (x >= level) {
                merged.weights.push_back(x);
                merged.tie_class.push_back(take_new ? 1 : 0);  // old elements win ties
                source.push_back(take_new ? static_cast<std::uint32_t>(j) | new_bit : static_cast<std::uint32_t>(i));
            } else {
                tail.add(x);
            }
            (take_new ? j : i) += 1;
        }
        merged.tail = tail.value();
        return merged;
    };
    // Deep enough: the C heaviest old elements are listed, and so is every
    // new one that F1 could store (λu > (1−λ)W_(C)).
    const auto deep_enough = [&](const RankedList&) {
        return old_list.weights.size() >= capacity && level < (1 - lambda) * old_list.weights[capacity - 1];
    };
    const auto draw = count_learner_draw(make_list, deep_enough, n, capacity, rng, fine_tuning_learner_options(capacity));
    const auto predicted = theory::fine_tuning_outcome(old_list.weights, new_list.weights, capacity, lambda);
    double learned = 0.0, forgotten = 0.0;
    for (std::size_t k = 0; k < source.size(); ++k) {
        const bool is_new = (source[k] & new_bit) != 0;
        if (is_new) learned += draw.storage.stored[k] ? 1.0 : 0.0;
        else if (source[k] < capacity) forgotten += draw.storage.stored[k] ? 0.0 : 1.0;
    }
    return {learned,
            forgotten,
            static_cast<double>(predicted.learned),
            static_cast<double>(predicted.forgotten),
            draw.storage.displacement_bound,
            static_cast<double>(old_list.weights.size() + new_list.weights.size())};
}

}  // namespace

std::vector<FineTuningEstimate> estimate_fine_tuning(const theory::PitmanYorParameters& params, std::uint64_t capacity,
                                                     std::uint64_t n, const std::vector<double>& lambdas,
                                                     std::size_t replicates, const RunOptions& options) {
    params.validate();
    numerics::require(params.alpha > 0.0 || params.beta > 0.0, "beta", params.beta, "beta > 0");
    numerics::require(capacity >= 1, "C", capacity, "C >= 1");
    numerics::require(n >= 1, "n", n, "n >= 1");
    numerics::require(!lambdas.empty(), "lambda", lambdas.size(), "(non-empty list)");
    for (double l : lambdas) numerics::require(l > 0.0 && l < 1.0, "lambda", l, "0 < lambda < 1");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    std::vector<FineTuningEstimate> out;
    for (std::size_t i = 0; i < lambdas.size(); ++i) {
        // Each λ is its own phase with its own block of streams.
        // Columns: learned, forgotten, F1's learned, F1's forgotten, and the
        // two differences simulation − F1.
        const auto e = estimate_replicate_means(
            replicates, phase_options(options, i, lambdas.size()),
            [&](numerics::RandomStream& rng, std::size_t r) {
                auto row = one_replicate(params, capacity, n, lambdas[i], options.seed, r, rng);
                row.push_back(row[0] - row[2]);
                row.push_back(row[1] - row[3]);
                return row;
            },
            static_cast<std::uint64_t>(i) << 40);
        out.push_back({lambdas[i], e[0], e[1], e[2], e[3], e[6], e[7], e[4].mean, e[5].mean});
    }
    return out;
}

}  // namespace sklaws::validation
