#include "arguments.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace sklaws::cli {

Arguments::Arguments(const std::vector<std::string>& tokens, const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        if (t.size() > 2 && t.rfind("--", 0) == 0) {
            std::string name = t.substr(2);
            const auto eq = name.find('=');
            if (eq != std::string::npos) {
                if (values_.count(name.substr(0, eq))) throw UsageError("option --" + name.substr(0, eq) + " given twice");
                values_[name.substr(0, eq)] = name.substr(eq + 1);
                continue;
            }
            if (flags.count(name)) {
                flags_present_.insert(name);
                continue;
            }
            if (i + 1 >= tokens.size()) throw UsageError("option --" + name + " expects a value");
            if (values_.count(name)) throw UsageError("option --" + name + " given twice");
            values_[name] = tokens[++i];
        } else {
            positional_.push_back(t);
        }
    }
}

bool Arguments::flag(const std::string& name) {
    used_.insert(name);
    if (values_.count(name)) throw UsageError("option --" + name + " takes no value");
    return flags_present_.count(name) > 0;
}

bool Arguments::has(const std::string& name) const { return values_.count(name) || flags_present_.count(name); }

std::optional<std::string> Arguments::text(const std::string& name) {
    used_.insert(name);
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string Arguments::required_text(const std::string& name) {
    auto v = text(name);
    if (!v) throw UsageError("missing required option --" + name);
    return *v;
}

double parse_real(const std::string& text, const std::string& what) {
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v)) {
        throw UsageError(what + " expects a finite real number, got '" + text + "'");
    }
    return v;
}

std::uint64_t parse_count(const std::string& text, const std::string& what, std::uint64_t max) {
    const std::string expected = what + " expects a non-negative integer up to " + std::to_string(max) +
                                 " (1e12 notation allowed), got '" + text + "'";
    if (text.empty()) throw UsageError(expected);
    const bool digits_only = text.find_first_not_of("0123456789") == std::string::npos;
    if (digits_only) {
        errno = 0;
        char* end = nullptr;
        const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
        if (errno == ERANGE || v > max) throw UsageError(expected);
        return v;
    }
    const double v = parse_real(text, what);
    // 1e18 and every integer below 2^53 are exact in double; others must be
    // integers after parsing or they were not integers as typed either.
    if (v < 0 || v != std::floor(v) || v > static_cast<double>(max)) throw UsageError(expected);
    return static_cast<std::uint64_t>(v);
}

std::optional<double> Arguments::real(const std::string& name) {
    auto t = text(name);
    if (!t) return std::nullopt;
    return parse_real(*t, "option --" + name);
}

double Arguments::required_real(const std::string& name) {
    auto v = real(name);
    if (!v) throw UsageError("missing required option --" + name);
    return *v;
}

double Arguments::real_or(const std::string& name, double fallback) { return real(name).value_or(fallback); }

std::optional<std::uint64_t> Arguments::count(const std::string& name, std::uint64_t max) {
    auto t = text(name);
    if (!t) return std::nullopt;
    return parse_count(*t, "option --" + name, max);
}

std::uint64_t Arguments::required_count(const std::string& name, std::uint64_t max) {
    auto v = count(name, max);
    if (!v) throw UsageError("missing required option --" + name);
    return *v;
}

std::uint64_t Arguments::count_or(const std::string& name, std::uint64_t fallback, std::uint64_t max) {
    return count(name, max).value_or(fallback);
}

void Arguments::finish(std::size_t max_positional) const {
    for (const auto& [name, value] : values_) {
        if (!used_.count(name)) throw UsageError("unknown option --" + name);
    }
    for (const auto& name : flags_present_) {
        if (!used_.count(name)) throw UsageError("unknown option --" + name);
    }
    if (positional_.size() > max_positional) throw UsageError("unexpected argument '" + positional_[max_positional] + "'");
}

}  // namespace sklaws::cli
