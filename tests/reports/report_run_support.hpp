// Helpers for the tests that run the sklaws executable: a fresh temporary
// directory per test and a command runner that captures exit status and
// stderr.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace sklaws_test {

namespace fs = std::filesystem;

inline fs::path fresh_directory(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("sklaws-reports-test-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

inline std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct CommandResult {
    int status = -1;
    std::string err;
};

// Runs `command` through /bin/sh in `cwd`, stderr captured, stdout discarded.
inline CommandResult run_command(const std::string& command, const fs::path& cwd) {
    const fs::path err_file = cwd / ".stderr.txt";
    const std::string full = "cd '" + cwd.string() + "' && ( " + command + " ) >/dev/null 2>'" + err_file.string() + "'";
    const int raw = std::system(full.c_str());
    CommandResult r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.err = slurp(err_file);
    fs::remove(err_file);
    return r;
}

inline std::string sklaws_exe() { return std::string("'") + SKLAWS_BINARY + "'"; }

}  // namespace sklaws_test
