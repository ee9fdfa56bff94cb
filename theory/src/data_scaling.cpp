// D1: data scaling of the Bayes-optimal learner (see data_scaling.hpp).
#include <sklaws/theory/data_scaling.hpp>

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/dirichlet_multinomial.hpp>
#include <sklaws/theory/knowledge_redundancy.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>

namespace sklaws::theory {

namespace {

using numerics::Evaluation;

constexpr double eps = std::numeric_limits<double>::epsilon();
constexpr std::uint64_t stencil_ratio = 256;  // d = N/256

Evaluation<double> sum(const Evaluation<double>& x, const Evaluation<double>& y) {
    return {x.val + y.val, x.err + y.err + eps * std::abs(x.val + y.val)};
}

void validate_model(const LearningOrderModel& model, std::uint64_t N, std::uint64_t max, const char* what) {
    model.validate();
    numerics::require(N <= max, "n", N, what);
}

// f'(N) from values at N ± d, N ± 2d, N ± 4d (f[0..5] = f(N−4d), f(N−2d),
// f(N−d), f(N+d), f(N+2d), f(N+4d)), each within `value_err`: the 5-point
// stencil at step d, its error the Richardson estimate |D_d − D_2d|/15 plus
// the values' rounding amplified by the stencil (1.5·value_err/d).
Evaluation<double> stencil_derivative(const std::array<double, 6>& f, double d, double value_err) {
    const double at_d = (f[1] - 8 * f[2] + 8 * f[3] - f[4]) / (12 * d);
    const double at_2d = (f[0] - 8 * f[1] + 8 * f[4] - f[5]) / (24 * d);
    return {at_d, std::abs(at_d - at_2d) / 15 + 1.5 * value_err / d + 2 * eps * std::abs(at_d)};
}

// −N f'/f (per-token) or 1 − N(f − f'/2)/R (averaged), with the bound.
Evaluation<double> exponent_from(double N, const Evaluation<double>& f, const Evaluation<double>& derivative,
                                 DataForm form, const std::function<Evaluation<double>()>& cumulative) {
    if (form == DataForm::per_token) {
        const double a = -N * derivative.val / f.val;
        const double err = N * (derivative.err / std::abs(f.val) + std::abs(derivative.val) * f.err / (f.val * f.val)) +
                           4 * eps * std::abs(a);
        return {a, err};
    }
    const Evaluation<double> R = cumulative();
    const double slope = f.val - derivative.val / 2;
    const double a = 1 - N * slope / R.val;
    // Euler–Maclaurin's next term r''/12 is O(r/N²): counted.
    const double err = N * (f.err + derivative.err / 2 + std::abs(f.val) / (N * N)) / R.val +
                       N * std::abs(slope) * R.err / (R.val * R.val) + 4 * eps * std::abs(a);
    return {a, err};
}

std::uint64_t stencil_step(std::uint64_t N) { return std::max<std::uint64_t>(1, N / stencil_ratio); }

std::array<std::uint64_t, 6> stencil_points(std::uint64_t N, std::uint64_t d) {
    return {N - 4 * d, N - 2 * d, N - d, N + d, N + 2 * d, N + 4 * d};
}

// r_N and dr/dN of R1 (see the header): the large-n form differentiated at
// real N where it is accurate, else the recursion's integers.
struct Slope {
    Evaluation<double> value, derivative;
};

Slope knowledge_slope(const PitmanYorParameters& params, std::uint64_t N, double M, double V) {
    // r_N itself: validates, refuses collisions, chooses the method.
    const Evaluation<double> centre = knowledge_redundancy_e(params, N, M, V);
    const std::uint64_t d = stencil_step(N);
    const auto points = stencil_points(N, d);
    std::array<double, 6> f{};
    double value_err = 0;
    bool large_n = false;
    if (params.alpha > 0 && N > knowledge_exact_max_n) {
        const Evaluation<double> here = knowledge_redundancy_large_n_e(params, static_cast<double>(N), M, V);
        large_n = here.err <= knowledge_switch_accuracy * std::abs(here.val) || N + 4 * d > knowledge_recursion_max_n;
    }
    if (large_n) {
        for (std::size_t i = 0; i < 6; ++i) {
            const Evaluation<double> e =
                knowledge_redundancy_large_n_e(params, static_cast<double>(points[i]), M, V);
            f[i] = e.val;
            value_err = std::max(value_err, e.err);
        }
    } else {
        numerics::require(N + 4 * d <= knowledge_recursion_max_n, "n", N,
                          "N + 4d <= 1e7 where the large-n form is not accurate (alpha = 0, or small alpha)");
        const auto curve = knowledge_redundancy_curve(params, points[5], M, V);
        for (std::size_t i = 0; i < 6; ++i) {
            f[i] = curve[points[i]];
            value_err = std::max(value_err, (1e-11 + static_cast<double>(points[i]) * eps) * std::abs(f[i]) + 1e-13);
        }
    }
    // The e-term's bound is smooth in N (O(N^{−1−α})): its derivative is
    // bounded by (2 + α)·bound/N, counted in the derivative's error.
    Evaluation<double> derivative =
        stencil_derivative(f, static_cast<double>(d), large_n ? 1e-14 * std::abs(centre.val) : value_err);
    if (large_n) derivative.err += (2 + params.alpha) * value_err / static_cast<double>(N);
    return {centre, derivative};
}

// The same for S1's per-token r_N at the integer stencil points (the exact
// sum to 1e5, the large-n form beyond: both exact to their bound, which
// enters as rounding).
Slope syntax_slope(unsigned S, double a, std::uint64_t N) {
    const Evaluation<double> centre = syntax_per_token_redundancy_e<double>(S, a, N);
    const std::uint64_t d = stencil_step(N);
    const auto points = stencil_points(N, d);
    std::array<double, 6> f{};
    double value_err = 0;
    for (std::size_t i = 0; i < 6; ++i) {
        // (the form itself above the switch: N + 4d may pass 1e15)
        const Evaluation<double> e = points[i] > syntax_large_n_min_n
                                         ? syntax_per_token_redundancy_large_n_e(S, a, static_cast<double>(points[i]))
                                         : syntax_per_token_redundancy_e<double>(S, a, points[i]);
        f[i] = e.val;
        value_err = std::max(value_err, e.err);
    }
    return {centre, stencil_derivative(f, static_cast<double>(d), value_err)};
}

}  // namespace

DataExcessLoss data_excess_loss_e(const LearningOrderModel& model, std::uint64_t N) {
    validate_model(model, N, data_max_n, "N <= 1e15");
    DataExcessLoss out;
    out.knowledge = knowledge_redundancy_e(model.knowledge, N, model.names, model.values);
    out.syntax = syntax_per_token_redundancy_e<double>(model.templates, model.prior, N);
    out.total = sum(out.syntax, out.knowledge);
    return out;
}

DataExcessLoss data_cumulative_excess_loss_e(const LearningOrderModel& model, std::uint64_t N) {
    validate_model(model, N, data_max_n, "N <= 1e15");
    DataExcessLoss out;
    out.knowledge = knowledge_cumulative_redundancy_e(model.knowledge, N, model.names, model.values);
    out.syntax = syntax_redundancy_exact_e<double>(model.templates, model.prior, N);
    out.total = sum(out.syntax, out.knowledge);
    return out;
}

DataExcessLoss data_averaged_excess_loss_e(const LearningOrderModel& model, std::uint64_t N) {
    numerics::require(N >= 1, "n", N, "N >= 1 (R_N/N)");
    DataExcessLoss out = data_cumulative_excess_loss_e(model, N);
    const double Nd = static_cast<double>(N);
    for (Evaluation<double>* e : {&out.syntax, &out.knowledge, &out.total}) {
        e->val /= Nd;
        e->err = e->err / Nd + eps * std::abs(e->val);
    }
    return out;
}

Evaluation<double> data_exponent_local_e(const LearningOrderModel& model, std::uint64_t N, DataForm form) {
    numerics::require(N >= 4, "n", N, "N >= 4 (a stencil N +- 4d around N)");
    validate_model(model, N, data_max_n, "N <= 1e15");
    const Slope syntax = syntax_slope(model.templates, model.prior, N);
    const Slope knowledge = knowledge_slope(model.knowledge, N, model.names, model.values);
    return exponent_from(static_cast<double>(N), sum(syntax.value, knowledge.value),
                         sum(syntax.derivative, knowledge.derivative), form,
                         [&] { return data_cumulative_excess_loss_e(model, N).total; });
}

Evaluation<double> knowledge_exponent_local_e(const PitmanYorParameters& params, std::uint64_t N, double M, double V,
                                              DataForm form) {
    numerics::require(N >= 4, "n", N, "N >= 4 (a stencil N +- 4d around N)");
    numerics::require(N <= knowledge_max_n, "n", N, "N <= 1e15");
    const Slope k = knowledge_slope(params, N, M, V);
    return exponent_from(static_cast<double>(N), k.value, k.derivative, form,
                         [&] { return knowledge_cumulative_redundancy_e(params, N, M, V); });
}

}  // namespace sklaws::theory
