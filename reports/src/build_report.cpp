#include "sklaws/reports/build_report.hpp"

#include "sklaws/reports/experiment_figures.hpp"
#include "sklaws/reports/exponent_fit.hpp"
#include "sklaws/reports/external_data.hpp"
#include "sklaws/reports/number_format.hpp"
#include "sklaws/reports/pdf_figure.hpp"
#include "sklaws/reports/report_writers.hpp"
#include "sklaws/reports/staging_directory.hpp"
#include "sklaws/reports/svg_plot.hpp"

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

std::size_t report_replicates(const ReportRequest& request, const validation::Experiment& e) {
    return request.quick ? quick_replicates(request.config, e.default_replicates()) : e.default_replicates();
}

// Runs one experiment; a value the experiment rejects is reported at the
// configuration line that set it.
validation::ExperimentResult run_one(const validation::Experiment& e, const ReportRequest& request,
                                     ProgressBar* progress) {
    const ReportConfig& c = request.config;
    validation::RunOptions options;
    options.seed = c.seed;
    options.threads = c.threads;
    options.replicates = request.quick ? report_replicates(request, e) : 0;
    if (progress) options.progress = [progress](double f) { progress->update(f); };
    try {
        return e.run(c.overrides_for(e.name(), e.parameters()), options, c.z_threshold);
    } catch (const numerics::DomainError& error) {
        const std::string own = "experiments." + e.name() + "." + error.argument();
        const std::string shared = "model." + error.argument();
        if (c.lines.count(own)) throw ConfigError(c.locate(own) + error.what());
        if (c.lines.count(shared)) throw ConfigError(c.locate(shared) + error.what() + " (in experiment " + e.name() + ")");
        throw;
    }
}

// An exponent fitted to a figure's Monte Carlo series, with the α of the
// experiment that produced it (X1 compares the two).
struct FittedLaw {
    FittedExponent exponent;
    validation::ExponentRole role = validation::ExponentRole::none;
    double alpha = 0;
};

struct Assembly {
    ReportDocument doc;
    std::map<std::string, std::size_t> claim_index;
    std::vector<FittedLaw> fitted;

    Claim* claim(const std::string& id) {
        auto it = claim_index.find(id);
        return it == claim_index.end() ? nullptr : &doc.claims[it->second];
    }
};

double parameter_real(const validation::ExperimentResult& r, const char* name) {
    if (!r.parameters.contains(name)) return std::numeric_limits<double>::quiet_NaN();
    return std::get<double>(r.parameters.at(name));
}

// Fits a figure's requested power law; the fitted line joins the figure and
// the exponent is shown beside its limit.
void add_fit(Assembly& a, Claim& claim, Figure& figure, const validation::Figure& declared,
             const validation::FitRequest& request, const validation::ExperimentResult& result, const ReportConfig& c) {
    if (request.series >= declared.series.size()) {
        a.doc.notes.push_back("figure " + declared.id + " asks to fit series " + std::to_string(request.series) +
                              ", which it does not have");
        return;
    }
    const validation::Series& s = declared.series[request.series];
    ExponentFitSettings settings{c.bootstrap, c.confidence, c.seed, c.threads, request.fit_offset};
    ExponentFitResult fit;
    try {
        fit = fit_exponent(s.x, s.y, s.se, request.direction, request.exponent, request.theory, settings);
    } catch (const std::exception& e) {  // a fit, not a check: report it, keep going
        a.doc.notes.push_back("exponent " + request.exponent + " of figure " + declared.id + " not fitted: " + e.what());
        return;
    }
    Comparison cmp;
    cmp.quantity = request.exponent + " fitted to " + s.name;
    cmp.label = claim.labels;
    cmp.kind = ComparisonKind::limit;
    cmp.exponent = fit.exponent;
    cmp.theory = request.theory;
    cmp.estimate = fit.exponent.value;
    if (request.theory != 0) cmp.relative_distance = (fit.exponent.value - request.theory) / std::fabs(request.theory);
    cmp.criterion = "limit, not a test: the theory's exponent is the limit of the finite-size curve";
    if (cmp.relative_distance) cmp.criterion += " (fit − limit = " + format_number(100 * *cmp.relative_distance, 2) + "%)";
    cmp.inputs = ordered_json{{"experiment", result.experiment},
                              {"figure", declared.id},
                              {"bootstrap", c.bootstrap},
                              {"amplitude", fit.amplitude},
                              {"offset", fit.offset},
                              {"points", s.x.size()}};
    claim.comparisons.push_back(cmp);
    Series curve = fit.curve;
    if (request.legend_as_slope) {
        curve.name = "fit: slope −" + format_number(fit.exponent.value, 3) + " [−" + format_number(fit.exponent.ci_high, 3) +
                     ", −" + format_number(fit.exponent.ci_low, 3) + "]; theory −" + format_number(request.theory, 3);
    }
    figure.series.push_back(std::move(curve));
    a.fitted.push_back({fit.exponent, request.x1, parameter_real(result, "alpha")});
}

void add_experiment(Assembly& a, const validation::ExperimentResult& result, const ReportConfig& c) {
    Claim* claim = a.claim(result.claim);
    if (!claim) {
        a.doc.notes.push_back("experiment " + result.experiment + " belongs to claim '" + result.claim +
                              "', which the report does not have");
        return;
    }
    for (const auto& check : result.checks) {
        Claim* target = check.claim.empty() ? claim : a.claim(check.claim);
        if (!target) {
            a.doc.notes.push_back("a check of experiment " + result.experiment + " belongs to claim '" + check.claim +
                                  "', which the report does not have");
            continue;
        }
        target->comparisons.push_back(comparison_from_check(check));
    }
    for (const auto& declared : result.figures) {
        Figure figure = figure_from_experiment(declared, result);
        for (const auto& request : declared.fits) add_fit(a, *claim, figure, declared, request, result, c);
        claim->figure_ids.push_back(figure.id);
        a.doc.figures.push_back(std::move(figure));
    }
}

const FittedLaw* fitted_with(const Assembly& a, validation::ExponentRole role) {
    for (const auto& f : a.fitted) {
        if (f.role == role) return &f;
    }
    return nullptr;
}

// X1: how compute should be split between capacity and data, from the
// fitted exponents and from the model's α (amplitudes only move constants,
// so only the exponents are reported).
void add_compute_allocation(Assembly& a, const FittedLaw& data, const FittedLaw& model) {
    const double aD = data.exponent.value, aM = model.exponent.value, alpha = data.alpha;
    if (!(aD > 0 && aM > 0) || !(alpha > 0 && alpha < 1)) return;
    const auto fitted = theory::compute_optimal_split(aM, 1.0, aD, 1.0);
    const auto predicted =
        theory::compute_optimal_split(theory::model_exponent(alpha), 1.0, theory::data_exponent(alpha), 1.0);
    Section s;
    s.id = "compute-allocation";
    s.title = "Compute-optimal allocation implied by the exponents (X1)";
    s.paragraphs.push_back(
        "With L − L_∞ ≈ A_M·C^(−a_M) + A_D·N^(−a_D) and compute F ∝ C·N, the optimum grows the capacity C as F^" +
        format_number(fitted.capacity_exponent, 3) + " and the data N as F^" + format_number(fitted.data_exponent, 3) +
        ", and the loss falls as F^(−" + format_number(fitted.loss_exponent, 3) + ") (fitted a_M = " +
        format_number(aM, 4) + ", a_D = " + format_number(aD, 4) + "). At the model's α = " + format_number(alpha, 4) +
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

// X1: the α each fitted exponent implies (theory::alpha_from_*), shown
// beside the model's α as a limit, and the consistency gap between them.
void add_consistency(Assembly& a) {
    Claim* claim = a.claim("exponent-consistency");
    if (!claim) return;
    const auto implied = [&](const FittedLaw& law, double (*alpha_of)(double), const char* form) {
        // Outside the map's domain (e.g. a_D > 1) α is undefined: no value.
        const auto to_alpha = [alpha_of](double exponent) -> std::optional<double> {
            try {
                return alpha_of(exponent);
            } catch (const numerics::DomainError&) {
                return std::nullopt;
            }
        };
        const FittedExponent& e = law.exponent;
        FittedExponent alpha;
        alpha.name = "α from " + e.name;
        const auto value = to_alpha(e.value), lo = to_alpha(e.ci_low), hi = to_alpha(e.ci_high);
        alpha.value = value.value_or(NAN);
        alpha.ci_low = lo && hi ? std::min(*lo, *hi) : NAN;
        alpha.ci_high = lo && hi ? std::max(*lo, *hi) : NAN;
        alpha.confidence = e.confidence;
        alpha.theory = law.alpha;
        Comparison cmp;
        cmp.quantity = std::string("α implied by the fitted ") + e.name + " (" + form + ")";
        cmp.label = "X1";
        cmp.kind = ComparisonKind::limit;
        cmp.exponent = alpha;
        cmp.theory = law.alpha;
        cmp.estimate = value;
        if (value) cmp.relative_distance = (*value - law.alpha) / std::fabs(law.alpha);
        cmp.criterion = "limit, not a test: the α the exponent tends to";
        cmp.inputs = ordered_json{{"alpha", law.alpha}, {e.name, e.value}};
        claim->comparisons.push_back(cmp);
    };
    const FittedLaw* data = fitted_with(a, validation::ExponentRole::data_exponent);
    const FittedLaw* model = fitted_with(a, validation::ExponentRole::model_exponent);
    if (data) implied(*data, theory::alpha_from_data_exponent, "α = 1 − a_D");
    if (model) implied(*model, theory::alpha_from_model_exponent, "α = 1/(1 + a_M)");
    if (data && model) {
        try {
            const auto consistency = theory::exponent_consistency(data->exponent.value, model->exponent.value);
            Comparison gap;
            gap.quantity = "consistency gap α(a_D) − α(a_M)";
            gap.label = "X1";
            gap.kind = ComparisonKind::limit;
            gap.theory = 0.0;
            gap.estimate = consistency.gap;
            gap.criterion = "limit, not a test: 0 in the limit";
            gap.inputs = ordered_json{{"alpha_from_data", consistency.alpha_from_data},
                                      {"alpha_from_model", consistency.alpha_from_model}};
            claim->comparisons.push_back(gap);
        } catch (const numerics::DomainError& e) {
            a.doc.notes.push_back(std::string("X1 consistency gap not computed: ") + e.what());
        }
        add_compute_allocation(a, *data, *model);
    }
}

void add_parameters(ReportDocument& doc, const ReportRequest& request,
                    const std::vector<validation::ExperimentResult>& results) {
    const ReportConfig& c = request.config;
    ordered_json experiments = ordered_json::object();
    for (const auto& r : results) {
        experiments[r.experiment] = ordered_json{{"replicates", r.replicates}, {"parameters", validation::to_json(r.parameters)}};
        const validation::Experiment& e = validation::find_experiment(r.experiment);
        for (const auto& spec : e.parameters()) {
            doc.info.parameter_table.push_back({r.experiment, spec.name,
                                                validation::format_parameter(r.parameters.at(spec.name)),
                                                validation::format_parameter(spec.default_value), spec.type_name(),
                                                spec.domain_text(), spec.doc});
        }
    }
    doc.info.parameters = ordered_json{
        {"run", {{"seed", c.seed}, {"threads", c.threads}, {"z_threshold", c.z_threshold}, {"quick", request.quick},
                 {"quick_replicate_fraction", c.quick_replicate_fraction}, {"quick_min_replicates", c.quick_min_replicates}}},
        {"fit", {{"bootstrap", c.bootstrap}, {"confidence", c.confidence}, {"data_drop_highest", c.data_drop_highest}}},
        {"model", validation::to_json(c.model)},
        {"experiments", experiments},
        {"data_file", request.data ? ordered_json(request.data->file.string()) : ordered_json(nullptr)}};
}

}  // namespace

std::vector<const validation::Experiment*> selected_experiments(const ReportRequest& request) {
    std::vector<const validation::Experiment*> selected;
    for (const auto& e : validation::experiments()) {
        if (request.only.empty() || std::find(request.only.begin(), request.only.end(), e.name()) != request.only.end()) {
            selected.push_back(&e);
        }
    }
    for (const auto& name : request.only) {
        try {
            validation::find_experiment(name);
        } catch (const numerics::DomainError& e) {
            throw ConfigError(std::string("--only: ") + e.what());
        }
    }
    return selected;
}

std::size_t report_stages(const ReportRequest& request) {
    return selected_experiments(request).size() + 1 + (request.data ? 1 : 0);
}

ReportDocument build_report(const ReportRequest& request, ProgressBar* progress) {
    const auto start = std::chrono::steady_clock::now();
    const ReportConfig& c = request.config;
    Assembly a;
    a.doc.info.version = request.build.version;
    a.doc.info.git_commit = request.build.git_commit;
    a.doc.info.seed = c.seed;
    a.doc.info.threads = validation::resolved_threads(c.threads);
    a.doc.info.ranks = static_cast<unsigned>(validation::cluster::size());
    a.doc.info.quick = request.quick;
    a.doc.info.z_threshold = c.z_threshold;
    a.doc.info.started_utc = utc_now();
    a.doc.info.config_source = c.source;
    for (const auto& spec : validation::claims()) {
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
    for (const validation::Experiment* e : selected_experiments(request)) {
        if (progress) progress->begin_stage(e->name());
        results.push_back(run_one(*e, request, progress));
        add_experiment(a, results.back(), c);
    }
    add_consistency(a);
    if (!request.only.empty()) {  // a partial report shows the claims it checked
        std::erase_if(a.doc.claims, [](const Claim& claim) { return claim.comparisons.empty(); });
    }
    if (request.data) {
        if (progress) progress->begin_stage("fitting " + request.data->file.filename().string());
        std::map<std::string, FittedExponent> fitted;
        double alpha = c.model.contains("alpha") ? std::get<double>(c.model.at("alpha")) : 0.5;
        for (const auto& f : a.fitted) {
            fitted[f.exponent.name] = f.exponent;
            if (f.role == validation::ExponentRole::data_exponent) alpha = f.alpha;
        }
        add_external_data(a.doc, *request.data, c, alpha, fitted);
    }
    add_parameters(a.doc, request, results);
    a.doc.info.run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return a.doc;
}

ReportResources report_resources(const ReportRequest& request) {
    const ReportConfig& c = request.config;
    ReportResources r;
    for (const validation::Experiment* e : selected_experiments(request)) {
        const auto estimate = e->resources(c.overrides_for(e->name(), e->parameters()), report_replicates(request, *e), c.threads);
        r.total.cpu_seconds += estimate.cpu_seconds;
        if (estimate.peak_bytes > r.heaviest_peak_bytes) {
            r.heaviest_peak_bytes = estimate.peak_bytes;
            r.heaviest = e->name();
        }
    }
    r.total.peak_bytes = r.heaviest_peak_bytes;
    return r;
}

void publish_report(const ReportDocument& report, const std::filesystem::path& out) {
    StagingDirectory staging(out);
    publish_report(report, staging);
}

void publish_report(const ReportDocument& report, StagingDirectory& staging) {
    staging.write_file("report.json", report_to_json(report).dump(2) + "\n");
    staging.write_file("report.md", render_markdown(report));
    staging.write_file("report.html", render_html(report));
    for (const auto& figure : report.figures) {
        staging.write_file(figure.id + ".csv", render_csv(figure));
        staging.write_file(figure.id + ".svg", render_svg_file(figure));
        staging.write_file(figure.id + ".pdf", render_pdf(figure));
    }
    staging.commit();
}

}  // namespace sklaws::reports
