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

// A per-token part corrected by control variates (control_variate.hpp):
// r_n^syn by Σ_s ln θ_s and Σ_s θ_s ln θ_s (exact means S(ψ(a) − ψ(Sa)) and
// ψ(a+1) − ψ(Sa+1)), r_n^know by the realised H(W) (K6), K_n (K1) and the
// atoms' unseen mass U_n (E[U_n] = p_new(n), K7: it is P(new | W, past)),
// r_n by all five. They remove the variance of θ, of H(W) and of the diversity
// behind K_n; the SE is the residual's. control_error = Σ |b|·(the control
// mean's own error bound). Where the controls explain all of a part's
// variance (n = 1) the plain mean is kept (`controlled` false).
struct ControlledPart {
    Estimate estimate;
    double variance_ratio = 1.0;
    double control_error = 0.0;
    bool controlled = true;
};

struct LearningOrderPoint {
    std::uint64_t n = 0;
    ControlledPart syntax;     // r_n^syn
    ControlledPart knowledge;  // r_n^know
    ControlledPart total;      // r_n^syn + r_n^know
    Estimate cumulative;       // R_n = Σ_{m<n} (r_m^syn + r_m^know), plain mean
};

// params: noise 0 and one relation; points increasing, ≤ 1e8.
std::vector<LearningOrderPoint> estimate_learning_order(const CorpusParameters& params,
                                                        const std::vector<std::uint64_t>& points,
                                                        std::size_t replicates, const RunOptions& options);

}  // namespace sklaws::validation
