#include <sklaws/fitting/knowledge_evaluation.hpp>

#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/text_file.hpp>
#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/abstention.hpp>
#include <sklaws/theory/acquisition.hpp>

#include <boost/math/distributions/chi_squared.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <unordered_map>

namespace sklaws::fitting {

namespace {

using Json = nlohmann::json;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Lines of a JSON-lines file: (line number, parsed object); blank lines skipped.
template <class F>
void for_each_json_line(const std::filesystem::path& path, const InputLimits& limits, F&& f) {
    const std::string text = read_text_file(path, limits);
    std::size_t pos = 0, line = 0;
    while (pos < text.size()) {
        auto eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string content = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++line;
        if (!content.empty() && content.back() == '\r') content.pop_back();
        if (content.find_first_not_of(" \t") == std::string::npos) continue;
        const std::string where = path.string() + ":" + std::to_string(line);
        Json j;
        try {
            j = Json::parse(content);
        } catch (const Json::parse_error& e) {
            throw InputError(where + ": expected one JSON object per line, got " + quote_cell(content));
        }
        if (!j.is_object()) throw InputError(where + ": expected a JSON object, got " + quote_cell(content));
        f(j, where);
    }
}

std::string id_of(const Json& j, const std::string& where) {
    if (!j.contains("id")) throw InputError(where + ": missing \"id\"");
    const auto& id = j["id"];
    if (id.is_number_unsigned()) return std::to_string(id.get<std::uint64_t>());
    if (id.is_number_integer() && id.get<std::int64_t>() >= 0) return std::to_string(id.get<std::int64_t>());
    if (id.is_string()) return id.get<std::string>();
    throw InputError(where + ": \"id\" must be a non-negative integer or a string, got " + quote_cell(id.dump()));
}

template <class T>
T field(const Json& j, const char* name, const std::string& where) {
    if (!j.contains(name)) throw InputError(where + ": missing \"" + name + "\"");
    try {
        return j[name].get<T>();
    } catch (const Json::exception&) {
        throw InputError(where + ": \"" + name + "\" has the wrong type: " + quote_cell(j[name].dump()));
    }
}

// P(M = 0) = (1 − w)^n and P(F = 0) = (1 − w/R)^n in logs.
double log_none(double w, std::uint64_t n) { return static_cast<double>(n) * std::log1p(-w); }

// Noisy A1 beyond its exact table (m ≤ 150): the vote is wrong only if some
// wrong value is stated at least as often as the fact, so by a union and
// Chernoff bound 1 − A(m) ≤ B(m) = (V − 1)ρ^m, ρ = 1 − (√q − √r)²,
// q = 1 − ε + ε/V, r = ε/V. Used (as 1 − B/2 ± B/2) only where B ≤ 1e−3.
constexpr std::uint64_t exact_mentions = 150;
constexpr double bound_limit = 1e-3;

double chernoff_rho(std::uint64_t V, double eps) {
    const double q = 1 - eps + eps / static_cast<double>(V), r = eps / static_cast<double>(V);
    return 1 - (std::sqrt(q) - std::sqrt(r)) * (std::sqrt(q) - std::sqrt(r));
}

// A(m) with a cache.
class MentionAccuracy {
public:
    MentionAccuracy(std::uint64_t V, double eps) : V_(V), eps_(eps) {}
    double operator()(std::uint64_t m) {
        if (eps_ == 0) return m == 0 ? 1.0 / static_cast<double>(V_) : 1.0;
        if (const auto it = cache_.find(m); it != cache_.end()) return it->second;
        double a;
        if (m <= exact_mentions) {
            a = theory::accuracy_given_mentions(m, V_, eps_);
        } else {
            const double b = static_cast<double>(V_ - 1) * std::pow(chernoff_rho(V_, eps_), static_cast<double>(m));
            if (!(b <= bound_limit))
                throw numerics::DomainError("mentions", "A1's accuracy after " + std::to_string(m) +
                                                            " mentions at this noise is beyond its exact table and its bound");
            a = 1 - b / 2;
        }
        cache_[m] = a;
        return a;
    }

private:
    std::uint64_t V_;
    double eps_;
    std::unordered_map<std::uint64_t, double> cache_;
};

}  // namespace

GeneratedRun read_generated_run(const std::filesystem::path& manifest, const InputLimits& limits) {
    const std::string text = read_text_file(manifest, limits);
    const std::string where = manifest.string() + ":1";
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::parse_error& e) {
        throw InputError(where + ": expected the manifest.json that sklaws generate writes (" + e.what() + ")");
    }
    GeneratedRun run;
    try {
        const auto& p = j.at("parameters");
        run.sentences = p.at("n").get<std::uint64_t>();
        run.alpha = p.at("alpha").get<double>();
        run.beta = p.at("beta").get<double>();
        run.values = p.at("values").get<std::uint64_t>();
        run.relations = p.at("relations").get<std::uint32_t>();
        run.noise = p.at("noise").get<double>();
        run.table_sizes = j.at("knowledge").at("table_sizes").get<std::vector<std::uint64_t>>();
    } catch (const Json::exception& e) {
        throw InputError(where + ": not a sklaws generate manifest (" + e.what() + ")");
    }
    if (run.values < 2) throw InputError(where + ": \"values\" must be at least 2 to score answers");
    return run;
}

std::vector<EvaluationQuery> read_queries(const std::filesystem::path& path, const InputLimits& limits) {
    std::vector<EvaluationQuery> queries;
    std::map<std::string, std::string> seen_ids;
    for_each_json_line(path, limits, [&](const Json& j, const std::string& where) {
        EvaluationQuery q;
        q.id = id_of(j, where);
        if (!seen_ids.emplace(q.id, where).second)
            throw InputError(where + ": duplicate query id " + q.id + " (first at " + seen_ids[q.id] + ")");
        q.answer = field<std::string>(j, "answer", where);
        q.weight = field<double>(j, "weight", where);
        q.mentions = field<std::uint64_t>(j, "mentions", where);
        q.element_mentions = j.contains("element_mentions") ? field<std::uint64_t>(j, "element_mentions", where) : q.mentions;
        q.seen = j.contains("seen") ? field<bool>(j, "seen", where) : q.element_mentions > 0;
        if (!(q.weight >= 0 && q.weight <= 1)) throw InputError(where + ": \"weight\" must lie in [0, 1]");
        queries.push_back(std::move(q));
    });
    if (queries.empty()) throw InputError(path.string() + ":1: no queries, expected one JSON object per line");
    return queries;
}

std::vector<ModelAnswer> read_answers(const std::filesystem::path& path, const std::vector<EvaluationQuery>& queries,
                                      const InputLimits& limits) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < queries.size(); ++i) index[queries[i].id] = i;
    std::vector<ModelAnswer> answers(queries.size());
    std::vector<std::string> first(queries.size());
    for_each_json_line(path, limits, [&](const Json& j, const std::string& where) {
        const std::string id = id_of(j, where);
        const auto it = index.find(id);
        if (it == index.end()) throw InputError(where + ": unknown query id " + quote_cell(id) + " (not in queries.jsonl)");
        auto& a = answers[it->second];
        if (a.present) throw InputError(where + ": duplicate answer for query id " + id + " (first at " + first[it->second] + ")");
        a.present = true;
        first[it->second] = where;
        if (j.contains("abstain")) {
            if (!j["abstain"].is_boolean()) throw InputError(where + ": \"abstain\" must be true or false, got " + quote_cell(j["abstain"].dump()));
            a.abstain = j["abstain"].get<bool>();
        }
        if (j.contains("answer") && !j["answer"].is_null()) {
            if (!j["answer"].is_string()) throw InputError(where + ": \"answer\" must be a string, got " + quote_cell(j["answer"].dump()));
            a.answer = j["answer"].get<std::string>();
        } else if (!a.abstain) {
            throw InputError(where + ": missing \"answer\" (give one, or \"abstain\": true)");
        }
        if (j.contains("confidence") && !j["confidence"].is_null()) {
            if (!j["confidence"].is_number()) throw InputError(where + ": \"confidence\" must be a number in [0, 1]");
            const double c = j["confidence"].get<double>();
            if (!(c >= 0 && c <= 1)) throw InputError(where + ": \"confidence\" must lie in [0, 1], got " + quote_cell(j["confidence"].dump()));
            a.confidence = c;
        }
    });
    return answers;
}

double a1_probability_given_weight(const GeneratedRun& run, double w) {
    if (w <= 0) return 1.0 / static_cast<double>(run.values);
    const auto R = static_cast<double>(run.relations);
    const double inv_v = 1.0 / static_cast<double>(run.values);
    const double none = std::exp(log_none(w, run.sentences));
    const double seen = -std::expm1(log_none(w, run.sentences));
    double acc;
    try {
        acc = theory::fact_accuracy(w / R, run.sentences, run.values, run.noise);
    } catch (const numerics::DomainError&) {
        // n·w/R beyond A1's exact noisy sum: 1 − (V−1)E[ρ^F] ≤ E[A(F)] ≤ 1 with
        // E[ρ^F] = (1 − (w/R)(1 − ρ))^n, the binomial generating function.
        const double rho = chernoff_rho(run.values, run.noise);
        const double b = static_cast<double>(run.values - 1) *
                         std::exp(static_cast<double>(run.sentences) * std::log1p(-(w / R) * (1 - rho)));
        if (!(b <= bound_limit)) throw;
        acc = 1 - b / 2;
    }
    if (!(seen > 0)) return inv_v;
    return std::clamp((acc - none * inv_v) / seen, 0.0, 1.0);
}

namespace {

double stored_probability(const GeneratedRun& run, double w, double threshold) {
    const double n = static_cast<double>(run.sentences);
    if (n * threshold < 1) return 1.0;  // every seen element is stored
    const double seen = -std::expm1(log_none(w, run.sentences));
    if (!(seen > 0)) return 0.0;
    return std::clamp(theory::capacity_acquisition_probability(w, run.sentences, threshold) / seen, 0.0, 1.0);
}

}  // namespace

double a2_probability_given_weight(const GeneratedRun& run, double w, double capacity) {
    const double threshold = theory::capacity_threshold_weight({run.alpha, run.beta}, capacity);
    const double s = stored_probability(run, w, threshold);
    return s * a1_probability_given_weight(run, w) + (1 - s) / static_cast<double>(run.values);
}

namespace {

// Maximum likelihood of C over the answered seen queries `used` (see the header).
void fit_capacity(const GeneratedRun& run, const std::vector<EvaluationQuery>& queries, const std::vector<char>& correct,
                  std::vector<std::size_t> used, const EvaluationOptions& options, CapacityFit& fit) {
    const double inv_v = 1.0 / static_cast<double>(run.values);
    const theory::PitmanYorParameters py{run.alpha, run.beta};
    // C ranges over [C_min, ∞): below C_min, A2's large-C w*(C) exceeds 1/C (not a
    // C-th largest weight; theory::capacity_threshold_weight refuses it).
    // C_max: n·w*(C) = 1 (w* decreases in C); beyond it ℓ is constant.
    const double log_cmin = std::log(theory::capacity_threshold_min_capacity(py));
    double lo = log_cmin, hi = std::max(log_cmin, std::log(1e18));
    const auto nw = [&](double log_c) { return static_cast<double>(run.sentences) * theory::capacity_threshold_weight(py, std::exp(log_c)); };
    if (nw(hi) < 1)
        for (int it = 0; it < 200; ++it) {
            const double mid = 0.5 * (lo + hi);
            (nw(mid) >= 1 ? lo : hi) = mid;
        }
    const double log_cmax = hi;
    fit.upper_limit = std::exp(log_cmax);
    std::vector<double> a1(queries.size());
    bool a1_ok = true;
    for (std::size_t i : used) {
        try {
            a1[i] = a1_probability_given_weight(run, queries[i].weight);
        } catch (const numerics::DomainError&) {
            a1_ok = false;
        }
    }
    if (!a1_ok) {
        fit.note = "the noise is too high for A1's accuracy at the mentions of some queries";
        return;
    }
    const auto loglik = [&](double log_c) {
        const double threshold = theory::capacity_threshold_weight(py, std::exp(log_c));
        double total = 0;
        for (std::size_t i : used) {
            const double s = stored_probability(run, queries[i].weight, threshold);
            const double p = std::clamp(s * a1[i] + (1 - s) * inv_v, 1e-300, 1 - 1e-16);
            total += correct[i] ? std::log(p) : std::log1p(-p);
        }
        return total;
    };
    // grid in ln C over [0, ln C_max], then golden section around the best
    const int grid = 80;
    std::vector<double> xs(grid + 1), ys(grid + 1);
    std::size_t best = 0;
    for (int k = 0; k <= grid; ++k) {
        xs[k] = log_cmin + (log_cmax - log_cmin) * k / grid;
        ys[k] = loglik(xs[k]);
        if (ys[k] > ys[best]) best = static_cast<std::size_t>(k);
    }
    double a = xs[best > 0 ? best - 1 : 0], b = xs[std::min<std::size_t>(best + 1, grid)];
    const double g = (std::sqrt(5.0) - 1) / 2;
    double c = b - g * (b - a), d = a + g * (b - a), fc = loglik(c), fd = loglik(d);
    for (int it = 0; it < 100 && b - a > 1e-10; ++it) {
        if (fc > fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = loglik(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = loglik(d);
        }
    }
    double x_best = 0.5 * (a + b), l_best = loglik(x_best);
    if (ys[best] > l_best) {
        x_best = xs[best];
        l_best = ys[best];
    }
    const double cut = l_best - 0.5 * boost::math::quantile(boost::math::chi_squared(1), options.level);
    // interval ends: bisection on each side between the optimum and the grid point below the cut
    const auto end_of = [&](double from, double to) {
        if (loglik(to) >= cut) return to;  // never drops below the cut up to the domain edge
        for (int it = 0; it < 100; ++it) {
            const double mid = 0.5 * (from + to);
            (loglik(mid) >= cut ? from : to) = mid;
        }
        return 0.5 * (from + to);
    };
    const double log_lo = end_of(x_best, log_cmin), log_hi = end_of(x_best, log_cmax);
    fit.available = true;
    fit.capacity = std::exp(x_best);
    fit.lo = std::exp(log_lo);
    fit.hi = std::exp(log_hi);
    fit.at_upper_limit = log_hi >= log_cmax * (1 - 1e-12);
    if (fit.at_upper_limit) fit.hi = std::numeric_limits<double>::infinity();
    fit.log_likelihood = l_best;
    fit.threshold_weight = theory::capacity_threshold_weight(py, fit.capacity);
    if (fit.at_upper_limit)
        fit.note = "the likelihood is flat from C_max = " + std::to_string(fit.upper_limit) +
                   " on (every seen element stored): the interval is open above";
}

}  // namespace

KnowledgeEvaluation evaluate_answers(const GeneratedRun& run, const std::vector<EvaluationQuery>& queries,
                                     const std::vector<ModelAnswer>& answers, const EvaluationOptions& options) {
    numerics::require(answers.size() == queries.size(), "answers", answers.size(), "(one slot per query)");
    numerics::require(options.level > 0 && options.level < 1, "level", options.level, "(0, 1)");
    KnowledgeEvaluation e;
    e.queries = queries.size();
    const double inv_v = 1.0 / static_cast<double>(run.values);
    const double scale = static_cast<double>(run.sentences) / run.relations;  // n/R: expected fact mentions per unit weight
    std::vector<char> correct(queries.size()), wrong(queries.size()), abstained(queries.size());
    bool any_confidence = false;
    double tau = 1, below = -1;  // lowest confidence answered, highest abstained
    for (std::size_t i = 0; i < queries.size(); ++i) {
        const auto& a = answers[i];
        if (!a.present) ++e.missing;
        abstained[i] = !a.present || a.abstain;
        if (!abstained[i]) {
            ++e.answered;
            correct[i] = a.answer == queries[i].answer;
            wrong[i] = !correct[i];
            if (a.confidence) {
                any_confidence = true;
                tau = std::min(tau, *a.confidence);
            }
        }
        if (abstained[i] && a.present && a.confidence) below = std::max(below, *a.confidence);
        e.correct += correct[i];
        e.hallucinated += wrong[i];
        e.abstained += abstained[i];
    }
    // τ̂: between the highest abstained and the lowest answered confidence when
    // both are known, else just below the lowest answered one (so that the
    // confidence equal to it counts as answered, not as a tie)
    if (any_confidence) e.model_threshold = below >= 0 && below < tau ? 0.5 * (below + tau) : tau * (1 - 1e-9);

    // ---- capacity fit (before the bands, which show its predictions)
    CapacityFit& fit = e.capacity;
    fit.level = options.level;
    std::vector<std::size_t> used;
    for (std::size_t i = 0; i < queries.size(); ++i)
        if (!abstained[i] && queries[i].seen) used.push_back(i);
    fit.queries = used.size();
    if (!(run.alpha > 0 && run.alpha < 1)) {
        fit.note = "A2's capacity threshold needs 0 < alpha < 1";
    } else if (used.empty()) {
        fit.note = "no answered query about a seen element";
    } else {
        fit_capacity(run, queries, correct, used, options, fit);
    }

    // ---- bands
    MentionAccuracy mention_accuracy(run.values, run.noise);
    constexpr int unseen_band = std::numeric_limits<int>::min(), below_band = unseen_band + 1;
    const auto band_of_weight = [&](double w) {
        const double x = w * scale;
        if (x < 0.1) return below_band;
        return static_cast<int>(std::floor(std::log10(x)));
    };
    const auto band_of_mentions = [](std::uint64_t m) {
        if (m == 0) return 0;
        int b = 1;
        while ((std::uint64_t{1} << b) <= m) ++b;
        return b;  // [2^(b−1), 2^b)
    };
    std::map<int, std::vector<std::size_t>> by_weight, by_mentions;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        by_weight[queries[i].seen ? band_of_weight(queries[i].weight) : unseen_band].push_back(i);
        by_mentions[band_of_mentions(queries[i].mentions)].push_back(i);
    }
    const auto summarise = [&](const std::string& by, double lo, double hi, const std::vector<std::size_t>& members,
                               bool weight_view) {
        EvaluationBand b;
        b.by = by;
        b.lo = lo;
        b.hi = hi;
        b.queries = members.size();
        double p1 = 0, v1 = 0, p2 = 0, v2 = 0, conf = 0, answered_h2 = 0, hallucinated_h2 = 0;
        bool a1_ok = true, h2_ok = true;
        std::size_t with_conf = 0;
        const double threshold2 = fit.available ? fit.threshold_weight : 0;
        for (std::size_t i : members) {
            const auto& q = queries[i];
            b.correct += correct[i];
            b.hallucinated += wrong[i];
            b.abstained += abstained[i];
            double a = inv_v;
            try {
                if (q.seen) a = weight_view ? a1_probability_given_weight(run, q.weight) : mention_accuracy(q.mentions);
            } catch (const numerics::DomainError&) {
                a1_ok = false;  // noise too high for A1's table at these mentions
            }
            p1 += a;
            v1 += a * (1 - a);
            if (fit.available) {
                double p = inv_v;
                if (q.seen) {
                    if (weight_view) {
                        const double s = stored_probability(run, q.weight, threshold2);
                        p = s * a + (1 - s) * inv_v;
                    } else {
                        const bool stored = static_cast<double>(q.element_mentions) > static_cast<double>(run.sentences) * threshold2;
                        p = stored ? a : inv_v;
                    }
                }
                p2 += p;
                v2 += p * (1 - p);
            }
            if (answers[i].confidence && !abstained[i]) {
                conf += *answers[i].confidence;
                ++with_conf;
            }
            if (e.model_threshold && h2_ok) {
                // H2: a calibrated learner answers iff its confidence A(m) ≥ τ̂
                const double tau_hat = *e.model_threshold;
                const double guessed = inv_v >= tau_hat ? 1.0 : 0.0;  // m = 0 is answered iff 1/V ≥ τ̂
                double answered = guessed, wrong_answers = guessed * (1 - inv_v);
                try {
                    if (q.seen && weight_view) {
                        theory::AbstentionSetting setting;
                        setting.tokens = run.sentences;
                        setting.values = run.values;
                        setting.noise = run.noise;
                        setting.threshold = tau_hat;
                        const auto r = theory::abstention_for_weight_e<double>(q.weight / run.relations, setting);
                        // condition on the element being in the corpus: P(F = 0, M ≥ 1) = P(F = 0) − P(M = 0)
                        const double none = std::exp(log_none(q.weight, run.sentences));
                        const double seen_p = -std::expm1(log_none(q.weight, run.sentences));
                        answered = std::clamp((r.answered.val - none * guessed) / seen_p, 0.0, 1.0);
                        wrong_answers = std::clamp((r.hallucinated.val - none * guessed * (1 - inv_v)) / seen_p, 0.0, 1.0);
                    } else if (q.seen) {
                        const double a_m = mention_accuracy(q.mentions);
                        answered = a_m >= tau_hat ? 1.0 : 0.0;
                        wrong_answers = answered * (1 - a_m);
                    }
                } catch (const numerics::DomainError&) {
                    h2_ok = false;
                }
                answered_h2 += answered;
                hallucinated_h2 += wrong_answers;
            }
        }
        const double nq = static_cast<double>(b.queries);
        b.accuracy = static_cast<double>(b.correct) / nq;
        b.hallucination = static_cast<double>(b.hallucinated) / nq;
        b.abstention = static_cast<double>(b.abstained) / nq;
        b.a1 = {p1 / nq, 1 - p1 / nq, v1 > 0 ? (static_cast<double>(b.correct) - p1) / std::sqrt(v1) : nan, true};
        if (!a1_ok) b.a1 = {nan, nan, nan, false};
        if (fit.available && a1_ok)
            b.a2 = {p2 / nq, 1 - p2 / nq, v2 > 0 ? (static_cast<double>(b.correct) - p2) / std::sqrt(v2) : nan, true};
        if (e.model_threshold) {
            b.has_confidence = true;
            b.mean_confidence = with_conf > 0 ? conf / static_cast<double>(with_conf) : nan;
            b.h2_answered = h2_ok ? answered_h2 / nq : nan;
            b.h2_hallucination = h2_ok ? hallucinated_h2 / nq : nan;
        }
        return b;
    };
    // by_weight's keys ascend: the unseen elements first, then n·w/R < 0.1, then decades
    for (const auto& [k, members] : by_weight) {
        if (k == unseen_band) {
            e.bands.push_back(summarise("weight", 0, 0, members, true));
            e.bands.back().unseen = true;
        } else if (k == below_band) {
            e.bands.push_back(summarise("weight", 0, 0.1, members, true));
        } else {
            e.bands.push_back(summarise("weight", std::pow(10.0, k), std::pow(10.0, k + 1), members, true));
        }
    }
    for (const auto& [k, members] : by_mentions) {
        const double lo = k == 0 ? 0 : std::ldexp(1.0, k - 1), hi = k == 0 ? 1 : std::ldexp(1.0, k);
        e.bands.push_back(summarise("mentions", lo, hi, members, false));
    }

    // ---- implied α
    if (run.table_sizes.size() >= 2) {
        try {
            e.implied_alpha = fit_pitman_yor(run.table_sizes, PitmanYorFitOptions{options.level});
            e.implied_alpha_available = true;
        } catch (const numerics::DomainError&) {
        }
    }
    return e;
}

}  // namespace sklaws::fitting
