// Runs the sklaws executable under test (SKLAWS_BINARY, set by
// tests/CMakeLists.txt) with shell-quoted arguments and captures its exit
// status, stdout and stderr. Each call writes to its own pair of files named
// by process id and a counter and removes them afterwards: ctest runs the
// cases of one test executable as parallel processes.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace sklaws::test {

struct SklawsRun {
    int status = -1;  // exit status, or -1 if the process did not exit normally
    std::string out, err;
};

inline std::string read_whole_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// `sklaws <arguments>`; the arguments go through /bin/sh as written.
inline SklawsRun run_sklaws(const std::string& arguments) {
    static int counter = 0;
    const std::string stem = "sklaws_run_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    const auto dir = std::filesystem::temp_directory_path();
    const auto out = dir / (stem + ".out"), err = dir / (stem + ".err");
    const std::string command = std::string("'") + SKLAWS_BINARY + "' " + arguments + " >'" + out.string() + "' 2>'" +
                                err.string() + "'";
    const int raw = std::system(command.c_str());
    SklawsRun run;
    run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    run.out = read_whole_file(out);
    run.err = read_whole_file(err);
    std::error_code ignored;
    std::filesystem::remove(out, ignored);
    std::filesystem::remove(err, ignored);
    return run;
}

}  // namespace sklaws::test
