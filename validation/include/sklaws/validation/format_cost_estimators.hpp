// Monte Carlo of F1's format cost (docs/theory.md §3,
// theory/format_cost.hpp): a Dirichlet(b) syntax posterior fine-tuned on
// examples of a new template distribution θ.
//
// One replicate draws K_max examples s_1, s_2, … from θ (inversion of the
// cumulative θ, one uniform each) and runs the predictive q_k(s) = (b_s +
// c_s)/(B + k). At each step k it records the per-token excess given the
// counts so far, KL(θ ‖ q_k) = Σ_s θ_s ln(θ_s/q_k(s)) — the conditional mean
// of the log-loss excess of example k+1, so its average over replicates is an
// unbiased estimate of r_k with far less variance than the realised log loss
// (Rao–Blackwell) — and the running sum Σ_{j<K} KL(θ ‖ q_j), an unbiased
// estimate of R_K. Both are z-tested against the exact r_k and R_K.
//
// Replicate r draws from RandomStream(seed, r): bit-identical for any thread
// count.
#pragma once

#include "monte_carlo.hpp"

#include <cstdint>
#include <vector>

namespace sklaws::validation {

struct FormatCostPoint {
    std::uint64_t examples = 0;  // k (per token) = K (cumulative)
    Estimate per_token;          // r_k
    Estimate cumulative;         // R_K
};

// prior b_s > 0, target θ (≥ 0, Σ = 1, as many as b); points increasing;
// replicates ≥ 2.
std::vector<FormatCostPoint> estimate_format_cost(const std::vector<double>& prior, const std::vector<double>& target,
                                                  const std::vector<std::uint64_t>& points, std::size_t replicates,
                                                  const RunOptions& options);

}  // namespace sklaws::validation
