#include "sklaws/reports/build_report.hpp"

#include "sklaws/reports/claims.hpp"
#include "sklaws/reports/experiment_figures.hpp"
#include "sklaws/reports/exponent_fit.hpp"
#include "sklaws/reports/external_data.hpp"
#include "sklaws/reports/figure_catalogue.hpp"
#include "sklaws/reports/report_writers.hpp"
#include "sklaws/reports/staging_directory.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/scaling_laws.hpp>
#include <sklaws/validation/cluster.hpp>
#include <sklaws/validation/experiments.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>

namespace sklaws::reports {
namespace {

using nlohmann::ordered_json;

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::size_t quick_replicates(const ReportConfig& c, std::size_t default_replicates) {
    const auto scaled = static_cast<std::size_t>(std::ceil(c.quick_replicate_fraction * static_cast<double>(default_replicates)));
    return std::min(default_replicates, std::max<std::size_t>(scaled, c.quick_min_replicates));
}

// Runs one experiment; a value the experiment rejects is reported at the
// configuration line that set it.
validation::ExperimentResult run_one(const validation::ExperimentSpec& spec, const ReportRequest& request,
                                     ProgressBar* progress) {
    const ReportConfig& c = request.config;
    ordered_json overrides = c.overrides_for(spec.name, spec.defaults);
    if (spec.defaults.contains("z_threshold") && !overrides.contains("z_threshold")) overrides["z_threshold"] = c.z_threshold;
    validation::RunOptions options;
    options.seed = c.seed;
    options.threads = c.threads;
    options.replicates = request.quick ? quick_replicates(c, spec.default_replicates) : 0;
    if (progress) options.progress = [progress](double f) { progress->update(f); };
    try {
        return validation::run_experiment(spec.name, overrides, options);
    } catch (const numerics::DomainError& e) {
        const std::string own = "experiments." + spec.name + "." + e.argument();
        const std::string shared = "model." + e.argument();
        if (c.lines.count(own)) throw ConfigError(c.locate(own) + e.what());
        if (c.lines.count(shared)) throw ConfigError(c.locate(shared) + e.what() + " (in experiment " + spec.name + ")");
        throw;
    }
}

const validation::Series* measured_series(const validation::ExperimentResult& r) {
    for (const auto& s : r.series) {
        if (!s.y_err.empty()) return &s;
    }
    return nullptr;
}

struct ExponentTarget {
    const char* experiment;
    const char* claim;
    const char* name;
    LawDirection direction;
    double (*predicted)(double alpha);
    bool fit_offset;
    // The experiment's own relative tolerance for this asymptotic exponent
    // (its finite-size bias, docs/theory.md §4), or nullptr for none.
    const char* tolerance_parameter;
    // Legend of the fitted line as a log-log slope (−a) next to the theory
    // slope, for figures whose claim is stated as a slope (Zipf).
    bool legend_as_slope;
};

// K1: E[K_n] ~ const·n^α, so the Heaps exponent is α itself.
double heaps_exponent(double alpha) { return alpha; }

// K4: E[M_j] ∝ j^(−1−α), so the rank of frequency j is ∝ j^(−α) and the
// frequency at rank r ∝ r^(−1/α).
double zipf_exponent(double alpha) { return 1.0 / alpha; }

constexpr ExponentTarget kExponentTargets[] = {
    {"tables", "heaps-zipf", "Heaps exponent", LawDirection::growing, heaps_exponent, true, nullptr, false},
    {"zipf-rank-frequency", "heaps-zipf", "Zipf exponent s", LawDirection::decaying, zipf_exponent, false,
     "zipf-tolerance", true},
    {"data-scaling", "data-scaling", "a_D", LawDirection::decaying, theory::data_exponent, false, "d1-tolerance", false},
    {"model-scaling", "model-scaling", "a_M", LawDirection::decaying, theory::model_exponent, false, "m1-tolerance",
     false},
};

struct Assembly {
    ReportDocument doc;
    std::map<std::string, std::size_t> claim_index;
    std::map<std::string, FittedExponent> fitted;  // by exponent name
    double alpha = 0.5;

    Claim& claim(const std::string& id) { return doc.claims.at(claim_index.at(id)); }
    void add_figures(const std::string& claim_id, std::vector<Figure> figures) {
        for (auto& f : figures) {
            claim(claim_id).figure_ids.push_back(f.id);
            doc.figures.push_back(std::move(f));
        }
    }
};

void add_experiment(Assembly& a, const validation::ExperimentResult& result, const validation::ExperimentSpec& spec) {
    std::string home;  // the claim its figures belong to: that of its first label
    for (const auto& check : result.checks) {
        const std::string id = claim_for_label(check.label);
        if (id.empty()) {
            a.doc.notes.push_back("check '" + check.quantity + "' (" + check.label + ") of " + result.experiment +
                                  " has no claim in the report");
            continue;
        }
        if (home.empty()) home = id;
        a.claim(id).comparisons.push_back(comparison_from_check(check));
    }
    if (!home_claim(result.experiment).empty()) home = home_claim(result.experiment);
    if (home.empty() && !spec.labels.empty()) home = claim_for_label(spec.labels.front());
    if (home.empty()) return;
    std::vector<Figure> figures;
    for (auto& f : figures_from_experiment(result, spec.summary)) {
        if (present_figure(f)) figures.push_back(std::move(f));
    }
    a.add_figures(home, std::move(figures));
    try {
        if (result.experiment == "acquisition") a.add_figures("acquisition", {acquisition_figure(result)});
        if (result.experiment == "hallucination") a.add_figures("hallucination", {hallucination_figure(result)});
    } catch (const std::exception& e) {  // a figure, not a check: report it, keep going
        a.doc.notes.push_back("derived " + result.experiment + " figure not drawn: " + e.what());
    }
}

void add_exponent_fit(Assembly& a, const validation::ExperimentResult& result, const ExponentTarget& target,
                      const ReportConfig& c) {
    const validation::Series* series = measured_series(result);
    if (!series) {
        a.doc.notes.push_back(std::string("experiment ") + target.experiment + " gave no Monte Carlo series to fit");
        return;
    }
    const double alpha = result.parameters.value("alpha", a.alpha);
    const double predicted = target.predicted(alpha);
    double tolerance = c.exponent_tolerance;
    if (target.tolerance_parameter && result.parameters.contains(target.tolerance_parameter)) {
        tolerance = std::max(tolerance, result.parameters[target.tolerance_parameter].get<double>() * std::fabs(predicted));
    }
    ExponentFitSettings settings{c.bootstrap, c.confidence, c.seed, c.threads, tolerance, target.fit_offset};
    const ExponentFitResult fit =
        fit_exponent(series->x, series->y, series->y_err, target.direction, target.name, predicted, settings);
    Comparison cmp;
    cmp.quantity = std::string(target.name) + " fitted to " + series->name;
    cmp.label = a.claim(target.claim).labels;
    cmp.exponent = fit.exponent;
    cmp.pass = fit.exponent.pass();
    cmp.criterion = "theory within " + format_number(c.confidence * 100, 3) + "% bootstrap CI ± " + format_number(tolerance, 3) +
                    (target.tolerance_parameter ? std::string(" (") + target.tolerance_parameter + " × theory: finite-size bias)" : std::string());
    cmp.inputs = ordered_json{{"alpha", alpha},         {"experiment", target.experiment}, {"bootstrap", c.bootstrap},
                              {"amplitude", fit.amplitude}, {"offset", fit.offset},          {"points", series->x.size()}};
    a.claim(target.claim).comparisons.push_back(cmp);
    a.fitted[target.name] = fit.exponent;
    Series curve = fit.curve;
    if (target.legend_as_slope) {
        curve.name = "fit: slope −" + format_number(fit.exponent.value, 3) + " [−" + format_number(fit.exponent.ci_high, 3) +
                     ", −" + format_number(fit.exponent.ci_low, 3) + "]; theory −" + format_number(predicted, 3);
    }
    // The fitted line joins the figure holding the fitted points.
    for (auto& f : a.doc.figures) {
        if (f.id.rfind(target.experiment, 0) != 0) continue;
        const bool holds = std::any_of(f.series.begin(), f.series.end(), [&](const Series& s) { return s.name == series->name; });
        if (holds) {
            f.series.push_back(curve);
            break;
        }
    }
}

// X1: how compute should be split between capacity and data, from the
// fitted exponents and from the model's α (amplitudes only move constants,
// so only the exponents are reported).
void add_compute_allocation(Assembly& a) {
    const double aD = a.fitted["a_D"].value, aM = a.fitted["a_M"].value;
    if (!(aD > 0 && aM > 0)) return;
    const auto fitted = theory::compute_optimal_split(aM, 1.0, aD, 1.0);
    const auto predicted =
        theory::compute_optimal_split(theory::model_exponent(a.alpha), 1.0, theory::data_exponent(a.alpha), 1.0);
    Section s;
    s.id = "compute-allocation";
    s.title = "Compute-optimal allocation implied by the exponents (X1)";
    s.paragraphs.push_back(
        "With L − L_∞ ≈ A_M·C^(−a_M) + A_D·N^(−a_D) and compute F ∝ C·N, the optimum grows the capacity C as F^" +
        format_number(fitted.capacity_exponent, 3) + " and the data N as F^" + format_number(fitted.data_exponent, 3) +
        ", and the loss falls as F^(−" + format_number(fitted.loss_exponent, 3) + ") (fitted a_M = " +
        format_number(aM, 4) + ", a_D = " + format_number(aD, 4) + "). At the model's α = " + format_number(a.alpha, 4) +
        " the theory gives F^" + format_number(predicted.capacity_exponent, 3) + ", F^" +
        format_number(predicted.data_exponent, 3) + " and F^(−" + format_number(predicted.loss_exponent, 3) + ").");
    s.values = ordered_json{{"a_M_fitted", aM},
                            {"a_D_fitted", aD},
                            {"capacity_exponent_fitted", fitted.capacity_exponent},
                            {"data_exponent_fitted", fitted.data_exponent},
                            {"loss_exponent_fitted", fitted.loss_exponent},
                            {"capacity_exponent_theory", predicted.capacity_exponent},
                            {"data_exponent_theory", predicted.data_exponent},
                            {"loss_exponent_theory", predicted.loss_exponent}};
    a.doc.sections.push_back(std::move(s));
}

// X1: the α each fitted exponent implies, against the model's α.
void add_consistency(Assembly& a, const ReportConfig& c) {
    Claim& claim = a.claim("exponent-consistency");
    const auto implied = [&](const std::string& from, double (*alpha_of)(double), const char* form) {
        // Outside the map's domain (e.g. a_D > 1) α is undefined: NaN, and the comparison fails.
        const auto to_alpha = [alpha_of](double exponent) {
            try {
                return alpha_of(exponent);
            } catch (const numerics::DomainError&) {
                return std::numeric_limits<double>::quiet_NaN();
            }
        };
        auto it = a.fitted.find(from);
        if (it == a.fitted.end()) return;
        const FittedExponent& e = it->second;
        FittedExponent alpha;
        alpha.name = "α from " + from;
        alpha.value = to_alpha(e.value);
        const double lo = to_alpha(e.ci_low), hi = to_alpha(e.ci_high);
        alpha.ci_low = std::min(lo, hi);
        alpha.ci_high = std::max(lo, hi);
        alpha.confidence = e.confidence;
        alpha.theory = a.alpha;
        // The exponent's finite-size slack, carried through the map to α.
        alpha.tolerance = std::max(c.exponent_tolerance, std::fabs(to_alpha(e.value + e.tolerance) - alpha.value));
        Comparison cmp;
        cmp.quantity = std::string("α implied by the fitted ") + from + " (" + form + ")";
        cmp.label = "X1";
        cmp.exponent = alpha;
        cmp.pass = alpha.pass();
        cmp.criterion = "model α within CI ± " + format_number(alpha.tolerance, 3);
        cmp.inputs = ordered_json{{"alpha", a.alpha}, {from, e.value}};
        claim.comparisons.push_back(cmp);
    };
    implied("a_D", theory::alpha_from_data_exponent, "α = 1 − a_D");
    implied("a_M", theory::alpha_from_model_exponent, "α = 1/(1 + a_M)");
    if (a.fitted.count("a_D") && a.fitted.count("a_M")) add_compute_allocation(a);
}

ordered_json parameters_json(const ReportRequest& request, const std::vector<validation::ExperimentResult>& results) {
    const ReportConfig& c = request.config;
    ordered_json experiments = ordered_json::object();
    for (const auto& r : results) {
        experiments[r.experiment] = ordered_json{{"replicates", r.replicates}, {"parameters", r.parameters}};
    }
    return ordered_json{
        {"run", {{"seed", c.seed}, {"threads", c.threads}, {"z_threshold", c.z_threshold}, {"quick", request.quick},
                 {"quick_replicate_fraction", c.quick_replicate_fraction}, {"quick_min_replicates", c.quick_min_replicates}}},
        {"fit", {{"bootstrap", c.bootstrap}, {"confidence", c.confidence}, {"exponent_tolerance", c.exponent_tolerance},
                 {"data_drop_highest", c.data_drop_highest}}},
        {"model", c.model},
        {"experiments", experiments},
        {"data_file", request.data_file ? ordered_json(request.data_file->string()) : ordered_json(nullptr)}};
}

}  // namespace

ExperimentDefaults experiment_defaults() {
    ExperimentDefaults defaults;
    for (const auto& spec : validation::experiments()) defaults[spec.name] = spec.defaults;
    return defaults;
}

std::size_t report_stages(const ReportRequest& request) {
    return validation::experiments().size() + 2 + (request.data_file ? 1 : 0);
}

ReportDocument build_report(const ReportRequest& request, ProgressBar* progress) {
    const auto start = std::chrono::steady_clock::now();
    const ReportConfig& c = request.config;
    Assembly a;
    a.alpha = c.model.value("alpha", 0.5);
    a.doc.info.version = request.build.version;
    a.doc.info.git_commit = request.build.git_commit;
    a.doc.info.seed = c.seed;
    a.doc.info.threads = validation::resolved_threads(c.threads);
    a.doc.info.ranks = static_cast<unsigned>(validation::cluster::size());
    a.doc.info.quick = request.quick;
    a.doc.info.z_threshold = c.z_threshold;
    a.doc.info.started_utc = utc_now();
    a.doc.info.config_source = c.source;
    for (const auto& spec : claim_catalogue()) {
        a.claim_index[spec.id] = a.doc.claims.size();
        Claim claim;
        claim.id = spec.id;
        claim.title = spec.title;
        for (const auto& l : spec.labels) claim.labels += (claim.labels.empty() ? "" : ", ") + l;
        claim.closed_form = spec.closed_form;
        claim.explanation = spec.explanation;
        a.doc.claims.push_back(std::move(claim));
    }

    std::vector<validation::ExperimentResult> results;
    for (const auto& spec : validation::experiments()) {
        if (progress) progress->begin_stage(spec.name);
        results.push_back(run_one(spec, request, progress));
        add_experiment(a, results.back(), spec);
    }
    if (progress) progress->begin_stage("fitting exponents");
    for (const auto& target : kExponentTargets) {
        for (const auto& r : results) {
            if (r.experiment == target.experiment) add_exponent_fit(a, r, target, c);
        }
    }
    add_consistency(a, c);
    if (request.data_file) {
        if (progress) progress->begin_stage("fitting " + request.data_file->filename().string());
        add_external_data(a.doc, *request.data_file, c, a.alpha, a.fitted);
    }
    a.doc.info.parameters = parameters_json(request, results);
    a.doc.info.run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return a.doc;
}

void publish_report(const ReportDocument& report, const std::filesystem::path& out) {
    StagingDirectory staging(out);
    staging.write_file("report.json", report_to_json(report).dump(2) + "\n");
    staging.write_file("report.md", render_markdown(report));
    staging.write_file("report.html", render_html(report));
    for (const auto& figure : report.figures) staging.write_file(figure.id + ".csv", render_csv(figure));
    staging.commit();
}

}  // namespace sklaws::reports
