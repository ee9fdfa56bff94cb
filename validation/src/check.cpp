// z-test and relative-tolerance comparisons of Monte Carlo with theory.
#include <sklaws/validation/check.hpp>

#include <cmath>
#include <limits>

namespace sklaws::validation {

namespace {

// z of a difference; a zero SE with an exact match is z = 0, a zero SE with
// any mismatch is ±inf (so it fails instead of dividing 0/0).
double z_score(double difference, double se) {
    if (se > 0.0) return difference / se;
    if (difference == 0.0) return 0.0;
    return std::copysign(std::numeric_limits<double>::infinity(), difference);
}

Check make_check(std::string quantity, std::string label, double theory, const Estimate& estimate,
                 double z_threshold, nlohmann::ordered_json inputs) {
    numerics::require(z_threshold > 0.0, "z_threshold", z_threshold, "z_threshold > 0");
    Check check;
    check.quantity = std::move(quantity);
    check.label = std::move(label);
    check.theory = theory;
    check.estimate = estimate.mean;
    check.se = estimate.se;
    check.z = z_score(estimate.mean - theory, estimate.se);
    check.z_threshold = z_threshold;
    check.inputs = std::move(inputs);
    check.inputs["replicates"] = estimate.replicates;
    return check;
}

nlohmann::ordered_json number_or_null(double x) {
    return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

}  // namespace

Check compare(std::string quantity, std::string label, double theory, const Estimate& estimate, double z_threshold,
              nlohmann::ordered_json inputs) {
    Check check = make_check(std::move(quantity), std::move(label), theory, estimate, z_threshold, std::move(inputs));
    check.pass = std::isfinite(check.z) && std::isfinite(theory) && std::abs(check.z) <= z_threshold;
    return check;
}

Check compare_relative(std::string quantity, std::string label, double theory, const Estimate& estimate,
                       double relative_tolerance, double z_threshold, nlohmann::ordered_json inputs) {
    numerics::require(relative_tolerance >= 0.0, "relative_tolerance", relative_tolerance, "relative_tolerance >= 0");
    Check check = make_check(std::move(quantity), std::move(label), theory, estimate, z_threshold, std::move(inputs));
    check.relative_tolerance = relative_tolerance;
    const double allowed = relative_tolerance * std::abs(theory) + z_threshold * estimate.se;
    check.pass = std::isfinite(theory) && std::isfinite(estimate.mean) &&
                 std::abs(estimate.mean - theory) <= allowed;
    return check;
}

nlohmann::ordered_json to_json(const Check& check) {
    nlohmann::ordered_json j;
    j["quantity"] = check.quantity;
    j["label"] = check.label;
    j["estimate"] = number_or_null(check.estimate);
    j["se"] = number_or_null(check.se);
    j["theory"] = number_or_null(check.theory);
    j["z"] = number_or_null(check.z);
    j["pass"] = check.pass;
    j["z_threshold"] = check.z_threshold;
    if (check.relative_tolerance) j["relative_tolerance"] = *check.relative_tolerance;
    j["inputs"] = check.inputs;
    return j;
}

bool all_pass(const std::vector<Check>& checks) {
    for (const auto& c : checks) {
        if (!c.pass) return false;
    }
    return true;
}

}  // namespace sklaws::validation
