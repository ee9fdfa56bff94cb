#include "sklaws/reports/claims.hpp"

#include <algorithm>

namespace sklaws::reports {

const std::vector<ClaimSpec>& claim_catalogue() {
    static const std::vector<ClaimSpec> claims = {
        {"heaps-zipf", "Heaps' and Zipf's laws", {"K1", "K2", "K3", "K4", "K5"},
         "E[K_n] = Γ(β+1)Γ(β+α+n) / (α Γ(β+α) Γ(β+n)) − β/α  ~  Γ(β+1)/(αΓ(β+α)) n^α   (K1)\n"
         "E[M_{j,n}] = C(n,j) (1−α)_{j−1} (β+α)_{n−j} / (β+1)_{n−1}   (K4)\n"
         "rank of frequency j: r(j) = Σ_{i≥j} E[M_{i,n}] ∝ j^{−α}, so frequency ∝ rank^{−1/α}   (K4)",
         "The number of distinct knowledge elements grows like n^α (Heaps) and the number seen exactly j times "
         "falls like j^{−1−α}, i.e. the r-th most frequent element is seen ∝ r^{−1/α} times (Zipf): the "
         "Pitman-Yor prior reproduces both laws of natural text. The fitted Heaps exponent estimates α, the "
         "fitted Zipf exponent 1/α."},
        {"entropy", "Entropy of the knowledge distribution", {"K6"},
         "E[H(W)] = ψ(β+1) − ψ(1−α)",
         "The irreducible knowledge part of the loss: the expected entropy of the GEM(α, β) weights."},
        {"syntax-redundancy", "Syntax redundancy", {"S1", "S2"},
         "R_N^syn = lnΓ(Sa+N) − lnΓ(Sa) − S·E[lnΓ(a+n_1) − lnΓ(a)] − N(ψ(Sa+1) − ψ(a+1))   (S1)\n"
         "R_N^syn = (d/2) ln(N/(2πe)) + S lnΓ(a) − lnΓ(Sa) + S(a − 1/2)(ψ(Sa) − ψ(a)) + o(1)   (S2)",
         "The parametric syntax model costs (d/2) log N nats in total, i.e. d/(2n) per token: it is learned "
         "fast."},
        {"knowledge-redundancy", "Knowledge redundancy", {"R1", "K7"},
         "r_n^know = E[H(pred_n)] − E[H(W)] + p_new(n)(ln M + ln V)   (R1)\n"
         "p_new(n) = Γ(β+1)Γ(β+α+n) / (Γ(β+α)Γ(β+n+1)) ~ Γ(β+1)/Γ(β+α) n^{α−1}   (K7)",
         "The non-parametric knowledge model is learned slowly: the per-token excess loss decays like "
         "n^{−(1−α)}, dominated by first mentions of unseen elements."},
        {"data-scaling", "Data scaling law", {"D1"},
         "L(N) − L_∞ = r_N^syn + r_N^know ≈ d/(2N) + c_know N^{−(1−α)};  a_D = 1 − α",
         "The Bayes-optimal excess loss against the number of training tokens: syntax first (1/N), then "
         "knowledge (N^{−(1−α)}). The fitted data exponent is compared with 1 − α."},
        {"model-scaling", "Model scaling law", {"M1"},
         "E[T_C] ~ (α/(1−α)) Γ(1−α)^{−1/α} E[S^{1/α}] C^{−(1−α)/α};  a_M = (1−α)/α",
         "A model that stores the C most frequent elements misses the mass T_C of the rest; the fitted model "
         "exponent is compared with (1 − α)/α."},
        {"exponent-consistency", "Exponent consistency", {"X1"},
         "a_D = 1 − α,  a_M = (1 − α)/α  ⇒  a_M = a_D/(1 − a_D);  α = 1 − a_D = 1/(1 + a_M)",
         "Both fitted exponents imply a value of α; the theory says they are the same α that generated the "
         "data."},
        {"acquisition", "Knowledge acquisition", {"A1", "A2"},
         "Acc(n, w) = 1 − (1 − 1/V)(1 − w)^n   (A1, noise-free, unlimited capacity)",
         "Facts are learned in order of frequency: an element of weight w is known once it has been mentioned, "
         "after about 1/w tokens; with capacity C rare facts are never stored (A2)."},
        {"fine-tuning", "Fine-tuning", {"F1"},
         "a new element is learned iff λ w_new > (1 − λ) W_(C); each one learned displaces the rarest stored element",
         "Fine-tuning on a fraction λ of new knowledge trades old facts for new ones at capacity."},
        {"hallucination", "Hallucination", {"H1"},
         "rate(w) = P(not stored | w)(1 − 1/V);  frequency-weighted rate E[T_C](1 − 1/V)",
         "A model answering about an element it did not store guesses, and is wrong with probability 1 − 1/V: "
         "rare elements are hallucinated."},
    };
    return claims;
}

std::string claim_for_label(const std::string& label) {
    for (const auto& claim : claim_catalogue()) {
        if (std::find(claim.labels.begin(), claim.labels.end(), label) != claim.labels.end()) return claim.id;
    }
    return "";
}

}  // namespace sklaws::reports
