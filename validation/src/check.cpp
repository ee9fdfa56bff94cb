// z-tests against exact values and comparisons with limits (check.hpp).
#include <sklaws/validation/check.hpp>
#include <sklaws/validation/parameters.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace sklaws::validation {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// What an estimate without sampling noise is compared to within: the closed
// form's own error, or 4 ulps of the larger value, or the smallest normal.
double se_floor(double theory, double theory_error, double estimate) {
    const double scale = std::max(std::fabs(theory), std::fabs(estimate));
    return std::max({std::fabs(theory_error), 4 * std::numeric_limits<double>::epsilon() * scale,
                     std::numeric_limits<double>::min()});
}

// The test hook of check.hpp: 1 + SKLAWS_CHECK_PERTURBATION (1 when unset).
double theory_scale() {
    static const double scale = [] {
        const char* text = std::getenv("SKLAWS_CHECK_PERTURBATION");
        if (!text || !*text) return 1.0;
        char* end = nullptr;
        const double x = std::strtod(text, &end);
        numerics::require(end != text && *end == '\0' && std::isfinite(x) && x > -1, "SKLAWS_CHECK_PERTURBATION", x,
                          "a number > -1");
        return 1.0 + x;
    }();
    return scale;
}

double relative(double difference, double theory) { return theory != 0 ? difference / std::fabs(theory) : infinity; }

Check make_check(CheckKind kind, std::string quantity, std::string label, double theory, double theory_error,
                 const Estimate& estimate, nlohmann::ordered_json inputs) {
    Check check;
    check.quantity = std::move(quantity);
    check.label = std::move(label);
    check.kind = kind;
    check.theory = theory;
    check.theory_error = theory_error;
    check.estimate = estimate.mean;
    check.se = estimate.se;
    check.se_floor = se_floor(theory, theory_error, estimate.mean);
    const double se = std::max(estimate.se, check.se_floor);
    check.z = (estimate.mean - theory) / se;
    check.relative_distance = relative(estimate.mean - theory, theory);
    check.inputs = std::move(inputs);
    check.inputs["replicates"] = estimate.replicates;
    return check;
}

nlohmann::ordered_json number_or_null(double x) {
    return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

}  // namespace

Check z_check(std::string quantity, std::string label, double theory, const Estimate& estimate,
              nlohmann::ordered_json inputs, double theory_error) {
    Check check = make_check(CheckKind::z_test, std::move(quantity), std::move(label), theory * theory_scale(),
                             theory_error, estimate, std::move(inputs));
    apply_z_threshold(check, default_z_threshold);
    return check;
}

namespace {
// A z-test, or "not applicable" with `why_not_normal` when that is not empty:
// the one step of every check whose normal law can fail at a run's size.
Check z_check_unless(std::string why_not_normal, std::string quantity, std::string label, double theory,
                     const Estimate& estimate, nlohmann::ordered_json inputs, double theory_error) {
    if (!why_not_normal.empty()) {
        return not_applicable_check(std::move(quantity), std::move(label), theory, estimate, std::move(why_not_normal),
                                    std::move(inputs));
    }
    return z_check(std::move(quantity), std::move(label), theory, estimate, std::move(inputs), theory_error);
}
}  // namespace

Check count_check(std::string quantity, std::string label, double theory, const Estimate& estimate,
                  nlohmann::ordered_json inputs, double theory_error) {
    const double events = static_cast<double>(estimate.replicates) * theory;
    std::string why_not;
    if (!(events >= min_expected_events)) {
        why_not = fmt::format(
            "{:.3g} expected events ({} replicates x theory {:.3g}) are fewer than {:g}: too few for a normal z-test",
            events, estimate.replicates, theory, min_expected_events);
    }
    return z_check_unless(std::move(why_not), std::move(quantity), std::move(label), theory, estimate,
                          std::move(inputs), theory_error);
}

double lognormal_skewness(double log_sd) {
    const double v = std::expm1(log_sd * log_sd);
    return std::isfinite(v) ? (v + 3) * std::sqrt(v) : std::numeric_limits<double>::infinity();
}

Check skewed_mean_check(std::string quantity, std::string label, double theory, const Estimate& estimate,
                        double log_sd, nlohmann::ordered_json inputs, double theory_error) {
    const double skewness =
        lognormal_skewness(log_sd) / std::sqrt(static_cast<double>(std::max<std::size_t>(estimate.replicates, 1)));
    std::string why_not;
    if (!(skewness <= max_mean_skewness)) {
        why_not = fmt::format(
            "the log of the replicate values has SD {:.3g}: a lognormal mean of {} replicates has skewness {:.3g} > "
            "{:g}, too far from normal for a z-test",
            log_sd, estimate.replicates, skewness, max_mean_skewness);
    }
    return z_check_unless(std::move(why_not), std::move(quantity), std::move(label), theory, estimate,
                          std::move(inputs), theory_error);
}

Check not_applicable_check(std::string quantity, std::string label, double theory, const Estimate& estimate,
                           std::string reason, nlohmann::ordered_json inputs) {
    Check check = make_check(CheckKind::not_applicable, std::move(quantity), std::move(label), theory, 0.0, estimate,
                             std::move(inputs));
    check.pass = false;
    check.z = std::numeric_limits<double>::quiet_NaN();  // no z: the normal law does not hold here (JSON null)
    check.reason = std::move(reason);
    check.detectable_error = std::max(check.se, check.se_floor);
    check.detectable_relative_error = relative(check.detectable_error, theory);
    return check;
}

Check limit_check(std::string quantity, std::string label, double limit, const Estimate& estimate,
                  nlohmann::ordered_json inputs) {
    Check check =
        make_check(CheckKind::limit, std::move(quantity), std::move(label), limit, 0.0, estimate, std::move(inputs));
    check.pass = false;
    check.detectable_error = std::max(check.se, check.se_floor);
    check.detectable_relative_error = relative(check.detectable_error, limit);
    return check;
}

void apply_z_threshold(Check& check, double z_threshold) {
    numerics::require(z_threshold > 0.0 && std::isfinite(z_threshold), "z_threshold", z_threshold, "z_threshold > 0");
    check.z_threshold = z_threshold;
    if (!check.is_z_test()) return;
    check.pass = std::isfinite(check.z) && std::isfinite(check.theory) && std::fabs(check.z) <= z_threshold;
    check.detectable_error = z_threshold * std::max(check.se, check.se_floor);
    check.detectable_relative_error = relative(check.detectable_error, check.theory);
}

Check compare(std::string quantity, std::string label, double theory, const Estimate& estimate, double z_threshold,
              nlohmann::ordered_json inputs) {
    Check check = z_check(std::move(quantity), std::move(label), theory, estimate, std::move(inputs));
    apply_z_threshold(check, z_threshold);
    return check;
}

std::string point_text(std::initializer_list<std::pair<const char*, double>> coordinates) {
    std::string text;
    for (const auto& [name, value] : coordinates) {
        text += (text.empty() ? "" : ", ") + std::string(name) + " = " + short_number(value);
    }
    return text;
}

const char* check_kind_name(CheckKind kind) {
    switch (kind) {
        case CheckKind::z_test: return "z-test";
        case CheckKind::limit: return "limit";
        case CheckKind::not_applicable: return "not applicable";
    }
    return "limit";
}

nlohmann::ordered_json to_json(const Check& check) {
    nlohmann::ordered_json j;
    j["quantity"] = check.quantity;
    j["label"] = check.label;
    j["point"] = check.point;
    j["kind"] = check_kind_name(check.kind);
    j["estimate"] = number_or_null(check.estimate);
    j["se"] = number_or_null(check.se);
    j["theory"] = number_or_null(check.theory);
    j["theory_error"] = number_or_null(check.theory_error);
    j["z"] = number_or_null(check.z);
    j["z_threshold"] = check.z_threshold;
    j["pass"] = check.is_z_test() ? nlohmann::ordered_json(check.pass) : nlohmann::ordered_json(nullptr);
    j["detectable_error"] = number_or_null(check.detectable_error);
    j["detectable_relative_error"] = number_or_null(check.detectable_relative_error);
    j["relative_distance"] = number_or_null(check.relative_distance);
    if (check.is_not_applicable()) j["reason"] = check.reason;
    j["inputs"] = check.inputs;
    return j;
}

bool all_pass(const std::vector<Check>& checks) {
    return std::all_of(checks.begin(), checks.end(), [](const Check& c) { return !c.is_z_test() || c.pass; });
}

}  // namespace sklaws::validation
