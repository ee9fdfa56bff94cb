// Command-line arguments of one sklaws sub-command.
//
// Grammar: `--name value`, `--name=value`, bare `--flag` (only for names the
// command declares as flags) and positional words. Every option read is
// marked; `finish()` rejects whatever was not, so a typo is an error rather
// than a silently ignored setting. Bad input throws UsageError, which main()
// turns into exit status 2 and one line on stderr naming the option.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace sklaws::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Arguments {
public:
    // `flags` are the option names (without --) that take no value.
    Arguments(const std::vector<std::string>& tokens, const std::set<std::string>& flags);

    bool flag(const std::string& name);
    bool has(const std::string& name) const;
    std::optional<std::string> text(const std::string& name);
    std::string required_text(const std::string& name);

    // Real number; finite; "1e12" style accepted.
    std::optional<double> real(const std::string& name);
    double required_real(const std::string& name);
    double real_or(const std::string& name, double fallback);

    // Non-negative integer; accepts 1e12-style notation when the value is an
    // exact integer, up to 1e18 (or `max`).
    std::optional<std::uint64_t> count(const std::string& name, std::uint64_t max = 1000000000000000000ULL);
    std::uint64_t required_count(const std::string& name, std::uint64_t max = 1000000000000000000ULL);
    std::uint64_t count_or(const std::string& name, std::uint64_t fallback,
                           std::uint64_t max = 1000000000000000000ULL);

    // The value text exactly as typed (for JSON echo of inputs, e.g. N = "1e15").
    const std::vector<std::string>& positional() const { return positional_; }

    // Throws UsageError for any option that no accessor asked for, and for
    // more positional words than `max_positional`.
    void finish(std::size_t max_positional = 0) const;

private:
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_present_;
    std::vector<std::string> positional_;
    mutable std::set<std::string> used_;
};

// Parses a decimal or 1e12-style non-negative integer; throws UsageError
// naming `what` on failure.
std::uint64_t parse_count(const std::string& text, const std::string& what,
                          std::uint64_t max = 1000000000000000000ULL);
double parse_real(const std::string& text, const std::string& what);

// `text` as a message quotes a value the user gave: in single quotes, control
// bytes as \xNN (a message is one line whatever was typed), cut to at most
// 80 characters ("..." and the length mark the cut).
std::string quoted_value(const std::string& text);

}  // namespace sklaws::cli
