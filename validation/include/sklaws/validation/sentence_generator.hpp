// The full Syntax-Knowledge generative model of docs/theory.md §2, one sentence at
// a time: x_n = (template s_n, element k_n, relation r_n, value y_n).
//
//   θ ~ Dirichlet(a·1_S), s_n ~ Categorical(θ)                  (syntax)
//   k_n from CRP(α, β), the Bayes marginal of PY(α, β)          (knowledge)
//   at its first mention an element draws a name uniform over M and, for each
//   of R relations, a fact uniform over V values
//   r_n uniform over R; the sentence states y_n = fact(k_n, r_n) with
//   probability 1 − ε, otherwise a uniform value (noise).
//
// Memory is O(K·R), independent of N: the CRP runs in the counts
// representation (CrpCountsSampler: Fenwick tree, O(log K) per draw), so a
// corpus of 1e9 sentences can be streamed.
//
// With knowledge_sampler = stick_breaking the elements come instead from
// W ~ GEM(α, β) instantiated lazily (GemWeights, stream (seed, 5)) and drawn
// from it (in order of appearance, like CRP tables): the same law of the
// sentences, with the weights available (weights()) for what needs the
// oracle's loss −ln W_k. Memory then grows with the sticks instantiated.
//
// Randomness: independent streams (seed, 0) for θ, (seed, 1) for templates,
// (seed, 2) for the CRP, (seed, 3) for names/facts, (seed, 4) for relations
// and noise — changing ε or R does not change the partition or the syntax.
#pragma once

#include <sklaws/numerics/random_stream.hpp>
#include <sklaws/theory/pitman_yor_parameters.hpp>
#include <sklaws/validation/crp_counts_sampler.hpp>
#include <sklaws/validation/dirichlet_categorical.hpp>
#include <sklaws/validation/stick_breaking.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sklaws::validation {

enum class KnowledgeSampler { crp, stick_breaking };

struct CorpusParameters {
    theory::PitmanYorParameters knowledge;
    unsigned templates = 4;         // S ≥ 1
    double prior = 1.0;             // a > 0
    std::uint64_t names = 1000000;  // M ≥ 1
    std::uint64_t values = 1000;    // V ≥ 1
    std::uint32_t relations = 1;    // R ≥ 1
    double noise = 0.0;             // 0 ≤ ε ≤ 1
    KnowledgeSampler knowledge_sampler = KnowledgeSampler::crp;

    void validate() const;  // DomainError naming the bad parameter
};

struct Sentence {
    unsigned template_id;
    std::uint64_t element;     // knowledge element (CRP table), order of appearance
    std::uint64_t name;        // element's name in [0, M)
    std::uint32_t relation;    // in [0, R)
    std::uint64_t value;       // stated value in [0, V)
    bool new_element;          // first mention of the element
    bool states_true_fact;     // value == the element's fact for this relation
};

struct KnowledgeElement {
    std::uint64_t name;
    std::vector<std::uint64_t> facts;  // one per relation
};

class SentenceGenerator {
public:
    SentenceGenerator(const CorpusParameters& params, std::uint64_t seed);

    Sentence next();

    const CorpusParameters& parameters() const { return params_; }
    const DirichletCategorical& syntax() const { return syntax_; }
    std::span<const KnowledgeElement> elements() const { return elements_; }
    std::span<const std::uint64_t> element_mentions() const {
        return gem_ ? std::span<const std::uint64_t>(gem_counts_) : crp_.table_sizes();
    }
    std::uint64_t sentences() const { return gem_ ? sentences_ : crp_.customers(); }
    // The knowledge weights (stick_breaking only; nullptr with the CRP).
    GemWeights* weights() { return gem_ ? &*gem_ : nullptr; }

private:
    CorpusParameters params_;
    numerics::RandomStream theta_rng_;
    DirichletCategorical syntax_;
    numerics::RandomStream template_rng_;
    numerics::RandomStream crp_rng_;
    numerics::RandomStream fact_rng_;
    numerics::RandomStream mention_rng_;
    CrpCountsSampler crp_;
    std::optional<GemWeights> gem_;
    std::vector<std::uint64_t> gem_counts_;
    std::uint64_t sentences_ = 0;
    std::vector<KnowledgeElement> elements_;
};

// Number of distinct surface templates available without repetition; S may
// exceed it (later templates get a distinguishing lead word).
unsigned base_template_count();

// Appends the rendering of `s` (template s.template_id, with words
// "entity<name>", "relation<r>", "value<y>") and no newline to `out`.
void render_sentence(const Sentence& s, std::string& out);

// The template text with placeholders {entity}, {relation}, {value}.
std::string template_text(unsigned template_id);

}  // namespace sklaws::validation
