// Declaring and reading sklaws' command-line options with CLI11.
//
// Every sub-command declares its options on its own CLI::App (so `-h` and
// `--help` work after every sub-command and list them), with the value
// grammar of arguments.hpp checked while parsing: a count option refuses
// "1.5", a real option "nan", any option a value that is itself an option
// ("--steps --seed 3" is a missing value, not steps = "--seed"), a flag any
// value. A CLI11 parse error becomes exit status 2 with one line on stderr
// (main.cpp). After parsing, a command reads its values through
// ParsedOptions, which keeps the exact text as typed (so 1e15 is echoed as
// "1e15") and converts it with the same grammar.
#pragma once

#include "arguments.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sklaws::cli {

inline constexpr std::uint64_t max_count = 1000000000000000000ULL;

// --name X: a finite real.
CLI::Option* real_option(CLI::App& app, const std::string& name, const std::string& doc);
// --name N: a non-negative integer ≤ max (1e12 notation allowed).
CLI::Option* count_option(CLI::App& app, const std::string& name, const std::string& doc,
                          std::uint64_t max = max_count);
// --name TEXT: any text that is not itself an option.
CLI::Option* text_option(CLI::App& app, const std::string& name, const std::string& doc);
// --name A,B,C: a comma-separated list of reals or of counts.
CLI::Option* list_option(CLI::App& app, const std::string& name, const std::string& doc, bool counts);
// --name: no value.
CLI::Option* flag_option(CLI::App& app, const std::string& name, const std::string& doc);
// A positional argument (e.g. FILE).
CLI::Option* positional_option(CLI::App& app, const std::string& name, const std::string& doc);

// Splits "10,100,1000" (no empty items); throws UsageError naming `what`.
std::vector<std::string> split_list(const std::string& text, const std::string& what);

// Option texts that stand in for the parsed ones, by name (without --): one
// grid point's values over a single parse of the command line (the texts
// were checked with the options' grammar when the grid was parsed).
using OptionOverrides = std::vector<std::pair<std::string, std::string>>;

// The values given to one (sub-)command, read by option name (without --).
class ParsedOptions {
public:
    explicit ParsedOptions(const CLI::App& app, const OptionOverrides* overrides = nullptr)
        : app_(app), overrides_(overrides) {}

    bool has(const std::string& name) const;
    bool flag(const std::string& name) const { return has(name); }
    std::optional<std::string> text(const std::string& name) const;
    std::string required_text(const std::string& name) const;

    std::optional<double> real(const std::string& name) const;
    double required_real(const std::string& name) const;
    double real_or(const std::string& name, double fallback) const;

    std::optional<std::uint64_t> count(const std::string& name, std::uint64_t max = max_count) const;
    std::uint64_t required_count(const std::string& name, std::uint64_t max = max_count) const;
    std::uint64_t count_or(const std::string& name, std::uint64_t fallback, std::uint64_t max = max_count) const;

    // The value of a positional argument, if given.
    std::optional<std::string> positional(const std::string& name) const;

private:
    const CLI::Option* option(const std::string& name) const;
    const std::string* overridden(const std::string& name) const;
    const CLI::App& app_;
    const OptionOverrides* overrides_ = nullptr;
};

}  // namespace sklaws::cli
