// The Syntax-Knowledge sentence stream (docs/theory.md §2); see sentence_generator.hpp.
#include <sklaws/validation/sentence_generator.hpp>

#include <sklaws/numerics/errors.hpp>

namespace sklaws::validation {

void CorpusParameters::validate() const {
    knowledge.validate();
    numerics::require(templates >= 1, "templates", templates, "templates >= 1");
    numerics::require_finite("prior", prior);
    numerics::require(prior > 0.0, "prior", prior, "prior > 0");
    numerics::require(names >= 1, "names", names, "names >= 1");
    numerics::require(values >= 1, "values", values, "values >= 1");
    numerics::require(relations >= 1, "relations", relations, "relations >= 1");
    numerics::require_finite("noise", noise);
    numerics::require(noise >= 0.0 && noise <= 1.0, "noise", noise, "0 <= noise <= 1");
}

namespace {
const CorpusParameters& validated(const CorpusParameters& p) {
    p.validate();
    return p;
}
}  // namespace

SentenceGenerator::SentenceGenerator(const CorpusParameters& params, std::uint64_t seed)
    : params_(validated(params)),
      theta_rng_(seed, 0),
      syntax_(params.templates, params.prior, theta_rng_),
      template_rng_(seed, 1),
      crp_rng_(seed, 2),
      fact_rng_(seed, 3),
      mention_rng_(seed, 4),
      crp_(params.knowledge) {
    if (params.knowledge_sampler == KnowledgeSampler::stick_breaking) gem_.emplace(params.knowledge, seed, 5);
}

Sentence SentenceGenerator::next() {
    Sentence s{};
    s.template_id = syntax_.sample(template_rng_);
    if (gem_) {
        s.element = gem_->sample(crp_rng_);
        s.new_element = s.element == gem_counts_.size();
        if (s.new_element) gem_counts_.push_back(0);
        ++gem_counts_[s.element];
        ++sentences_;
    } else {
        s.element = crp_.seat(crp_rng_);
        s.new_element = crp_.last_was_new();
    }
    if (s.new_element) {
        // Name and facts are drawn at the first mention: cost ln M + R ln V.
        KnowledgeElement e{fact_rng_.below(params_.names), std::vector<std::uint64_t>(params_.relations)};
        for (auto& fact : e.facts) fact = fact_rng_.below(params_.values);
        elements_.push_back(std::move(e));
    }
    const KnowledgeElement& e = elements_[s.element];
    s.name = e.name;
    s.relation = static_cast<std::uint32_t>(mention_rng_.below(params_.relations));
    const std::uint64_t truth = e.facts[s.relation];
    s.value = truth;
    // Always one uniform for the noise decision, so ε changes nothing else.
    if (mention_rng_.uniform() < params_.noise) s.value = mention_rng_.below(params_.values);
    s.states_true_fact = s.value == truth;
    return s;
}

}  // namespace sklaws::validation
