// The Bayes learner on generated sentences (see learning_order_estimators.hpp).
#include <sklaws/validation/learning_order_estimators.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/theory/gem_entropy.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/p_new.hpp>
#include <sklaws/validation/control_variate.hpp>

#include <cmath>
#include <unordered_map>

namespace sklaws::validation {

namespace {

double x_log_x(double x) { return x > 0 ? x * std::log(x) : 0.0; }

}  // namespace

std::vector<LearningOrderPoint> estimate_learning_order(const CorpusParameters& params,
                                                        const std::vector<std::uint64_t>& points,
                                                        std::size_t replicates, const RunOptions& options) {
    params.validate();
    numerics::require(params.noise == 0, "noise", params.noise, "noise = 0 (R1's learner knows a seen fact)");
    numerics::require(params.relations == 1, "relations", params.relations, "one relation");
    numerics::require(params.templates >= 2, "templates", params.templates, "S >= 2");
    numerics::require(!points.empty(), "points", points.size(), "at least one n");
    for (std::size_t i = 1; i < points.size(); ++i) {
        numerics::require(points[i] > points[i - 1], "points", points[i], "increasing n");
    }
    numerics::require(points.back() <= 100'000'000, "points", points.back(), "n <= 1e8");
    numerics::require(replicates >= 2, "replicates", replicates, "replicates >= 2");
    const double alpha = params.knowledge.alpha, beta = params.knowledge.beta;
    const double a = params.prior;
    const double S = static_cast<double>(params.templates);
    const double log_mv = std::log(static_cast<double>(params.names)) + std::log(static_cast<double>(params.values));
    CorpusParameters stream = params;
    stream.knowledge_sampler = KnowledgeSampler::stick_breaking;  // W instantiated: its realised H(W)
    const auto rows = run_replicates(replicates, options, [&](numerics::RandomStream& rng, std::size_t) {
        SentenceGenerator gen(stream, rng.next());
        const auto theta = gen.syntax().theta();
        double theta_log_theta = 0, theta_log_count = 0;  // Σ θ ln θ, Σ θ_s ln(a + c_s)
        for (double t : theta) theta_log_theta += x_log_x(t), theta_log_count += t * std::log(a);
        std::vector<double> counts(theta.size(), 0.0);
        std::unordered_map<std::uint64_t, std::uint64_t> seen;  // name → mentions
        double s1 = 0;                                          // Σ_k (n_k − α) ln(n_k − α)
        double cumulative = 0;
        // Per point: syntax, knowledge, total, cumulative, K_n, U_n; then H(W), Σ ln θ_s, Σ θ_s ln θ_s.
        const std::size_t g = points.size();
        std::vector<double> row(6 * g + 3, 0.0);
        std::size_t next = 0;
        for (std::uint64_t n = 0;; ++n) {
            const double nd = static_cast<double>(n), K = static_cast<double>(seen.size());
            const double syntax = theta_log_theta - theta_log_count + std::log(S * a + nd);
            const double p_new = (beta + alpha * K) / (beta + nd);
            const double seen_log = n == 0 ? 0.0 : (s1 - (nd - alpha * K) * std::log(beta + nd)) / (beta + nd);
            const double knowledge = -seen_log - x_log_x(p_new) + p_new * log_mv;  // H(W) subtracted below
            if (n == points[next]) {
                row[4 * next] = syntax;
                row[4 * next + 1] = knowledge;
                row[4 * next + 2] = syntax + knowledge;
                row[4 * next + 3] = cumulative;
                row[4 * g + next] = K;
                row[5 * g + next] = gen.weights()->undiscovered_mass();
                if (++next == points.size()) break;
            }
            cumulative += syntax + knowledge;
            const Sentence sentence = gen.next();
            // Syntax counts.
            const double t = theta[sentence.template_id];
            double& c = counts[sentence.template_id];
            theta_log_count += t * (std::log(a + c + 1) - std::log(a + c));
            c += 1;
            // Knowledge counts, by name (what the learner sees).
            std::uint64_t& m = seen[sentence.name];
            if (m > 0) s1 -= x_log_x(static_cast<double>(m) - alpha);
            m += 1;
            s1 += x_log_x(static_cast<double>(m) - alpha);
        }
        // The realised H(W) (the part of W never drawn by its conditional
        // mean, K6 for the remaining R·GEM(α, β + nα)), subtracted from the
        // knowledge excess and the running sums.
        GemWeights& w = *gen.weights();
        double h_w = 0;
        for (std::size_t j = 0; j < w.instantiated(); ++j) h_w -= x_log_x(w.weight(j));
        const double R = w.remaining_mass();
        if (R > 0) {
            const double shifted = beta + static_cast<double>(w.instantiated()) * alpha;
            h_w += R * theory::knowledge_entropy_e<double>(alpha, shifted).val - x_log_x(R);
        }
        for (std::size_t i = 0; i < points.size(); ++i) {
            row[4 * i + 1] -= h_w;
            row[4 * i + 2] -= h_w;
            row[4 * i + 3] -= static_cast<double>(points[i]) * h_w;
        }
        row[6 * g] = h_w;
        row[6 * g + 1] = gen.syntax().sum_log_theta();
        row[6 * g + 2] = theta_log_theta;
        return row;
    });
    ColumnMoments moments(ColumnMoments::Options{.covariances = true});
    for (const auto& row : rows) moments.add(row);
    const std::size_t g = points.size();
    // The controls' exact means: E[H(W)] (K6), E[Σ ln θ_s] = S(ψ(a) − ψ(Sa)),
    // E[Σ θ_s ln θ_s] = ψ(a + 1) − ψ(Sa + 1), E[K_n] (K1); their own errors
    // go into control_error.
    const auto entropy = theory::knowledge_entropy_e<double>(alpha, beta);
    const auto psi_a = numerics::digamma_e(a), psi_sa = numerics::digamma_e(S * a);
    const auto psi_a1 = numerics::digamma_e(a + 1), psi_sa1 = numerics::digamma_e(S * a + 1);
    const double log_theta = S * (psi_a.val - psi_sa.val), log_theta_err = S * (psi_a.err + psi_sa.err);
    const double theta_log_theta = psi_a1.val - psi_sa1.val, theta_log_theta_err = psi_a1.err + psi_sa1.err;
    std::vector<LearningOrderPoint> out;
    for (std::size_t i = 0; i < g; ++i) {
        const double n = static_cast<double>(points[i]);
        const auto tables = theory::expected_tables_e<double>(alpha, beta, n);
        const auto unseen = theory::p_new_e<double>(alpha, beta, n);
        const std::vector<std::size_t> columns{6 * g + 1, 6 * g + 2, 6 * g, 4 * g + i, 5 * g + i};
        const std::vector<double> means{log_theta, theta_log_theta, entropy.val, tables.val, unseen.val};
        const std::vector<double> errors{log_theta_err, theta_log_theta_err, entropy.err, tables.err, unseen.err};
        auto controlled = [&](std::size_t column, std::vector<std::size_t> use) {
            std::vector<std::size_t> cols;
            std::vector<double> mus;
            for (std::size_t u : use) cols.push_back(columns[u]), mus.push_back(means[u]);
            const ControlledEstimate c = control_variate_mean(moments, column, cols, mus);
            // Controls that explain all of the part's variance (r_1^syn = ln S − H(θ),
            // r_1^know affine in H(W)) would make the estimate the closed form
            // itself, a check that cannot fail: the plain mean is kept there.
            if (!(c.variance_ratio > 1e-9)) return ControlledPart{moments.mean(column), 1.0, 0.0, false};
            ControlledPart part{c.estimate, c.variance_ratio, 0.0, true};
            for (std::size_t k = 0; k < use.size(); ++k) part.control_error += std::fabs(c.coefficient[k]) * errors[use[k]];
            return part;
        };
        LearningOrderPoint point;
        point.n = points[i];
        point.syntax = controlled(4 * i, {0, 1});
        point.knowledge = controlled(4 * i + 1, {2, 3, 4});
        point.total = controlled(4 * i + 2, {0, 1, 2, 3, 4});
        point.cumulative = moments.mean(4 * i + 3);
        out.push_back(point);
    }
    return out;
}

}  // namespace sklaws::validation
