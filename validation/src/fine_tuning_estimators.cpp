// Count-based fine-tuning simulation paired with the F1 rule on true weights.
#include <sklaws/validation/fine_tuning_estimators.hpp>

#include <sklaws/theory/fine_tuning.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/stick_breaking.hpp>

#include <algorithm>
#include <functional>
#include <numeric>

namespace sklaws::validation {

namespace {

// Stream of replicate r's new-knowledge sticks (disjoint from stick_stream).
constexpr std::uint64_t new_stick_stream(std::uint64_t r) { return (std::uint64_t{3} << 47) + r; }

// The C-th largest instantiated weight (0 if fewer than C).
double cth_largest(GemWeights& gem, std::size_t c) {
    std::vector<double> w(gem.instantiated());
    for (std::size_t j = 0; j < w.size(); ++j) w[j] = gem.weight(j);
    if (w.size() < c) return 0.0;
    std::nth_element(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(c - 1), w.end(), std::greater<>());
    return w[c - 1];
}

std::vector<double> instantiated_weights(GemWeights& gem) {
    std::vector<double> w(gem.instantiated());
    for (std::size_t j = 0; j < w.size(); ++j) w[j] = gem.weight(j);
    return w;
}

// {learned, forgotten, predicted learned, predicted forgotten} of one replicate at one λ.
std::vector<double> one_replicate(const theory::PitmanYorParameters& params, std::size_t capacity, std::uint64_t n,
                                  double lambda, std::uint64_t seed, std::uint64_t r, numerics::RandomStream& rng) {
    GemWeights old_gem(params, seed, stick_stream(r));
    GemWeights new_gem(params, seed, new_stick_stream(r));
    // Instantiate every old weight that can be among the C heaviest ...
    std::size_t j = 2 * capacity;
    old_gem.weight(j - 1);
    while (old_gem.remaining_mass() > cth_largest(old_gem, capacity)) old_gem.weight((j *= 2) - 1);
    const double weakest_stored = cth_largest(old_gem, capacity);
    // ... and every new weight that can beat (1−λ)·W_(C) at this λ.
    std::size_t k = 64;
    new_gem.weight(k - 1);
    while (lambda * new_gem.remaining_mass() > (1.0 - lambda) * weakest_stored) new_gem.weight((k *= 2) - 1);
    const auto old_w = instantiated_weights(old_gem);
    const auto new_w = instantiated_weights(new_gem);
    const auto predicted = theory::fine_tuning_outcome(old_w, new_w, capacity, lambda);

    // The simulated learner: mixture counts of n fine-tuning tokens.
    std::vector<std::uint64_t> old_counts(old_w.size(), 0), new_counts(new_w.size(), 0);
    for (std::uint64_t t = 0; t < n; ++t) {
        const bool is_new = rng.uniform() < lambda;
        GemWeights& gem = is_new ? new_gem : old_gem;
        auto& counts = is_new ? new_counts : old_counts;
        const std::size_t atom = gem.sample(rng);
        if (atom >= counts.size()) counts.resize(atom + 1, 0);
        ++counts[atom];
    }
    // Candidates: (count, is_new, index); old wins ties, then lower index.
    struct Candidate {
        std::uint64_t count;
        bool is_new;
        std::size_t index;
    };
    std::vector<Candidate> all;
    for (std::size_t i = 0; i < old_counts.size(); ++i) all.push_back({old_counts[i], false, i});
    for (std::size_t i = 0; i < new_counts.size(); ++i)
        if (new_counts[i] > 0) all.push_back({new_counts[i], true, i});
    const std::size_t keep = std::min(capacity, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                      [](const Candidate& a, const Candidate& b) {
                          if (a.count != b.count) return a.count > b.count;
                          if (a.is_new != b.is_new) return !a.is_new;
                          return a.index < b.index;
                      });
    // Previously stored: the C heaviest old weights.
    std::vector<std::size_t> by_weight(old_w.size());
    std::iota(by_weight.begin(), by_weight.end(), std::size_t{0});
    std::partial_sort(by_weight.begin(), by_weight.begin() + static_cast<std::ptrdiff_t>(capacity), by_weight.end(),
                      [&](std::size_t a, std::size_t b) { return old_w[a] > old_w[b]; });
    std::vector<bool> stored_after(old_counts.size(), false);
    double learned = 0.0;
    for (std::size_t i = 0; i < keep; ++i) {
        if (all[i].is_new) learned += 1.0;
        else stored_after[all[i].index] = true;
    }
    double forgotten = 0.0;
    for (std::size_t i = 0; i < capacity; ++i) forgotten += stored_after[by_weight[i]] ? 0.0 : 1.0;
    return {learned, forgotten, static_cast<double>(predicted.learned), static_cast<double>(predicted.forgotten)};
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
        out.push_back({lambdas[i], e[0], e[1], e[2], e[3], e[4], e[5]});
    }
    return out;
}

}  // namespace sklaws::validation
