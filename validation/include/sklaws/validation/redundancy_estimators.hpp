// Monte Carlo estimators of redundancy = prequential code length of the Bayes
// predictive minus the code length of the oracle that knows the parameters
// (docs/theory.md §1): syntax S1/S2 and knowledge R1.
//
//  * Syntax: θ ~ Dirichlet(a·1_S) (DirichletCategorical), templates
//    s_1..s_N ~ θ; the Bayes (Dirichlet) predictive codes token n+1 in
//    −ln((a + c_s)/(Sa + n)) nats, the oracle in −ln θ_s. R_N is the mean of
//    the summed difference (S1 exactly; S2 asymptotically).
//  * Knowledge: W ~ GEM(α, β) (GemWeights, exact lazily extended sticks) and
//    elements k_1..k_N ~ W. The CRP predictive codes an element seen c times
//    among n in −ln((c − α)/(β + n)) nats and a new one in
//    −ln((β + αK)/(β + n)) + ln M + ln V (flag "new", then its name among M
//    and its fact among V). The oracle pays −ln W_k and nothing for names or
//    facts (it knows them). R_N^know = E[Σ difference] (R1 summed).
//
// Replicate r uses RandomStream(seed, r) for draws and, for the knowledge
// weights, GemWeights(params, seed, stick_stream(r)); reductions are in index
// order, so results are identical for every thread count.
#pragma once

#include "monte_carlo.hpp"

#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <vector>

namespace sklaws::validation {

struct KnowledgeCosts {
    double names = 1000.0;   // M: a new element's name costs ln M
    double values = 100.0;   // V: a new element's fact costs ln V
};

// One replicate's cumulative syntax redundancy R_N at each N of the grid.
std::vector<double> syntax_redundancy_path(unsigned templates, double prior, const std::vector<std::uint64_t>& n_grid,
                                           numerics::RandomStream& rng);

// One replicate's cumulative knowledge redundancy R_N at each N of the grid.
std::vector<double> knowledge_redundancy_path(const theory::PitmanYorParameters& params, const KnowledgeCosts& costs,
                                              const std::vector<std::uint64_t>& n_grid, std::uint64_t seed,
                                              std::uint64_t replicate, numerics::RandomStream& rng);

// E[R_N] at each N of the grid (index as in n_grid), streamed (memory
// O(grid), monte_carlo.hpp). estimate_knowledge_redundancy also returns,
// through `paths` if non-null, every replicate's path (for derived
// statistics; O(replicates × grid) memory on every rank).
std::vector<Estimate> estimate_syntax_redundancy(unsigned templates, double prior,
                                                 const std::vector<std::uint64_t>& n_grid, std::size_t replicates,
                                                 const RunOptions& options);

std::vector<Estimate> estimate_knowledge_redundancy(const theory::PitmanYorParameters& params,
                                                    const KnowledgeCosts& costs,
                                                    const std::vector<std::uint64_t>& n_grid, std::size_t replicates,
                                                    const RunOptions& options,
                                                    std::vector<std::vector<double>>* paths = nullptr);

}  // namespace sklaws::validation
