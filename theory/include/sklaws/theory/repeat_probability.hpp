// Probability that n draws from a Pitman-Yor(α, β) process repeat an element.
//
// K3 (docs/theory.md §3), its top entry: by K3's recursion the n draws are all
// distinct (K_n = n) with probability
//     P_n(n) = Π_{i=1}^{n−1} (β + iα)/(β + i)
// (draw i+1 opens a new table with probability (β + iα)/(β + i) when the i
// earlier ones sit at i tables), and
//     q_n = P(K_n < n) = 1 − P_n(n) = −expm1( Σ_{i=1}^{n−1} ln((β + iα)/(β + i)) ).
// Computing the complement this way keeps its relative accuracy where it is
// tiny: q_n ≈ (1 − α) n² / (2β) for β ≫ n², e.g. 2.5e-295 at α = 0.5,
// β = 1e300, n = 1000, where 1 − P_n(n) in double is 0. It is what decides
// whether a Monte Carlo run of R replicates can see any spread of K_n at all
// (R q_n replicates are expected to repeat an element).
//
// Method: each term as log1p(−i(1−α)/(β+i)) when the ratio is >= 1/2, else
// as log of the ratio (both to <= 10ε of the term), summed with Neumaier's
// compensation (all terms have one sign), then −expm1. The sum stops once it
// is below −40 (q_n = 1 to double precision; the remaining terms only lower
// it further).
//
// Domain: 0 ≤ α < 1, β > −α (β > 0 when α = 0), 1 ≤ n ≤ 1e12 (O(n) work
// until the sum reaches −40: ~n for β ≫ n², ~sqrt(β) otherwise). q_1 = 0.
// Accuracy: relative error ≤ 16ε (err states it), double only.
#pragma once

#include <sklaws/numerics/evaluation.hpp>

#include <cstdint>

namespace sklaws::theory {

numerics::Evaluation<double> repeat_probability_e(double alpha, double beta, std::uint64_t n);

}  // namespace sklaws::theory
