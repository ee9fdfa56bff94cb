// D1's learning order: the exact syntax/knowledge split and its certified
// crossover N* (learning_order.hpp).
#include <sklaws/theory/learning_order.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

namespace sklaws::theory {

using numerics::Evaluation;

void LearningOrderModel::validate() const {
    numerics::require(templates >= 2, "templates", templates, "S >= 2");
    numerics::require_finite("prior", prior);
    numerics::require(prior > 0, "prior", prior, "a > 0");
    knowledge.validate();
    numerics::require_finite("names", names);
    numerics::require_finite("values", values);
    numerics::require(names >= 1, "names", names, "M >= 1");
    numerics::require(values >= 1, "values", values, "V >= 1");
    numerics::require(names * values >= 2, "values", values, "M*V >= 2");
}

namespace {

// R1's domain up to n: expected label collisions E[K_n]²/(2MV) ≤ 1 %.
void require_no_collisions(const LearningOrderModel& m, std::uint64_t n) {
    const double k = expected_tables(m.knowledge.alpha, m.knowledge.beta, static_cast<double>(std::max<std::uint64_t>(n, 1)));
    const double collisions = k * k / (2 * m.names * m.values);
    if (!(collisions <= 0.01))
        throw numerics::DomainError("names", "R1 needs distinct labels: E[K_n]^2/(2MV) = " + std::to_string(collisions) +
                                                 " expected collisions at n = " + std::to_string(n) +
                                                 " (at most 0.01; raise --names/--values or lower n)");
}

// R1's stated bound for the exact recursion.
Evaluation<double> knowledge_value(double r) { return {r, 1e-11 * std::abs(r) + 1e-13}; }

Evaluation<double> sum(const Evaluation<double>& a, const Evaluation<double>& b) {
    const double v = a.val + b.val;
    return {v, a.err + b.err + 0x1p-53 * std::abs(v)};
}

// The two curves with memoised syntax points and the certificates of the
// header: proven_above(l, u) shows r^know > r^syn at every integer of [l, u]
// from the monotonicity of both true curves.
class Crossover {
public:
    Crossover(const LearningOrderModel& m, std::uint64_t n_max)
        : model_(m), knowledge_(knowledge_redundancy_curve(m.knowledge, n_max, m.names, m.values)) {}

    Evaluation<double> knowledge(std::uint64_t n) const { return knowledge_value(knowledge_[n]); }

    const Evaluation<double>& syntax(std::uint64_t n) {
        auto it = syntax_.find(n);
        if (it == syntax_.end())
            it = syntax_.emplace(n, syntax_per_token_redundancy_double(model_.templates, model_.prior, n)).first;
        return it->second;
    }
    std::size_t syntax_evaluations() const { return syntax_.size(); }

    bool proven_above(std::uint64_t l, std::uint64_t u) {
        const auto k = knowledge(u);
        const auto& s = syntax(l);
        return k.val - k.err > s.val + s.err;
    }
    bool proven_not_above(std::uint64_t n) {
        const auto k = knowledge(n);
        const auto& s = syntax(n);
        return k.val + k.err <= s.val - s.err;
    }

    // The largest m in [l, u] where knowledge is not proven above syntax.
    std::optional<std::uint64_t> rightmost_unproven(std::uint64_t l, std::uint64_t u) {
        if (proven_above(l, u)) return std::nullopt;
        if (u - l <= 1) {
            if (!proven_above(u, u)) return u;
            if (!proven_above(l, l)) return l;
            return std::nullopt;
        }
        // Halve in ln n over wide ranges (the curves are smooth in ln n), else in n.
        std::uint64_t mid = l + (u - l) / 2;
        const double lo = static_cast<double>(std::max<std::uint64_t>(l, 1));
        if (static_cast<double>(u) > 4 * lo) {
            mid = static_cast<std::uint64_t>(std::sqrt(lo * static_cast<double>(u)));
            mid = std::clamp(mid, l + 1, u - 1);
        }
        if (auto r = rightmost_unproven(mid, u)) return r;
        return rightmost_unproven(l, mid);
    }

private:
    const LearningOrderModel& model_;
    std::vector<double> knowledge_;
    std::map<std::uint64_t, Evaluation<double>> syntax_;
};

}  // namespace

LearningOrderSplit learning_order_split(const LearningOrderModel& model, std::uint64_t n) {
    model.validate();
    numerics::require(n <= knowledge_recursion_max_n, "n", n, "n <= 1e7 (the exact recursions)");
    require_no_collisions(model, n);
    LearningOrderSplit split;
    split.n = n;
    split.syntax = syntax_per_token_redundancy_e<double>(model.templates, model.prior, n);
    split.knowledge = knowledge_value(
        knowledge_per_token_redundancy_exact(model.knowledge, n, model.names, model.values));
    split.total = sum(split.syntax, split.knowledge);
    return split;
}

LearningOrderCrossover learning_order_crossover(const LearningOrderModel& model, std::uint64_t n_max) {
    model.validate();
    numerics::require(n_max >= 1 && n_max <= knowledge_recursion_max_n, "n_max", n_max, "1 <= n_max <= 1e7");
    require_no_collisions(model, n_max);
    Crossover curves(model, n_max);
    LearningOrderCrossover result;
    result.n_max = n_max;
    const auto last = curves.rightmost_unproven(0, n_max);
    if (!last) {
        result.crossover = result.crossover_low = 0;
        result.knowledge_above_throughout = true;
    } else if (*last == n_max) {
        result.crossover = result.crossover_low = n_max + 1;
        result.found = false;
    } else {
        result.crossover = *last + 1;
        result.crossover_low = result.crossover;
        if (!curves.proven_not_above(*last)) {
            // The two agree within their bounds at *last: N* is only bracketed,
            // below by the nearest point where knowledge is proven not above.
            result.resolved = false;
            result.crossover_low = 0;
            const std::uint64_t stop = *last > 64 ? *last - 64 : 0;
            for (std::uint64_t m = *last; m-- > stop;) {
                if (curves.proven_not_above(m)) {
                    result.crossover_low = m + 1;
                    break;
                }
            }
        }
    }
    const std::uint64_t at = std::min(result.crossover, n_max);
    result.at_crossover.n = at;
    result.at_crossover.syntax = curves.syntax(at);
    result.at_crossover.knowledge = curves.knowledge(at);
    result.at_crossover.total = sum(result.at_crossover.syntax, result.at_crossover.knowledge);
    result.syntax_evaluations = curves.syntax_evaluations();
    return result;
}

}  // namespace sklaws::theory
