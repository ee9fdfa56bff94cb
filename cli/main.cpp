// sklaws: dispatches to the registered sub-commands (command_registry.hpp),
// each parsed with CLI11 from the options it declares. Exit statuses:
//   0 success, 1 runtime failure, 2 bad input (usage, domain, overflow: one
//   line on stderr), 3 the command ran and wrote its output but a check
//   failed (simulate, report), 130 interrupted (report).
// `-h`/`--help` work after every sub-command and print on stdout (exit 0);
// `sklaws --version` prints the version and the git commit it was built
// from; `sklaws` alone prints the usage on stderr (exit 2).
#include "command_registry.hpp"
#include "sklaws_git_commit.hpp"  // generated at build time (cli/CMakeLists.txt)

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/validation/cluster.hpp>
#include <sklaws/validation/monte_carlo.hpp>

#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

int dispatch(int argc, char** argv) {
    using namespace sklaws::cli;
    const std::vector<std::string> words(argv + 1, argv + argc);
    if (!words.empty()) {
        if (const Command* command = find_command(words.front())) {
            if (!command->distributed) {
                // Nothing to divide: rank 0 runs it, the other ranks wait in finish().
                if (!sklaws::validation::cluster::is_root()) return 0;
                sklaws::validation::cluster::run_alone();
            }
            return run_command(*command, std::vector<std::string>(words.begin() + 1, words.end()));
        }
    }
    // No command: the top-level help, version, or an unknown command.
    CLI::App app{"sklaws: the compression theory of LLM behaviour (arXiv 2504.09597), executable.\n"
                 "Closed forms to any digits, Monte Carlo checks, fits and the validation report.",
                 "sklaws"};
    app.formatter(help_formatter());
    app.set_help_flag("-h,--help", "print this help and exit");
    app.set_version_flag("--version", std::string("sklaws ") + SKLAWS_VERSION + " (git commit " + SKLAWS_GIT_COMMIT + ")",
                         "print the version and the git commit it was built from");
    app.require_subcommand(1);
    app.footer("`sklaws <command> --help` describes a command's options. Exit status: 0 success, 1 runtime "
               "failure, 2 bad input, 3 a check failed (simulate, report), 130 interrupted (report).\n");
    auto commands = command_registry();
    std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& c : commands) app.add_subcommand(c.name, c.summary);
    if (words.empty()) {
        std::cerr << app.help();
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return 0;
    } catch (const CLI::CallForVersion& e) {
        std::cout << e.what() << "\n";
        return 0;
    } catch (const CLI::ParseError&) {
    }
    std::cerr << "sklaws: unknown command '" << words.front() << "' (see sklaws --help)\n";
    return 2;
}

}  // namespace

// Alone or as one rank of `mpirun -np R sklaws ...` / `srun -n R sklaws ...`
// (validation/cluster.hpp): every rank parses the same words and runs a
// distributed command (simulate, report, fit, corpus) in lockstep, the
// replicate executor dividing the Monte Carlo replicates and bootstrap
// resamples; only rank 0 prints and writes files, and the ranks agree on the
// exit status (a failing rank is named on rank 0).
int main(int argc, char** argv) {
    sklaws::validation::cluster::Session session(argc, argv);
    // Bootstrap resamples (fit/corpus --bootstrap, the report's exponent
    // intervals) run on the executor, like Monte Carlo replicates.
    sklaws::fitting::set_resample_runner(sklaws::validation::run_rows);
    int status = 1;
    try {
        status = dispatch(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "sklaws: error: " << e.what() << "\n";
    }
    return session.finish(status, "");
}
