// H1 (see hallucination.hpp).
#include <sklaws/theory/hallucination.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/tables_law.hpp>

#include <algorithm>
#include <limits>

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

namespace {

// E[f(K_n)] and E[f(K_n)²], f(k) = max(0, 1 − C/k), with their error bounds.
struct EntityMoments {
    numerics::Evaluation<double> first, second;
};

EntityMoments entity_moments(const PitmanYorParameters& params, std::uint64_t n, double capacity) {
    params.validate();
    numerics::require(n >= 1 && n <= 10000000ULL, "n", n, "1 <= n <= 1e7");
    numerics::require_finite("capacity", capacity);
    numerics::require(capacity >= 0, "capacity", capacity, "C >= 0");
    TablesLawRecursion law(params);
    while (law.n() < n) law.advance();
    const auto& p = law.probabilities();
    // Only k > C contribute; max(0, 1 − C/k) = (k − C)/k, exact to one rounding.
    numerics::NeumaierSum<double> sum, squares;
    for (std::size_t k = law.window_begin(); k < law.window_end(); ++k) {
        const double kd = static_cast<double>(k);
        if (kd <= capacity) continue;
        const double f = (kd - capacity) / kd;
        sum.add(p[k] * f);
        squares.add(p[k] * (f * f));
    }
    const double eps = std::numeric_limits<double>::epsilon();
    const double width = static_cast<double>(law.window_end() - law.window_begin());
    const double law_error = static_cast<double>(n) * (2 * TablesLawRecursion::prune_threshold + 4 * eps);
    const double first = sum.value(), second = squares.value();
    return {{std::clamp(first, 0.0, 1.0), law_error + (width + 2) * 2 * eps * first},
            {std::clamp(second, 0.0, 1.0), law_error + (width + 3) * 2 * eps * second}};
}

}  // namespace

numerics::Evaluation<double> entity_uniform_hallucination_variance(const PitmanYorParameters& params, std::uint64_t n,
                                                                   double capacity) {
    const EntityMoments m = entity_moments(params, n, capacity);
    const double mean = m.first.val;
    const double variance = std::max(0.0, m.second.val - mean * mean);
    return {variance, m.second.err + 2 * mean * m.first.err + 2 * std::numeric_limits<double>::epsilon() * m.second.val};
}

numerics::Evaluation<double> expected_entity_uniform_hallucination(const PitmanYorParameters& params, std::uint64_t n,
                                                                   double capacity) {
    return entity_moments(params, n, capacity).first;
}

}  // namespace sklaws::theory
