// The C largest weights of PY(α, β) and the mass of the rest, in O(C) memory
// and time (docs/theory.md §4 "Ranked weights for large C"; M2 gives the
// exact E[T_C] and E[W_(i)] they are tested against).
//
// Why not stick-breaking: to be sure of the top C weights GemWeights must
// instantiate every stick until the remaining mass is below W_(C), about
// C^{1/(1−α)} sticks (10^20 at α = 0.8, C = 10^4). Here the top C come first.
//
// Construction (exact, no weights, for every 0 < α < 1, β > −α):
//  1. β > 0. With T^{−β} = Γ(β)^{−1} ∫ λ^{β−1} e^{−λT} dλ, PY(α, β) is the
//     α-stable subordinator (Lévy density c x^{−1−α}, c = α/Γ(1−α),
//     E e^{−λT} = e^{−λ^α}) reweighted by T^{−β}: jointly with λ, the law is
//     ∝ λ^{β−1} e^{−λT}, so s = λ^α ~ Gamma(β/α, 1) and, given s, the jumps
//     y = λx form a Poisson process of intensity κ y^{−1−α} e^{−y},
//     κ = c·s (a generalised Gamma process). The ranked weights are its
//     points divided by their sum — scale-free, so λ itself is never needed.
//  2. −α < β ≤ 0. Peel the first size-biased atom: V ~ Beta(1−α, β+α), and
//     the other weights are (1 − V)·PY(α, β + α) with β + α > 0 (GEM's
//     deletion property), independent of V; V is merged into the ranking.
//  3. Points in decreasing order: the α-stable points with tail mass
//     (κ/α) y^{−α} are y_i = (κ/(α Γ_i))^{1/α}, Γ_i the arrivals of a unit
//     Poisson process; keeping each with probability e^{−y_i} (independent
//     thinning) leaves exactly the generalised Gamma points, still in
//     decreasing order. So the top C cost C accepted points plus the
//     rejected ones above y ≈ 1 (about κ/α = s/Γ(1−α) ≈ β/(αΓ(1−α)) of them).
//  4. The rest. Given the last stable point ℓ examined, the points below ℓ
//     are a Poisson process of intensity κ y^{−1−α} e^{−y} on (0, ℓ),
//     independent of everything above, with sum R of mean m = κ γ(1−α, ℓ)
//     and variance v = κ γ(2−α, ℓ). Points below the C-th are generated
//     further (summed, not stored) until R is replaced by m with a bounded
//     error: every normalised weight z/(S + R) (S the generated sum) is
//     convex in R and the tail (S − A + R)/(S + R) (A the top-C sum) concave,
//     so by Jensen with |f''|/2 bounded on R ≥ 0,
//       |E[f(R)] − f(m)| ≤ v·A/S³  (tail),   relative ≤ v(S + m)/S³ (weights).
//     Generation stops when both are ≤ `tolerance` relative to the value
//     (default 1e-6: a thousand times below the relative standard error of
//     1e6 replicates of T_C, whose coefficient of variation is ≳ 0.3), or after `max_extra_points` points, and each draw reports
//     its bound (remainder_bias_bound), which callers may carry into checks.
//     The remainder's relative spread shrinks like C^{−1/2}: at large C no
//     extra point is needed; at α = 0.95, C = 10 about 3·10^4 are
//     (α = 0.5: a few hundred).
//
// Weights: none — the construction is exact for every β, so a replicate's
// effective sample size is 1 and R replicates give R (nothing to report).
//
// Cost: O(C + κ/α + extra) work, O(C) memory (the stored top C only).
// Numerics: points are held relative to the first stable point, in logs
// where they could overflow (α → 0 makes (1/Γ_1)^{1/α} huge), sums by
// Neumaier compensation; the tail is computed from its own small terms,
// never as 1 − Σ top.
//
// Tested (z-tests against M2's mpmath oracle) for α from 0.2 to 0.95; runs
// for any 0 < α < 1 (below α ≈ 0.05 T_C is so heavy-tailed — roughly
// lognormal with σ ≈ 1/(α√C) — that a Monte Carlo mean of it needs
// astronomically many draws, whatever the sampler).
//
// Determinism: everything is drawn from the caller's stream, in a fixed
// order; the same stream state gives identical bytes.
#pragma once

#include <sklaws/numerics/random_stream.hpp>
#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sklaws::validation {

// Most weights one draw may hold (16 bytes each: 1 GiB), for callers that
// choose the count from a weight level (ranked_weights_above).
inline constexpr std::size_t max_ranked_weights = std::size_t{1} << 26;

struct RankedWeightsOptions {
    // Relative bound on the bias of replacing the remainder below the last
    // generated point by its mean (see the top of this file).
    double tolerance = 1e-6;
    // Points generated beyond the C-th before stopping regardless (the draw's
    // remainder_bias_bound then says how far from `tolerance` it got).
    std::size_t max_extra_points = std::size_t{1} << 22;
};

struct RankedWeights {
    // W_(1) ≥ W_(2) ≥ … ≥ W_(C), normalised by the total mass.
    std::vector<double> top;
    // T_C = Σ_{i>C} W_(i), from its own terms (accurate even when tiny).
    double tail = 0.0;
    // Bound on |E[·] − value| of the remainder approximation, relative to
    // the tail and to every weight (the larger of the two).
    double remainder_bias_bound = 0.0;
    // Points of the generalised Gamma process generated beyond the top C.
    std::size_t extra_points = 0;
    // Stable points rejected by the thinning (above y ≈ 1).
    std::size_t rejected_points = 0;
};

// One draw of the C largest weights of PY(α, β) (C ≥ 1), from `rng`.
RankedWeights ranked_weights(const theory::PitmanYorParameters& params, std::size_t C, numerics::RandomStream& rng,
                             const RankedWeightsOptions& options = {});

// Every weight ≥ `level` (0 < level < 1), from one draw: ranked_weights
// with C = initial, 2·initial, … from the same stream state (so earlier
// attempts are discarded, not biased) until W_(C) < level; the returned
// draw's top holds every weight ≥ level (and a few below). Refuses
// (DomainError naming `name`) when more than max_count weights would be needed.
RankedWeights ranked_weights_above(const theory::PitmanYorParameters& params, double level, numerics::RandomStream& rng,
                                   std::size_t initial, std::size_t max_count, const char* name,
                                   const RankedWeightsOptions& options = {});

// T_C for each C of an increasing list of capacities, from one draw of the
// top capacities.back() weights: T_{C_j} = T_{C_max} + Σ_{C_j < i ≤ C_max} W_(i)
// (summed from the small end).
std::vector<double> tail_masses(const RankedWeights& draw, const std::vector<std::uint64_t>& capacities);

// Expected work units (points generated) of one draw, for resource estimates:
// C + the rejected points above y ≈ 1 + the extra points below the C-th.
double ranked_weights_expected_points(const theory::PitmanYorParameters& params, std::size_t C,
                                      const RankedWeightsOptions& options = {});

// The rank K at which M2's E[W_(K)] falls below `level` (0 < level < 1):
// about how many weights exceed it, for resource estimates.
double ranked_weights_expected_count_above(const theory::PitmanYorParameters& params, double level);

// Peak bytes of one draw in flight (the top C and the vector's growth).
inline double ranked_weights_bytes(std::size_t C) { return 16.0 * static_cast<double>(C) + 256.0; }

}  // namespace sklaws::validation
