// H1 (see hallucination.hpp).
#include <sklaws/theory/hallucination.hpp>

#include <sklaws/numerics/errors.hpp>

#include <algorithm>

namespace sklaws::theory {

namespace {

double wrong_guess(double V) {
    numerics::require_finite("values", V);
    numerics::require(V >= 1, "values", V, "V >= 1");
    return 1.0 - 1.0 / V;
}

}  // namespace

double hallucination_rate_per_element(double p_not_stored, double V) {
    numerics::require_finite("p_not_stored", p_not_stored);
    numerics::require(p_not_stored >= 0 && p_not_stored <= 1, "p_not_stored", p_not_stored, "0 <= p <= 1");
    return p_not_stored * wrong_guess(V);
}

double frequency_weighted_hallucination(double expected_tail_mass, double V) {
    numerics::require_finite("tail_mass", expected_tail_mass);
    numerics::require(expected_tail_mass >= 0 && expected_tail_mass <= 1, "tail_mass", expected_tail_mass,
                      "0 <= E[T_C] <= 1");
    return expected_tail_mass * wrong_guess(V);
}

double entity_uniform_hallucination(double capacity, double expected_tables) {
    numerics::require_finite("capacity", capacity);
    numerics::require(capacity >= 0, "capacity", capacity, "C >= 0");
    numerics::require_finite("expected_tables", expected_tables);
    numerics::require(expected_tables > 0, "expected_tables", expected_tables, "E[K_n] > 0");
    return std::max(0.0, 1.0 - capacity / expected_tables);
}

}  // namespace sklaws::theory
