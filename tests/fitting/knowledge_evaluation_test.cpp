// The train–evaluate loop in the library: a generated corpus, its queries,
// reference learners' answers, and their scores against A1 and A2/H1.
// (The same loop through `sklaws generate` / `sklaws evaluate` is in
// tests/fitting/evaluate_cli_test.cpp.)
#include <catch2/catch.hpp>

#include <sklaws/fitting/knowledge_evaluation.hpp>
#include <sklaws/theory/acquisition.hpp>
#include <sklaws/validation/count_learner.hpp>
#include <sklaws/validation/query_set.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

using namespace sklaws;

namespace {

struct Loop {
    fitting::GeneratedRun run;
    validation::QuerySet queries;
    std::string corpus;
    std::vector<fitting::EvaluationQuery> evaluation_queries;
};

Loop make_loop(const validation::CorpusParameters& p, std::uint64_t n, std::uint64_t seed,
               const validation::QueryOptions& q) {
    Loop loop;
    validation::SentenceGenerator g(p, seed);
    validation::FactTally tally(p.relations);
    std::string line;
    for (std::uint64_t i = 0; i < n; ++i) {
        const auto s = g.next();
        tally.add(s);
        line.clear();
        validation::render_sentence(s, line);
        loop.corpus += line;
        loop.corpus += '\n';
    }
    loop.queries = validation::draw_queries(g, tally, q, seed);
    loop.run = {n, p.knowledge.alpha, p.knowledge.beta, p.values, p.relations, p.noise, {}};
    for (auto k : g.element_mentions()) loop.run.table_sizes.push_back(k);
    for (const auto& x : loop.queries.queries)
        loop.evaluation_queries.push_back({std::to_string(x.id), validation::value_word(x.answer), x.weight, x.mentions,
                                           x.element_mentions, x.seen});
    return loop;
}

std::vector<fitting::ModelAnswer> as_answers(const std::vector<validation::LearnerAnswer>& learned) {
    std::vector<fitting::ModelAnswer> out;
    for (const auto& a : learned) out.push_back({true, a.answer, a.abstain, a.confidence});
    return out;
}

validation::LearnerQuery learner_query(const validation::Query& q) { return {q.id, q.name, q.relation}; }

}  // namespace

TEST_CASE("loop: queries carry true weights, mentions and a cloze of the corpus's templates", "[fitting][loop]") {
    validation::CorpusParameters p;
    p.knowledge = {0.5, 5.0};
    p.templates = 3;
    p.values = 10;
    p.relations = 2;
    p.names = 1000000000000ULL;
    const auto loop = make_loop(p, 20000, 11, {300, validation::QuerySampling::uniform, 20});
    const auto& qs = loop.queries.queries;
    REQUIRE(qs.size() == 320);
    double total_weight = loop.queries.unseen_mass;
    std::uint64_t mentions = 0;
    for (std::size_t i = 0; i < qs.size(); ++i) {
        CHECK(qs[i].id == i + 1);
        CHECK(qs[i].weight > 0);
        CHECK(qs[i].mentions <= qs[i].element_mentions);
        CHECK(qs[i].true_mentions == qs[i].mentions);  // noise-free
        if (!qs[i].seen) CHECK(qs[i].element_mentions == 0);
        mentions += qs[i].mentions;
    }
    CHECK(mentions > 0);
    (void)total_weight;
    std::string question, prompt;
    validation::Query q = qs[0];
    q.template_id = 0;
    validation::render_question(q, question, prompt);
    CHECK(question == "the " + validation::relation_word(q.relation) + " of " + validation::entity_word(q.name) + " is ___ .");
    CHECK(prompt == "the " + validation::relation_word(q.relation) + " of " + validation::entity_word(q.name) + " is");
    const auto line = nlohmann::json::parse(validation::query_json_line(qs[0]));
    CHECK(line["id"] == 1);
    CHECK(line["answer"] == validation::value_word(qs[0].answer));
    CHECK(line["entity"] == validation::entity_word(qs[0].name));
    CHECK(line["weight"].get<double>() == qs[0].weight);  // round-trips exactly
    CHECK(line["mentions"] == qs[0].mentions);
    CHECK(line["seen"] == true);
    CHECK(line["question"].get<std::string>().find("___") != std::string::npos);
    q.template_id = 2;  // value first
    validation::render_question(q, question, prompt);
    CHECK(question.rfind("___ is the ", 0) == 0);
    CHECK(prompt.empty());
    // the weights of the seen elements and the rest sum to 1 (Dirichlet draw)
    const auto all = make_loop(p, 20000, 11, {1000000, validation::QuerySampling::uniform, 0});
    double seen = 0;
    std::uint64_t previous = ~0ULL;
    for (const auto& x : all.queries.queries)
        if (x.element != previous) {
            seen += x.weight;
            previous = x.element;
        }
    CHECK(seen + all.queries.unseen_mass == Approx(1.0).epsilon(1e-12));
    CHECK(all.queries.queries.size() == all.queries.seen_facts);
}

// Truthful answers score accuracy 1 and hallucination 0 in every band;
// constant wrong answers 0 and 1.
TEST_CASE("loop: truthful and constant wrong answers", "[fitting][loop]") {
    validation::CorpusParameters p;
    p.knowledge = {0.6, 2.0};
    p.values = 20;
    p.relations = 2;
    p.names = 1000000000000ULL;
    const auto loop = make_loop(p, 30000, 5, {2000, validation::QuerySampling::frequency, 50});
    std::vector<fitting::ModelAnswer> truth, wrong;
    for (const auto& q : loop.evaluation_queries) {
        truth.push_back({true, q.answer, false, std::nullopt});
        wrong.push_back({true, "not-a-value", false, std::nullopt});
    }
    const auto t = fitting::evaluate_answers(loop.run, loop.evaluation_queries, truth);
    const auto w = fitting::evaluate_answers(loop.run, loop.evaluation_queries, wrong);
    REQUIRE(t.bands.size() >= 6);
    for (const auto& b : t.bands) {
        INFO(b.by << " [" << b.lo << ", " << b.hi << ")");
        CHECK(b.queries > 0);
        CHECK(b.accuracy == 1.0);
        CHECK(b.hallucination == 0.0);
        CHECK(b.abstention == 0.0);
    }
    for (const auto& b : w.bands) {
        CHECK(b.accuracy == 0.0);
        CHECK(b.hallucination == 1.0);
    }
    CHECK(t.correct == 2050);
    CHECK(w.hallucinated == 2050);
}

// An unlimited-capacity learner (A1's majority vote over the corpus's own
// sentences) against A1: per band z = (correct − Σp)/√Σp(1−p) within ±4.
// Noise ε = 0.3 over V = 4 values and R = 3 relations make every band's
// accuracy uncertain (facts with 0, 1, 2 … mentions). With ~4000 queries a
// band of ~500 queries at p ≈ 0.7 has SD √(500·0.21) ≈ 10 correct answers,
// so an error of 4·10/350 ≈ 11 % of the band's correct count would fail the
// test; over all queries it detects ~3 %.
TEST_CASE("loop: an unlimited-capacity learner matches A1 by z-test", "[fitting][loop]") {
    validation::CorpusParameters p;
    p.knowledge = {0.5, 10.0};
    p.values = 4;
    p.relations = 3;
    p.noise = 0.3;
    p.names = 1000000000000ULL;
    const std::uint64_t n = 60000;
    const auto loop = make_loop(p, n, 21, {4000, validation::QuerySampling::uniform, 200});
    std::istringstream corpus(loop.corpus);
    const validation::CountLearner learner(corpus);
    CHECK(learner.sentences() == n);
    std::vector<validation::LearnerAnswer> learned;
    for (const auto& q : loop.queries.queries) learned.push_back(learner.answer(learner_query(q), p.values, p.noise, 99));
    const auto e = fitting::evaluate_answers(loop.run, loop.evaluation_queries, as_answers(learned));
    double total_p = 0, total_v = 0;
    std::size_t total_correct = 0;
    for (const auto& b : e.bands) {
        INFO(b.by << " [" << b.lo << ", " << b.hi << "): " << b.queries << " queries, accuracy " << b.accuracy
                  << ", A1 " << b.a1.accuracy << ", z " << b.a1.z);
        REQUIRE(b.a1.available);
        if (std::isfinite(b.a1.z)) CHECK(std::abs(b.a1.z) < 4);
        if (b.by == "weight") {
            total_p += b.a1.accuracy * static_cast<double>(b.queries);
            total_correct += b.correct;
        }
    }
    for (const auto& q : loop.evaluation_queries) {
        const double a = q.seen ? fitting::a1_probability_given_weight(loop.run, q.weight) : 1.0 / p.values;
        total_v += a * (1 - a);
    }
    const double z = (static_cast<double>(total_correct) - total_p) / std::sqrt(total_v);
    INFO("all queries: " << total_correct << " correct, A1 predicts " << total_p << ", z " << z);
    CHECK(std::abs(z) < 4);
    // the learner's confidences are A1's A(m): calibrated, so H2's columns appear
    CHECK(e.model_threshold.has_value());

    // H2: the same learner abstaining below τ = 0.7 (it answers A(m) ≥ 0.7:
    // every fact seen at least once at this noise, never a guess; beyond A1's
    // table, m > 150, it is all but certain and answers). Per band
    // the answered and hallucinated counts against H2 by z-test (variance
    // Σp(1−p) of the per-query probabilities).
    auto abstaining = as_answers(learned);
    for (auto& a : abstaining)
        if (a.confidence && *a.confidence < 0.7) a.abstain = true;
    const auto h = fitting::evaluate_answers(loop.run, loop.evaluation_queries, abstaining);
    REQUIRE(h.model_threshold.has_value());
    CHECK(*h.model_threshold >= 0.25);  // between A(0) = 1/V (abstained) and A(1) = 0.775 (answered)
    CHECK(*h.model_threshold < 0.775);
    double answered_total = 0, predicted_total = 0;
    for (const auto& b : h.bands) {
        if (b.by != "weight") continue;
        REQUIRE(b.has_confidence);
        const double answered = static_cast<double>(b.queries - b.abstained);
        const double expected = b.h2_answered * static_cast<double>(b.queries);
        INFO("band [" << b.lo << ", " << b.hi << "): answered " << answered << ", H2 " << expected
                      << "; hallucinated " << b.hallucinated << ", H2 " << b.h2_hallucination * b.queries);
        // binomial-like spread bound: √(q p(1−p)) with p the band's mean (≥ the exact Σp(1−p))
        const double p = b.h2_answered, sd = std::sqrt(static_cast<double>(b.queries) * p * (1 - p));
        if (sd > 0) CHECK(std::abs(answered - expected) < 4 * sd + 1e-9);
        else CHECK(answered == Approx(expected).margin(1e-6));
        const double ph = b.h2_hallucination, sdh = std::sqrt(static_cast<double>(b.queries) * ph * (1 - ph));
        CHECK(std::abs(static_cast<double>(b.hallucinated) - ph * b.queries) < 4 * sdh + 1e-6);
        answered_total += answered;
        predicted_total += expected;
    }
    CHECK(std::abs(answered_total - predicted_total) < 0.03 * predicted_total);
}

// A2's count learner (stores an element iff its mentions exceed n·w*(C)) on
// the same corpus: the maximum-likelihood capacity's interval contains its C.
TEST_CASE("loop: answers of A2's count learner recover its capacity", "[fitting][loop]") {
    validation::CorpusParameters p;
    p.knowledge = {0.5, 10.0};
    p.values = 10;
    p.relations = 1;
    p.names = 1000000000000ULL;
    const std::uint64_t n = 200000;
    const auto loop = make_loop(p, n, 3, {1000000, validation::QuerySampling::uniform, 0});
    std::istringstream corpus(loop.corpus);
    const validation::CountLearner learner(corpus);
    for (double capacity : {150.0, 600.0}) {
        std::vector<validation::LearnerAnswer> learned;
        for (const auto& q : loop.queries.queries)
            learned.push_back(learner.answer_with_capacity(learner_query(q), p.knowledge, capacity, p.values, p.noise, 7));
        const auto e = fitting::evaluate_answers(loop.run, loop.evaluation_queries, as_answers(learned));
        const auto& c = e.capacity;
        INFO("C = " << capacity << ": fitted " << c.capacity << " [" << c.lo << ", " << c.hi << "], "
                    << c.queries << " queries; n w*(C) = " << n * theory::capacity_threshold_weight(p.knowledge, capacity));
        REQUIRE(c.available);
        CHECK_FALSE(c.at_upper_limit);
        CHECK(c.lo <= capacity);
        CHECK(capacity <= c.hi);
        CHECK(c.hi / c.lo < 2);  // informative, not just wide
        for (const auto& b : e.bands)
            if (b.by == "weight" && b.queries >= 50) {
                INFO("band [" << b.lo << ", " << b.hi << "): accuracy " << b.accuracy << ", A2 " << b.a2.accuracy << ", z " << b.a2.z);
                if (std::isfinite(b.a2.z)) CHECK(std::abs(b.a2.z) < 4);
                else CHECK(b.accuracy == b.a2.accuracy);  // A2 certain: the learner must be too
            }
    }
}

TEST_CASE("loop: the unlimited learner's capacity is open above", "[fitting][loop]") {
    validation::CorpusParameters p;
    p.knowledge = {0.5, 10.0};
    p.values = 10;
    p.names = 1000000000000ULL;
    const auto loop = make_loop(p, 50000, 8, {1000000, validation::QuerySampling::uniform, 0});
    std::istringstream corpus(loop.corpus);
    const validation::CountLearner learner(corpus);
    std::vector<validation::LearnerAnswer> learned;
    for (const auto& q : loop.queries.queries) learned.push_back(learner.answer(learner_query(q), p.values, 0, 1));
    const auto e = fitting::evaluate_answers(loop.run, loop.evaluation_queries, as_answers(learned));
    CHECK(e.capacity.available);
    CHECK(e.capacity.at_upper_limit);
    CHECK(std::isinf(e.capacity.hi));
    CHECK(e.implied_alpha_available);
    CHECK(e.implied_alpha.alpha_lo < 0.5);
    CHECK(0.5 < e.implied_alpha.alpha_hi);
}
