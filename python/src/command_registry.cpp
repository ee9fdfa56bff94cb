// The module's own command registry: the executable defines it in
// cli/main.cpp, which the module does not link; the *_command.cpp objects it
// links register themselves here.
#include "command_registry.hpp"

namespace sklaws::cli {

std::vector<Command>& command_registry() {
    static std::vector<Command> commands;
    return commands;
}

}  // namespace sklaws::cli
