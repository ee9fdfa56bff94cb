// The loss laws `sklaws fit` and `sklaws report --data` fit, behind one
// interface: fit, refit from an estimate (bootstrap), predict, residuals,
// named parameters with their fixed/estimated status, derived quantities.
// Each form's mathematics lives in its own file, once:
//
//   power             y = E + A·x^(−a)                      power_law_fit.hpp
//                     (log space: ln y = ln A − a ln x)      isoflop.hpp log_power_law_fit
//   chinchilla        L = E + A·N^(−a) + B·D^(−b)            joint_law_fit.hpp
//                     (tie_exponents: a = b)
//   overtraining      L = E + (a·M^η + b·M^(−η))·C^(−η)     overtraining_law.hpp
//   data-constrained  L = E + A·N'^(−a) + B·D'^(−b)          data_constrained_law.hpp
//
// (isoflop and pitman-yor have outputs of another shape: isoflop.hpp,
// pitman_yor_fit.hpp.) Parameters are named as in those headers; `fixed`
// holds any of them at a value (validate_fixed_parameters names the allowed
// ones). Derived quantities:
//   power             alpha_if_data (1 − a), alpha_if_model (1/(1 + a))      docs/theory.md X1
//   chinchilla,
//   data-constrained  alpha_from_a, alpha_from_b, alpha_gap, n_opt_exponent,
//                     d_opt_exponent, n_opt_constant (implied_alpha.hpp)
//   overtraining      A, B, exponent (= −2η, as the authors' code prints it),
//                     M_opt = (b/a)^(1/(2η)) (loss-optimal tokens per parameter)
// NaN marks a derived quantity undefined at the estimate.
//
// Residuals: r = L − L̂ for every form; the log residual ln L − ln L̂ too for
// the forms fitted on log L (chinchilla, data-constrained, power in log space).
#pragma once

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/data_constrained_law.hpp>
#include <sklaws/fitting/isoflop.hpp>
#include <sklaws/fitting/joint_law_fit.hpp>
#include <sklaws/fitting/overtraining_law.hpp>
#include <sklaws/fitting/power_law_fit.hpp>
#include <sklaws/fitting/run_table.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sklaws::fitting {

enum class LossForm { power, chinchilla, overtraining, data_constrained };

std::optional<LossForm> parse_loss_form(const std::string& name);  // "power", "chinchilla", ...
std::string loss_form_name(LossForm form);

struct LossFormOptions {
    LossForm form = LossForm::chinchilla;
    std::vector<std::pair<std::string, double>> fixed;  // NAME=VALUE
    bool tie_exponents = false;   // chinchilla
    double huber_delta = 1e-3;    // chinchilla, data-constrained
    std::size_t threads = 0;      // multi-start parallelism
    // power
    bool offset = true;
    bool log_space = false;       // ln y = ln A − a ln x (E ≡ 0), weighted least squares
    RobustLoss robust = RobustLoss::squared;
    double robust_scale = 1.0;
};

// The parameter names of `form` under `options` (power without offset or in
// log space has no E). validate_fixed_parameters throws InputError for a
// fixed name not among them, or given twice; fixing all of them is allowed
// (the law is then only evaluated).
std::vector<std::string> loss_form_parameters(const LossFormOptions& options);
void validate_fixed_parameters(const LossFormOptions& options);

// One point per row: x (power) or N, D, unique tokens, y (loss), weight.
struct LossFormData {
    std::vector<double> x, d, u, y, w;
    std::vector<std::size_t> lines;  // source line per row (0 if none)
    std::size_t size() const { return x.size(); }
    bool has_y() const { return y.size() == x.size() && !x.empty(); }
    LossFormData subset(std::span<const std::size_t> rows) const;
};

// From runs (N, D, U_D, loss) for the loss laws.
LossFormData loss_form_data(const RunData& runs);

struct ParameterEstimate {
    std::string name;
    double value = 0;
    bool fixed = false;
};

struct LossFormFit {
    LossForm form = LossForm::chinchilla;
    std::vector<ParameterEstimate> parameters;
    std::vector<std::string> derived_names;
    std::vector<double> derived;             // NaN where undefined
    double objective = 0;
    std::string objective_text;              // what `objective` is
    std::size_t starts = 0, converged = 0;
    bool best_converged = false;
    std::variant<PowerLawFit, LogPowerLawFit, JointLawFit, OvertrainingFit, DataConstrainedFit> state;

    double value(const std::string& name) const;  // parameter or derived; throws std::out_of_range
    // Names and values of everything a bootstrap replicate reports: the free
    // parameters, then the derived quantities.
    std::vector<std::string> quantity_names() const;
    std::vector<double> quantities() const;
};

// Multi-start fit (throws numerics::DomainError / InputError for bad data).
LossFormFit fit_loss_form(const LossFormData& data, const LossFormOptions& options);
// One local refit from `start` (a bootstrap resample, as Besiroglu et al.).
LossFormFit refit_loss_form(const LossFormData& data, const LossFormFit& start, const LossFormOptions& options);

// The fitted law at row i of `points` (their x/N, D, U_D).
double loss_form_predict(const LossFormFit& fit, const LossFormData& points, std::size_t i);
bool loss_form_fits_log(const LossFormFit& fit);  // residuals also on log L

// Percentile bootstrap over the rows of `data` (each resample refitted from
// `fit`): the fit's quantity_names(), then "prediction[i]" for each row of
// `predict_at` (may be null).
BootstrapResult bootstrap_loss_form(const LossFormData& data, const LossFormFit& fit, const LossFormOptions& options,
                                    const BootstrapOptions& bootstrap, const LossFormData* predict_at = nullptr);

// Peak memory (bytes) of fit_loss_form + bootstrap_loss_form on `rows` rows
// with `predictions` prediction rows and R resamples (R = 0: no bootstrap):
// data and per-start state, the resample working set per thread, and the
// streaming quantile buffers (bootstrap_peak_bytes).
std::size_t loss_form_peak_bytes(const LossFormOptions& options, std::size_t rows, std::size_t predictions,
                                 const BootstrapOptions& bootstrap, bool bootstrapped);

}  // namespace sklaws::fitting
