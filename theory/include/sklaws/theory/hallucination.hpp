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
#pragma once

namespace sklaws::theory {

double hallucination_rate_per_element(double p_not_stored, double V);
double frequency_weighted_hallucination(double expected_tail_mass, double V);
double entity_uniform_hallucination(double capacity, double expected_tables);

}  // namespace sklaws::theory
