// Speed of `expected-tables` (K1) at n = 1e15, 50 digits, against mpmath
// evaluating the same formula (bench/theory_expected_tables_mpmath.py, run
// with /usr/bin/python3 in this same run). Target: ≥ 20× faster per call.
// Prints both per-call times side by side and the two values (which must
// agree to the 50 digits).
#include <sklaws/theory/heaps.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

namespace {

using sklaws::numerics::mp_real;

struct Timing {
    double seconds_per_call;
    std::string value;
};

Timing time_ours(const char* alpha, const char* beta, const char* n, unsigned digits, int calls) {
    sklaws::numerics::WorkingPrecision precision(digits);
    const mp_real a(alpha), b(beta), nn(n);
    auto result = sklaws::theory::expected_tables_e(a, b, nn);  // warm-up: Bernoulli cache
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) result = sklaws::theory::expected_tables_e(a, b, nn);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return {elapsed.count() / calls, result.val.str(digits)};
}

Timing time_mpmath(const char* alpha, const char* beta, const char* n, unsigned digits, int calls) {
    const std::string command = std::string("/usr/bin/python3 '") + SKLAWS_BENCH_DIR + "/theory_expected_tables_mpmath.py' " +
                                alpha + " " + beta + " " + n + " " + std::to_string(digits) + " " + std::to_string(calls);
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("cannot run " + command);
    char buffer[4096];
    std::string output;
    while (fgets(buffer, sizeof buffer, pipe.get())) output += buffer;
    std::istringstream in(output);
    Timing t{0, ""};
    in >> t.seconds_per_call >> t.value;
    if (t.value.empty()) throw std::runtime_error("no output from " + command);
    return t;
}

}  // namespace

int main() {
    const unsigned digits = 50;
    const char* cases[][3] = {{"0.5", "1", "1e15"}, {"0.001", "1e6", "1e15"}, {"0.999", "-0.998", "1e15"}};
    std::cout << "expected-tables (K1), " << digits << " digits, per call; target: sklaws >= 20x faster than mpmath\n\n";
    std::printf("%-8s %-8s %-6s %14s %14s %9s  %s\n", "alpha", "beta", "n", "sklaws [us]", "mpmath [us]", "speed-up",
                "verdict");
    bool all_pass = true;
    for (const auto& c : cases) {
        const Timing ours = time_ours(c[0], c[1], c[2], digits, 2000);
        const Timing theirs = time_mpmath(c[0], c[1], c[2], digits, 200);
        const double speedup = theirs.seconds_per_call / ours.seconds_per_call;
        const bool pass = speedup >= 20;
        all_pass = all_pass && pass;
        std::printf("%-8s %-8s %-6s %14.2f %14.2f %8.1fx  %s\n", c[0], c[1], c[2], ours.seconds_per_call * 1e6,
                    theirs.seconds_per_call * 1e6, speedup, pass ? "PASS" : "FAIL");
        std::printf("    sklaws %s\n    mpmath %s\n", ours.value.c_str(), theirs.value.c_str());
    }
    std::cout << "\n" << (all_pass ? "all cases meet the 20x target" : "some cases miss the 20x target") << "\n";
    return all_pass ? 0 : 1;
}
