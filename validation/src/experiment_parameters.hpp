// Typed, domain-checked reading of an experiment's JSON parameters.
//
// Experiments receive their defaults merged with the caller's overrides; a
// wrong type or an out-of-domain value is a DomainError naming the parameter
// (the CLI turns it into exit status 2), never a silent NaN.
#pragma once

#include <sklaws/numerics/errors.hpp>
#include <sklaws/theory/pitman_yor_parameters.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace sklaws::validation::detail {

using Json = nlohmann::ordered_json;

inline const Json& parameter(const Json& params, const char* name) {
    if (!params.contains(name)) throw numerics::DomainError(name, std::string("missing parameter ") + name);
    return params.at(name);
}

inline double real_parameter(const Json& params, const char* name) {
    const Json& v = parameter(params, name);
    if (!v.is_number()) throw numerics::DomainError(name, std::string(name) + " must be a number");
    const double x = v.get<double>();
    numerics::require_finite(name, x);
    return x;
}

// A real in [low, high] (closed unless the flags say otherwise).
inline double real_in(const Json& params, const char* name, double low, double high, const char* range) {
    const double x = real_parameter(params, name);
    numerics::require(x >= low && x <= high, name, x, range);
    return x;
}

// A positive integer in [low, high]; accepts 1e4-style doubles that are exact integers.
inline std::uint64_t count_parameter(const Json& params, const char* name, std::uint64_t low, std::uint64_t high,
                                     const char* range) {
    const double x = real_parameter(params, name);
    numerics::require(x == std::floor(x) && x >= static_cast<double>(low) && x <= static_cast<double>(high), name, x,
                      range);
    return static_cast<std::uint64_t>(x);
}

// A non-empty, strictly increasing list of integers in [low, high].
inline std::vector<std::uint64_t> count_list(const Json& params, const char* name, std::uint64_t low,
                                             std::uint64_t high, const char* range) {
    const Json& v = parameter(params, name);
    if (!v.is_array() || v.empty())
        throw numerics::DomainError(name, std::string(name) + " must be a non-empty array of integers");
    std::vector<std::uint64_t> out;
    for (const auto& item : v) {
        if (!item.is_number()) throw numerics::DomainError(name, std::string(name) + " must hold numbers");
        const double x = item.get<double>();
        numerics::require(std::isfinite(x) && x == std::floor(x) && x >= static_cast<double>(low) &&
                              x <= static_cast<double>(high),
                          name, x, range);
        const auto n = static_cast<std::uint64_t>(x);
        numerics::require(out.empty() || n > out.back(), name, x, "(strictly increasing list)");
        out.push_back(n);
    }
    return out;
}

// A non-empty list of finite reals.
inline std::vector<double> real_list(const Json& params, const char* name) {
    const Json& v = parameter(params, name);
    if (!v.is_array() || v.empty()) throw numerics::DomainError(name, std::string(name) + " must be a non-empty list");
    std::vector<double> out;
    for (const auto& item : v) {
        if (!item.is_number()) throw numerics::DomainError(name, std::string(name) + " must hold numbers");
        out.push_back(item.get<double>());
        numerics::require_finite(name, out.back());
    }
    return out;
}

inline theory::PitmanYorParameters pitman_yor(const Json& params) {
    theory::PitmanYorParameters py{real_parameter(params, "alpha"), real_parameter(params, "beta")};
    py.validate();
    return py;
}

}  // namespace sklaws::validation::detail
