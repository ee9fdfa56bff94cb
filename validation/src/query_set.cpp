// Queries of a generated corpus; see query_set.hpp.
#include <sklaws/validation/query_set.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/validation/random_variates.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace sklaws::validation {

void FactTally::add(const Sentence& s) {
    const std::size_t index = static_cast<std::size_t>(s.element) * relations_ + s.relation;
    if (index >= mentions_.size()) {
        mentions_.resize((static_cast<std::size_t>(s.element) + 1) * relations_, 0);
        true_.resize(mentions_.size(), 0);
    }
    ++mentions_[index];
    if (s.states_true_fact) ++true_[index];
}

std::uint64_t FactTally::mentions(std::uint64_t element, std::uint32_t relation) const {
    const std::size_t index = static_cast<std::size_t>(element) * relations_ + relation;
    return index < mentions_.size() ? mentions_[index] : 0;
}

std::uint64_t FactTally::true_mentions(std::uint64_t element, std::uint32_t relation) const {
    const std::size_t index = static_cast<std::size_t>(element) * relations_ + relation;
    return index < true_.size() ? true_[index] : 0;
}

std::string entity_word(std::uint64_t name) { return "entity" + std::to_string(name); }
std::string relation_word(std::uint32_t relation) { return "relation" + std::to_string(relation); }
std::string value_word(std::uint64_t value) { return "value" + std::to_string(value); }

void render_question(const Query& q, std::string& question, std::string& prompt) {
    // Render with a marker value, then cut at the marker: the templates are
    // the corpus's own (render_sentence), so the question reads like it.
    Sentence s{};
    s.template_id = q.template_id;
    s.name = q.name;
    s.relation = q.relation;
    s.value = 0;
    std::string text;
    render_sentence(s, text);
    const std::string marker = value_word(0);
    // the value slot is the word "value0" (entity/relation words never equal it)
    std::size_t at = std::string::npos;
    for (std::size_t p = text.find(marker); p != std::string::npos; p = text.find(marker, p + 1)) {
        const bool starts = p == 0 || text[p - 1] == ' ';
        const bool ends = p + marker.size() == text.size() || text[p + marker.size()] == ' ';
        if (starts && ends) {
            at = p;
            break;
        }
    }
    if (at == std::string::npos) throw std::logic_error("template without a value slot");
    question = text.substr(0, at) + "___" + text.substr(at + marker.size());
    prompt = text.substr(0, at);
    while (!prompt.empty() && prompt.back() == ' ') prompt.pop_back();
}

std::string query_json_line(const Query& q) {
    std::string question, prompt;
    render_question(q, question, prompt);
    nlohmann::ordered_json j{{"id", q.id},
                             {"element", q.element},
                             {"entity", entity_word(q.name)},
                             {"relation", relation_word(q.relation)},
                             {"question", question},
                             {"prompt", prompt},
                             {"answer", value_word(q.answer)},
                             {"weight", q.weight},
                             {"mentions", q.mentions},
                             {"true_mentions", q.true_mentions},
                             {"element_mentions", q.element_mentions},
                             {"seen", q.seen}};
    return j.dump();
}

QuerySet draw_queries(const SentenceGenerator& generator, const FactTally& tally, const QueryOptions& options,
                      std::uint64_t seed) {
    numerics::require(options.queries + options.unseen > 0, "queries", options.queries, "(at least one query)");
    const auto& params = generator.parameters();
    const double alpha = params.knowledge.alpha, beta = params.knowledge.beta;
    const auto sizes = generator.element_mentions();
    const std::uint64_t K = sizes.size();
    const std::uint32_t R = params.relations;

    // Posterior weights of the seen elements: Dirichlet(n_k − α, β + Kα) in logs.
    numerics::RandomStream weight_rng(seed, 5);
    std::vector<double> log_g(K + 1);
    for (std::uint64_t k = 0; k < K; ++k) log_g[k] = log_gamma_variate(weight_rng, static_cast<double>(sizes[k]) - alpha);
    log_g[K] = log_gamma_variate(weight_rng, beta + static_cast<double>(K) * alpha);
    const double top = *std::max_element(log_g.begin(), log_g.end());
    double total = 0;
    for (double v : log_g) total += std::exp(v - top);
    const double log_total = top + std::log(total);
    std::vector<double> weight(K);
    for (std::uint64_t k = 0; k < K; ++k) weight[k] = std::exp(log_g[k] - log_total);

    QuerySet set;
    set.unseen_mass = std::exp(log_g[K] - log_total);
    set.seen_facts = K * R;
    numerics::RandomStream query_rng(seed, 7);
    const auto& theta = generator.syntax().theta();
    const auto draw_template = [&]() {
        double u = query_rng.uniform(), acc = 0;
        for (unsigned s = 0; s < theta.size(); ++s) {
            acc += theta[s];
            if (u < acc) return s;
        }
        return static_cast<unsigned>(theta.size() - 1);
    };
    const auto seen_query = [&](std::uint64_t fact) {
        Query q;
        q.element = fact / R;
        q.relation = static_cast<std::uint32_t>(fact % R);
        const auto& e = generator.elements()[q.element];
        q.name = e.name;
        q.answer = e.facts[q.relation];
        q.weight = weight[q.element];
        q.element_mentions = sizes[q.element];
        q.mentions = tally.mentions(q.element, q.relation);
        q.true_mentions = tally.true_mentions(q.element, q.relation);
        q.template_id = draw_template();
        return q;
    };
    const std::uint64_t facts = K * R;
    if (options.queries > 0 && facts > 0) {
        if (options.sampling == QuerySampling::uniform) {
            std::vector<std::uint64_t> chosen;
            if (options.queries >= facts) {
                chosen.resize(facts);
                for (std::uint64_t f = 0; f < facts; ++f) chosen[f] = f;
            } else {
                // Floyd's algorithm: Q distinct of `facts`, O(Q) memory.
                std::unordered_set<std::uint64_t> picked;
                for (std::uint64_t j = facts - options.queries; j < facts; ++j) {
                    const std::uint64_t t = query_rng.below(j + 1);
                    picked.insert(picked.count(t) ? j : t);
                }
                chosen.assign(picked.begin(), picked.end());
                std::sort(chosen.begin(), chosen.end());
            }
            for (std::uint64_t f : chosen) set.queries.push_back(seen_query(f));
        } else {
            std::vector<std::uint64_t> cumulative(K);
            std::uint64_t running = 0;
            for (std::uint64_t k = 0; k < K; ++k) cumulative[k] = running += sizes[k];
            for (std::uint64_t i = 0; i < options.queries; ++i) {
                const std::uint64_t position = query_rng.below(running);
                const auto k = static_cast<std::uint64_t>(
                    std::upper_bound(cumulative.begin(), cumulative.end(), position) - cumulative.begin());
                const auto r = static_cast<std::uint32_t>(query_rng.below(R));
                set.queries.push_back(seen_query(k * R + r));
            }
        }
    }
    // Unseen elements: the next sticks of the remaining mass.
    numerics::RandomStream unseen_rng(seed, 6);
    double remaining = set.unseen_mass;
    for (std::uint64_t j = 1; j <= options.unseen; ++j) {
        const auto v = beta_draw(unseen_rng, 1 - alpha, beta + static_cast<double>(K + j) * alpha);
        Query q;
        q.seen = false;
        q.element = K + j - 1;
        q.weight = remaining * v.value;
        remaining *= v.complement;
        q.name = unseen_rng.below(params.names);
        q.relation = static_cast<std::uint32_t>(unseen_rng.below(R));
        q.answer = unseen_rng.below(params.values);
        q.template_id = draw_template();
        set.queries.push_back(q);
    }
    for (std::size_t i = 0; i < set.queries.size(); ++i) set.queries[i].id = i + 1;
    return set;
}

}  // namespace sklaws::validation
