// Reference learners for the train–evaluate loop: they read a generated
// corpus as text (corpus.txt, the words entity<name>, relation<r>,
// value<y> of render_sentence) and answer queries.jsonl — what any model
// trained on the corpus would do, in the two idealisations the theory
// treats (docs/theory.md A1, A2, H1):
//
//   unlimited  every fact seen is kept: the answer is the value stated most
//              often for (entity, relation), ties broken uniformly; a fact
//              never stated gets a uniform guess among the V values (A1's
//              majority-vote learner).
//   capacity   A2's count rule: the entity is stored iff its mention count
//              m exceeds n·w*(C), w*(C) = theory::capacity_threshold_weight
//              (the rule validation/hallucination_by_frequency.hpp
//              simulates); stored entities answer as `unlimited`, others
//              guess uniformly (or abstain, if asked).
//
// Randomness (ties and guesses) from RandomStream(seed, query id), so an
// answer does not depend on which other queries are asked.
#pragma once

#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sklaws::validation {

struct LearnerAnswer {
    std::uint64_t id = 0;
    std::string answer;   // "value<y>" (empty when abstaining)
    bool abstain = false;
    // A1's posterior accuracy A(m) of the answer (1/V for a guess); unset
    // beyond A1's exact noisy table (m > 150 mentions with ε > 0).
    std::optional<double> confidence;
};

struct LearnerQuery {
    std::uint64_t id = 0;
    std::uint64_t name = 0;
    std::uint32_t relation = 0;
};

class CountLearner {
public:
    // Reads every line of `corpus` (throws std::runtime_error naming the
    // 1-based line of a sentence without entity/relation/value words).
    explicit CountLearner(std::istream& corpus, const std::string& name = "corpus.txt");

    std::uint64_t sentences() const { return sentences_; }
    std::uint64_t entity_mentions(std::uint64_t name) const;

    // Unlimited capacity (A1's learner).
    LearnerAnswer answer(const LearnerQuery& q, std::uint64_t values, double noise, std::uint64_t seed) const;
    // A2's count rule with capacity C under PY(α, β); abstain_unstored:
    // abstain instead of guessing on entities not stored.
    LearnerAnswer answer_with_capacity(const LearnerQuery& q, const theory::PitmanYorParameters& params, double capacity,
                                       std::uint64_t values, double noise, std::uint64_t seed,
                                       bool abstain_unstored = false) const;

private:
    struct Fact {
        std::unordered_map<std::uint64_t, std::uint64_t> value_counts;
        std::uint64_t mentions = 0;
    };
    std::unordered_map<std::uint64_t, std::vector<std::pair<std::uint32_t, Fact>>> facts_;  // by name
    std::unordered_map<std::uint64_t, std::uint64_t> entity_counts_;
    std::uint64_t sentences_ = 0;
    const Fact* find(std::uint64_t name, std::uint32_t relation) const;
};

}  // namespace sklaws::validation
