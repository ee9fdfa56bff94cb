// A capacity-C learner that stores the C most frequent elements of n tokens,
// simulated on a ranked list of weights in O(listed) memory (acquisition
// with capacity, A2; fine-tuning, F1).
//
// The learner. n tokens are drawn from weights w_1 ≥ w_2 ≥ … (all of PY's
// atoms); the learner stores the C elements with the largest counts, never
// one with count 0. Ties go to the element seen first in the token stream:
// given the counts, the tokens' order is a uniform arrangement, so among
// equal counts "seen first" is a uniformly random pick — drawn here as a
// uniform key per element (after an optional caller's class: fine-tuning's
// old elements win ties against new ones).
//
// What is simulated. Only a ranked prefix w_1 … w_K is listed (from the
// ranked-weight sampler, ranked_weights.hpp); the unlisted elements, each of
// weight ≤ w_K, carry the tail mass T = 1 − Σ_{k≤K} w_k. Counts are
// multinomial, drawn as conditional binomials in rank order,
//     m_k ~ Binomial(n − Σ_{j<k} m_j, w_k / (w_k + … + w_K + T)),
// which leaves m_T = n − Σ m_k tokens to the unlisted elements (exact).
//
// Where the prefix is deep enough. The stored set is decided among the
// listed elements; an unlisted element can only change it with a count of
// at least c, the weakest stored listed count (ties are random). Given m_T,
// an unlisted element of weight u has count ~ Binomial(m_T, u/T), and
// P(Binomial(m, p) ≥ c) ≤ (mp)^c/c!, so the expected number of unlisted
// elements with count ≥ c is at most
//     B = (m_T w_K / T)^{c−1} · m_T / c!     (Σ u = T, u ≤ w_K),
// (and at most m_T/c), B = 0 when m_T < c or when every element hit fits (listed ones with a
// count plus m_T ≤ C). With f free slots (fewer than C listed elements have
// a count) they must be more than f: Markov gives B/(f + 1).
// B bounds the expected number of stored listed elements displaced, so it
// bounds the bias of any stored count the caller reads.
// count_learner_draw lists K = initial, 2·initial, … weights, from the same
// stream states (each attempt discards the previous one, so nothing is
// biased by the retries beyond B itself), until the caller's depth
// condition holds and B ≤ `tolerance` (default 1e-6: a thousand times below
// the standard error of 1e6 replicates of a count of order one), or until K
// would pass `max_listed` (the draw then reports its B, which callers carry
// into their checks' inputs).
//
// Cost: O(K) memory and time per draw (weights, counts, and the C-th key by
// nth_element). K grows where counts are small: at c ≈ 2…5 (n·W_(C) ≈ 3…10)
// w_K must be ~10…30 times below W_(C); at large counts ~3 times.
// Determinism: everything from the caller's streams in a fixed order.
#pragma once

#include "check.hpp"

#include <sklaws/numerics/random_stream.hpp>
#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace sklaws::validation {

// Multinomial counts of n tokens over ranked weights and an unlisted tail
// (Σ weights + tail = 1; weights non-increasing, the tail's elements below the last).
struct RankedCounts {
    std::vector<std::uint64_t> counts;  // per listed weight
    std::uint64_t tail_tokens = 0;      // tokens of the unlisted elements
};
RankedCounts ranked_counts(std::span<const double> weights, double tail, std::uint64_t n, numerics::RandomStream& rng);

// Which listed elements the capacity-C learner stores, and B (see above).
// Ties: lower tie_class first (empty: one class), then a uniform key per
// hit element from `rng` (one next() each, in rank order).
struct CapacityStorage {
    std::vector<char> stored;         // per listed element: 1 if stored
    double displacement_bound = 0.0;  // B: expected unlisted elements displacing a stored listed one
};
CapacityStorage capacity_storage(const RankedCounts& counts, double last_weight, double tail, std::size_t capacity,
                                 numerics::RandomStream& rng, std::span<const std::uint8_t> tie_class = {});

// B itself: the expected number of unlisted elements (weights ≤ last_weight,
// mass tail, tail_tokens tokens among them) with a count of at least c (≥ 1), at most.
double unlisted_count_bound(std::uint64_t tail_tokens, double last_weight, double tail, std::uint64_t c);

// A ranked prefix as the caller builds it for K: weights non-increasing,
// the unlisted elements' mass `tail`, each of them ≤ weights.back().
struct RankedList {
    std::vector<double> weights;
    double tail = 0.0;
    std::vector<std::uint8_t> tie_class;  // optional, per weight (capacity_storage)
};

// The top-K ranked weights of PY(α, β) from RandomStream(seed, stream) as a
// RankedList: the ranked-weight sampler for α > 0; for α = 0 (GEM(0, β)
// sticks decay geometrically: cheap) stick-breaking until the remaining mass
// is below the K-th largest stick, sorted, keeping the sticks above the
// remaining mass (the rest joins the tail, so every unlisted weight is
// below the last listed one).
RankedList ranked_list(const theory::PitmanYorParameters& params, std::size_t K, std::uint64_t seed,
                       std::uint64_t stream);

struct CountLearnerOptions {
    std::size_t initial = 64;             // first K (at least the capacity)
    std::size_t max_listed = std::size_t{1} << 22;  // K is never doubled past this (~235 MB of draw)
    double tolerance = 1e-6;              // on B
};

struct CountLearnerDraw {
    RankedList list;
    RankedCounts counts;
    CapacityStorage storage;
    std::size_t listed_request = 0;  // the K make_list was last called with
};

// Lists K = initial, 2·initial, … (make_list(K), which draws from its own
// stream state each time) until deep_enough(list) and B ≤ tolerance, or K
// would exceed max_listed (then the draw is returned with its B, or refused
// with a DomainError naming `capacity` if it is not deep enough); counts
// come from a copy of `rng` per attempt, and `rng` ends in the state of the
// attempt returned.
CountLearnerDraw count_learner_draw(const std::function<RankedList(std::size_t)>& make_list,
                                    const std::function<bool(const RankedList&)>& deep_enough, std::uint64_t n,
                                    std::size_t capacity, numerics::RandomStream& rng,
                                    const CountLearnerOptions& options = {});

// About the K count_learner_draw ends with, for resource estimates: the
// first K = initial·2^j at which the bound B, evaluated at M2's means
// (m_T = n·E[T_K], last weight scale·E[W_(K)], c = weakest_count), is
// ≤ tolerance and E[W_(K)] < depth_weight (GEM(0, β)'s geometric means
// when α = 0); the first K that is deep enough when the elements hit
// (expected_hit, e.g. K1's E[K_n]) fit in the capacity, where B = 0 in most
// replicates (near E[K_n] ≈ C some replicates fit and some need far more:
// the estimate is then the larger). Capped at max_listed.
double count_learner_expected_listed(const theory::PitmanYorParameters& params, std::uint64_t n, double weakest_count,
                                     double scale, double depth_weight, double expected_hit, std::size_t capacity,
                                     const CountLearnerOptions& options);

// About the C-th largest count of n tokens (the weakest stored count), for
// resource estimates: with the ranked weights near rank C taken as the
// power law W_(i) ≈ w (C/i)^{1/α} (w = E[W_(C)]), an element of weight u has
// a Poisson(n u) count, and the number of elements with count ≥ c is
//     N(c) ≈ C (n w)^α α Σ_{k≥c} Γ(k−α)/k! = C (n w)^α Γ(c−α)/Γ(c);
// the weakest stored count is the largest c with N(c) ≥ C (at least 1).
// `spread` (> 0) sums Σ_j s_j^α over mixture components of weights s_j·W
// (fine-tuning: (1−λ)^α + λ^α; one population: 1). α = 0: n·w.
double expected_weakest_count(double alpha, std::uint64_t n, double w, double spread = 1.0);

// The smallest factor by which one of `replicates` draws scales the
// weights below its first size-biased atom V_1 (1 − V_1, Beta(β+α, 1−α):
// P(1 − V_1 < x) ~ x^{β+α}), about replicates^{−1/(β+α)}, in [1e-12, 1]:
// such a draw behaves like n·(1 − V_1) tokens on the other elements, so
// resource estimates take the largest K over n' = n, n/2, … down to it.
double smallest_token_scale(const theory::PitmanYorParameters& params, std::size_t replicates);

// The comparison of a capacity learner's mean count (stored, learned,
// forgotten) with its limit: limit_check while the mean bound B (which
// bounds the count's bias) is at most a tenth of the estimate's SE (or the
// draws' default tolerance, 1e-6, which every uncapped draw meets); beyond,
// not applicable, the reason naming B — where the prefix reached
// max_listed, the simulated learner itself is unresolved.
Check capacity_limit_check(std::string quantity, std::string label, double limit, const Estimate& estimate,
                           double displacement_bound, nlohmann::ordered_json inputs);

// K1's E[K_n] for real n ≥ 1 (n itself below 1), for the `expected_hit` above.
double expected_distinct(const theory::PitmanYorParameters& params, double n);

// M2's E[W_(i)] (GEM(0, β)'s geometric E[W_i] when α = 0) and E[T_i].
double expected_ranked_weight(const theory::PitmanYorParameters& params, std::uint64_t i);
double expected_tail_mass(const theory::PitmanYorParameters& params, std::uint64_t i);

// Peak bytes of one draw in flight with K listed weights, for resource
// estimates: the weights, counts and the rank-order masses (24 bytes per
// listed weight; the previous attempt is freed first) and the ranking keys
// of the hit elements (32 bytes each, at most min(K, n) of them), with
// `extra` bytes per listed weight of the caller's own (fine-tuning's two
// source lists and merge tags).
inline double count_learner_bytes(double listed, std::uint64_t n, double extra = 0) {
    return (24.0 + extra) * listed + 32.0 * std::min(listed, static_cast<double>(n));
}

}  // namespace sklaws::validation
