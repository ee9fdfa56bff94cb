// `sklaws fit`: power-law, Chinchilla joint-law and Pitman-Yor fits of a CSV
// (fitting/; docs/theory.md §5).
//
// Output (stdout; nothing is printed before the whole fit succeeded, so a
// failure leaves no partial output): a table, or with --json one object with
// a key per parameter, {"estimate": x, "ci": [lo, hi], "se": s} (ci and se
// when bootstrapped, or for pitman-yor from the observed information), plus
// "objective", "starts", "converged", "implied_alpha" and, for chinchilla,
// "compute_optimal". Exit status: 0 fitted, 2 bad input (one line on stderr
// naming file, line and column), 1 runtime failure.
#include "command_registry.hpp"
#include "fit_forms.hpp"
#include "options.hpp"

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/implied_alpha.hpp>
#include <sklaws/fitting/joint_law_fit.hpp>
#include <sklaws/fitting/pitman_yor_fit.hpp>
#include <sklaws/fitting/power_law_fit.hpp>
#include <sklaws/reports/number_format.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <optional>
#include <sstream>

namespace sklaws::cli {
namespace {

using Json = nlohmann::ordered_json;
using namespace sklaws::fitting;

struct Common {
    std::string file;
    std::optional<std::size_t> resamples;
    BootstrapOptions bootstrap;
    bool json = false;
};

Json number_or_null(std::optional<double> v) { return v && std::isfinite(*v) ? Json(*v) : Json(nullptr); }

// {"estimate": x} plus "ci"/"se" from the bootstrap when available.
Json parameter(std::optional<double> estimate, const BootstrapResult* boot, const std::string& name) {
    Json j;
    j["estimate"] = number_or_null(estimate);
    if (boot) {
        const std::size_t k = boot->index(name);
        if (boot->available[k]) {
            j["ci"] = {boot->intervals[k].lo, boot->intervals[k].hi};
            j["se"] = boot->standard_errors[k];
        } else {
            j["ci"] = nullptr;
        }
    }
    return j;
}

Json bootstrap_note(const BootstrapResult& boot, std::uint64_t seed, const std::string& method) {
    return {{"resamples", boot.resamples}, {"failed", boot.failed}, {"seed", seed},
            {"level", boot.level},         {"method", method}};
}

// v[idx[0]], v[idx[1]], … (rows kept, or a bootstrap resample).
std::vector<double> pick(const std::vector<double>& v, std::span<const std::size_t> idx) {
    std::vector<double> out;
    out.reserve(idx.size());
    for (auto i : idx) out.push_back(v[i]);
    return out;
}

// ---------------------------------------------------------------- power
Json fit_power(const ParsedOptions& args, const Common& c) {
    const std::string xcol = args.text("x").value_or("x"), ycol = args.text("y").value_or("y");
    PowerLawOptions o;
    o.fit_offset = !args.flag("no-offset");
    const std::string robust = args.text("robust").value_or("squared");
    if (robust == "huber") o.loss = RobustLoss::huber;
    else if (robust == "cauchy") o.loss = RobustLoss::cauchy;
    else if (robust != "squared") throw UsageError("--robust expects squared, huber or cauchy, got '" + robust + "'");
    o.loss_scale = args.real_or("robust-scale", 1.0);
    if (!(o.loss_scale > 0)) throw UsageError("--robust-scale expects a positive number");
    const auto wcol = args.text("weights");
    const auto table = read_csv(c.file);
    const auto x = table.numeric_column(xcol, ValueDomain::positive);
    const auto y = table.numeric_column(ycol, ValueDomain::finite);
    std::vector<double> w;
    if (wcol) {
        w = table.numeric_column(*wcol, ValueDomain::finite);
        for (std::size_t i = 0; i < w.size(); ++i)
            if (w[i] < 0) throw InputError(table.where(i, table.column_index(*wcol)) + ": expected a weight >= 0, got '" +
                                           std::string(table.cell(i, table.column_index(*wcol))) + "'");
        o.weights = w;
    }
    const std::size_t params = o.fit_offset ? 3 : 2;
    table.require_rows(params + 1, ycol, "the power form has " + std::to_string(params) + " parameters");
    const auto fit = fit_power_law(x, y, o);

    std::optional<BootstrapResult> boot;
    if (c.resamples) {
        boot = bootstrap_percentile(
            x.size(),
            [&](std::span<const std::size_t> idx) {
                const auto bx = pick(x, idx), by = pick(y, idx);
                std::vector<double> bw;
                PowerLawOptions bo = o;
                if (!w.empty()) {
                    bw = pick(w, idx);
                    bo.weights = bw;
                }
                bo.start = PowerLawStart{fit.E, fit.A, fit.a};
                const auto f = fit_power_law(bx, by, bo);
                const auto ad = implied_alpha_from_data_exponent(f.a), am = implied_alpha_from_model_exponent(f.a);
                return std::vector<double>{f.E, f.A, f.a, ad ? *ad : NAN, am ? *am : NAN};
            },
            {"E", "A", "a", "alpha_if_data", "alpha_if_model"}, c.bootstrap);
    }
    const BootstrapResult* b = boot ? &*boot : nullptr;
    Json j;
    j["form"] = "power";
    j["file"] = c.file;
    j["points"] = x.size();
    if (o.fit_offset) j["E"] = parameter(fit.E, b, "E");
    j["A"] = parameter(fit.A, b, "A");
    j["a"] = parameter(fit.a, b, "a");
    j["objective"] = fit.objective;
    j["starts"] = fit.starts;
    j["converged"] = fit.converged;
    j["best_converged"] = fit.best_converged;
    j["implied_alpha"] = {{"if_data_exponent", parameter(implied_alpha_from_data_exponent(fit.a), b, "alpha_if_data")},
                          {"if_model_exponent", parameter(implied_alpha_from_model_exponent(fit.a), b, "alpha_if_model")}};
    if (b) j["bootstrap"] = bootstrap_note(*b, c.bootstrap.seed, "percentile over rows; each resample refit from the point estimate");
    return j;
}

// ---------------------------------------------------------------- chinchilla
Json fit_chinchilla(const ParsedOptions& args, const Common& c) {
    const std::string ncol = args.text("N").value_or("N"), lcol = args.text("loss").value_or("loss");
    const auto dcol = args.text("D"), fcol = args.text("flops");
    if (dcol && fcol) throw UsageError("give either --D or --flops, not both");
    const auto top = static_cast<std::size_t>(args.count_or("exclude-top-loss", 0, 1000000000));
    JointLawOptions o;
    o.huber_delta = args.real_or("huber-delta", 1e-3);
    if (!(o.huber_delta > 0)) throw UsageError("--huber-delta expects a positive number");
    o.threads = c.bootstrap.threads;
    const auto table = read_csv(c.file);
    const auto n_all = table.numeric_column(ncol, ValueDomain::positive);
    const auto l_all = table.numeric_column(lcol, ValueDomain::positive);
    std::vector<double> d_all;
    if (fcol) {
        d_all = table.numeric_column(*fcol, ValueDomain::positive);
        for (std::size_t i = 0; i < d_all.size(); ++i) d_all[i] /= 6 * n_all[i];
    } else {
        d_all = table.numeric_column(dcol.value_or("D"), ValueDomain::positive);
    }
    if (top > 0 && top >= l_all.size())
        throw UsageError("--exclude-top-loss " + std::to_string(top) + " leaves no rows of " + std::to_string(l_all.size()));
    const auto keep = rows_below_top_losses(l_all, top);
    table.require_rows(6 + (l_all.size() - keep.size()), lcol,
                       "the chinchilla form has 5 parameters" +
                           (top ? " and " + std::to_string(l_all.size() - keep.size()) + " rows are excluded" : std::string()));
    const auto data = make_joint_law_data(pick(n_all, keep), pick(d_all, keep), pick(l_all, keep));
    const auto fit = fit_joint_law(data, o);

    std::optional<BootstrapResult> boot;
    if (c.resamples) {
        boot = bootstrap_percentile(
            data.size(),
            [&](std::span<const std::size_t> idx) {
                JointLawData r{pick(data.log_n, idx), pick(data.log_d, idx), pick(data.log_loss, idx)};
                return joint_law_quantities(refine_joint_law(r, fit.log_parameters, o));
            },
            joint_law_quantity_names(), c.bootstrap);
    }
    const BootstrapResult* b = boot ? &*boot : nullptr;
    const auto derived = joint_law_derived(fit);
    Json j;
    j["form"] = "chinchilla";
    j["file"] = c.file;
    j["points"] = data.size();
    j["excluded_top_loss"] = l_all.size() - keep.size();
    j["E"] = parameter(fit.E, b, "E");
    j["A"] = parameter(fit.A, b, "A");
    j["B"] = parameter(fit.B, b, "B");
    j["a"] = parameter(fit.a, b, "a");
    j["b"] = parameter(fit.b, b, "b");
    j["objective"] = fit.objective;
    j["huber_delta"] = o.huber_delta;
    j["starts"] = fit.starts;
    j["converged"] = fit.converged;
    j["best_converged"] = fit.best_converged;
    j["exponents"] = "a = model-size exponent a_M, b = data exponent a_D (docs/theory.md X1)";
    j["implied_alpha"] = {{"from_a", parameter(derived.alpha_from_a, b, "alpha_from_a")},
                          {"from_b", parameter(derived.alpha_from_b, b, "alpha_from_b")},
                          {"gap", parameter(derived.gap, b, "alpha_gap")}};
    j["compute_optimal"] = {{"n_opt_exponent", parameter(derived.n_opt_exponent, b, "n_opt_exponent")},
                            {"d_opt_exponent", parameter(derived.d_opt_exponent, b, "d_opt_exponent")},
                            {"n_opt_constant", parameter(derived.n_opt_constant, b, "n_opt_constant")},
                            {"formula", "N_opt = n_opt_constant * (C/6)^n_opt_exponent, D_opt = C/(6 N_opt)"}};
    if (b) j["bootstrap"] = bootstrap_note(*b, c.bootstrap.seed, "percentile over rows; each resample refit by L-BFGS from the point estimate (as Besiroglu et al.)");
    return j;
}

// ---------------------------------------------------------------- pitman-yor
Json fit_py(const ParsedOptions& args, const Common& c) {
    const std::string col = args.text("counts").value_or("count");
    const auto table = read_csv(c.file);
    const auto values = table.numeric_column(col, ValueDomain::count);
    table.require_rows(2, col, "one count per distinct element; the Pitman-Yor fit needs at least 2 elements");
    std::vector<std::uint64_t> counts(values.begin(), values.end());
    PitmanYorFitOptions o;
    o.level = c.bootstrap.level;
    const auto fit = fit_pitman_yor(counts, o);
    Json j;
    j["form"] = "pitman-yor";
    j["file"] = c.file;
    j["elements"] = fit.elements;
    j["draws"] = fit.draws;
    auto with_information = [&](double estimate, double se, double lo, double hi) {
        Json p{{"estimate", estimate}};
        if (fit.information_ok) {
            p["ci"] = {lo, hi};
            p["se"] = se;
        }
        return p;
    };
    j["alpha"] = with_information(fit.alpha, fit.se_alpha, fit.alpha_lo, fit.alpha_hi);
    j["beta"] = with_information(fit.beta, fit.se_beta, fit.beta_lo, fit.beta_hi);
    j["ci_method"] = fit.information_ok ? "Wald interval from the observed information" : "observed information not positive definite: no interval";
    if (c.resamples) {
        const auto boot = bootstrap_percentile(
            counts.size(),
            [&](std::span<const std::size_t> idx) {
                std::vector<std::uint64_t> r;
                for (auto i : idx) r.push_back(counts[i]);
                const auto f = fit_pitman_yor(r, o);
                return std::vector<double>{f.alpha, f.beta};
            },
            {"alpha", "beta"}, c.bootstrap);
        j["alpha"] = parameter(fit.alpha, &boot, "alpha");
        j["beta"] = parameter(fit.beta, &boot, "beta");
        j["ci_method"] = "percentile bootstrap over elements";
        j["bootstrap"] = bootstrap_note(boot, c.bootstrap.seed, "percentile over elements (rows)");
    }
    j["log_likelihood"] = fit.log_likelihood;
    j["objective"] = -fit.log_likelihood;
    j["starts"] = fit.starts;
    j["converged"] = fit.converged;
    j["at_boundary"] = fit.at_boundary;
    j["implied_alpha"] = {{"direct", fit.alpha}};
    return j;
}

// ---------------------------------------------------------------- output
// A JSON value as table text: numbers to 8 significant digits.
std::string cell(const Json& v) {
    if (v.is_number()) return reports::format_number(v.get<double>(), 8);
    if (v.is_null()) return "—";
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

// "estimate   [lo, hi]" of a {"estimate", "ci"} object.
std::string estimate_cell(const Json& v) {
    std::string text = cell(v["estimate"]);
    if (v.contains("ci") && !v["ci"].is_null()) text += fmt::format("   [{}, {}]", cell(v["ci"][0]), cell(v["ci"][1]));
    return text;
}

void print_text(const Json& j, std::ostream& out) {
    out << fmt::format("sklaws fit --form {}  {}\n", j["form"].get<std::string>(), j["file"].get<std::string>());
    for (const auto& [key, value] : j.items()) {
        if (value.is_object() && value.contains("estimate")) {
            out << fmt::format("  {:<22} {}\n", key, estimate_cell(value));
        } else if (value.is_object()) {
            for (const auto& [k2, v2] : value.items()) {
                const bool estimate = v2.is_object() && v2.contains("estimate");
                out << fmt::format("  {:<22} {}\n", key + "." + k2, estimate ? estimate_cell(v2) : cell(v2));
            }
        } else if (key != "form" && key != "file") {
            out << fmt::format("  {:<22} {}\n", key, cell(value));
        }
    }
}

// The fit forms, in the order --help lists them, with the options that
// belong to each form only.
struct FitForm {
    std::string name;
    Json (*fit)(const ParsedOptions& args, const Common& c);
    std::vector<std::string> options;
};

const std::vector<FitForm>& forms() {
    static const std::vector<FitForm> table = {
        {"power", fit_power, {"x", "y", "no-offset", "robust", "robust-scale", "weights"}},
        {"chinchilla", fit_chinchilla, {"N", "D", "flops", "loss", "exclude-top-loss", "huber-delta"}},
        {"pitman-yor", fit_py, {"counts"}},
    };
    return table;
}

// Everything `sklaws fit` does but printing.
Json fit(const ParsedOptions& args) {
    Common c;
    const std::string form = args.required_text("form");
    if (args.has("bootstrap")) c.resamples = static_cast<std::size_t>(args.required_count("bootstrap", 10000000));
    if (c.resamples && *c.resamples == 0) throw UsageError("--bootstrap expects at least 1 resample");
    c.bootstrap.resamples = c.resamples.value_or(1000);
    c.bootstrap.seed = args.count_or("seed", 1, ~0ULL);
    c.bootstrap.threads = static_cast<std::size_t>(args.count_or("threads", 0, 4096));
    c.bootstrap.level = args.real_or("level", 0.95);
    if (!(c.bootstrap.level > 0 && c.bootstrap.level < 1)) throw UsageError("--level expects a number in (0, 1)");
    c.json = args.flag("json");
    const auto file = args.positional("FILE");
    if (!file) throw UsageError("expects exactly one FILE (see sklaws fit --help)");
    c.file = *file;
    const FitForm* chosen = nullptr;
    for (const auto& f : forms()) {
        if (f.name == form) chosen = &f;
    }
    if (!chosen) {
        std::string names;
        for (std::size_t i = 0; i < forms().size(); ++i)
            names += (i == 0 ? "" : i + 1 == forms().size() ? " or " : ", ") + forms()[i].name;
        throw UsageError("--form expects " + names + ", got '" + form + "'");
    }
    // An option of another form (e.g. --N with --form power) is refused.
    for (const auto& other : forms()) {
        if (&other == chosen) continue;
        for (const auto& name : other.options) {
            if (args.has(name)) throw UsageError("option --" + name + " does not apply to --form " + form);
        }
    }
    return chosen->fit(args, c);
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
    app.description(
        "Fits a CSV with a header ('#' lines are comments): --form power, y = E + A x^-a; --form chinchilla, "
        "L = E + A N^-a + B D^-b, Huber fit of log L from the 4500-start grid (Besiroglu et al. 2024), a read as the "
        "model exponent a_M, b as the data exponent a_D (docs/theory.md X1); --form pitman-yor, EPPF maximum "
        "likelihood of (alpha, beta) from one count per element. --bootstrap R adds percentile intervals from R "
        "resamples of the rows (resample r uses stream (S, r): identical for any --threads).");
    text_option(app, "form", "power, chinchilla or pitman-yor")->required();
    positional_option(app, "FILE", "the CSV file");
    count_option(app, "bootstrap", "bootstrap resamples (at least 1)", 10000000);
    count_option(app, "seed", "bootstrap seed", ~0ULL)->default_str("1");
    count_option(app, "threads", "worker threads (0 = all cores)", 4096)->default_str("0");
    real_option(app, "level", "level of the intervals, in (0, 1)")->default_str("0.95");
    flag_option(app, "json", "print the result as JSON");
    text_option(app, "x", "power: column of x")->default_str("x")->group("power");
    text_option(app, "y", "power: column of y")->default_str("y")->group("power");
    flag_option(app, "no-offset", "power: fit y = A x^-a (E = 0)")->group("power");
    text_option(app, "robust", "power: loss, squared, huber or cauchy")->default_str("squared")->group("power");
    real_option(app, "robust-scale", "power: scale c of the robust loss")->default_str("1")->group("power");
    text_option(app, "weights", "power: column of weights (>= 0)")->group("power");
    text_option(app, "N", "chinchilla: column of model sizes N")->default_str("N")->group("chinchilla");
    text_option(app, "D", "chinchilla: column of tokens D")->default_str("D")->group("chinchilla");
    text_option(app, "flops", "chinchilla: column of training compute C (D = C/(6N)), instead of --D")
        ->group("chinchilla");
    text_option(app, "loss", "chinchilla: column of final losses")->default_str("loss")->group("chinchilla");
    count_option(app, "exclude-top-loss", "chinchilla: drop the K highest losses first", 1000000000)
        ->default_str("0")
        ->group("chinchilla");
    real_option(app, "huber-delta", "chinchilla: Huber delta")->default_str("1e-3")->group("chinchilla");
    text_option(app, "counts", "pitman-yor: column of counts")->default_str("count")->group("pitman-yor");
    app.footer("Exit status: 0 fitted, 2 bad input (one line on stderr naming file, line and column), 1 runtime "
               "failure.");
}

std::function<int()> setup(CLI::App& app) {
    declare(app);
    return [&app] { return run(app); };
}

const RegisterCommand registration{
    {"fit", "fit power laws, the Chinchilla joint law or Pitman-Yor (alpha, beta) to a CSV", setup}};

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
