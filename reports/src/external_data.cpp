#include "sklaws/reports/external_data.hpp"

#include "sklaws/reports/report_writers.hpp"

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/joint_law_fit.hpp>
#include <sklaws/theory/scaling_laws.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

namespace sklaws::reports {
namespace {

using nlohmann::ordered_json;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The first header name (case-insensitive) among `candidates`.
std::optional<std::string> find_column(const fitting::CsvTable& table, std::initializer_list<const char*> candidates) {
    for (const char* want : candidates) {
        for (const auto& name : table.header) {
            if (lower(name) == want) return name;
        }
    }
    return std::nullopt;
}

struct RunData {
    std::vector<double> n, d, loss;
    std::string d_source;  // how D was obtained
};

RunData read_runs(const std::filesystem::path& file) {
    const fitting::CsvTable table = fitting::read_csv(file);
    const std::string header_hint = "(header: N/params/model size, D/tokens or C/flops/training flop, loss)";
    const auto n_col = find_column(table, {"n", "params", "parameters", "model size", "model_size"});
    const auto loss_col = find_column(table, {"loss", "l"});
    const auto d_col = find_column(table, {"d", "tokens", "data"});
    const auto c_col = find_column(table, {"c", "flops", "flop", "training flop", "training_flop", "compute"});
    if (!n_col) throw fitting::InputError(file.string() + ":1: no model-size column " + header_hint);
    if (!loss_col) throw fitting::InputError(file.string() + ":1: no loss column " + header_hint);
    if (!d_col && !c_col) throw fitting::InputError(file.string() + ":1: no token or compute column " + header_hint);
    RunData runs;
    runs.n = table.numeric_column(*n_col, fitting::ValueDomain::positive);
    runs.loss = table.numeric_column(*loss_col, fitting::ValueDomain::positive);
    if (d_col) {
        runs.d = table.numeric_column(*d_col, fitting::ValueDomain::positive);
        runs.d_source = "column '" + *d_col + "'";
    } else {
        const auto c = table.numeric_column(*c_col, fitting::ValueDomain::positive);
        for (std::size_t i = 0; i < c.size(); ++i) runs.d.push_back(c[i] / (6.0 * runs.n[i]));
        runs.d_source = "D = C/(6N) from column '" + *c_col + "'";
    }
    table.require_rows(6, *loss_col, "the joint law has 5 parameters");
    return runs;
}

RunData drop_highest(const RunData& all, std::size_t k) {
    if (k == 0) return all;
    RunData kept;
    kept.d_source = all.d_source;
    for (std::size_t i : fitting::rows_below_top_losses(all.loss, k)) {
        kept.n.push_back(all.n[i]);
        kept.d.push_back(all.d[i]);
        kept.loss.push_back(all.loss[i]);
    }
    return kept;
}

FittedExponent exponent(const std::string& name, double value, const fitting::BootstrapResult& boot, double theory,
                        const ReportConfig& c) {
    FittedExponent e;
    e.name = name;
    e.value = value;
    e.confidence = c.confidence;
    e.theory = theory;
    e.tolerance = 0;
    const std::size_t k = boot.index(name);
    e.ci_low = boot.available[k] ? boot.intervals[k].lo : NAN;
    e.ci_high = boot.available[k] ? boot.intervals[k].hi : NAN;
    return e;
}

Figure observed_vs_fitted(const RunData& runs, const fitting::JointLawFit& fit) {
    Figure f;
    f.id = "external-data";
    f.title = "External data: observed against fitted loss";
    f.caption = "Each run's final loss against the joint law L(N, D) = E + A N^(−a) + B D^(−b) fitted to all runs; "
                "points on the diagonal are fitted exactly.";
    f.x = {"fitted loss (nats/token)", Scale::linear};
    f.y = {"observed loss (nats/token)", Scale::linear};
    Series points{"runs", SeriesStyle::points, {}, {}, {}, SeriesRole::observed};
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (std::size_t i = 0; i < runs.loss.size(); ++i) {
        const double predicted = fit.E + fit.A * std::pow(runs.n[i], -fit.a) + fit.B * std::pow(runs.d[i], -fit.b);
        points.x.push_back(predicted);
        points.y.push_back(runs.loss[i]);
        lo = std::min({lo, predicted, runs.loss[i]});
        hi = std::max({hi, predicted, runs.loss[i]});
    }
    f.series.push_back(points);
    f.series.push_back(Series{"observed = fitted", SeriesStyle::line, {lo, hi}, {lo, hi}, {}, SeriesRole::reference});
    return f;
}

}  // namespace

void add_external_data(ReportDocument& report, const std::filesystem::path& file, const ReportConfig& c,
                       double simulated_alpha, const std::map<std::string, FittedExponent>& fitted) {
    const RunData all = read_runs(file);
    const RunData runs = drop_highest(all, c.data_drop_highest);
    fitting::JointLawOptions options;
    options.threads = c.threads;
    const fitting::JointLawFit fit = fitting::fit_joint_law(runs.n, runs.d, runs.loss, options);
    const fitting::JointLawData data = fitting::make_joint_law_data(runs.n, runs.d, runs.loss);

    fitting::BootstrapOptions boot_options;
    boot_options.resamples = c.bootstrap;
    boot_options.seed = c.seed;
    boot_options.threads = c.threads;
    boot_options.level = c.confidence;
    const auto boot = fitting::bootstrap_percentile(
        data.size(),
        [&](std::span<const std::size_t> rows) {
            fitting::JointLawData resample;
            for (std::size_t i : rows) {
                resample.log_n.push_back(data.log_n[i]);
                resample.log_d.push_back(data.log_d[i]);
                resample.log_loss.push_back(data.log_loss[i]);
            }
            const auto r = fitting::refine_joint_law(resample, fit.log_parameters, options);
            const double alpha_d = r.b > 0 && r.b <= 1 ? theory::alpha_from_data_exponent(r.b) : NAN;
            const double alpha_m = r.a > 0 ? theory::alpha_from_model_exponent(r.a) : NAN;
            return std::vector<double>{r.a, r.b, r.E, alpha_d, alpha_m};
        },
        {"a", "b", "E", "alpha_from_b", "alpha_from_a"}, boot_options);

    Section s;
    s.id = "external-data";
    s.title = "External data: " + file.filename().string();
    s.paragraphs.push_back(std::to_string(runs.loss.size()) + " runs of " + std::to_string(all.loss.size()) +
                           (c.data_drop_highest ? " (the " + std::to_string(c.data_drop_highest) + " highest losses dropped)" : std::string()) +
                           "; tokens: " + runs.d_source + ". Joint law L(N, D) = E + A N^(−a) + B D^(−b) fitted with the "
                           "Huber/LSE objective from " + std::to_string(fit.starts) + " starts (" +
                           std::to_string(fit.converged) + " converged); intervals from " + std::to_string(c.bootstrap) +
                           " bootstrap resamples of the runs.");
    s.paragraphs.push_back("Fit: E = " + format_number(fit.E, 5) + ", A = " + format_number(fit.A, 5) + ", B = " +
                           format_number(fit.B, 5) + ", a (model) = " + format_number(fit.a, 5) + ", b (data) = " +
                           format_number(fit.b, 5) + ", objective = " + format_number(fit.objective, 6) + ".");
    s.paragraphs.push_back(
        "docs/theory.md X1 reads the Pitman-Yor discount off each exponent (α = 1 − b, α = 1/(1 + a)). Real language "
        "models are not Bayes-optimal Syntax-Knowledge learners, so this section compares rather than tests: the "
        "verdict column says whether the simulation's α lies inside the interval the data imply.");
    s.values = ordered_json{{"file", file.string()},   {"runs_used", runs.loss.size()}, {"runs_total", all.loss.size()},
                            {"E", fit.E},              {"A", fit.A},                    {"B", fit.B},
                            {"a", fit.a},              {"b", fit.b},                    {"objective", fit.objective},
                            {"starts", fit.starts},    {"converged", fit.converged},    {"bootstrap", c.bootstrap},
                            {"simulated_alpha", simulated_alpha}};
    const auto add = [&](const std::string& quantity, FittedExponent e) {
        Comparison cmp;
        cmp.quantity = quantity;
        cmp.label = "X1";
        cmp.exponent = e;
        cmp.kind = ComparisonKind::interval;
        cmp.pass = e.contains_theory();
        cmp.criterion = "simulated value within the data's CI";
        s.comparisons.push_back(cmp);
    };
    if (fit.b > 0 && fit.b <= 1) {
        add("α implied by the data exponent b (α = 1 − b) vs the simulation's α",
            exponent("alpha_from_b", theory::alpha_from_data_exponent(fit.b), boot, simulated_alpha, c));
    }
    if (fit.a > 0) {
        add("α implied by the model exponent a (α = 1/(1 + a)) vs the simulation's α",
            exponent("alpha_from_a", theory::alpha_from_model_exponent(fit.a), boot, simulated_alpha, c));
    }
    if (auto it = fitted.find("a_D"); it != fitted.end()) {
        add("data exponent b of the external runs vs the simulation's fitted a_D",
            exponent("b", fit.b, boot, it->second.value, c));
    }
    report.figures.push_back(observed_vs_fitted(runs, fit));
    s.figure_ids.push_back("external-data");
    report.sections.push_back(std::move(s));
}

}  // namespace sklaws::reports
