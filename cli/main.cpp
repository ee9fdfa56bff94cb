// sklaws: dispatches to the registered sub-commands and maps errors to exit
// statuses: 0 success, 1 a check failed / runtime failure, 2 bad input.
#include "arguments.hpp"
#include "command_registry.hpp"

#include <sklaws/numerics/errors.hpp>

#include <algorithm>
#include <exception>
#include <iostream>

namespace sklaws::cli {
std::vector<Command>& command_registry() {
    static std::vector<Command> commands;
    return commands;
}
}  // namespace sklaws::cli

namespace {

void print_help(std::ostream& out) {
    auto commands = sklaws::cli::command_registry();
    std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    out << "usage: sklaws <command> [options]\n\ncommands:\n";
    for (const auto& c : commands) out << "  " << c.name << std::string(c.name.size() < 12 ? 12 - c.name.size() : 1, ' ') << c.summary << "\n";
    out << "\n`sklaws <command> --help` describes a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
        print_help(std::cout);
        return words.empty() ? 2 : 0;
    }
    const std::string name = words[0];
    const auto& commands = sklaws::cli::command_registry();
    auto it = std::find_if(commands.begin(), commands.end(), [&](const auto& c) { return c.name == name; });
    if (it == commands.end()) {
        std::cerr << "sklaws: unknown command '" << name << "' (see sklaws --help)\n";
        return 2;
    }
    try {
        return it->run(std::vector<std::string>(words.begin() + 1, words.end()));
    } catch (const sklaws::cli::UsageError& e) {
        std::cerr << "sklaws " << name << ": " << e.what() << "\n";
        return 2;
    } catch (const sklaws::numerics::DomainError& e) {
        std::cerr << "sklaws " << name << ": " << e.what() << "\n";
        return 2;
    } catch (const sklaws::numerics::UnderflowError& e) {
        // Like an overflow: the value exists but cannot be printed with its
        // digits in any type we have (never printed as 0).
        std::cerr << "sklaws " << name << ": " << e.what() << "\n";
        return 2;
    } catch (const sklaws::numerics::OverflowError& e) {
        // The inputs ask for a result outside the representable range: the
        // user must change them (or ask for the log form), so it is bad input.
        std::cerr << "sklaws " << name << ": " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "sklaws " << name << ": error: " << e.what() << "\n";
        return 1;
    }
}
