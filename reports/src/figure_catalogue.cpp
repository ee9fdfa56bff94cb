#include "sklaws/reports/figure_catalogue.hpp"

#include "sklaws/reports/report_writers.hpp"

#include <sklaws/theory/acquisition.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::reports {
namespace {

struct Presentation {
    const char* figure_id;
    const char* claim;
    const char* title;
    const char* x_label;
    const char* y_label;
    const char* caption;
};

constexpr Presentation kFigures[] = {
    {"tables", "heaps-zipf", "Heaps' law: distinct knowledge elements K_n", "tokens n", "E[K_n] (elements)",
     "Monte Carlo mean number of distinct elements after n draws against K1; on log-log axes the slope tends to α."},
    {"block-counts", "heaps-zipf", "Zipf's law: frequency spectrum", "times seen j", "E[M_{j,n}] (elements)",
     "Expected number of elements seen exactly j times in n draws (K4); E[M_j] ∝ j^(−1−α) is the frequency-spectrum "
     "form of Zipf's law (its rank-frequency form is the zipf-rank-frequency figure)."},
    {"zipf-rank-frequency", "heaps-zipf", "Zipf's law: frequency against rank", "rank r (elements, most frequent first)",
     "frequency n_(r) (times seen in n draws)",
     "Points: Monte Carlo mean number of times the r-th most frequent element was seen (sorted table sizes of "
     "exact CRP partitions, ±1 SE). Curve: K4 read as ranks, (r(j), j) with r(j) = Σ_{i≥j} E[M_{i,n}] the expected "
     "number of elements seen at least j times (the table checks r(j) exactly). Since E[M_j] ∝ j^(−1−α), "
     "r(j) ∝ j^(−α): frequency ∝ rank^(−1/α), a line of slope −1/α on these axes. The points average the frequency "
     "at a fixed rank, the curve the rank at a fixed frequency; with the random diversity S (K5) they differ by the "
     "factor E[S^(1/α)]/E[S]^(1/α) (second curve) but have the same slope. The dashed line is the power law fitted "
     "to the Monte Carlo points of the Zipf region (their own legend entry), its slope to be compared with −1/α."},
    {"p-new", "knowledge-redundancy", "Probability that the next token needs unseen knowledge", "tokens n",
     "p_new(n)", "Monte Carlo frequency of a new element at draw n+1 against K7; slope α − 1 on log-log axes."},
    {"syntax-redundancy", "syntax-redundancy", "Syntax redundancy", "tokens N", "R_N^syn (nats)",
     "Cumulative excess code length of the Dirichlet predictive on syntax data: exact S1 and the Clarke–Barron "
     "asymptote S2, (d/2) ln N + const."},
    {"knowledge-redundancy", "knowledge-redundancy", "Knowledge redundancy", "tokens N", "R_N^know (nats)",
     "Cumulative excess code length of the CRP predictive (with name and value costs) against R1: it grows like "
     "N^α, much faster than the syntax part."},
    {"data-scaling", "data-scaling", "Data scaling: per-token excess loss", "tokens n",
     "excess loss r_n (nats/token)",
     "Per-token knowledge redundancy averaged over doubling windows (Monte Carlo, ±1 SE) against the exact R1 "
     "values; the dashed line is the power law fitted to the Monte Carlo points, its exponent a_D to be compared "
     "with 1 − α."},
    {"model-scaling", "model-scaling", "Model scaling: missing mass T_C", "capacity C (stored elements)",
     "E[T_C] (probability mass)",
     "Mass of the knowledge elements a capacity-C model cannot store (Monte Carlo, ±1 SE) against the M1 "
     "asymptote; the dashed line is the fitted power law, its exponent a_M to be compared with (1 − α)/α. The loss "
     "gap is E[T_C](ln M + ln V)."},
    {"acquisition-1", "acquisition", "Fact accuracy against expected mentions", "expected mentions n·w",
     "fact accuracy (probability)", "Monte Carlo accuracy of the majority-vote learner against A1 (with noise ε)."},
    {"acquisition-2", "acquisition", "Storage under capacity C by weight band", "weight w / threshold w*(C)",
     "P(stored)", "Share of elements stored by a capacity-C model, by weight band, against the A2 prediction: "
     "elements below the threshold weight are (almost) never stored."},
    {"fine-tuning", "fine-tuning", "Fine-tuning: facts learned and forgotten", "new-knowledge fraction λ",
     "elements", "New facts learned and old facts forgotten by a stored-at-capacity model fine-tuned on a "
     "mixture with a fraction λ of new knowledge, against F1."},
};

const Presentation* find_presentation(const std::string& id) {
    for (const auto& p : kFigures) {
        if (id == p.figure_id) return &p;
    }
    return nullptr;
}

std::vector<double> log_grid(double low, double high, int steps) {
    std::vector<double> grid;
    for (int i = 0; i <= steps; ++i) grid.push_back(low * std::pow(high / low, static_cast<double>(i) / steps));
    return grid;
}

Figure accuracy_curves(const validation::ExperimentResult& r) {
    const auto& p = r.parameters;
    const auto n = p.at("n").get<std::uint64_t>();
    const auto V = p.at("V").get<std::uint64_t>();
    const double epsilon = p.at("epsilon").get<double>();
    Figure f;
    f.id = "acquisition-curves";
    f.title = "Knowledge acquisition: accuracy against training tokens, by frequency";
    f.caption = "A1 accuracy Acc(n, w) of the majority-vote learner (V = " + std::to_string(V) +
                ", noise ε = " + format_number(epsilon, 3) + ") for each element frequency w: frequent facts are "
                "learned first, each after about 1/w tokens. Points: Monte Carlo at n = " + std::to_string(n) + " (±1 SE).";
    f.x = {"training tokens n", Scale::log};
    f.y = {"fact accuracy (probability)", Scale::linear};
    const auto& weights = p.at("w");
    const validation::Series* mc = r.series.empty() ? nullptr : &r.series.front();
    Series points{"Monte Carlo, n = " + std::to_string(n), SeriesStyle::points, {}, {}, {}};
    const double n_max = std::max(1e5, 10.0 * static_cast<double>(n));
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double w = weights[i].get<double>();
        Series curve{"A1, w = " + format_number(w, 3), SeriesStyle::line, {}, {}, {}};
        // Up to ~ten expected mentions beyond learning (the exact noisy sum
        // of A1 is defined for n·w up to ~50).
        const double n_end = std::min(n_max, (epsilon > 0 ? 40.0 : 300.0) / w);
        for (double x : log_grid(std::min(10.0, n_end / 100), n_end, 40)) {
            curve.x.push_back(x);
            curve.y.push_back(theory::fact_accuracy(w, static_cast<std::uint64_t>(std::llround(x)), V, epsilon));
        }
        f.series.push_back(std::move(curve));
        if (mc && i < mc->y.size() && mc->y_err.size() == mc->y.size()) {
            points.x.push_back(static_cast<double>(n));
            points.y.push_back(mc->y[i]);
            points.y_err.push_back(mc->y_err[i]);
        }
    }
    if (!points.x.empty()) f.series.push_back(std::move(points));
    return f;
}

}  // namespace

std::string home_claim(const std::string& experiment) {
    static const std::pair<const char*, const char*> homes[] = {
        {"tables", "heaps-zipf"},
        {"block-counts", "heaps-zipf"},
        {"zipf-rank-frequency", "heaps-zipf"},
        {"entropy", "entropy"},
        {"p-new", "knowledge-redundancy"},
        {"syntax-redundancy", "syntax-redundancy"},
        {"knowledge-redundancy", "knowledge-redundancy"},
        {"data-scaling", "data-scaling"},
        {"model-scaling", "model-scaling"},
        {"acquisition", "acquisition"},
        {"fine-tuning", "fine-tuning"},
        {"hallucination", "hallucination"},
    };
    for (const auto& [name, claim] : homes) {
        if (experiment == name) return claim;
    }
    return "";
}

bool present_figure(Figure& figure) {
    // The hallucination experiment's raw figures: two rates against a
    // categorical "kind" axis (the table holds them) and its per-band rates,
    // which hallucination-per-element presents with axis labels and caption.
    if (figure.id.rfind("hallucination", 0) == 0) return false;
    const bool informative = std::any_of(figure.series.begin(), figure.series.end(),
                                         [](const Series& s) { return s.x.size() >= 2; });
    if (!informative) return false;
    if (const Presentation* p = find_presentation(figure.id)) {
        figure.title = p->title;
        figure.x.label = p->x_label;
        figure.y.label = p->y_label;
        figure.caption = p->caption + std::string(" ") + figure.caption;
    }
    return true;
}

Figure acquisition_figure(const validation::ExperimentResult& acquisition) { return accuracy_curves(acquisition); }

Figure hallucination_figure(const validation::ExperimentResult& r) {
    const auto& p = r.parameters;
    Figure f;
    f.id = "hallucination-per-element";
    f.title = "Hallucination rate against element frequency";
    f.caption = "H1 per element: an unstored element is answered by a guess, wrong with probability 1 − 1/V, so the "
                "rate is P(not stored | w)(1 − 1/V). Curve: A2's P(stored | w) = P(Binomial(n, w) > n·w*(C)) for C = " +
                format_number(p.at("C").get<double>(), 6) + ", n = " + format_number(p.at("frequency-n").get<double>(), 6) +
                " tokens, V = " + format_number(p.at("V").get<double>(), 6) +
                ". Points: the hallucination experiment's own Monte Carlo (seed " + std::to_string(r.seed) + ", " +
                std::to_string(r.replicates) + " replicates): a learner that stores by that rule is asked once about "
                "every element of each band of w/w*(C), and its confident wrong answers are counted (±1 SE; each point "
                "sits at its band's mean w/w*); the table z-tests each band against H1 averaged over the same "
                "elements. Rare elements are hallucinated, frequent ones are not.";
    f.x = {"element weight w / capacity threshold w*(C)", Scale::log};
    f.y = {"hallucination rate (wrong answers per query)", Scale::linear};
    for (const auto& s : r.series) {
        // The band-averaged H1 values sit on the curve and under the points
        // (they differ by less than a marker); the table carries them.
        if (s.x_label != "w/w*(C)" || s.name.rfind("H1 averaged", 0) == 0) continue;
        Series series{s.name, SeriesStyle::line, s.x, s.y, {}};
        if (!s.y_err.empty() && s.y_err.size() == s.y.size()) {
            series.style = SeriesStyle::points;
            series.y_err = s.y_err;
        }
        f.series.push_back(std::move(series));
    }
    // Curves first, so that the points are drawn on top of them.
    std::stable_partition(f.series.begin(), f.series.end(), [](const Series& s) { return s.style != SeriesStyle::points; });
    return f;
}

}  // namespace sklaws::reports
