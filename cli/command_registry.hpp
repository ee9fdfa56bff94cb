// Sub-commands register themselves here, one file per command
// (theory_command.cpp, simulate_command.cpp, ...), so main() needs no edit
// when a command is added.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace sklaws::cli {

struct Command {
    std::string name;
    std::string summary;  // one line for `sklaws --help`
    // Receives the words after the command name; returns the exit status.
    std::function<int(const std::vector<std::string>&)> run;
};

std::vector<Command>& command_registry();

struct RegisterCommand {
    explicit RegisterCommand(Command command) { command_registry().push_back(std::move(command)); }
};

}  // namespace sklaws::cli
