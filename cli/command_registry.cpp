// The command registry, the names of nested sub-commands and the one place
// that parses a sub-command's words and maps its errors to exit statuses
// (command_registry.hpp). Part of the sklaws_cli object library, so the
// executable and the Python module share them.
#include "command_registry.hpp"

#include "arguments.hpp"

#include <sklaws/numerics/errors.hpp>

#include <cctype>
#include <iostream>
#include <map>
#include <set>

namespace sklaws::cli {

std::vector<Command>& command_registry() {
    static std::vector<Command> commands;
    return commands;
}

const Command* find_command(const std::string& name) {
    for (const auto& c : command_registry()) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

namespace {

std::map<const CLI::App*, std::string>& subcommand_nouns() {
    static std::map<const CLI::App*, std::string> nouns;
    return nouns;
}

// "sklaws simulate tables": the names from the root down (the root is named
// "sklaws <command>").
std::string path_of(const CLI::App* app) {
    std::string name = app->get_name();
    for (const CLI::App* parent = app->get_parent(); parent != nullptr; parent = parent->get_parent()) {
        name = parent->get_name() + " " + name;
    }
    return name;
}

class Formatter : public CLI::Formatter {
public:
    std::string make_usage(const CLI::App* app, std::string) const override {
        std::string usage = "\nUsage: " + path_of(app);
        if (!app->get_subcommands({}).empty()) return usage + " SUBCOMMAND [OPTIONS]\n";
        const auto word = [](const CLI::Option* o) {
            std::string w = o->get_positional() || o->get_lnames().empty() ? o->get_name() : "--" + o->get_lnames()[0];
            if (!o->get_positional() && o->get_type_size() != 0 && !o->get_type_name().empty()) w += " " + o->get_type_name();
            return w;
        };
        std::set<const CLI::Option*> shown;
        for (const CLI::Option* o : app->get_options()) {
            if (o->get_lnames() == std::vector<std::string>{"help"} || shown.count(o)) continue;
            shown.insert(o);
            if (!o->get_excludes().empty()) {  // alternatives: "--a X | --b X"
                std::string group = word(o);
                for (const CLI::Option* other : o->get_excludes()) {
                    if (shown.insert(other).second) group += " | " + word(other);
                }
                usage += " " + group;
                continue;
            }
            usage += " " + (o->get_required() ? word(o) : "[" + word(o) + "]");
        }
        return usage + "\n";
    }
};

// The deepest sub-command that parsed (the app itself if none did).
CLI::App* selected(CLI::App& app) {
    CLI::App* current = &app;
    while (!current->get_subcommands().empty()) current = current->get_subcommands().front();
    return current;
}

// Leftover words of the command that ran: the first one that looks like an
// option is "unknown option --x", else "unexpected argument 'x'".
void reject_extras(const CLI::App& app) {
    const std::vector<std::string> extras = app.remaining();
    for (const auto& word : extras) {
        if (word.size() > 1 && word[0] == '-' && !std::isdigit(static_cast<unsigned char>(word[1]))) {
            throw UsageError("unknown option " + word.substr(0, word.find('=')));
        }
    }
    if (!extras.empty()) throw UsageError("unexpected argument '" + extras.front() + "'");
}

// Leaf commands collect unknown words instead of failing inside CLI11, so
// that reject_extras() can name them.
void allow_extras_on_leaves(CLI::App& app) {
    const auto subs = app.get_subcommands({});
    if (subs.empty()) app.allow_extras();
    for (CLI::App* sub : subs) allow_extras_on_leaves(*sub);
}

// One line for a CLI11 parse error, in sklaws' words where CLI11's are vague.
std::string parse_message(const CLI::ParseError& e, CLI::App& app) {
    CLI::App* at = selected(app);
    const std::string name = e.get_name();
    std::string what = e.what();
    if (name == "ValidationError") {
        // "--n: option --n expects ..." → "option --n expects ..."
        const auto colon = what.find(": option --");
        if (colon != std::string::npos) what = what.substr(colon + 2);
    }
    if ((name == "ExtrasError" || name == "RequiredError") && !at->get_subcommands({}).empty()) {
        // A word where a sub-command was expected, or none.
        const std::string kind = subcommand_noun(*at);
        std::vector<std::string> words = at->remaining();
        if (name == "ExtrasError" && words.empty()) words.push_back(what.substr(what.rfind(' ') + 1));
        if (!words.empty()) return "unknown " + kind + " '" + words.front() + "' (see " + path_of(at) + " --help)";
        return "expected " + std::string(kind[0] == 'e' ? "an " : "a ") + kind + " (see " + path_of(at) + " --help)";
    }
    return what;
}

std::string with_newline(std::string text) {
    if (text.empty() || text.back() != '\n') text += '\n';
    return text;
}

}  // namespace

void name_subcommands(const CLI::App& group, std::string noun) { subcommand_nouns()[&group] = std::move(noun); }

std::string subcommand_noun(const CLI::App& group) {
    const auto it = subcommand_nouns().find(&group);
    return it == subcommand_nouns().end() ? "sub-command" : it->second;
}

std::shared_ptr<CLI::Formatter> help_formatter() {
    static const std::shared_ptr<CLI::Formatter> formatter = std::make_shared<Formatter>();
    return formatter;
}

void parse_words(CLI::App& app, const std::vector<std::string>& words) {
    allow_extras_on_leaves(app);
    std::vector<std::string> reversed(words.rbegin(), words.rend());  // CLI11 takes them last-first
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        throw UsageError(parse_message(e, app));
    }
    reject_extras(*selected(app));
}

int run_command(const Command& command, const std::vector<std::string>& words, bool rethrow_runtime_errors) {
    const std::string where = "sklaws " + command.name;
    CLI::App app{command.summary, where};
    app.formatter(help_formatter());
    app.set_help_flag("-h,--help", "print this help and exit");
    try {
        const std::function<int()> run = command.setup(app);
        allow_extras_on_leaves(app);
        std::vector<std::string> reversed(words.rbegin(), words.rend());  // CLI11 takes them last-first
        try {
            app.parse(reversed);
        } catch (const CLI::CallForHelp&) {
            std::cout << with_newline(selected(app)->help());
            return 0;
        } catch (const CLI::ParseError& e) {
            std::cerr << where << ": " << parse_message(e, app) << "\n";
            return 2;
        }
        reject_extras(*selected(app));
        return run();
    } catch (const UsageError& e) {
        std::cerr << where << ": " << e.what() << "\n";
        return 2;
    } catch (const numerics::DomainError& e) {
        std::cerr << where << ": " << e.what() << "\n";
        return 2;
    } catch (const numerics::OverflowError& e) {
        // The inputs ask for a result outside the representable range: the
        // user must change them (or ask for the log form), so it is bad input.
        std::cerr << where << ": " << e.what() << "\n";
        return 2;
    } catch (const numerics::UnderflowError& e) {
        // Like an overflow: the value exists but cannot be printed with its
        // digits in any type we have (never printed as 0).
        std::cerr << where << ": " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        if (rethrow_runtime_errors) throw;
        std::cerr << where << ": error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace sklaws::cli
