// Speed of `expected-tables` (K1) at n = 1e15, 50 digits, against mpmath
// evaluating the same formula (bench/theory_expected_tables_mpmath.py, run
// with /usr/bin/python3 in this same run). Target: ≥ 20× faster per call.
// Both our warm (same α, β, new n) and cold (new β) times are printed; the
// verdict uses warm, and the cold column shows what a single call costs.
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

// Warm: repeated (α, β) with a new n every call (n, n+1, …), the way a Heaps
// curve or a fit calls K1; theory/ remembers the n-free Gamma ratio, nothing
// that depends on n. Cold: a new β every call (β(1 + i·1e-30)), so nothing
// is remembered.
Timing time_ours(const char* alpha, const char* beta, const char* n, unsigned digits, int calls, bool cold) {
    // Inputs carry 20 digits more than the evaluation (as in the oracle
    // tests), so both programs see the same decimal α, β; at 50 digits the
    // rounding of α alone would move E[K_n] by ~ln(n)·2^−167 ≈ 2e−49.
    const auto input = [&](const char* text) {
        sklaws::numerics::WorkingPrecision wide(digits + 20);
        return mp_real(text);
    };
    const mp_real a = input(alpha), b = input(beta), nn = input(n);
    sklaws::numerics::WorkingPrecision precision(digits);
    auto result = sklaws::theory::expected_tables_e(a, b, nn);  // warm-up: Bernoulli and exp/log tables
    const std::string value = result.val.str(digits);
    const mp_real tiny("1e-30");
    const auto start = std::chrono::steady_clock::now();
    for (int i = 1; i <= calls; ++i) {
        result = cold ? sklaws::theory::expected_tables_e(a, mp_real(b * (1 + i * tiny)), nn)
                      : sklaws::theory::expected_tables_e(a, b, mp_real(nn + i));
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return {elapsed.count() / calls, value};
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
    std::printf("%-8s %-8s %-6s %12s %12s %12s %10s %10s  %s\n", "alpha", "beta", "n", "warm [us]", "cold [us]",
                "mpmath [us]", "warm x", "cold x", "verdict (warm)");
    bool all_pass = true;
    for (const auto& c : cases) {
        const Timing warm = time_ours(c[0], c[1], c[2], digits, 2000, false);
        const Timing cold = time_ours(c[0], c[1], c[2], digits, 300, true);
        const Timing theirs = time_mpmath(c[0], c[1], c[2], digits, 200);
        const double speedup = theirs.seconds_per_call / warm.seconds_per_call;
        const bool pass = speedup >= 20;
        all_pass = all_pass && pass;
        std::printf("%-8s %-8s %-6s %12.2f %12.2f %12.2f %9.1fx %9.1fx  %s\n", c[0], c[1], c[2],
                    warm.seconds_per_call * 1e6, cold.seconds_per_call * 1e6, theirs.seconds_per_call * 1e6, speedup,
                    theirs.seconds_per_call / cold.seconds_per_call, pass ? "PASS" : "FAIL");
        std::printf("    sklaws %s\n    mpmath %s\n", warm.value.c_str(), theirs.value.c_str());
    }
    std::cout << "\n" << (all_pass ? "all cases meet the 20x target" : "some cases miss the 20x target") << "\n";
    return all_pass ? 0 : 1;
}
