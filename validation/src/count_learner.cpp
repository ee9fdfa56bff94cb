// Reference count learners; see count_learner.hpp.
#include <sklaws/validation/count_learner.hpp>

#include <sklaws/numerics/random_stream.hpp>
#include <sklaws/theory/acquisition.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sklaws::validation {

namespace {

// The number after `word` at the start of token t ("entity17" → 17).
bool number_after(const std::string& t, const char* word, std::uint64_t& out) {
    const std::string w(word);
    if (t.size() <= w.size() || t.compare(0, w.size(), w) != 0) return false;
    std::uint64_t v = 0;
    for (std::size_t i = w.size(); i < t.size(); ++i) {
        if (t[i] < '0' || t[i] > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(t[i] - '0');
    }
    out = v;
    return true;
}

}  // namespace

CountLearner::CountLearner(std::istream& corpus, const std::string& name) {
    std::string line;
    std::uint64_t line_number = 0;
    while (std::getline(corpus, line)) {
        ++line_number;
        if (line.empty()) continue;
        std::uint64_t entity = 0, relation = 0, value = 0;
        bool have_e = false, have_r = false, have_v = false;
        std::size_t pos = 0;
        while (pos < line.size()) {
            const std::size_t end = std::min(line.find(' ', pos), line.size());
            const std::string token = line.substr(pos, end - pos);
            have_e = number_after(token, "entity", entity) || have_e;
            have_r = number_after(token, "relation", relation) || have_r;
            have_v = number_after(token, "value", value) || have_v;
            pos = end + 1;
        }
        if (!(have_e && have_r && have_v))
            throw std::runtime_error(name + ":" + std::to_string(line_number) +
                                     ": expected a sentence with entity<k>, relation<r> and value<y> words");
        ++sentences_;
        ++entity_counts_[entity];
        auto& list = facts_[entity];
        Fact* fact = nullptr;
        for (auto& [r, f] : list)
            if (r == relation) fact = &f;
        if (!fact) {
            list.emplace_back(static_cast<std::uint32_t>(relation), Fact{});
            fact = &list.back().second;
        }
        ++fact->mentions;
        ++fact->value_counts[value];
    }
}

std::uint64_t CountLearner::entity_mentions(std::uint64_t name) const {
    const auto it = entity_counts_.find(name);
    return it == entity_counts_.end() ? 0 : it->second;
}

const CountLearner::Fact* CountLearner::find(std::uint64_t name, std::uint32_t relation) const {
    const auto it = facts_.find(name);
    if (it == facts_.end()) return nullptr;
    for (const auto& [r, f] : it->second)
        if (r == relation) return &f;
    return nullptr;
}

LearnerAnswer CountLearner::answer(const LearnerQuery& q, std::uint64_t values, double noise, std::uint64_t seed) const {
    numerics::RandomStream rng(seed, q.id);
    LearnerAnswer a;
    a.id = q.id;
    const Fact* f = find(q.name, q.relation);
    if (!f) {
        a.answer = "value" + std::to_string(rng.below(values));
        a.confidence = 1.0 / static_cast<double>(values);
        return a;
    }
    // Majority vote, ties uniformly: the i-th of the tied values by a uniform index.
    std::uint64_t best = 0;
    for (const auto& [v, c] : f->value_counts) best = std::max(best, c);
    std::vector<std::uint64_t> tied;
    for (const auto& [v, c] : f->value_counts)
        if (c == best) tied.push_back(v);
    std::sort(tied.begin(), tied.end());  // unordered_map order is not reproducible
    a.answer = "value" + std::to_string(tied[rng.below(tied.size())]);
    if (noise == 0) a.confidence = 1.0;
    else if (f->mentions <= 150) a.confidence = theory::accuracy_given_mentions(f->mentions, values, noise);
    return a;
}

LearnerAnswer CountLearner::answer_with_capacity(const LearnerQuery& q, const theory::PitmanYorParameters& params,
                                                 double capacity, std::uint64_t values, double noise, std::uint64_t seed,
                                                 bool abstain_unstored) const {
    const double threshold = theory::capacity_threshold_weight(params, capacity);
    const bool stored = static_cast<double>(entity_mentions(q.name)) > static_cast<double>(sentences_) * threshold;
    if (stored) return answer(q, values, noise, seed);
    numerics::RandomStream rng(seed, q.id);
    LearnerAnswer a;
    a.id = q.id;
    if (abstain_unstored) {
        a.abstain = true;
        a.confidence = 1.0 / static_cast<double>(values);
        return a;
    }
    a.answer = "value" + std::to_string(rng.below(values));
    a.confidence = 1.0 / static_cast<double>(values);
    return a;
}

}  // namespace sklaws::validation
