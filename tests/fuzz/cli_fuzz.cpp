// libFuzzer harness: the command-line parser of every sklaws command
// (cli/options.hpp declarations, cli/arguments.hpp value grammar, CLI11 via
// cli/command_registry.hpp parse_words) on arbitrary words.
//
// Input: lines; the first names the command (an unknown name picks one of
// the registered commands by its hash, so mutations keep reaching them
// all), the others are the words typed after it. Each input gets a fresh
// CLI::App with the command's real options, as `sklaws <command>` builds it.
// The command itself is not run (that would compute for minutes): this is
// the parser's contract.
//
// Contract checked: parse_words either accepts the words, and then every
// option given reads back through ParsedOptions as text, or throws
// UsageError whose message is one non-empty line. A crash, a leak,
// undefined behaviour, another exception or a multi-line message is a
// finding.
#include "command_registry.hpp"
#include "options.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace {

using namespace sklaws::cli;

void require(bool condition) {
    if (!condition) std::abort();
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start <= text.size() && words.size() < 64) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        words.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

const Command& pick_command(const std::string& name) {
    if (const Command* c = find_command(name)) return *c;
    static const std::vector<const Command*> sorted = [] {
        std::vector<const Command*> all;
        for (const auto& c : command_registry()) all.push_back(&c);
        std::sort(all.begin(), all.end(), [](const Command* a, const Command* b) { return a->name < b->name; });
        return all;
    }();
    return *sorted[std::hash<std::string>{}(name) % sorted.size()];
}

// Reads back every option the user gave on the selected (sub-)command.
void read_back(const CLI::App& app) {
    const CLI::App* leaf = &app;
    while (!leaf->get_subcommands().empty()) leaf = leaf->get_subcommands().front();
    const ParsedOptions args(*leaf);
    for (const CLI::Option* option : leaf->get_options()) {
        const std::string name = option->get_single_name();
        if (name.empty() || name == "help" || name == "h" || option->count() == 0) continue;
        if (option->get_expected_min() == 0) continue;  // a flag
        (void)args.text(name);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> lines = split_lines(std::string(reinterpret_cast<const char*>(data), size));
    const Command& command = pick_command(lines.front());
    const std::vector<std::string> words(lines.begin() + 1, lines.end());
    CLI::App app{command.summary, "sklaws " + command.name};
    app.formatter(help_formatter());
    app.set_help_flag("-h,--help", "print this help and exit");
    (void)command.setup(app);
    try {
        parse_words(app, words);
    } catch (const UsageError& e) {
        const std::string m = e.what();
        require(!m.empty());
        require(m.find('\n') == std::string::npos);
        return 0;
    }
    read_back(app);
    return 0;
}
