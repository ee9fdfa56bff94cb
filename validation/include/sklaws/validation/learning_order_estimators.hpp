// Monte Carlo of D1's syntax/knowledge split — the learning order — from
// full Syntax-Knowledge sentences (docs/theory.md §2, D1; sentence_generator.hpp).
//
// One replicate runs a SentenceGenerator (its seed drawn from the
// replicate's stream) and the Bayes learner reading its sentences: the
// Dirichlet predictive q(s) = (a + c_s)/(Sa + n) for templates, and the CRP
// predictive over the element *names* it has seen, (n_name − α)/(β + n) for
// a seen name and p_new = (β + αK)/(β + n) for a new one, which then costs
// ln M + ln V for its name and value (values are noise-free: ε = 0, R = 1).
// The generator runs with knowledge_sampler = stick_breaking, so θ and W
// are both instantiated. At each n of `points` it records the learner's
// expected excess loss on sentence n+1 given everything so far (Rao–Blackwell):
//   syntax     KL(θ ‖ q_n) = Σ θ_s ln θ_s − Σ θ_s ln(a + c_s) + ln(Sa + n),
//   knowledge  H(pred_n) + p_new(n)(ln M + ln V) − H(W),
// H(W) the realised entropy (the never-drawn remainder R by its conditional
// mean, R·E[H(GEM(α, β + nα))] − R ln R): the realised H(W) moves with
// H(pred_n), so the difference has a small variance where E[H(W)] alone
// would leave the O(1) spread of H(W) in every replicate;
// both kept up to date in O(1) a sentence; their means are S1's r_n^syn and
// R1's r_n^know exactly (as long as no two elements share a name, R1's
// domain: E[K_n]² ≪ 2MV), and it also returns the running sums, R_N. The
// estimates are z-tested against the exact split.
//
// Replicate r draws from RandomStream(seed, r): bit-identical for any
// thread count.
#pragma once

#include "monte_carlo.hpp"
#include "sentence_generator.hpp"

#include <cstdint>
#include <vector>

namespace sklaws::validation {

struct LearningOrderPoint {
    std::uint64_t n = 0;
    Estimate syntax;       // r_n^syn
    Estimate knowledge;    // r_n^know
    Estimate total;        // r_n^syn + r_n^know
    Estimate cumulative;   // R_n = Σ_{m<n} (r_m^syn + r_m^know)
};

// params: noise 0 and one relation; points increasing, ≤ 1e8.
std::vector<LearningOrderPoint> estimate_learning_order(const CorpusParameters& params,
                                                        const std::vector<std::uint64_t>& points,
                                                        std::size_t replicates, const RunOptions& options);

}  // namespace sklaws::validation
