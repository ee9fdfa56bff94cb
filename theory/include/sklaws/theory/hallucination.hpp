// Hallucination rates of a capacity-limited learner (H1).
//
// H1 (docs/theory.md §3): a query about an element the model did not store, answered
// anyway, is a uniform guess among V values, wrong with probability 1 − 1/V.
//   per element:         P(not stored | w)·(1 − 1/V)
//   frequency weighted:  E[T_C]·(1 − 1/V)   (queries drawn like the data; T_C of M1)
//   entity uniform:      1 − C/E[K_n]       (queries uniform over the E[K_n]
//                        elements seen in n tokens, C of them stored; 0 when
//                        C ≥ E[K_n]) — as in docs/theory.md, counting every answer
//                        about an unstored entity as a hallucination.
// A calibrated learner can abstain using p_new (K7). Exact arithmetic of the
// given inputs. Domain: probabilities in [0, 1], V ≥ 1, C ≥ 0, E[K_n] > 0.
//
// The entity-uniform rate above is docs/theory.md's plug-in. What a learner
// that stores C of the K_n elements it has seen actually shows, averaged over
// corpora, is the exact expectation (H1, entity uniform, finite n)
//     E[max(0, 1 − C/K_n)] = Σ_k P_n(k) max(0, 1 − C/k),
// with P_n(k) K3's law of K_n (tables_law.hpp). It differs from the plug-in
// whenever K_n is random (Jensen: E[C/K_n] ≥ C/E[K_n]; 0.414 against 0.495
// at α = 0.5, β = 1, C = 50, n = 2000; for α > 0, K_n/n^α stays random,
// tending to the diversity S of K5).
// Accuracy: K3's recursion loses at most n·(2·1e-30 + 4ε) of probability in
// L1 (tables_law.hpp), and each term max(0, 1 − C/k) ∈ [0, 1] is rounded
// once, so |val − exact| ≤ err = n·(2e-30 + 4ε) + (window + 2)·2ε·val,
// about 1e-12 at n = 2000 (tests/theory/hallucination_entity_test.cpp, against
// tests/oracle/theory_hallucination_oracle.py's generalized Stirling numbers
// at 80 digits). Domain: K3's (0 ≤ α < 1, β > −α, β > 0 at α = 0),
// 1 ≤ n ≤ 1e7, C ≥ 0 finite. Cost O(n·width of the law), ~ n^(1+α).
#pragma once

#include "pitman_yor_parameters.hpp"

#include <sklaws/numerics/evaluation.hpp>

#include <cstdint>

namespace sklaws::theory {

double hallucination_rate_per_element(double p_not_stored, double V);
double frequency_weighted_hallucination(double expected_tail_mass, double V);
double entity_uniform_hallucination(double capacity, double expected_tables);
numerics::Evaluation<double> expected_entity_uniform_hallucination(const PitmanYorParameters& params, std::uint64_t n,
                                                                   double capacity);
// Var[max(0, 1 − C/K_n)] over the same law (E[f²] − E[f]², same domain; the
// error bound is that of E[f²] plus 2·E[f]·err(E[f])). A Monte Carlo mean of R
// replicates has SE √(Var/R) exactly: the z-test's SE where few or no
// replicates see K_n > C, so that the sample variance says nothing.
numerics::Evaluation<double> entity_uniform_hallucination_variance(const PitmanYorParameters& params, std::uint64_t n,
                                                                   double capacity);

}  // namespace sklaws::theory
