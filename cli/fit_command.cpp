// `sklaws fit`: the scaling-law fits of fitting/ on a CSV (docs/theory.md §5).
//
// Forms: power, chinchilla, overtraining, data-constrained, isoflop,
// pitman-yor (fit_usage() lists each with its formula and options). The CSV
// rules (pandas index column, --delimiter, --dropna, located errors) are
// csv_table.hpp's and columns.hpp's; the fits, bootstrap, predictions and
// residuals are fitting/'s (table_fit.hpp, isoflop.hpp, pitman_yor_fit.hpp)
// — this file only reads options and writes the result.
//
// Output (stdout; nothing before the whole fit succeeded): a table, or with
// --json one object — with --group an array of them, each with the group's
// key values under "group". Per parameter {"estimate": x, "ci": [lo, hi],
// "se": s} (ci/se with --bootstrap; pitman-yor: from the observed
// information), or {"estimate": x, "fixed": true} for a --fix parameter;
// "objective", "starts", "converged"; the form's derived quantities
// (implied α, compute-optimal split, ...); with --residuals "residuals"
// (one per fitted row: line, observed, fitted, residual, log_residual);
// with --predict "predictions" (line, inputs, prediction, its interval with
// --bootstrap, observed and relative_error when FILE has the loss column).
// Exit status: 0 fitted, 2 bad input (one line on stderr naming file, line
// and column), 1 runtime failure.
#include "command_registry.hpp"
#include "fit_forms.hpp"
#include "options.hpp"
#include "resource_guard.hpp"

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/validation/monte_carlo.hpp>
#include <sklaws/validation/resources.hpp>
#include <sklaws/fitting/columns.hpp>
#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/isoflop.hpp>
#include <sklaws/fitting/loss_forms.hpp>
#include <sklaws/fitting/pitman_yor_fit.hpp>
#include <sklaws/fitting/run_table.hpp>
#include <sklaws/fitting/table_fit.hpp>
#include <sklaws/fitting/text_file.hpp>
#include <sklaws/reports/number_format.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <optional>
#include <sstream>

namespace sklaws::cli {
namespace {

using Json = nlohmann::ordered_json;
using namespace sklaws::fitting;

// ---------------------------------------------------------------- the forms and their options
struct FitForm {
    std::string name;
    std::string summary;                 // formula and method, for --help
    std::vector<std::string> options;    // options that belong to this form only
};

const std::vector<FitForm>& forms() {
    static const std::vector<FitForm> table = {
        {"power",
         "y = E + A x^-a by least squares in y (robust: Huber or Cauchy), from a grid of starts; --space log fits "
         "ln y = ln A - a ln x by weighted least squares (E = 0), weights from --weights or 1/sigma^2 from --sigma",
         {"x", "y", "no-offset", "robust", "robust-scale", "weights", "sigma", "space"}},
        {"chinchilla",
         "L = E + A N^-a + B D^-b: Huber (delta 1e-3) on log L - LSE(e - a ln N, f - b ln D, eps), L-BFGS from "
         "the 4500-start grid (Besiroglu et al. 2024), after dropping the 5 highest losses as they did "
         "(--exclude-top-loss); a is the model exponent a_M, b the data exponent a_D (docs/theory.md X1); "
         "--tie-exponents fits a = b",
         {"tie-exponents", "huber-delta"}},
        {"overtraining",
         "L(C, M) = E + (a M^eta + b M^-eta) C^-eta with C = 6ND, M = D/N (Gadre et al. 2024): least squares in L, "
         "Levenberg-Marquardt from the authors' 128-start grid; also prints the equivalent A, B, exponent -2 eta "
         "and the loss-optimal tokens per parameter M_opt",
         {}},
        {"data-constrained",
         "L = E + A N'^-a + B D'^-b with effective data D' = U_D + U_D R_D (1 - exp(-R_D'/R_D)), R_D' = D/U_D - 1, "
         "and effective parameters N' likewise (Muennighoff et al. 2023): Huber on log L, L-BFGS from a grid; "
         "needs --unique-tokens; hold the base law with --fix E=..,A=..,B=..,a=..,b=.. to fit R_D, R_N only",
         {"unique-tokens", "huber-delta"}},
        {"isoflop",
         "Hoffmann et al.'s approach 2: per compute budget (--flops, or C = 6ND) the vertex of the parabola in "
         "ln N through the lowest-loss run and its two neighbours (robust to uneven sampling), with an interval "
         "from the pooled noise of ln L; then N* = G_N C^a and D* = G_D C^b by least squares over the budgets, "
         "bootstrap over budgets",
         {"budget-tolerance"}},
        {"pitman-yor", "EPPF maximum likelihood of (alpha, beta) from one count per element (--counts)", {"counts"}},
    };
    return table;
}

const FitForm* find_form(const std::string& name) {
    for (const auto& f : forms())
        if (f.name == name) return &f;
    return nullptr;
}

// Options shared by the loss forms and isoflop (not power or pitman-yor).
const std::vector<std::string> run_options{"N", "D", "flops", "loss"};

struct Common {
    std::string form;
    std::string file;
    CsvOptions csv;
    bool dropna = false;
    std::vector<std::string> groups;
    std::optional<BootstrapOptions> bootstrap;
    std::uint64_t seed = 1;
    double level = 0.95;
    bool json = false, residuals = false;
    std::optional<std::string> predict;
    std::vector<std::pair<std::string, double>> fixed;
};

// --fix NAME=VALUE[,NAME=VALUE...]
std::vector<std::pair<std::string, double>> parse_fixed(const std::string& text) {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& item : split_list(text, "option --fix")) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError("option --fix expects NAME=VALUE[,NAME=VALUE...], got '" + item + "'");
        out.emplace_back(item.substr(0, eq), parse_real(item.substr(eq + 1), "option --fix " + item.substr(0, eq)));
    }
    return out;
}

Common read_common(const ParsedOptions& args) {
    Common c;
    c.form = args.required_text("form");
    const auto file = args.positional("FILE");
    if (!file) throw UsageError("expects exactly one FILE (see sklaws fit --help)");
    c.file = *file;
    if (auto d = args.text("delimiter")) {
        try {
            c.csv.delimiter = parse_delimiter(*d);
        } catch (const InputError& e) {
            throw UsageError(e.what());
        }
    }
    c.dropna = args.flag("dropna");
    if (auto g = args.text("group")) c.groups = split_column_list(*g);
    c.seed = args.count_or("seed", 1, ~0ULL);
    c.level = args.real_or("level", 0.95);
    if (!(c.level > 0 && c.level < 1)) throw UsageError("--level expects a number in (0, 1)");
    if (args.has("bootstrap")) {
        const auto r = static_cast<std::size_t>(args.required_count("bootstrap", 10000000));
        if (r == 0) throw UsageError("--bootstrap expects at least 1 resample");
        BootstrapOptions b;
        b.resamples = r;
        b.seed = c.seed;
        b.threads = static_cast<std::size_t>(args.count_or("threads", 0, 4096));
        b.level = c.level;
        c.bootstrap = b;
    }
    c.json = args.flag("json");
    c.residuals = args.flag("residuals");
    c.predict = args.text("predict");
    if (auto f = args.text("fix")) c.fixed = parse_fixed(*f);
    return c;
}

// ---------------------------------------------------------------- JSON pieces
Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json interval_fields(Json j, const BootstrapResult* boot, const std::string& name) {
    if (!boot) return j;
    const auto it = std::find(boot->names.begin(), boot->names.end(), name);
    if (it == boot->names.end()) return j;
    const std::size_t k = static_cast<std::size_t>(it - boot->names.begin());
    if (boot->available[k]) {
        j["ci"] = {boot->intervals[k].lo, boot->intervals[k].hi};
        j["se"] = boot->standard_errors[k];
    } else {
        j["ci"] = nullptr;
    }
    return j;
}

Json estimate(double value, const BootstrapResult* boot, const std::string& name) {
    return interval_fields(Json{{"estimate", number_or_null(value)}}, boot, name);
}

Json bootstrap_note(const BootstrapResult& boot, std::uint64_t seed, const std::string& method) {
    return {{"resamples", boot.resamples}, {"failed", boot.failed}, {"seed", seed}, {"level", boot.level}, {"method", method}};
}

Json group_json(const std::vector<std::string>& columns, const std::vector<std::string>& key) {
    Json g = Json::object();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        // a number stays a number ("row": 0), anything else a string
        try {
            const double v = parse_cell(key[i], ValueDomain::finite, "");
            if (v == std::trunc(v) && std::abs(v) < 9007199254740992.0) g[columns[i]] = static_cast<std::int64_t>(v);
            else g[columns[i]] = v;
        } catch (const std::exception&) {
            g[columns[i]] = key[i];
        }
    }
    return g;
}

// ---------------------------------------------------------------- loss forms
TableFitRequest loss_request(const ParsedOptions& args, const Common& c, LossForm form) {
    TableFitRequest r;
    r.form.form = form;
    r.form.fixed = c.fixed;
    r.form.threads = static_cast<std::size_t>(args.count_or("threads", 0, 4096));
    r.form.huber_delta = args.real_or("huber-delta", 1e-3);
    if (!(r.form.huber_delta > 0)) throw UsageError("--huber-delta expects a positive number");
    r.form.tie_exponents = args.flag("tie-exponents");
    r.dropna = c.dropna;
    r.bootstrap = c.bootstrap;
    if (form == LossForm::power) {
        r.form.offset = !args.flag("no-offset");
        const std::string space = args.text("space").value_or("linear");
        if (space == "log") r.form.log_space = true;
        else if (space != "linear") throw UsageError("--space expects linear or log, got '" + space + "'");
        const std::string robust = args.text("robust").value_or("squared");
        if (robust == "huber") r.form.robust = RobustLoss::huber;
        else if (robust == "cauchy") r.form.robust = RobustLoss::cauchy;
        else if (robust != "squared") throw UsageError("--robust expects squared, huber or cauchy, got '" + robust + "'");
        if (r.form.log_space && robust != "squared") throw UsageError("--space log fits by least squares: --robust does not apply");
        r.form.robust_scale = args.real_or("robust-scale", 1.0);
        if (!(r.form.robust_scale > 0)) throw UsageError("--robust-scale expects a positive number");
        r.power.x = args.text("x").value_or("x");
        r.power.y = args.text("y").value_or("y");
        r.power.weights = args.text("weights");
        r.power.sigma = args.text("sigma");
        if (r.power.weights && r.power.sigma) throw UsageError("give --weights or --sigma, not both");
    } else {
        r.runs.n = args.text("N");
        r.runs.d = args.text("D");
        r.runs.flops = args.text("flops");
        r.runs.loss = args.text("loss");
        r.runs.unique_tokens = args.text("unique-tokens");
    }
    // Besiroglu et al.'s sample for the Chinchilla form; all rows otherwise
    const std::uint64_t fallback = form == LossForm::chinchilla ? 5 : 0;
    r.exclude_top_loss = static_cast<std::size_t>(args.count_or("exclude-top-loss", fallback, 1000000000));
    return r;
}

// The derived quantities of a fit, grouped as the form's JSON has them.
void add_derived(Json& j, const LossFormFit& fit, const BootstrapResult* b) {
    const auto d = [&](const std::string& name) { return estimate(fit.value(name), b, name); };
    switch (fit.form) {
        case LossForm::power:
            j["implied_alpha"] = {{"if_data_exponent", d("alpha_if_data")}, {"if_model_exponent", d("alpha_if_model")}};
            break;
        case LossForm::chinchilla:
        case LossForm::data_constrained:
            j["exponents"] = "a = model-size exponent a_M, b = data exponent a_D (docs/theory.md X1)";
            j["implied_alpha"] = {{"from_a", d("alpha_from_a")}, {"from_b", d("alpha_from_b")}, {"gap", d("alpha_gap")}};
            j["compute_optimal"] = {{"n_opt_exponent", d("n_opt_exponent")},
                                    {"d_opt_exponent", d("d_opt_exponent")},
                                    {"n_opt_constant", d("n_opt_constant")},
                                    {"formula", "N_opt = n_opt_constant * (C/6)^n_opt_exponent, D_opt = C/(6 N_opt)"}};
            break;
        case LossForm::overtraining:
            j["chinchilla_equivalent"] = {{"A", d("A")}, {"B", d("B")}, {"exponent", d("exponent")},
                                          {"formula", "L = E + A N^exponent + B D^exponent, exponent = -2 eta"}};
            j["M_opt"] = d("M_opt");
            break;
    }
}

Json residuals_json(const LossFormFit& fit, const LossFormData& data) {
    Json rows = Json::array();
    const bool log = loss_form_fits_log(fit);
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double fitted = loss_form_predict(fit, data, i);
        Json r{{"line", data.lines[i]}, {"observed", data.y[i]}, {"fitted", number_or_null(fitted)},
               {"residual", number_or_null(data.y[i] - fitted)}};
        if (log) r["log_residual"] = number_or_null(std::log(data.y[i]) - std::log(fitted));
        rows.push_back(r);
    }
    return rows;
}

Json predictions_json(const LossFormFit& fit, const FormRows& points, const BootstrapResult* b, LossForm form) {
    Json rows = Json::array();
    const auto& p = points.data;
    for (std::size_t i = 0; i < p.size(); ++i) {
        Json r{{"line", p.lines[i]}};
        if (form == LossForm::power) {
            r["x"] = p.x[i];
        } else {
            r["N"] = p.x[i];
            r["D"] = p.d[i];
            if (!p.u.empty()) r["U_D"] = p.u[i];
        }
        const double value = loss_form_predict(fit, p, i);
        r["prediction"] = number_or_null(value);
        if (b) r = interval_fields(r, b, "prediction[" + std::to_string(i) + "]");
        if (r.contains("se")) r.erase("se");
        if (p.y.size() == p.size()) {
            r["observed"] = p.y[i];
            r["relative_error"] = number_or_null((value - p.y[i]) / p.y[i]);
        }
        rows.push_back(r);
    }
    return rows;
}

Json fit_loss_group(const ParsedOptions& args, const Common& c, LossForm form, const CsvTable& table,
                    std::span<const std::size_t> rows, const CsvTable* predict_table,
                    std::span<const std::size_t> predict_rows) {
    const auto request = loss_request(args, c, form);
    std::optional<FormRows> points;
    if (predict_table) points = read_form_rows(*predict_table, request, false, predict_rows);
    const auto t = fit_table(table, request, rows, points ? &points->data : nullptr);
    const BootstrapResult* b = t.bootstrap ? &*t.bootstrap : nullptr;
    Json j;
    j["form"] = loss_form_name(form);
    j["file"] = c.file;
    j["columns"] = t.rows.description;
    j["points"] = t.rows.data.size();
    if (t.rows.dropped) j["dropped_missing"] = {{"rows", t.rows.dropped}, {"lines", t.rows.dropped_lines}};
    if (request.exclude_top_loss) j["excluded_top_loss"] = {{"rows", t.excluded}, {"lines", t.excluded_lines}};
    for (const auto& p : t.fit.parameters)
        j[p.name] = p.fixed ? Json{{"estimate", p.value}, {"fixed", true}} : estimate(p.value, b, p.name);
    j["objective"] = t.fit.objective;
    j["objective_is"] = t.fit.objective_text;
    if (form == LossForm::chinchilla || form == LossForm::data_constrained) j["huber_delta"] = request.form.huber_delta;
    if (request.form.tie_exponents) j["tied"] = "a = b";
    j["starts"] = t.fit.starts;
    j["converged"] = t.fit.converged;
    j["best_converged"] = t.fit.best_converged;
    add_derived(j, t.fit, b);
    if (b)
        j["bootstrap"] = bootstrap_note(*b, c.seed, "percentile over rows; each resample refitted from the point estimate");
    if (c.residuals) j["residuals"] = residuals_json(t.fit, t.rows.data);
    if (points) {
        j["predictions"] = {{"file", *c.predict}, {"columns", points->description}, {"rows", predictions_json(t.fit, *points, b, form)}};
        if (points->dropped) j["predictions"]["dropped_missing"] = points->dropped;
    }
    return j;
}

// ---------------------------------------------------------------- isoflop
Json fit_isoflop_group(const ParsedOptions& args, const Common& c, const CsvTable& table, std::span<const std::size_t> rows,
                       const CsvTable* predict_table, std::span<const std::size_t> predict_rows) {
    RunColumns columns{args.text("N"), args.text("D"), args.text("flops"), args.text("loss"), std::nullopt};
    const auto runs = read_runs(table, columns, {}, c.dropna, rows);
    IsoflopOptions o;
    o.level = c.level;
    o.budget_tolerance = args.real_or("budget-tolerance", 1e-3);
    for (const auto& [name, value] : c.fixed) {
        if (name == "a") o.constraints.a = value;
        else if (name == "b") o.constraints.b = value;
        else if (name == "G_N") o.constraints.G_N = value;
        else if (name == "G_D") o.constraints.G_D = value;
        else throw InputError("--fix: the isoflop form has no parameter '" + name + "', expected one of a, b, G_N, G_D");
    }
    const auto fit = fit_isoflop(runs, o);
    std::optional<BootstrapResult> boot;
    if (c.bootstrap) boot = bootstrap_isoflop(fit, *c.bootstrap);
    const BootstrapResult* b = boot ? &*boot : nullptr;
    Json j;
    j["form"] = "isoflop";
    j["file"] = c.file;
    j["columns"] = "N = '" + runs.n_column + "', D: " + runs.d_source + ", C: " + runs.c_source + ", loss = '" + runs.loss_column + "'";
    j["points"] = runs.size();
    if (runs.dropped) j["dropped_missing"] = {{"rows", runs.dropped}, {"lines", runs.dropped_lines}};
    Json budgets = Json::array();
    for (const auto& x : fit.budgets) {
        Json r{{"flops", x.flops}, {"runs", x.runs}, {"sizes", x.sizes}, {"bracketed", x.bracketed}};
        if (x.bracketed) {
            r["N_opt"] = x.n_opt;
            r["N_ci"] = {number_or_null(x.n_lo), number_or_null(x.n_hi)};
            r["D_opt"] = x.d_opt;
            r["D_ci"] = {number_or_null(x.d_lo), number_or_null(x.d_hi)};
            r["loss_opt"] = x.loss_opt;
            r["bracket_lines"] = x.bracket_lines;
        } else {
            r["note"] = x.note;
        }
        budgets.push_back(r);
    }
    j["budgets"] = budgets;
    j["budgets_used"] = fit.used;
    const auto param = [&](const char* name, double v, const std::optional<double>& fixed) {
        return fixed ? Json{{"estimate", v}, {"fixed", true}} : estimate(v, b, name);
    };
    j["a"] = param("a", fit.a, o.constraints.a);
    j["G_N"] = param("G_N", fit.G_N, o.constraints.G_N);
    j["b"] = param("b", fit.b, o.constraints.b);
    j["G_D"] = param("G_D", fit.G_D, o.constraints.G_D);
    j["formula"] = "N* = G_N C^a, D* = G_D C^b (least squares in log-log over the bracketed budgets)";
    j["sigma_log_loss"] = number_or_null(fit.sigma_log_loss);
    j["sigma_dof"] = fit.sigma_dof;
    if (b) j["bootstrap"] = bootstrap_note(*b, c.seed, "percentile over the bracketed budgets");
    if (c.residuals) {
        Json res = Json::array();
        for (const auto& x : fit.budgets)
            if (x.bracketed)
                res.push_back({{"flops", x.flops},
                               {"log_residual_N", std::log(x.n_opt) - std::log(fit.G_N * std::pow(x.flops, fit.a))},
                               {"log_residual_D", std::log(x.d_opt) - std::log(fit.G_D * std::pow(x.flops, fit.b))}});
        j["residuals"] = res;
    }
    if (predict_table) {
        const std::vector<ColumnRole> roles{{"flops", columns.flops, run_column_candidates("flops"), ValueDomain::positive, true}};
        const auto sel = select_columns(*predict_table, roles, c.dropna, predict_rows);
        Json out = Json::array();
        for (std::size_t i = 0; i < sel.size(); ++i) {
            const double cc = sel.values[0][i];
            Json r{{"line", sel.lines[i]}, {"flops", cc}, {"N_opt", fit.G_N * std::pow(cc, fit.a)},
                   {"D_opt", fit.G_D * std::pow(cc, fit.b)}};
            if (b) {
                // the intervals of N*(C), D*(C) from the bootstrap's law replicates
                const auto rep = bootstrap_percentile(
                    fit.used,
                    [&](std::span<const std::size_t> idx) {
                        const auto f = refit_isoflop_laws(fit, idx);
                        return std::vector<double>{f.G_N * std::pow(cc, f.a), f.G_D * std::pow(cc, f.b)};
                    },
                    {"N_opt", "D_opt"}, *c.bootstrap);
                r["N_ci"] = {rep.intervals[0].lo, rep.intervals[0].hi};
                r["D_ci"] = {rep.intervals[1].lo, rep.intervals[1].hi};
            }
            out.push_back(r);
        }
        j["predictions"] = {{"file", *c.predict}, {"rows", out}};
    }
    return j;
}

// ---------------------------------------------------------------- pitman-yor
Json fit_py_group(const ParsedOptions& args, const Common& c, const CsvTable& table, std::span<const std::size_t> rows) {
    if (c.predict || c.residuals) throw UsageError("--predict and --residuals do not apply to --form pitman-yor");
    const std::string col = args.text("counts").value_or("count");
    const std::vector<ColumnRole> roles{{"counts", col, {}, ValueDomain::count, true}};
    const auto sel = select_columns(table, roles, c.dropna, rows);
    if (sel.size() < 2)
        throw InputError(table.path + ":" + std::to_string(std::max<std::size_t>(table.last_line, 1)) + ": column '" + col +
                         "': " + std::to_string(sel.size()) +
                         " counts, expected at least 2 (one count per distinct element; the Pitman-Yor fit needs at least 2 elements)");
    std::vector<std::uint64_t> counts(sel.values[0].begin(), sel.values[0].end());
    PitmanYorFitOptions o;
    o.level = c.level;
    for (const auto& [name, value] : c.fixed) {
        if (name == "alpha") o.fixed_alpha = value;
        else if (name == "beta") o.fixed_beta = value;
        else throw InputError("--fix: the pitman-yor form has no parameter '" + name + "', expected alpha or beta");
    }
    const auto fit = fit_pitman_yor(counts, o);
    Json j;
    j["form"] = "pitman-yor";
    j["file"] = c.file;
    j["elements"] = fit.elements;
    j["draws"] = fit.draws;
    if (sel.dropped) j["dropped_missing"] = {{"rows", sel.dropped}, {"lines", sel.dropped_lines}};
    const auto with_information = [&](double value, double se, double lo, double hi, bool fixed) {
        if (fixed) return Json{{"estimate", value}, {"fixed", true}};
        Json p{{"estimate", value}};
        if (fit.information_ok) {
            p["ci"] = {lo, hi};
            p["se"] = se;
        }
        return p;
    };
    j["alpha"] = with_information(fit.alpha, fit.se_alpha, fit.alpha_lo, fit.alpha_hi, fit.alpha_fixed);
    j["beta"] = with_information(fit.beta, fit.se_beta, fit.beta_lo, fit.beta_hi, fit.beta_fixed);
    j["ci_method"] = fit.information_ok ? "Wald interval from the observed information"
                                        : "observed information not positive definite: no interval";
    if (c.bootstrap) {
        const auto boot = bootstrap_percentile(
            counts.size(),
            [&](std::span<const std::size_t> idx) {
                std::vector<std::uint64_t> r;
                for (auto i : idx) r.push_back(counts[i]);
                const auto f = fit_pitman_yor(r, o);
                return std::vector<double>{f.alpha, f.beta};
            },
            {"alpha", "beta"}, *c.bootstrap);
        if (!fit.alpha_fixed) j["alpha"] = estimate(fit.alpha, &boot, "alpha");
        if (!fit.beta_fixed) j["beta"] = estimate(fit.beta, &boot, "beta");
        j["ci_method"] = "percentile bootstrap over elements";
        j["bootstrap"] = bootstrap_note(boot, c.seed, "percentile over elements (rows)");
    }
    j["log_likelihood"] = fit.log_likelihood;
    j["objective"] = -fit.log_likelihood;
    j["starts"] = fit.starts;
    j["converged"] = fit.converged;
    j["at_boundary"] = fit.at_boundary;
    j["implied_alpha"] = {{"direct", fit.alpha}};
    return j;
}

// ---------------------------------------------------------------- resources
// Wall time of fit_table, a model measured on this machine's class (GCC 12
// -O3, one core): the multi-start fit costs about `per_row` seconds per row
// (power 1e5 rows: 3.5 s; chinchilla's 4500 starts, 2000 rows: 20 s); a
// bootstrap refits each resample from the point estimate (one start, about
// 1/50 of a power fit's row cost per row), spread over the worker threads.
// The start grids of data-constrained (2700) and overtraining (128) scale
// chinchilla's cost per start.
double fit_wall_seconds(const TableFitRequest& request, std::size_t rows) {
    constexpr double chinchilla_per_row_start = 2.3e-6;
    double per_row = 3.5e-5;  // power, and isoflop / pitman-yor (one likelihood or parabola per row)
    if (request.form.form == LossForm::chinchilla) per_row = 4500 * chinchilla_per_row_start;
    if (request.form.form == LossForm::data_constrained) per_row = 2700 * chinchilla_per_row_start;
    if (request.form.form == LossForm::overtraining) per_row = 128 * chinchilla_per_row_start;
    const double n = static_cast<double>(rows);
    double cpu = per_row * n;
    if (request.bootstrap) cpu += 7e-7 * n * static_cast<double>(request.bootstrap->resamples);
    const unsigned threads = validation::resolved_threads(static_cast<unsigned>(request.form.threads));
    return cpu / std::max(1u, threads);
}

// ---------------------------------------------------------------- dispatch
Json fit_one(const ParsedOptions& args, const Common& c, const CsvTable& table, std::span<const std::size_t> rows,
             const CsvTable* predict_table, std::span<const std::size_t> predict_rows) {
    if (c.form == "isoflop") return fit_isoflop_group(args, c, table, rows, predict_table, predict_rows);
    if (c.form == "pitman-yor") return fit_py_group(args, c, table, rows);
    return fit_loss_group(args, c, *parse_loss_form(c.form), table, rows, predict_table, predict_rows);
}

// Everything `sklaws fit` does but printing.
Json fit(const ParsedOptions& args) {
    const Common c = read_common(args);
    const FitForm* chosen = find_form(c.form);
    if (!chosen) {
        std::string names;
        for (std::size_t i = 0; i < forms().size(); ++i)
            names += (i == 0 ? "" : i + 1 == forms().size() ? " or " : ", ") + forms()[i].name;
        throw UsageError("--form expects " + names + ", got '" + c.form + "'");
    }
    // An option of another form (e.g. --tie-exponents with --form power) is refused.
    for (const auto& other : forms()) {
        if (&other == chosen) continue;
        for (const auto& name : other.options)
            if (args.has(name) && std::find(chosen->options.begin(), chosen->options.end(), name) == chosen->options.end())
                throw UsageError("option --" + name + " does not apply to --form " + c.form);
    }
    if (c.form == "power" || c.form == "pitman-yor")
        for (const auto& name : run_options)
            if (args.has(name)) throw UsageError("option --" + name + " does not apply to --form " + c.form);
    if (args.has("exclude-top-loss") && (c.form == "isoflop" || c.form == "pitman-yor"))
        throw UsageError("option --exclude-top-loss does not apply to --form " + c.form);
    // The input guard and the resource guard, before the files are read and
    // before the fit: one scan of each file (its bytes, lines and cells)
    // gives the table's size and the rows to fit (lines bound them: a
    // header, comments and blank lines only make the estimate larger).
    const fitting::InputLimits inputs = input_limits(args);
    {
        const double tables_bytes = static_cast<double>(csv_peak_bytes(c.file, c.csv, inputs)) +
                                    (c.predict ? static_cast<double>(csv_peak_bytes(*c.predict, c.csv, inputs)) : 0.0);
        const auto rows = static_cast<std::size_t>(check_text_file(c.file, '\n', inputs).lines);
        const std::size_t predictions = c.predict ? static_cast<std::size_t>(check_text_file(*c.predict, '\n', inputs).lines) : 0;
        // isoflop and pitman-yor have no start grid: their rows and bootstrap
        // are counted as a power fit's (one parabola or likelihood per row).
        const auto form = parse_loss_form(c.form);
        TableFitRequest request;
        if (form) {
            request = loss_request(args, c, *form);
        } else {
            request.form.threads = static_cast<std::size_t>(args.count_or("threads", 0, 4096));
            request.bootstrap = c.bootstrap;
        }
        ResourceNeeds needs;
        needs.peak_bytes = validation::resources::process_baseline_bytes + tables_bytes +
                           static_cast<double>(table_fit_peak_bytes(request, rows, predictions));
        needs.wall_seconds = fit_wall_seconds(request, rows);
        require_resources(needs, resource_limits(args), "fit", "the fit",
                          std::to_string(rows) + " lines" +
                              (c.bootstrap ? ", " + std::to_string(c.bootstrap->resamples) + " bootstrap resamples" : ""));
    }
    const CsvTable table = read_csv(c.file, c.csv, inputs);
    std::optional<CsvTable> predict_table;
    if (c.predict) predict_table = read_csv(*c.predict, c.csv, inputs);
    if (c.groups.empty()) return fit_one(args, c, table, {}, predict_table ? &*predict_table : nullptr, {});
    // One fit per group; prediction rows go to the fit of their own group.
    std::size_t dropped_keys = 0;
    const auto groups = group_rows(table, c.groups, c.dropna, &dropped_keys);
    std::vector<RowGroup> predict_groups;
    if (predict_table) predict_groups = group_rows(*predict_table, c.groups, c.dropna);
    Json all = Json::array();
    for (const auto& g : groups) {
        std::vector<std::size_t> predict_rows;
        bool has_predictions = false;
        for (const auto& pg : predict_groups)
            if (pg.key == g.key) {
                predict_rows = pg.rows;
                has_predictions = true;
            }
        Json j;
        if (predict_table && !has_predictions) {
            Common without = c;
            without.predict.reset();
            j = fit_one(args, without, table, g.rows, nullptr, {});
        } else {
            j = fit_one(args, c, table, g.rows, predict_table ? &*predict_table : nullptr, predict_rows);
        }
        Json with_group{{"group", group_json(c.groups, g.key)}};
        if (dropped_keys) with_group["dropped_missing_group_key"] = dropped_keys;  // rows of no group (--dropna)
        for (auto& [k, v] : j.items()) with_group[k] = v;
        all.push_back(with_group);
    }
    for (const auto& pg : predict_groups) {
        bool fitted = false;
        for (const auto& g : groups) fitted = fitted || g.key == pg.key;
        if (!fitted)
            throw InputError(predict_table->where(pg.rows.front(), predict_table->column_index(c.groups.front())) +
                             ": prediction row of a group that " + c.file + " has no rows for");
    }
    return all;
}

// ---------------------------------------------------------------- output
// A JSON value as table text: numbers to 8 significant digits.
std::string cell(const Json& v) {
    if (v.is_number_integer()) return v.dump();
    if (v.is_number()) return reports::format_number(v.get<double>(), 8);
    if (v.is_null()) return "—";
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array()) {  // an interval or a list of lines, each number as above
        std::string text = "[";
        for (std::size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + cell(v[i]);
        return text + "]";
    }
    return v.dump();
}

// "estimate   [lo, hi]" of a {"estimate", "ci"} object; "(fixed)" for a fixed parameter.
std::string estimate_cell(const Json& v) {
    std::string text = cell(v["estimate"]);
    if (v.contains("fixed")) return text + "   (fixed)";
    if (v.contains("ci") && !v["ci"].is_null()) text += fmt::format("   [{}, {}]", cell(v["ci"][0]), cell(v["ci"][1]));
    return text;
}

void print_rows(const std::string& title, const Json& rows, std::ostream& out) {
    if (!rows.is_array() || rows.empty()) return;
    out << "  " << title << ":\n";
    std::vector<std::string> keys;
    for (const auto& [k, v] : rows[0].items()) keys.push_back(k);
    std::string header = "   ";
    for (const auto& k : keys) header += fmt::format(" {:>14}", k);
    out << header << "\n";
    for (const auto& r : rows) {
        std::string line = "   ";
        for (const auto& k : keys) line += fmt::format(" {:>14}", r.contains(k) ? cell(r[k]) : "");
        out << line << "\n";
    }
}

void print_one(const Json& j, std::ostream& out) {
    out << fmt::format("sklaws fit --form {}  {}\n", j["form"].get<std::string>(), j["file"].get<std::string>());
    for (const auto& [key, value] : j.items()) {
        if (key == "form" || key == "file") continue;
        if (key == "budgets" || key == "residuals") {
            print_rows(key, value, out);
        } else if (key == "predictions") {
            print_rows("predictions (" + cell(value["file"]) + ")", value["rows"], out);
        } else if (value.is_object() && value.contains("estimate")) {
            out << fmt::format("  {:<22} {}\n", key, estimate_cell(value));
        } else if (value.is_object()) {
            for (const auto& [k2, v2] : value.items()) {
                const bool est = v2.is_object() && v2.contains("estimate");
                out << fmt::format("  {:<22} {}\n", key + "." + k2, est ? estimate_cell(v2) : cell(v2));
            }
        } else {
            out << fmt::format("  {:<22} {}\n", key, cell(value));
        }
    }
}

void print_text(const Json& j, std::ostream& out) {
    if (!j.is_array()) return print_one(j, out);
    for (const auto& g : j) {
        out << "group " << g["group"].dump() << "\n";
        print_one(g, out);
    }
}

int run(const CLI::App& app) {
    const ParsedOptions args(app);
    const Json result = fit(args);
    std::ostringstream text;
    if (args.flag("json")) text << result.dump(2) << "\n";
    else print_text(result, text);
    std::cout << text.str() << std::flush;
    return 0;
}

void declare(CLI::App& app) {
    std::string forms_text;
    for (const auto& f : forms()) forms_text += "--form " + f.name + ": " + f.summary + ". ";
    app.description(
        "Fits a scaling law to a CSV with a header ('#' lines are comments; an unnamed first header cell, as "
        "pandas' to_csv writes, is an index column and ignored). " + forms_text +
        "Columns are named with the column options; unnamed, N, D, flops, loss and unique tokens are found by "
        "the usual names (n, params, model size; d, tokens; c, flops, training flop; loss, l, final_loss; u_d, "
        "unique_tokens), ignoring case. --bootstrap R adds percentile intervals from R resamples of the rows "
        "(resample r uses stream (S, r): identical for any --threads; memory grows with 5 % of R, not R).");
    text_option(app, "form", "power, chinchilla, overtraining, data-constrained, isoflop or pitman-yor")->required();
    positional_option(app, "FILE", "the CSV file");
    text_option(app, "delimiter", "cell delimiter: ',' (default), ';', tab (as 'tab' or '\\t') or another punctuation byte");
    flag_option(app, "dropna", "drop rows with an empty or NaN cell in a column the fit reads (and say how many)");
    text_option(app, "group", "fit each group of rows with equal values in COL[,COL...] separately");
    text_option(app, "fix", "hold parameters fixed: NAME=VALUE[,NAME=VALUE...] (any parameter of the form)");
    text_option(app, "predict", "evaluate the fitted law at the rows of this CSV (same column options); "
                                "relative errors where it has the loss column");
    flag_option(app, "residuals", "list the residual of every fitted row");
    count_option(app, "bootstrap", "bootstrap resamples (at least 1)", 10000000);
    count_option(app, "seed", "bootstrap seed", ~0ULL)->default_str("1");
    count_option(app, "threads", "worker threads (0 = all cores)", 4096)->default_str("0");
    real_option(app, "level", "level of the intervals, in (0, 1)")->default_str("0.95");
    flag_option(app, "json", "print the result as JSON");
    resource_options(app, /*reads_files=*/true);
    text_option(app, "N", "column of model sizes N (loss forms, isoflop)")->group("runs");
    text_option(app, "D", "column of tokens D")->group("runs");
    text_option(app, "flops", "column of training compute C (D = C/(6N) when there is no D column)")->group("runs");
    text_option(app, "loss", "column of final losses")->group("runs");
    count_option(app, "exclude-top-loss", "drop the K highest losses first (default 5 for chinchilla, as Besiroglu "
                                          "et al.; 0 otherwise)", 1000000000)
        ->group("runs");
    text_option(app, "x", "power: column of x")->default_str("x")->group("power");
    text_option(app, "y", "power: column of y")->default_str("y")->group("power");
    flag_option(app, "no-offset", "power: fit y = A x^-a (E = 0)")->group("power");
    text_option(app, "robust", "power: loss, squared, huber or cauchy")->default_str("squared")->group("power");
    real_option(app, "robust-scale", "power: scale c of the robust loss")->default_str("1")->group("power");
    text_option(app, "weights", "power: column of weights (>= 0)")->group("power");
    text_option(app, "sigma", "power: column of standard deviations (weights 1/sigma^2; of ln y with --space log)")->group("power");
    text_option(app, "space", "power: linear (y = E + A x^-a) or log (ln y = ln A - a ln x)")->default_str("linear")->group("power");
    flag_option(app, "tie-exponents", "chinchilla: fit a = b")->group("chinchilla");
    real_option(app, "huber-delta", "chinchilla, data-constrained: Huber delta")->default_str("1e-3")->group("chinchilla");
    text_option(app, "unique-tokens", "data-constrained: column of unique tokens U_D")->group("data-constrained");
    real_option(app, "budget-tolerance", "isoflop: runs whose C agree to this relative tolerance share a budget")
        ->default_str("1e-3")
        ->group("isoflop");
    text_option(app, "counts", "pitman-yor: column of counts")->default_str("count")->group("pitman-yor");
    app.footer("Parameters for --fix: power E, A, a; chinchilla E, A, B, a, b; overtraining E, a, b, eta; "
               "data-constrained E, A, B, a, b, R_D, R_N; isoflop a, b, G_N, G_D; pitman-yor alpha, beta. "
               "Exit status: 0 fitted, 2 bad input (one line on stderr naming file, line and column), 1 runtime failure.");
}

std::function<int()> setup(CLI::App& app) {
    declare(app);
    return [&app] { return run(app); };
}

const RegisterCommand registration{
    {"fit", "fit scaling laws (power, Chinchilla, over-training, data-constrained, isoFLOP, Pitman-Yor) to a CSV", setup, /*distributed=*/true}};

}  // namespace

std::vector<std::string> fit_forms() {
    std::vector<std::string> names;
    for (const auto& f : forms()) names.push_back(f.name);
    return names;
}

std::string fit_usage() {
    CLI::App app{"", "sklaws fit"};
    app.formatter(help_formatter());
    declare(app);
    return app.help();
}

nlohmann::ordered_json fit_to_json(const std::vector<std::string>& words) {
    CLI::App app{"", "sklaws fit"};
    declare(app);
    parse_words(app, words);
    return fit(ParsedOptions(app));
}

}  // namespace sklaws::cli
