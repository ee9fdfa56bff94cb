#include <sklaws/fitting/loss_forms.hpp>

#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/implied_alpha.hpp>
#include <sklaws/numerics/errors.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

namespace sklaws::fitting {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::optional<double> fixed_value(const LossFormOptions& o, const std::string& name) {
    for (const auto& [n, v] : o.fixed)
        if (n == name) return v;
    return std::nullopt;
}

bool is_fixed(const LossFormOptions& o, const std::string& name) { return fixed_value(o, name).has_value(); }

double or_nan(const std::optional<double>& v) { return v ? *v : nan; }

JointLawOptions joint_options(const LossFormOptions& o) {
    JointLawOptions j;
    j.huber_delta = o.huber_delta;
    j.threads = o.threads;
    j.constraints.E = fixed_value(o, "E");
    j.constraints.A = fixed_value(o, "A");
    j.constraints.B = fixed_value(o, "B");
    j.constraints.a = fixed_value(o, "a");
    j.constraints.b = fixed_value(o, "b");
    j.constraints.tie_exponents = o.tie_exponents;
    return j;
}

OvertrainingOptions overtraining_options(const LossFormOptions& o) {
    OvertrainingOptions t;
    t.constraints = {fixed_value(o, "E"), fixed_value(o, "a"), fixed_value(o, "b"), fixed_value(o, "eta")};
    return t;
}

DataConstrainedOptions dc_options(const LossFormOptions& o) {
    DataConstrainedOptions c;
    c.huber_delta = o.huber_delta;
    c.threads = o.threads;
    c.constraints = {fixed_value(o, "E"), fixed_value(o, "A"), fixed_value(o, "B"), fixed_value(o, "a"),
                     fixed_value(o, "b"), fixed_value(o, "R_D"), fixed_value(o, "R_N")};
    return c;
}

PowerLawOptions power_options(const LossFormOptions& o, const LossFormData& data) {
    PowerLawOptions p;
    p.fit_offset = o.offset;
    p.loss = o.robust;
    p.loss_scale = o.robust_scale;
    p.weights = data.w;
    p.fixed_E = fixed_value(o, "E");
    p.fixed_A = fixed_value(o, "A");
    p.fixed_a = fixed_value(o, "a");
    return p;
}

void add_x1(LossFormFit& f, double E, double A, double B, double a, double b) {
    JointLawFit j;
    j.E = E;
    j.A = A;
    j.B = B;
    j.a = a;
    j.b = b;
    const auto names = joint_law_quantity_names();
    const auto values = joint_law_quantities(j);
    for (std::size_t k = 5; k < names.size(); ++k) {
        f.derived_names.push_back(names[k]);
        f.derived.push_back(values[k]);
    }
}

LossFormFit package(const LossFormOptions& o, const PowerLawFit& p) {
    LossFormFit f;
    f.form = LossForm::power;
    if (o.offset) f.parameters.push_back({"E", p.E, is_fixed(o, "E")});
    f.parameters.push_back({"A", p.A, is_fixed(o, "A")});
    f.parameters.push_back({"a", p.a, is_fixed(o, "a")});
    f.derived_names = {"alpha_if_data", "alpha_if_model"};
    f.derived = {or_nan(implied_alpha_from_data_exponent(p.a)), or_nan(implied_alpha_from_model_exponent(p.a))};
    f.objective = p.objective;
    f.objective_text = "1/2 sum of rho(w (y - fit)^2)";
    f.starts = p.starts;
    f.converged = p.converged;
    f.best_converged = p.best_converged;
    f.state = p;
    return f;
}

LossFormFit package(const LossFormOptions& o, const LogPowerLawFit& p) {
    LossFormFit f;
    f.form = LossForm::power;
    f.parameters = {{"A", p.constant, is_fixed(o, "A")}, {"a", -p.slope, is_fixed(o, "a")}};
    f.derived_names = {"alpha_if_data", "alpha_if_model"};
    f.derived = {or_nan(implied_alpha_from_data_exponent(-p.slope)), or_nan(implied_alpha_from_model_exponent(-p.slope))};
    f.objective = p.objective;
    f.objective_text = "1/2 sum of w (ln y - ln A + a ln x)^2";
    f.starts = f.converged = 1;
    f.best_converged = true;
    f.state = p;
    return f;
}

LossFormFit package(const LossFormOptions& o, const JointLawFit& j) {
    LossFormFit f;
    f.form = LossForm::chinchilla;
    const bool tie = o.tie_exponents;
    f.parameters = {{"E", j.E, is_fixed(o, "E")},
                    {"A", j.A, is_fixed(o, "A")},
                    {"B", j.B, is_fixed(o, "B")},
                    {"a", j.a, is_fixed(o, "a") || (tie && is_fixed(o, "b"))},
                    {"b", j.b, is_fixed(o, "b") || (tie && is_fixed(o, "a"))}};
    add_x1(f, j.E, j.A, j.B, j.a, j.b);
    f.objective = j.objective;
    f.objective_text = "sum of Huber_delta(ln L - LSE(e - a ln N, f - b ln D, epsilon))";
    f.starts = j.starts;
    f.converged = j.converged;
    f.best_converged = j.best_converged;
    f.state = j;
    return f;
}

LossFormFit package(const LossFormOptions& o, const OvertrainingFit& t) {
    LossFormFit f;
    f.form = LossForm::overtraining;
    const auto& p = t.parameters;
    f.parameters = {{"E", p.E, is_fixed(o, "E")}, {"a", p.a, is_fixed(o, "a")}, {"b", p.b, is_fixed(o, "b")},
                    {"eta", p.eta, is_fixed(o, "eta")}};
    const double six = std::pow(6.0, -p.eta);
    const double m_opt = p.a > 0 && p.b > 0 && p.eta > 0 ? std::pow(p.b / p.a, 1 / (2 * p.eta)) : nan;
    f.derived_names = {"A", "B", "exponent", "M_opt"};
    f.derived = {p.a * six, p.b * six, -2 * p.eta, std::isfinite(m_opt) ? m_opt : nan};
    f.objective = t.objective;
    f.objective_text = "1/2 sum of (L - fit)^2";
    f.starts = t.starts;
    f.converged = t.converged;
    f.best_converged = t.best_converged;
    f.state = t;
    return f;
}

LossFormFit package(const LossFormOptions& o, const DataConstrainedFit& c) {
    LossFormFit f;
    f.form = LossForm::data_constrained;
    f.parameters = {{"E", c.E, is_fixed(o, "E")},   {"A", c.A, is_fixed(o, "A")},     {"B", c.B, is_fixed(o, "B")},
                    {"a", c.a, is_fixed(o, "a")},   {"b", c.b, is_fixed(o, "b")},     {"R_D", c.R_D, is_fixed(o, "R_D")},
                    {"R_N", c.R_N, is_fixed(o, "R_N")}};
    add_x1(f, c.E, c.A, c.B, c.a, c.b);
    f.objective = c.objective;
    f.objective_text = "sum of Huber_delta(ln L - LSE(e - a ln N', f - b ln D', epsilon))";
    f.starts = c.starts;
    f.converged = c.converged;
    f.best_converged = c.best_converged;
    f.state = c;
    return f;
}

void require_y(const LossFormData& data) {
    numerics::require(data.has_y(), "loss", data.y.size(), "(a loss / y value per row)");
}

}  // namespace

std::optional<LossForm> parse_loss_form(const std::string& name) {
    if (name == "power") return LossForm::power;
    if (name == "chinchilla") return LossForm::chinchilla;
    if (name == "overtraining") return LossForm::overtraining;
    if (name == "data-constrained") return LossForm::data_constrained;
    return std::nullopt;
}

std::string loss_form_name(LossForm form) {
    switch (form) {
        case LossForm::power: return "power";
        case LossForm::chinchilla: return "chinchilla";
        case LossForm::overtraining: return "overtraining";
        case LossForm::data_constrained: return "data-constrained";
    }
    return "?";
}

std::vector<std::string> loss_form_parameters(const LossFormOptions& o) {
    switch (o.form) {
        case LossForm::power:
            if (o.log_space || !o.offset) return {"A", "a"};
            return {"E", "A", "a"};
        case LossForm::chinchilla: return {"E", "A", "B", "a", "b"};
        case LossForm::overtraining: return {"E", "a", "b", "eta"};
        case LossForm::data_constrained: return {"E", "A", "B", "a", "b", "R_D", "R_N"};
    }
    return {};
}

void validate_fixed_parameters(const LossFormOptions& o) {
    const auto names = loss_form_parameters(o);
    std::set<std::string> seen;
    for (const auto& [name, value] : o.fixed) {
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
            throw InputError("--fix: the " + loss_form_name(o.form) + " form has no parameter '" + name +
                             "', expected one of " + list);
        }
        if (!seen.insert(name).second) throw InputError("--fix: parameter '" + name + "' given twice");
        if (!std::isfinite(value)) throw InputError("--fix: " + name + " must be a finite number");
    }
    if (o.form == LossForm::power && o.log_space && is_fixed(o, "A") && !(*fixed_value(o, "A") > 0))
        throw InputError("--fix: A must be > 0");
}

LossFormData LossFormData::subset(std::span<const std::size_t> rows) const {
    LossFormData s;
    const auto pick = [&](const std::vector<double>& from, std::vector<double>& to) {
        if (from.empty()) return;
        to.reserve(rows.size());
        for (std::size_t i : rows) to.push_back(from[i]);
    };
    pick(x, s.x);
    pick(d, s.d);
    pick(u, s.u);
    pick(y, s.y);
    pick(w, s.w);
    for (std::size_t i : rows) s.lines.push_back(i < lines.size() ? lines[i] : 0);
    return s;
}

LossFormData loss_form_data(const RunData& runs) {
    LossFormData d;
    d.x = runs.n;
    d.d = runs.d;
    d.u = runs.unique_tokens;
    d.y = runs.loss;
    d.lines = runs.lines;
    return d;
}

double LossFormFit::value(const std::string& name) const {
    for (const auto& p : parameters)
        if (p.name == name) return p.value;
    for (std::size_t k = 0; k < derived_names.size(); ++k)
        if (derived_names[k] == name) return derived[k];
    throw std::out_of_range("no fitted quantity named '" + name + "'");
}

std::vector<std::string> LossFormFit::quantity_names() const {
    std::vector<std::string> names;
    for (const auto& p : parameters)
        if (!p.fixed) names.push_back(p.name);
    names.insert(names.end(), derived_names.begin(), derived_names.end());
    return names;
}

std::vector<double> LossFormFit::quantities() const {
    std::vector<double> values;
    for (const auto& p : parameters)
        if (!p.fixed) values.push_back(p.value);
    values.insert(values.end(), derived.begin(), derived.end());
    return values;
}

LossFormFit fit_loss_form(const LossFormData& data, const LossFormOptions& o) {
    validate_fixed_parameters(o);
    require_y(data);
    switch (o.form) {
        case LossForm::power:
            if (o.log_space) {
                const auto a = fixed_value(o, "a");
                return package(o, log_power_law_fit(data.x, data.y, data.w, a ? std::optional<double>(-*a) : std::nullopt,
                                                    fixed_value(o, "A")));
            }
            return package(o, fit_power_law(data.x, data.y, power_options(o, data)));
        case LossForm::chinchilla:
            return package(o, fit_joint_law(make_joint_law_data(data.x, data.d, data.y), joint_options(o)));
        case LossForm::overtraining: return package(o, fit_overtraining(data.x, data.d, data.y, overtraining_options(o)));
        case LossForm::data_constrained:
            numerics::require(data.u.size() == data.size(), "unique tokens", data.u.size(), "(one per run)");
            return package(o, fit_data_constrained(make_data_constrained_data(data.x, data.d, data.u, data.y), dc_options(o)));
    }
    throw std::logic_error("unknown loss form");
}

LossFormFit refit_loss_form(const LossFormData& data, const LossFormFit& start, const LossFormOptions& o) {
    require_y(data);
    switch (o.form) {
        case LossForm::power:
            if (o.log_space) return fit_loss_form(data, o);  // closed form: no start needed
            {
                const auto& s = std::get<PowerLawFit>(start.state);
                auto p = power_options(o, data);
                p.start = PowerLawStart{s.E, s.A, s.a};
                return package(o, fit_power_law(data.x, data.y, p));
            }
        case LossForm::chinchilla:
            return package(o, refine_joint_law(make_joint_law_data(data.x, data.d, data.y),
                                               std::get<JointLawFit>(start.state).log_parameters, joint_options(o)));
        case LossForm::overtraining: {
            auto t = overtraining_options(o);
            t.start = std::get<OvertrainingFit>(start.state).parameters;
            return package(o, fit_overtraining(data.x, data.d, data.y, t));
        }
        case LossForm::data_constrained: {
            auto c = dc_options(o);
            c.start = std::get<DataConstrainedFit>(start.state).theta;
            return package(o, fit_data_constrained(make_data_constrained_data(data.x, data.d, data.u, data.y), c));
        }
    }
    throw std::logic_error("unknown loss form");
}

double loss_form_predict(const LossFormFit& fit, const LossFormData& points, std::size_t i) {
    const double x = points.x.at(i);
    if (const auto* p = std::get_if<PowerLawFit>(&fit.state)) return power_law_value(*p, x);
    if (const auto* p = std::get_if<LogPowerLawFit>(&fit.state)) return p->constant * std::pow(x, p->slope);
    if (const auto* j = std::get_if<JointLawFit>(&fit.state)) return joint_law_value(*j, x, points.d.at(i));
    if (const auto* t = std::get_if<OvertrainingFit>(&fit.state)) return overtraining_value(t->parameters, x, points.d.at(i));
    const auto& c = std::get<DataConstrainedFit>(fit.state);
    return data_constrained_value(c, x, points.d.at(i), points.u.at(i));
}

bool loss_form_fits_log(const LossFormFit& fit) {
    return std::holds_alternative<JointLawFit>(fit.state) || std::holds_alternative<DataConstrainedFit>(fit.state) ||
           std::holds_alternative<LogPowerLawFit>(fit.state);
}

BootstrapResult bootstrap_loss_form(const LossFormData& data, const LossFormFit& fit, const LossFormOptions& options,
                                    const BootstrapOptions& bootstrap, const LossFormData* predict_at) {
    auto names = fit.quantity_names();
    const std::size_t predictions = predict_at ? predict_at->size() : 0;
    for (std::size_t i = 0; i < predictions; ++i) names.push_back("prediction[" + std::to_string(i) + "]");
    LossFormOptions single = options;
    single.threads = 1;  // parallelism is over resamples
    return bootstrap_percentile(
        data.size(),
        [&](std::span<const std::size_t> rows) {
            const auto r = refit_loss_form(data.subset(rows), fit, single);
            auto values = r.quantities();
            for (std::size_t i = 0; i < predictions; ++i) values.push_back(loss_form_predict(r, *predict_at, i));
            return values;
        },
        std::move(names), bootstrap);
}

std::size_t loss_form_peak_bytes(const LossFormOptions& options, std::size_t rows, std::size_t predictions,
                                 const BootstrapOptions& bootstrap, bool bootstrapped) {
    // Per row: the table's cells are the caller's; here N, D, U, L, w, line
    // and their logs, ~12 doubles, plus a resample's copy of them and its
    // index vector per worker thread.
    const std::size_t per_row = 12 * sizeof(double);
    std::size_t starts = 1;
    switch (options.form) {
        case LossForm::chinchilla: starts = JointLawGrid{}.size(); break;
        case LossForm::data_constrained: starts = 2700; break;
        case LossForm::overtraining: starts = 128; break;
        case LossForm::power: starts = 60; break;
    }
    const std::size_t fit_bytes = rows * per_row + starts * 256;
    if (!bootstrapped) return fit_bytes + predictions * 4 * sizeof(double);
    const std::size_t quantities = loss_form_parameters(options).size() + 8 + predictions;
    return fit_bytes + predictions * 4 * sizeof(double) +
           bootstrap_peak_bytes(quantities, bootstrap.resamples, bootstrap.level, bootstrap.chunk,
                                rows * (per_row + sizeof(std::size_t)) + quantities * sizeof(double), bootstrap.threads);
}

}  // namespace sklaws::fitting
