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
#include "arguments.hpp"
#include "command_registry.hpp"
#include "fit_forms.hpp"

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/implied_alpha.hpp>
#include <sklaws/fitting/joint_law_fit.hpp>
#include <sklaws/fitting/pitman_yor_fit.hpp>
#include <sklaws/fitting/power_law_fit.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

namespace sklaws::cli {
namespace {

using Json = nlohmann::ordered_json;
using namespace sklaws::fitting;

void print_usage(std::ostream& out) {
    out << "usage: sklaws fit --form power|chinchilla|pitman-yor FILE [--bootstrap R] [--seed S]\n"
           "                  [--threads T] [--level 0.95] [--json]\n"
           "  power:      --x COL (x) --y COL (y) [--no-offset] [--robust squared|huber|cauchy]\n"
           "              [--robust-scale c] [--weights COL]       y = E + A x^-a\n"
           "  chinchilla: --N COL (N) and --D COL (D) or --flops COL (D = C/(6N)), --loss COL (loss),\n"
           "              [--exclude-top-loss K] [--huber-delta 1e-3]\n"
           "              L = E + A N^-a + B D^-b, Huber fit of log L from the 4500-start grid\n"
           "              (Besiroglu et al. 2024); a is read as the model exponent a_M,\n"
           "              b as the data exponent a_D (docs/theory.md X1).\n"
           "  pitman-yor: --counts COL (count)   EPPF maximum likelihood of (alpha, beta)\n"
           "FILE is a CSV with a header; '#' lines are comments. --bootstrap R adds percentile\n"
           "intervals from R resamples of the rows (resample r uses stream (S, r): identical for\n"
           "any --threads).\n";
}

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
Json fit_power(Arguments& args, const Common& c) {
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
    args.finish(1);
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
Json fit_chinchilla(Arguments& args, const Common& c) {
    const std::string ncol = args.text("N").value_or("N"), lcol = args.text("loss").value_or("loss");
    const auto dcol = args.text("D"), fcol = args.text("flops");
    if (dcol && fcol) throw UsageError("give either --D or --flops, not both");
    const auto top = static_cast<std::size_t>(args.count_or("exclude-top-loss", 0, 1000000000));
    JointLawOptions o;
    o.huber_delta = args.real_or("huber-delta", 1e-3);
    if (!(o.huber_delta > 0)) throw UsageError("--huber-delta expects a positive number");
    o.threads = c.bootstrap.threads;
    args.finish(1);
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
Json fit_py(Arguments& args, const Common& c) {
    const std::string col = args.text("counts").value_or("count");
    args.finish(1);
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
void print_text(const Json& j, std::ostream& out) {
    out << "sklaws fit --form " << j["form"].get<std::string>() << "  " << j["file"].get<std::string>() << "\n";
    out << std::setprecision(8);
    for (const auto& [key, value] : j.items()) {
        if (value.is_object() && value.contains("estimate")) {
            out << "  " << std::left << std::setw(14) << key << " " << value["estimate"];
            if (value.contains("ci") && !value["ci"].is_null())
                out << "   [" << value["ci"][0] << ", " << value["ci"][1] << "]";
            out << "\n";
        } else if (value.is_object()) {
            for (const auto& [k2, v2] : value.items()) {
                out << "  " << std::left << std::setw(14) << (key + "." + k2) << " ";
                if (v2.is_object() && v2.contains("estimate")) {
                    out << v2["estimate"];
                    if (v2.contains("ci") && !v2["ci"].is_null()) out << "   [" << v2["ci"][0] << ", " << v2["ci"][1] << "]";
                } else {
                    out << v2;
                }
                out << "\n";
            }
        } else if (key != "form" && key != "file") {
            out << "  " << std::left << std::setw(14) << key << " " << value << "\n";
        }
    }
}

// The fit forms, in the order --help lists them.
struct FitForm {
    std::string name;
    Json (*fit)(Arguments& args, const Common& c);
};

const std::vector<FitForm>& forms() {
    static const std::vector<FitForm> table = {
        {"power", fit_power}, {"chinchilla", fit_chinchilla}, {"pitman-yor", fit_py}};
    return table;
}

// Everything `sklaws fit` does but printing; `json` tells whether --json was given.
Json fit(const std::vector<std::string>& words, bool* json) {
    Arguments args(words, {"json", "no-offset", "help"});
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
    if (json) *json = c.json;
    if (args.positional().size() != 1) throw UsageError("expects exactly one FILE (see sklaws fit --help)");
    c.file = args.positional()[0];
    for (const auto& f : forms())
        if (f.name == form) return f.fit(args, c);
    std::string names;
    for (std::size_t i = 0; i < forms().size(); ++i)
        names += (i == 0 ? "" : i + 1 == forms().size() ? " or " : ", ") + forms()[i].name;
    throw UsageError("--form expects " + names + ", got '" + form + "'");
}

int run(const std::vector<std::string>& words) {
    if (std::find(words.begin(), words.end(), "--help") != words.end() ||
        std::find(words.begin(), words.end(), "-h") != words.end()) {
        print_usage(std::cout);
        return 0;
    }
    bool json = false;
    const Json result = fit(words, &json);
    std::ostringstream text;
    if (json) text << result.dump(2) << "\n";
    else print_text(result, text);
    std::cout << text.str() << std::flush;
    return 0;
}

RegisterCommand reg{{"fit", "fit power laws, the Chinchilla joint law or Pitman-Yor (alpha, beta) to a CSV", run}};

}  // namespace

std::vector<std::string> fit_forms() {
    std::vector<std::string> names;
    for (const auto& f : forms()) names.push_back(f.name);
    return names;
}

nlohmann::ordered_json fit_to_json(const std::vector<std::string>& words) { return fit(words, nullptr); }

std::string fit_usage() {
    std::ostringstream out;
    print_usage(out);
    return out.str();
}

}  // namespace sklaws::cli
