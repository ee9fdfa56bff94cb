// What every bench/ driver needs beside its own table: timing our side, and
// running the baseline (a Python script under /usr/bin/python3) in the same
// run, so both see the same machine load.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace sklaws::bench {

// Seconds per call of f: calls in batches of `batch` (one clock read per
// batch, for calls of nanoseconds) until at least `budget` seconds elapsed.
template <class F>
double seconds_per_call(F&& f, double budget = 0.2, int batch = 1) {
    using clock = std::chrono::steady_clock;
    long calls = 0;
    const auto start = clock::now();
    double elapsed = 0;
    do {
        for (int i = 0; i < batch; ++i) f();
        calls += batch;
        elapsed = std::chrono::duration<double>(clock::now() - start).count();
    } while (elapsed < budget);
    return elapsed / static_cast<double>(calls);
}

// CPU seconds of the calling thread: unlike the wall clock, not stretched by
// other processes on a loaded machine.
inline double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Best-of-`repeat` CPU seconds of `work` on this thread.
inline double best_seconds(int repeat, const std::function<void()>& work) {
    double best = 1e300;
    for (int r = 0; r < repeat; ++r) {
        const double start = thread_cpu_seconds();
        work();
        best = std::min(best, thread_cpu_seconds() - start);
    }
    return best;
}

// The lines `command` prints on stdout (a baseline that cannot be started
// or fails is reported on stderr; the bench then prints its own side only).
inline std::vector<std::string> baseline_lines(const std::string& command) {
    std::vector<std::string> lines;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        std::fprintf(stderr, "cannot run %s\n", command.c_str());
        return lines;
    }
    char line[4096];
    while (std::fgets(line, sizeof line, pipe)) lines.emplace_back(line);
    if (pclose(pipe) != 0) std::fprintf(stderr, "warning: %s failed\n", command.c_str());
    return lines;
}

}  // namespace sklaws::bench
