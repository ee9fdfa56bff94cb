// KS1's structure-function envelope (theory/structure_function.hpp) against
// the mpmath oracle (tests/oracle/theory_structure_function_oracle.py: the
// same costs from digammas at 60 digits, a brute-force lower hull, its own
// ordering of the items), for synthetic tail inputs that include rising
// first gains; the integer optimum against a direct enumeration of the
// policies and the envelope's bound; domain errors.
#include "scaling_oracle_table.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/structure_function.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

using namespace sklaws::theory;

namespace {

struct Case {
    StructureFunctionModel model;
    RankedTailExpectations tails;
    std::vector<std::vector<std::string>> vertices;
    std::vector<std::string> summary;
};

std::map<std::string, Case> cases() {
    std::map<std::string, Case> out;
    for (const auto& f : sklaws::test::read_scaling_oracle("theory_structure_function.tsv")) {
        Case& c = out[f[0]];
        c.model.templates = static_cast<unsigned>(std::stoul(f[1]));
        c.model.prior = std::stod(f[2]);
        c.model.sentences = std::stod(f[3]);
        c.model.knowledge = {std::stod(f[4]), std::stod(f[5])};
        c.model.names = std::stod(f[6]);
        c.model.values = std::stod(f[7]);
        if (f[8] != "-") c.model.kappa_syntax = std::stod(f[8]);
        if (f[9] != "-") c.model.kappa_element = std::stod(f[9]);
        const std::vector<std::string> rest(f.begin() + 13, f.end());
        if (f[12] == "tail") {
            c.tails.tail_mass.push_back({std::stod(rest[1]), 0});
            c.tails.tail_entropy.push_back({std::stod(rest[2]), 0});
        } else if (f[12] == "vertex") {
            c.vertices.push_back(rest);
        } else {
            c.summary = rest;
        }
    }
    return out;
}

void close(double ours, const std::string& oracle, double scale, const std::string& what) {
    INFO(what << ": ours " << ours << ", oracle " << oracle);
    CHECK(std::abs(ours - std::stod(oracle)) <= 1e-12 * std::max(std::abs(std::stod(oracle)), scale));
}

}  // namespace

TEST_CASE("KS1 envelope matches the oracle vertex by vertex", "[theory][structure-function]") {
    const auto all = cases();
    REQUIRE(all.size() == 4);
    for (const auto& [name, c] : all) {
        INFO(name);
        const StructureFunction sf = structure_function(c.model, c.tails);
        const double scale = std::abs(std::stod(c.vertices.front()[1]));  // h(0): the size of every length
        REQUIRE(sf.points.size() == c.vertices.size());
        for (std::size_t i = 0; i < sf.points.size(); ++i) {
            const auto& p = sf.points[i];
            const auto& v = c.vertices[i];
            close(p.cost, v[0], 1, "cost");
            close(p.length.val, v[1], scale, "h");
            CHECK(p.stored_elements == std::stoul(v[2]));
            CHECK(p.syntax_stored == (v[3] == "1"));
            close(p.slope, v[4], std::abs(std::stod(c.summary[2])), "slope");
            close(p.integer_gap, v[5], scale, "integer gap");
            if (i > 0) CHECK(p.cost > sf.points[i - 1].cost);
        }
        CHECK(sf.crossover_condition == (c.summary[0] == "1"));
        CHECK(sf.elements_before_syntax == std::stoul(c.summary[1]));
        close(sf.syntax_gain_per_nat, c.summary[2], 1, "G_syn/kappa_syn");
        close(sf.top_element_gain_per_nat, c.summary[3], 1, "g_1/kappa_el");
        // With gains that do not increase, the condition decides the order.
        if (name != "rising-gains") CHECK(sf.syntax_first == sf.crossover_condition);
    }
}

TEST_CASE("KS1 integer optimum equals a direct search and stays within one segment's gain of the envelope",
          "[theory][structure-function]") {
    const auto all = cases();
    for (const auto& [name, c] : all) {
        INFO(name);
        TwoPartCosts costs;
        costs.knowledge = knowledge_code_length(c.model, c.tails);
        costs.sentences = c.model.sentences;
        costs.template_cost = std::log(static_cast<double>(c.model.templates));
        costs.template_cost_syntax = syntax_entropy_rate_e<double>(c.model.templates, c.model.prior);
        costs.kappa_syntax = c.model.syntax_cost();
        costs.kappa_element = c.model.element_cost();
        const StructureFunction sf = structure_envelope(costs);
        const double last = sf.points.back().cost;
        for (int step = 0; step <= 400; ++step) {
            const double budget = last * 1.2 * step / 400.0;
            // Direct: every (s, j) that fits.
            double best = INFINITY;
            for (int s = 0; s < 2; ++s) {
                for (std::size_t j = 0; j < costs.knowledge.size(); ++j) {
                    if (j * costs.kappa_element + s * costs.kappa_syntax > budget * (1 + 1e-12)) continue;
                    best = std::min(best, costs.sentences * ((s ? costs.template_cost_syntax.val : costs.template_cost) +
                                                              costs.knowledge[j].val));
                }
            }
            const IntegerOptimum opt = structure_integer_optimum(costs, budget);
            CHECK(opt.length == Approx(best).epsilon(1e-14));
            const double envelope = structure_envelope_at(sf, budget);
            CHECK(envelope <= opt.length * (1 + 1e-13));  // the envelope is a lower bound
            // … and the integer optimum is within the gain of the segment holding c.
            double gap_bound = 0;
            for (std::size_t i = 0; i + 1 < sf.points.size(); ++i) {
                if (budget >= sf.points[i].cost && budget < sf.points[i + 1].cost) gap_bound = sf.points[i].integer_gap;
            }
            CHECK(opt.length - envelope <= gap_bound * (1 + 1e-12) + 1e-9 * std::abs(envelope));
        }
    }
}

TEST_CASE("KS1 refuses bad input", "[theory][structure-function]") {
    using sklaws::numerics::DomainError;
    StructureFunctionModel m;
    RankedTailExpectations t;
    t.tail_mass = {{1, 0}, {0.5, 0}};
    t.tail_entropy = {{1, 0}, {0.3, 0}};
    CHECK_NOTHROW(structure_function(m, t));
    m.templates = 1;
    CHECK_THROWS_AS(structure_function(m, t), DomainError);
    m.templates = 4;
    m.kappa_element = -1;
    CHECK_THROWS_AS(structure_function(m, t), DomainError);
    m.kappa_element.reset();
    t.tail_mass[1] = {1.5, 0};
    CHECK_THROWS_AS(structure_function(m, t), DomainError);
    t.tail_mass.pop_back();
    CHECK_THROWS_AS(structure_function(m, t), DomainError);
}
