// KS1 structure function (docs/theory.md §3); model and method in
// structure_function.hpp.
#include <sklaws/theory/structure_function.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/gem_entropy.hpp>
#include <sklaws/theory/missing_mass.hpp>

#include <cmath>

namespace sklaws::theory {

using numerics::Evaluation;

double StructureFunctionModel::syntax_cost() const {
    return kappa_syntax ? *kappa_syntax : 0.5 * (static_cast<double>(templates) - 1) * std::log(sentences);
}

double StructureFunctionModel::element_cost() const {
    return kappa_element ? *kappa_element : std::log(names) + std::log(values) + 0.5 * std::log(sentences);
}

void StructureFunctionModel::validate() const {
    numerics::require(templates >= 2, "templates", templates, "S >= 2");
    numerics::require_finite("prior", prior);
    numerics::require(prior > 0, "prior", prior, "a > 0");
    numerics::require_finite("sentences", sentences);
    numerics::require(sentences >= 2, "sentences", sentences, "N >= 2");
    knowledge.validate();
    numerics::require_finite("names", names);
    numerics::require_finite("values", values);
    numerics::require(names >= 1 && values >= 1 && names * values >= 2, "names", names, "M, V >= 1 and M*V >= 2");
    for (const auto& [name, kappa] : {std::pair{"kappa_syntax", kappa_syntax}, std::pair{"kappa_element", kappa_element}}) {
        if (kappa) {
            numerics::require_finite(name, *kappa);
            numerics::require(*kappa > 0, name, *kappa, "kappa > 0");
        }
    }
}

namespace {

void validate_tails(const RankedTailExpectations& tails) {
    numerics::require(tails.tail_mass.size() >= 2 && tails.tail_mass.size() == tails.tail_entropy.size(), "tails",
                      tails.tail_mass.size(), "E[T_j] and E[T_j H_j] for j = 0..J, J >= 1");
    for (std::size_t j = 0; j < tails.tail_mass.size(); ++j) {
        const auto& t = tails.tail_mass[j];
        const auto& h = tails.tail_entropy[j];
        numerics::require(std::isfinite(t.val) && std::isfinite(t.err) && t.val >= -t.err && t.val <= 1 + t.err,
                          "tail_mass", t.val, "0 <= E[T_j] <= 1");
        numerics::require(std::isfinite(h.val) && std::isfinite(h.err) && h.val >= -h.err, "tail_entropy", h.val,
                          "E[T_j H_j] >= 0");
    }
}

// A vertex of the knowledge-only lower hull.
struct Vertex {
    std::size_t j;
    double length;  // N ℓ(j)
};

}  // namespace

std::vector<Evaluation<double>> knowledge_code_length(const StructureFunctionModel& model,
                                                      const RankedTailExpectations& tails) {
    model.validate();
    validate_tails(tails);
    const auto entropy = knowledge_entropy_e<double>(model.knowledge.alpha, model.knowledge.beta);
    const double log_mv = std::log(model.names) + std::log(model.values);
    std::vector<Evaluation<double>> out;
    for (std::size_t j = 0; j < tails.tail_mass.size(); ++j) {
        const auto& t = tails.tail_mass[j];
        const auto& h = tails.tail_entropy[j];
        const double v = entropy.val + log_mv * t.val - h.val;
        out.push_back({v, entropy.err + log_mv * t.err + h.err + 4e-16 * (entropy.val + log_mv * t.val + h.val)});
    }
    return out;
}

ExactRankedTails exact_ranked_tails(const PitmanYorParameters& knowledge, std::size_t J) {
    knowledge.validate();
    numerics::require(knowledge.alpha > 0, "alpha", knowledge.alpha, "0 < alpha < 1 (M2's exact tails)");
    numerics::require(J >= 1 && J <= missing_mass_max_capacity, "J", J, "1 <= J <= 1e12");
    ExactRankedTails out;
    out.tail_mass.reserve(J + 1);
    out.ranked_weight.reserve(J);
    out.tail_mass.push_back({1.0, 0.0});
    for (std::size_t j = 1; j <= J; ++j) {
        out.tail_mass.push_back(tail_mass_e<double>(knowledge.alpha, knowledge.beta, j));
        out.ranked_weight.push_back(ranked_weight_mean_e<double>(knowledge.alpha, knowledge.beta, j));
    }
    return out;
}

StructureFunction structure_function(const StructureFunctionModel& model, const RankedTailExpectations& tails) {
    TwoPartCosts costs;
    costs.knowledge = knowledge_code_length(model, tails);
    costs.sentences = model.sentences;
    costs.template_cost = std::log(static_cast<double>(model.templates));
    costs.template_cost_syntax = syntax_entropy_rate_e<double>(model.templates, model.prior);
    costs.kappa_syntax = model.syntax_cost();
    costs.kappa_element = model.element_cost();
    return structure_envelope(costs);
}

StructureFunction structure_envelope(const TwoPartCosts& costs) {
    const std::vector<Evaluation<double>>& ell = costs.knowledge;
    numerics::require(ell.size() >= 2, "knowledge", ell.size(), "costs for j = 0..J, J >= 1");
    numerics::require(costs.kappa_syntax > 0 && costs.kappa_element > 0, "kappa", costs.kappa_syntax, "kappa > 0");
    const double N = costs.sentences;
    const double k_syn = costs.kappa_syntax, k_el = costs.kappa_element;
    const Evaluation<double> syntax_entropy = costs.template_cost_syntax;
    const double log_s = costs.template_cost;

    StructureFunction out;
    out.syntax_gain = N * (log_s - syntax_entropy.val);
    out.syntax_gain_per_nat = out.syntax_gain / k_syn;
    out.top_element_gain_per_nat = N * (ell[0].val - ell[1].val) / k_el;
    out.crossover_condition = out.syntax_gain_per_nat > out.top_element_gain_per_nat;

    // Lower convex hull of (j κ_el, N ℓ(j)) (monotone chain), cut where the
    // slope stops being negative: storing more gains nothing.
    std::vector<Vertex> hull;
    for (std::size_t j = 0; j < ell.size(); ++j) {
        const Vertex v{j, N * ell[j].val};
        while (hull.size() >= 2) {
            const Vertex& a = hull[hull.size() - 2];
            const Vertex& b = hull.back();
            // Drop b if it lies on or above the chord a–v.
            const double cross = (static_cast<double>(b.j - a.j)) * (v.length - a.length) -
                                 (static_cast<double>(v.j - a.j)) * (b.length - a.length);
            if (cross <= 0) {
                hull.pop_back();
            } else {
                break;
            }
        }
        hull.push_back(v);
    }
    const std::size_t full = hull.size();
    std::size_t useful = 1;  // vertices kept: 0 … useful−1
    while (useful < hull.size() && hull[useful].length < hull[useful - 1].length) ++useful;
    hull.resize(useful);
    out.truncated = useful == full && useful > 1;

    // Merge θ into the order of decreasing gain per nat.
    const double syntax_rate = out.syntax_gain_per_nat;
    auto segment_rate = [&](std::size_t v) {  // gain per nat of hull segment v → v+1
        return (hull[v].length - hull[v + 1].length) / (static_cast<double>(hull[v + 1].j - hull[v].j) * k_el);
    };
    std::size_t syntax_at = hull.size() - 1;  // syntax enters after vertex syntax_at
    for (std::size_t v = 0; v + 1 < hull.size(); ++v) {
        if (segment_rate(v) < syntax_rate) {
            syntax_at = v;
            break;
        }
    }
    out.elements_before_syntax = hull[syntax_at].j;
    out.syntax_first = out.elements_before_syntax == 0;

    auto point = [&](std::size_t v, bool syntax) {
        const std::size_t j = hull[v].j;
        StructurePoint p;
        p.cost = static_cast<double>(j) * k_el + (syntax ? k_syn : 0.0);
        const double template_cost = syntax ? syntax_entropy.val : log_s;
        const double length = N * (template_cost + ell[j].val);
        p.length = {length, N * (ell[j].err + (syntax ? syntax_entropy.err : 0.0)) + 4e-16 * length};
        p.stored_elements = j;
        p.syntax_stored = syntax;
        return p;
    };
    // The segment that starts at a point: the syntax item, or hull segment v → v+1.
    auto set_next = [&](StructurePoint& p, bool next_is_syntax, std::size_t v) {
        if (next_is_syntax) {
            p.slope = -syntax_rate;
            p.integer_gap = out.syntax_gain;
        } else if (v + 1 < hull.size()) {
            p.slope = -segment_rate(v);
            p.integer_gap = hull[v].length - hull[v + 1].length;
        }
    };
    for (std::size_t v = 0; v < hull.size(); ++v) {
        if (v <= syntax_at) {
            StructurePoint p = point(v, false);
            set_next(p, v == syntax_at, v);
            out.points.push_back(p);
        }
        if (v >= syntax_at) {
            StructurePoint p = point(v, true);
            set_next(p, false, v);
            out.points.push_back(p);
        }
    }
    return out;
}

IntegerOptimum structure_integer_optimum(const TwoPartCosts& costs, double budget) {
    numerics::require(std::isfinite(budget) && budget >= 0, "budget", budget, "c >= 0");
    IntegerOptimum best{INFINITY, 0, false};
    for (const bool syntax : {false, true}) {
        const double left = budget - (syntax ? costs.kappa_syntax : 0.0);
        if (left < 0) continue;
        const double fit = std::floor(left / costs.kappa_element + 1e-12);
        const std::size_t j_max = static_cast<std::size_t>(std::min<double>(fit, static_cast<double>(costs.knowledge.size() - 1)));
        const double template_cost = syntax ? costs.template_cost_syntax.val : costs.template_cost;
        for (std::size_t j = 0; j <= j_max; ++j) {
            const double length = costs.sentences * (template_cost + costs.knowledge[j].val);
            if (length < best.length) best = {length, j, syntax};
        }
    }
    return best;
}

double structure_envelope_at(const StructureFunction& envelope, double budget) {
    numerics::require(!envelope.points.empty(), "envelope", 0, "a computed structure function");
    const auto& p = envelope.points;
    if (budget <= p.front().cost) return p.front().length.val;
    for (std::size_t i = 0; i + 1 < p.size(); ++i) {
        if (budget <= p[i + 1].cost) {
            const double t = (budget - p[i].cost) / (p[i + 1].cost - p[i].cost);
            return p[i].length.val + t * (p[i + 1].length.val - p[i].length.val);
        }
    }
    return p.back().length.val;
}

}  // namespace sklaws::theory
