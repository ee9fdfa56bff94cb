// Kinds, domains and conversions of experiment parameters (parameters.hpp).
#include <sklaws/validation/parameters.hpp>

#include <sklaws/numerics/errors.hpp>

#include <fmt/format.h>

#include <cmath>

namespace sklaws::validation {

namespace {

using Json = nlohmann::ordered_json;

bool is_list(ParameterKind kind) { return kind == ParameterKind::real_list || kind == ParameterKind::count_list; }

std::string bound_text(const ParameterSpec& spec) {
    const Domain& d = spec.domain;
    const bool has_low = std::isfinite(d.low), has_high = std::isfinite(d.high);
    const std::string lo = short_number(d.low), hi = short_number(d.high);
    const char* lo_op = d.low_open ? " < " : " <= ";
    const char* hi_op = d.high_open ? " < " : " <= ";
    if (has_low && has_high) return lo + lo_op + spec.name + hi_op + hi;
    if (has_low) return spec.name + (d.low_open ? " > " : " >= ") + lo;
    if (has_high) return spec.name + hi_op + hi;
    return spec.name + " finite";
}

bool inside(const Domain& d, double x) {
    if (!std::isfinite(x)) return false;
    if (d.low_open ? !(x > d.low) : !(x >= d.low)) return false;
    if (d.high_open ? !(x < d.high) : !(x <= d.high)) return false;
    return true;
}

void check_number(const ParameterSpec& spec, double x, const std::string& shown) {
    if (!inside(spec.domain, x)) {
        throw numerics::DomainError(spec.name, spec.name + " = " + shown + " is outside " + spec.domain_text());
    }
}

template <class T>
void check_list(const ParameterSpec& spec, const std::vector<T>& list) {
    if (list.empty()) throw numerics::DomainError(spec.name, spec.name + " must be a non-empty list");
    for (std::size_t i = 0; i < list.size(); ++i) {
        check_number(spec, static_cast<double>(list[i]), fmt::format("{}", list[i]));
        if (spec.domain.increasing && i > 0 && !(list[i] > list[i - 1])) {
            throw numerics::DomainError(spec.name, spec.name + " = " + format_parameter(list) +
                                                       " is not strictly increasing");
        }
    }
}

// "a real", "an integer", "a list of reals".
std::string with_article(const std::string& type) { return (type[0] == 'i' ? "an " : "a ") + type; }

[[noreturn]] void wrong_type(const ParameterSpec& spec, const Json& value) {
    throw numerics::DomainError(spec.name,
                                spec.name + " must be " + with_article(spec.type_name()) + ", got " + value.dump());
}

// A JSON number as a double, refusing integers a double cannot hold exactly
// (compared as integers: 2^53 + 1 would round to 2^53 on the way).
double json_real(const ParameterSpec& spec, const Json& value) {
    if (!value.is_number()) wrong_type(spec, value);
    if (value.is_number_float()) return value.get<double>();
    constexpr std::uint64_t exact = std::uint64_t{1} << 53;
    const bool negative = value.is_number_integer() && !value.is_number_unsigned() && value.get<std::int64_t>() < 0;
    const std::uint64_t magnitude = negative ? std::uint64_t(0) - static_cast<std::uint64_t>(value.get<std::int64_t>())
                                             : value.get<std::uint64_t>();
    if (magnitude > exact) {
        throw numerics::DomainError(spec.name, spec.name + " = " + value.dump() +
                                                   " is an integer beyond the exact range of a double (2^53)");
    }
    return negative ? -static_cast<double>(magnitude) : static_cast<double>(magnitude);
}

// A JSON number as a non-negative integer: an integer, or a float that is
// one exactly (1e4).
std::uint64_t json_count(const ParameterSpec& spec, const Json& value) {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (value.is_number_integer()) {
        if (value.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(value.get<std::int64_t>());
        throw numerics::DomainError(spec.name, spec.name + " = " + value.dump() + " is outside " + spec.domain_text());
    }
    if (value.is_number_float()) {
        const double x = value.get<double>();
        if (std::isfinite(x) && x == std::floor(x) && x >= 0 && x <= 9007199254740992.0) {
            return static_cast<std::uint64_t>(x);
        }
        throw numerics::DomainError(spec.name, spec.name + " must be an integer, got " + value.dump());
    }
    wrong_type(spec, value);
}

}  // namespace

std::string short_number(double x) {
    if (x == std::floor(x) && std::fabs(x) >= 1e4 && std::fabs(x) < 1e300) {
        const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(x))));
        const double mantissa = x / std::pow(10.0, exponent);
        if (mantissa == std::round(mantissa)) return fmt::format("{}e{}", static_cast<int>(mantissa), exponent);
    }
    return fmt::format("{}", x);
}

const char* kind_name(ParameterKind kind) {
    switch (kind) {
        case ParameterKind::real: return "real";
        case ParameterKind::count: return "integer";
        case ParameterKind::real_list: return "list of reals";
        case ParameterKind::count_list: return "list of integers";
    }
    return "?";
}

std::string ParameterSpec::type_name() const { return kind_name(kind); }

std::string ParameterSpec::domain_text() const {
    return (domain.increasing && is_list(kind) ? "increasing, " : "") + bound_text(*this);
}

ParameterKind kind_of(const ParameterValue& value) { return static_cast<ParameterKind>(value.index()); }

void check_parameter(const ParameterSpec& spec, const ParameterValue& value) {
    if (kind_of(value) != spec.kind) {
        throw numerics::DomainError(spec.name, spec.name + " must be " + with_article(spec.type_name()) + ", got " +
                                                   with_article(kind_name(kind_of(value))));
    }
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, double> || std::is_same_v<T, std::uint64_t>) {
                check_number(spec, static_cast<double>(v), format_parameter(v));
            } else {
                check_list(spec, v);
            }
        },
        value);
}

std::string format_parameter(const ParameterValue& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, double> || std::is_same_v<T, std::uint64_t>) {
                return fmt::format("{}", v);
            } else {
                return fmt::format("[{}]", fmt::join(v, ", "));
            }
        },
        value);
}

nlohmann::ordered_json to_json(const ParameterValue& value) {
    return std::visit([](const auto& v) { return Json(v); }, value);
}

ParameterValue parameter_from_json(const ParameterSpec& spec, const nlohmann::ordered_json& value) {
    switch (spec.kind) {
        case ParameterKind::real: return json_real(spec, value);
        case ParameterKind::count: return json_count(spec, value);
        case ParameterKind::real_list:
        case ParameterKind::count_list: {
            if (!value.is_array()) wrong_type(spec, value);
            if (spec.kind == ParameterKind::real_list) {
                std::vector<double> out;
                for (const auto& item : value) out.push_back(json_real(spec, item));
                return out;
            }
            std::vector<std::uint64_t> out;
            for (const auto& item : value) out.push_back(json_count(spec, item));
            return out;
        }
    }
    wrong_type(spec, value);
}

void ParameterValues::set(const std::string& name, ParameterValue value) {
    for (auto& [key, v] : items_) {
        if (key == name) {
            v = std::move(value);
            return;
        }
    }
    items_.emplace_back(name, std::move(value));
}

bool ParameterValues::contains(const std::string& name) const {
    for (const auto& item : items_) {
        if (item.first == name) return true;
    }
    return false;
}

const ParameterValue& ParameterValues::at(const std::string& name) const {
    for (const auto& item : items_) {
        if (item.first == name) return item.second;
    }
    throw numerics::DomainError(name, "missing parameter " + name);
}

nlohmann::ordered_json to_json(const ParameterValues& values) {
    Json j = Json::object();
    for (const auto& [name, value] : values.items()) j[name] = to_json(value);
    return j;
}

}  // namespace sklaws::validation
