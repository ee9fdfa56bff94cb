#include <sklaws/fitting/implied_alpha.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/scaling_laws.hpp>

#include <cmath>
#include <limits>

namespace sklaws::fitting {

namespace {

// Calls a theory/ formula; a DomainError (exponent outside its domain) is "undefined".
template <class F>
std::optional<double> defined(F&& formula) {
    try {
        const double v = formula();
        if (std::isfinite(v)) return v;
    } catch (const numerics::DomainError&) {
    }
    return std::nullopt;
}

double or_nan(const std::optional<double>& v) { return v ? *v : std::numeric_limits<double>::quiet_NaN(); }

}  // namespace

std::optional<double> implied_alpha_from_data_exponent(double data_exponent) {
    return defined([&] { return theory::alpha_from_data_exponent(data_exponent); });
}

std::optional<double> implied_alpha_from_model_exponent(double model_exponent) {
    return defined([&] { return theory::alpha_from_model_exponent(model_exponent); });
}

JointLawDerived joint_law_derived(const JointLawFit& fit) {
    JointLawDerived d;
    d.alpha_from_a = implied_alpha_from_model_exponent(fit.a);
    d.alpha_from_b = implied_alpha_from_data_exponent(fit.b);
    if (d.alpha_from_a && d.alpha_from_b) d.gap = *d.alpha_from_b - *d.alpha_from_a;
    // theory's split is in (capacity, data) = (N, D) with F = N·D = C/6.
    try {
        const auto split = theory::compute_optimal_split(fit.a, fit.A, fit.b, fit.B);
        d.n_opt_exponent = split.capacity_exponent;
        d.d_opt_exponent = split.data_exponent;
        d.n_opt_constant = split.capacity_constant;
    } catch (const numerics::DomainError&) {
    }
    return d;
}

std::vector<std::string> joint_law_quantity_names() {
    return {"E", "A", "B", "a", "b", "alpha_from_a", "alpha_from_b", "alpha_gap",
            "n_opt_exponent", "d_opt_exponent", "n_opt_constant"};
}

std::vector<double> joint_law_quantities(const JointLawFit& fit) {
    const auto d = joint_law_derived(fit);
    return {fit.E, fit.A, fit.B, fit.a, fit.b, or_nan(d.alpha_from_a), or_nan(d.alpha_from_b), or_nan(d.gap),
            or_nan(d.n_opt_exponent), or_nan(d.d_opt_exponent), or_nan(d.n_opt_constant)};
}

}  // namespace sklaws::fitting
