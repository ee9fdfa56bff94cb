// Runs a program under mpirun (SKLAWS_MPIEXEC, found by CMake) or alone, and
// captures its exit status, stdout and stderr (own files per call: ctest runs
// cases of one executable in parallel).
#pragma once

#include "../support/sanitizer.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace sklaws::test {

struct Run {
    int status = -1;  // exit status, -1 if the shell did not exit normally
    std::string out, err;
};

inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// `command` through /bin/sh with stdout/stderr captured.
inline Run run_shell(const std::string& command) {
    static int counter = 0;
    const std::string stem = "sklaws_mpi_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    const auto dir = std::filesystem::temp_directory_path();
    const auto out = dir / (stem + ".out"), err = dir / (stem + ".err");
    const std::string full = command + " >'" + out.string() + "' 2>'" + err.string() + "'";
    const int raw = std::system(full.c_str());
    Run run;
    run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    run.out = slurp(out);
    run.err = slurp(err);
    std::error_code ignored;
    std::filesystem::remove(out, ignored);
    std::filesystem::remove(err, ignored);
    return run;
}

// True in the ASan+UBSan build (tests/run_sanitizer_build.cmake).
using test_support::kAddressSanitizer;

// What an instrumented rank needs in its environment: Open MPI's MPI_Init
// leaves ~20 KB in blocks allocated inside MCA components that MPI_Finalize
// unloads (frames "<unknown module>", so no suppression can name them) and
// in its libevent progress thread. Leak checking is therefore off in
// processes started by mpirun — and only there: ASan's and UBSan's other
// checks stay on, and the same code runs leak-checked in the single-process
// runs of these tests and in every other test.
inline std::string rank_environment() {
    return kAddressSanitizer ? "ASAN_OPTIONS=\"${ASAN_OPTIONS}:detect_leaks=0\" " : "";
}

// "mpirun ... -np <ranks> " (root-safe, oversubscribing the 2-core CI
// machine), or "" for one plain process (ranks = 0).
inline std::string launcher(int ranks) {
    if (ranks == 0) return "";
    return rank_environment() + "'" + SKLAWS_MPIEXEC + "' --allow-run-as-root --oversubscribe -np " +
           std::to_string(ranks) + " ";
}

// The layouts every comparison covers: one plain process, 2 ranks × 1
// thread, 2 ranks × 2 threads, 3 ranks × 1 thread (an uneven split).
struct Layout {
    int ranks;
    unsigned threads;
    std::string name() const {
        return ranks == 0 ? "1 process x " + std::to_string(threads) + " threads"
                          : "-np " + std::to_string(ranks) + " --threads " + std::to_string(threads);
    }
};
inline const Layout kLayouts[] = {{0, 1}, {2, 1}, {2, 2}, {3, 1}};

}  // namespace sklaws::test
