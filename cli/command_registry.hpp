// Sub-commands register themselves here, one file per command
// (theory_command.cpp, simulate_command.cpp, ...), so main() needs no edit
// when a command is added.
//
// A command declares its options on the CLI11 sub-app it is given
// (options.hpp) and returns the function to run once the command line
// parsed; that function returns the exit status (0 success, 2 bad input, 3
// a check failed, ...). It may throw UsageError, numerics::DomainError,
// numerics::OverflowError or numerics::UnderflowError for bad input and std::exception for a runtime
// failure; run_command() maps them as main() does:
//   0 success, 1 runtime failure ("sklaws <command>: error: ..." on stderr),
//   2 bad input (one line "sklaws <command>: ..." on stderr), 3 the command
//   ran and wrote its output but a check failed (simulate, report), 130
//   interrupted (report).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sklaws::cli {

struct Command {
    std::string name;
    std::string summary;  // one line for `sklaws --help`
    std::function<std::function<int()>(CLI::App& app)> setup;
    // Under MPI (validation/cluster.hpp): true when the command divides work
    // among the ranks (Monte Carlo replicates, bootstrap resamples), so every
    // rank runs it in lockstep; false: rank 0 runs it alone.
    bool distributed = false;
};

std::vector<Command>& command_registry();
// nullptr for an unknown name.
const Command* find_command(const std::string& name);

struct RegisterCommand {
    explicit RegisterCommand(Command command) { command_registry().push_back(std::move(command)); }
};

// What the sub-commands of `group` are called in messages ("experiment":
// "unknown experiment 'x'"), for commands with nested sub-commands.
void name_subcommands(const CLI::App& group, std::string noun);
std::string subcommand_noun(const CLI::App& group);  // "sub-command" when unnamed

// The help formatter of every sklaws (sub-)command: the usage line names
// the whole command and its options ("Usage: sklaws theory p-new --alpha X
// --beta X --n N [--digits N] [--json]").
std::shared_ptr<CLI::Formatter> help_formatter();

// Parses `words` (as typed) into `app`, whose options are declared: a CLI11
// error, or a word no option takes, is a UsageError with run_command's
// message. For callers that run a command's code without its runner (the
// Python module's fit and theory functions).
void parse_words(CLI::App& app, const std::vector<std::string>& words);

// Runs `sklaws <command> <words>` (words as typed after the command name):
// parses with CLI11 (-h/--help print the help on stdout), runs, and maps
// errors to exit statuses and one-line messages on stderr as above. With
// rethrow_runtime_errors, an exception that is not bad input propagates
// instead of becoming exit status 1 (the Python module's cancellation).
int run_command(const Command& command, const std::vector<std::string>& words, bool rethrow_runtime_errors = false);

}  // namespace sklaws::cli
