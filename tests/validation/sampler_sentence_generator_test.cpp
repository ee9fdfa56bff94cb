// Dirichlet-categorical syntax and the Syntax-Knowledge sentence generator:
// θ moments, template frequencies, the knowledge partition against K1 and
// K4, name/fact/relation/noise laws, reproducibility and rendering.
#include "sampler_oracle.hpp"

#include <sklaws/validation/dirichlet_categorical.hpp>
#include <sklaws/validation/sentence_generator.hpp>

#include <catch2/catch.hpp>

#include <set>

using namespace sklaws;
using sklaws::test::Moments;
using sklaws::test::oracle;

namespace {
constexpr double z_max = 4.0;
}

TEST_CASE("Dirichlet theta: E[theta_i] = 1/S, Var = (S-1)/(S^2 (Sa+1)), sums to 1", "[validation][sampler]") {
    for (auto [s, a] : {std::pair{4u, 1.0}, std::pair{10u, 0.05}, std::pair{3u, 20.0}}) {
        INFO("S = " << s << ", a = " << a);
        Moments theta0;
        for (std::uint64_t rep = 0; rep < 20000; ++rep) {
            numerics::RandomStream rng(21, rep);
            validation::DirichletCategorical d(s, a, rng);
            double total = 0;
            for (double t : d.theta()) total += t;
            REQUIRE(total == Approx(1.0).margin(1e-14));
            theta0.add(d.theta()[0]);
        }
        const double var = (s - 1.0) / (s * s * (s * a + 1.0));
        CHECK(test::z_score(theta0.mean(), theta0.mean_se(), 1.0 / s) <= z_max);
        CHECK(test::z_score(theta0.variance(), theta0.variance_se(), var) <= z_max);
    }
    numerics::RandomStream rng(1, 1);
    CHECK_THROWS_AS(validation::DirichletCategorical(0, 1.0, rng), numerics::DomainError);
    CHECK_THROWS_AS(validation::DirichletCategorical(3, -1.0, rng), numerics::DomainError);
}

TEST_CASE("Templates are drawn with frequencies theta (chi-square)", "[validation][sampler]") {
    numerics::RandomStream rng(22, 0);
    validation::DirichletCategorical d(12, 0.5, rng);
    const int draws = 200000;
    std::vector<double> observed(12, 0.0);
    for (int i = 0; i < draws; ++i) observed[d.sample(rng)] += 1;
    const std::vector<double> theta(d.theta().begin(), d.theta().end());
    const auto [stat, df] = test::chi_square(observed, theta, draws);
    INFO("chi-square " << stat << " on " << df << " df");
    CHECK(stat <= test::chi_square_critical(df));
}

TEST_CASE("Sentence generator: knowledge partition matches K1 and K4, CRP and stick-breaking", "[validation][sampler]") {
    const std::string name = "a05_b1_n1000";
    const auto& c = oracle().at(name);
    for (const auto sampler : {validation::KnowledgeSampler::crp, validation::KnowledgeSampler::stick_breaking}) {
    INFO("sampler " << (sampler == validation::KnowledgeSampler::crp ? "crp" : "stick-breaking"));
    validation::CorpusParameters p;
    p.knowledge = {c.alpha, c.beta};
    p.templates = 3;
    p.knowledge_sampler = sampler;
    Moments tables, singletons;
    for (std::uint64_t rep = 0; rep < 2000; ++rep) {
        validation::SentenceGenerator g(p, rep);
        std::uint64_t new_elements = 0;
        for (std::uint64_t i = 0; i < c.n; ++i) new_elements += g.next().new_element ? 1 : 0;
        REQUIRE(new_elements == g.elements().size());
        tables.add(static_cast<double>(g.elements().size()));
        double m1 = 0;
        for (auto s : g.element_mentions()) m1 += s == 1 ? 1 : 0;
        singletons.add(m1);
    }
    CHECK(test::z_score(tables.mean(), tables.mean_se(), oracle().value(name, "mean_tables")) <= z_max);
    CHECK(test::z_score(singletons.mean(), singletons.mean_se(), oracle().value(name, "block_count", 1)) <= z_max);
    validation::SentenceGenerator g(p, 1);
    CHECK((g.weights() != nullptr) == (sampler == validation::KnowledgeSampler::stick_breaking));
    }
}

TEST_CASE("Sentence generator: relations uniform, noise rate, names and facts in range", "[validation][sampler]") {
    validation::CorpusParameters p;
    p.knowledge = {0.5, 5.0};
    p.templates = 6;
    p.names = 50;
    p.values = 4;
    p.relations = 3;
    p.noise = 0.2;
    validation::SentenceGenerator g(p, 31);
    const int n = 100000;
    double wrong = 0, relation0 = 0;
    std::vector<std::vector<std::set<std::uint64_t>>> stated;
    for (int i = 0; i < n; ++i) {
        const auto s = g.next();
        REQUIRE(s.template_id < 6);
        REQUIRE(s.name < 50);
        REQUIRE(s.value < 4);
        REQUIRE(s.relation < 3);
        REQUIRE(s.name == g.elements()[s.element].name);
        REQUIRE(s.states_true_fact == (s.value == g.elements()[s.element].facts[s.relation]));
        wrong += s.states_true_fact ? 0 : 1;
        relation0 += s.relation == 0 ? 1 : 0;
    }
    // A noisy mention is wrong with probability 1 − 1/V: rate ε(1 − 1/V).
    const double p_wrong = 0.2 * (1 - 1.0 / 4);
    CHECK(test::z_score(wrong / n, std::sqrt(p_wrong * (1 - p_wrong) / n), p_wrong) <= z_max);
    CHECK(test::z_score(relation0 / n, std::sqrt(2.0 / 9 / n), 1.0 / 3) <= z_max);
    for (const auto& e : g.elements()) CHECK(e.facts.size() == 3);
}

TEST_CASE("Sentence generator is reproducible; noise does not move the partition", "[validation][sampler]") {
    validation::CorpusParameters p;
    p.knowledge = {0.7, 2.0};
    validation::SentenceGenerator a(p, 5), b(p, 5);
    p.noise = 0.5;
    validation::SentenceGenerator c(p, 5);
    for (int i = 0; i < 20000; ++i) {
        const auto x = a.next(), y = b.next(), z = c.next();
        REQUIRE(x.element == y.element);
        REQUIRE(x.value == y.value);
        REQUIRE(x.template_id == y.template_id);
        REQUIRE(x.element == z.element);
        REQUIRE(x.template_id == z.template_id);
    }
    CHECK_THROWS_AS(validation::SentenceGenerator([] {
                        validation::CorpusParameters bad;
                        bad.noise = 1.5;
                        return bad;
                    }(), 1),
                    numerics::DomainError);
}

TEST_CASE("Templates render to distinct word orders with every slot filled", "[validation][sampler]") {
    std::set<std::string> texts, rendered;
    for (unsigned t = 0; t < 20; ++t) {
        texts.insert(validation::template_text(t));
        validation::Sentence s{t, 0, 17, 2, 9, false, true};
        std::string line;
        validation::render_sentence(s, line);
        CHECK(line.find("entity17") != std::string::npos);
        CHECK(line.find("relation2") != std::string::npos);
        CHECK(line.find("value9") != std::string::npos);
        CHECK(line.find('{') == std::string::npos);
        rendered.insert(line);
    }
    CHECK(texts.size() == 20);
    CHECK(rendered.size() == 20);
}
