// Monte Carlo of hallucination by a capacity-limited learner (docs/theory.md H1).
//
// A query about an element the model did not store is answered anyway with a
// uniform guess among V values (wrong with probability 1 − 1/V).
//  * Frequency-weighted: W ~ PY(α, β); the model stores the C heaviest
//    elements (data unlimited), drawn with their complement T_C by the
//    ranked-weight sampler (ranked_weights.hpp, O(C) memory and time for
//    any α < 1; stream stick_stream(r)). Q queries k ~ W per replicate; a
//    query names an unstored element with probability T_C, and
//    hallucinates when it does and the guess is wrong. Per replicate the estimator also returns
//    the exact T_C of that W and the paired difference
//    rate − H1(T_C) = rate − T_C(1 − 1/V), whose mean is exactly 0 under H1,
//    and T_C(1 − 1/V) itself: the query rate Rao-Blackwellised given W (the
//    probability that a query hallucinates, given the weights), whose mean is
//    E[T_C](1 − 1/V) with none of the queries' Bernoulli noise (at α = 0.1,
//    C = 50 a run sees no hallucination at all: E[T_C] ~ 1e-11).
//  * Entity-uniform: K_n elements seen in n tokens (CRP), C of them stored,
//    a query uniform over the seen elements: rate max(0, 1 − C/K_n).
#pragma once

#include "monte_carlo.hpp"

#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>

namespace sklaws::validation {

struct FrequencyWeightedHallucination {
    Estimate rate;        // hallucinated fraction of queries
    Estimate tail_mass;   // E[T_C]
    Estimate difference;  // E[rate − T_C(1 − 1/V)] (paired)
    Estimate given_weights;  // E[T_C(1 − 1/V)]: the rate given W, averaged (Rao-Blackwellised)
    double log_tail_sd = 0;  // sample SD of ln T_C over the replicates (check.hpp: skewed_mean_check)
};

FrequencyWeightedHallucination estimate_frequency_weighted_hallucination(const theory::PitmanYorParameters& params,
                                                                         std::uint64_t capacity, std::uint64_t values,
                                                                         std::uint64_t queries, std::size_t replicates,
                                                                         const RunOptions& options);

struct EntityUniformHallucination {
    Estimate rate;    // E[max(0, 1 − C/K_n)]
    Estimate tables;  // E[K_n]
};

EntityUniformHallucination estimate_entity_uniform_hallucination(const theory::PitmanYorParameters& params,
                                                                 std::uint64_t n, std::uint64_t capacity,
                                                                 std::size_t replicates, const RunOptions& options);

}  // namespace sklaws::validation
