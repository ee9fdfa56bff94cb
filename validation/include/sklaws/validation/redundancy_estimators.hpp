// Monte Carlo estimators of redundancy = prequential code length of the Bayes
// predictive minus the code length of the oracle that knows the parameters
// (docs/theory.md §1): syntax S1/S2 and knowledge R1.
//
//  * Syntax: θ ~ Dirichlet(a·1_S) (DirichletCategorical), templates
//    s_1..s_N ~ θ; the Bayes (Dirichlet) predictive codes token n+1 in
//    −ln((a + c_s)/(Sa + n)) nats, the oracle in −ln θ_s. R_N is the mean of
//    the summed difference (S1 exactly; S2 asymptotically). Its control
//    variates (SyntaxControls) are a zero-mean martingale and Σ_s ln θ_s.
//  * Knowledge: W ~ GEM(α, β) (GemWeights, exact lazily extended sticks) and
//    elements k_1..k_N ~ W. The CRP predictive codes an element seen c times
//    among n in −ln((c − α)/(β + n)) nats and a new one in
//    −ln((β + αK)/(β + n)) + ln M + ln V (flag "new", then its name among M
//    and its fact among V). The oracle pays −ln W_k and nothing for names or
//    facts (it knows them). R_N^know = E[Σ difference] (R1 summed). Its
//    control variate is K_N (knowledge_redundancy_moments).
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

// Zero-mean and exactly-known-mean companions of one syntax path, its
// control variates (control_variate.hpp):
//  * martingale: at each N of the grid, Σ_{n<N} [ln θ_s/q_n(s) − KL(θ ‖ q_n)],
//    each token's excess minus its conditional mean given θ and the tokens
//    before it — a martingale, E = 0 exactly, whatever θ. It carries the
//    noise of which template was drawn (R_N minus it is the Rao–Blackwellised
//    Σ KL(θ ‖ q_n)); the regression weighs the two readings optimally.
//  * sum_log_theta: Y = Σ_s ln θ_s, E[Y] = S(ψ(a) − ψ(Sa)) (θ_s ~ Beta(a,
//    (S−1)a)). For a fixed θ the Bayes code's excess is (d/2) ln(N/2πe) −
//    ln π(θ) + ½ ln det I(θ) + o(1), whose θ part is −(a − ½)·Y + const.
struct SyntaxControls {
    std::vector<double> martingale;
    double sum_log_theta = 0.0;
};

// One replicate's cumulative syntax redundancy R_N at each N of the grid
// (and its controls, if `controls` is not null; O(1) more work per token).
std::vector<double> syntax_redundancy_path(unsigned templates, double prior, const std::vector<std::uint64_t>& n_grid,
                                           numerics::RandomStream& rng, SyntaxControls* controls = nullptr);

// One replicate's cumulative knowledge redundancy R_N at each N of the grid
// (and, if `elements` is not null, K_N, the elements seen, appended to it).
std::vector<double> knowledge_redundancy_path(const theory::PitmanYorParameters& params, const KnowledgeCosts& costs,
                                              const std::vector<std::uint64_t>& n_grid, std::uint64_t seed,
                                              std::uint64_t replicate, numerics::RandomStream& rng,
                                              std::vector<double>* elements = nullptr);

// E[R_N] at each N of the grid (index as in n_grid), streamed (memory
// O(grid), monte_carlo.hpp). estimate_knowledge_redundancy also returns,
// through `paths` if non-null, every replicate's path (for derived
// statistics; O(replicates × grid) memory on every rank).
// The syntax replicates' streamed moments with covariances: columns
// 0..g−1 = R_N at the g points of the grid, g..2g−1 = the martingale
// controls there, 2g = Y (SyntaxControls).
ColumnMoments syntax_redundancy_moments(unsigned templates, double prior, const std::vector<std::uint64_t>& n_grid,
                                        std::size_t replicates, const RunOptions& options);

std::vector<Estimate> estimate_syntax_redundancy(unsigned templates, double prior,
                                                 const std::vector<std::uint64_t>& n_grid, std::size_t replicates,
                                                 const RunOptions& options);

// The knowledge replicates' streamed moments with covariances: columns
// 0..g−1 = R_N, g..2g−1 = K_N at the g points of the grid. K_N (exact mean K1)
// is R_N's control variate (control_variate.hpp): a first mention costs
// ln M + ln V + ln(1/p_new), so most of R_N's variance is K_N's (at the
// defaults all but ~1 %).
ColumnMoments knowledge_redundancy_moments(const theory::PitmanYorParameters& params, const KnowledgeCosts& costs,
                                         const std::vector<std::uint64_t>& n_grid, std::size_t replicates,
                                         const RunOptions& options);

std::vector<Estimate> estimate_knowledge_redundancy(const theory::PitmanYorParameters& params,
                                                    const KnowledgeCosts& costs,
                                                    const std::vector<std::uint64_t>& n_grid, std::size_t replicates,
                                                    const RunOptions& options,
                                                    std::vector<std::vector<double>>* paths = nullptr);

}  // namespace sklaws::validation
