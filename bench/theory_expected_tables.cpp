// Speed of `expected-tables` (K1) at n = 1e15, 50 digits, against mpmath
// (bench/theory_expected_tables_mpmath.py, /usr/bin/python3) and Arb
// (Debian's libflint-arb, the C library of ball arithmetic) evaluating the
// same formula, E[K_n] = exp(lnΓ(β+1) + lnΓ(β+α+n) − lnΓ(β+α) − lnΓ(β+n))/α
// − β/α, at the same precision (50 digits plus the guard digits its
// cancellation needs, log10(n ln n) + 10), all in this same run.
//
// Two ways of calling, for every program:
//   warm — the same (α, β) with a new n on every call (n, n+1, …), the way a
//          Heaps curve or a fit over n calls K1; sklaws remembers the n-free
//          Gamma ratio, mpmath its fast paths for integer and half-integer
//          arguments, Arb nothing;
//   cold — a new β on every call (β(1 + i·1e-30)), so nothing can be reused:
//          what one call costs, and what a fit of β pays per step.
// Every program makes the inputs of all its calls before its clock starts.
// Times are CPU time per call (the machine is shared: wall time moves with
// the load, CPU time much less). Each column prints the digits the program
// returns: sklaws its guaranteed digits (Evaluation::digits), Arb the
// accuracy of its ball (arb_rel_accuracy_bits), mpmath the digits that agree
// with a 120-digit reference (it states no bound).
//
// Targets (issue #17, and #3 for warm against mpmath):
//   warm ≥ 20× mpmath warm, cold ≥ 20× mpmath cold,
//   cold no slower than Arb, warm ≥ 3× faster than Arb.
#include <sklaws/theory/heaps.hpp>

#include <arb.h>
#include <arb_hypgeom.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

using sklaws::numerics::mp_real;

constexpr unsigned digits = 50;
const char* const tiny_text = "1e-30";
// mpmath makes this many calls; every program's warm value is shown at n + compare_call.
constexpr int compare_call = 100;

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Timing {
    double seconds_per_call = 0;
    double digits = 0;
    std::string value;
};

// Inputs carry 20 digits more than the evaluation (as in the oracle tests),
// so all programs see the same decimal α, β; at 50 digits the rounding of α
// alone would move E[K_n] by ~ln(n)·2^−167 ≈ 2e−49.
Timing time_ours(const char* alpha, const char* beta, const char* n, int calls, bool cold) {
    const auto input = [&](const char* text) {
        sklaws::numerics::WorkingPrecision wide(digits + 20);
        return mp_real(text);
    };
    const mp_real a = input(alpha), b = input(beta), nn = input(n);
    sklaws::numerics::WorkingPrecision precision(digits);
    auto result = sklaws::theory::expected_tables_e(a, b, nn);  // warm-up
    const std::string value = result.val.str(digits);
    // The inputs of every call are made before the clock starts.
    const mp_real tiny(tiny_text);
    std::vector<mp_real> inputs;
    for (int i = 1; i <= calls; ++i) inputs.push_back(cold ? mp_real(b * (1 + i * tiny)) : mp_real(nn + i));
    double worst_digits = result.digits();
    const double start = cpu_seconds();
    for (int i = 0; i < calls; ++i) {
        result = cold ? sklaws::theory::expected_tables_e(a, inputs[i], nn) : sklaws::theory::expected_tables_e(a, b, inputs[i]);
        if (i % 64 == 0) worst_digits = std::min(worst_digits, result.digits());
    }
    const double elapsed = cpu_seconds() - start;
    // Warm: the value at n + compare_call, where mpmath's last call and its
    // reference are (evaluated again after the clock stopped).
    const std::string shown =
        cold ? value : sklaws::theory::expected_tables_e(a, b, inputs[compare_call - 1]).val.str(digits);
    return {elapsed / calls, std::min(worst_digits, result.digits()), shown};
}

// The same formula in Arb balls at 50 + guard digits.
Timing time_arb(const char* alpha, const char* beta, const char* n, int calls, bool cold) {
    const double nd = std::atof(n);
    const int guard = static_cast<int>(std::log10(nd * std::log(nd))) + 10;
    const slong prec = static_cast<slong>(std::ceil((digits + guard) * 3.3219280948873623));
    const slong input_prec = static_cast<slong>((digits + 20) * 3.3219280948873623) + 8;
    arb_t a, b, nn, bi, t1, t2, t3, t4, s, tiny;
    arb_init(a), arb_init(b), arb_init(nn), arb_init(bi), arb_init(t1), arb_init(t2), arb_init(t3), arb_init(t4);
    arb_init(s), arb_init(tiny);
    arb_set_str(a, alpha, input_prec);
    arb_set_str(b, beta, input_prec);
    arb_set_str(nn, n, input_prec);
    arb_set_str(tiny, tiny_text, prec);
    auto evaluate = [&](const arb_t beta_value, const arb_t n_value) {
        arb_add_ui(t1, beta_value, 1, prec);
        arb_hypgeom_lgamma(t1, t1, prec);
        arb_add(t2, beta_value, a, prec);
        arb_add(t3, t2, n_value, prec);
        arb_hypgeom_lgamma(t3, t3, prec);
        arb_hypgeom_lgamma(t2, t2, prec);
        arb_add(t4, beta_value, n_value, prec);
        arb_hypgeom_lgamma(t4, t4, prec);
        arb_add(s, t1, t3, prec);
        arb_sub(s, s, t2, prec);
        arb_sub(s, s, t4, prec);
        arb_exp(s, s, prec);
        arb_sub(s, s, beta_value, prec);
        arb_div(s, s, a, prec);
    };
    evaluate(b, nn);
    char* text = arb_get_str(s, digits, ARB_STR_NO_RADIUS);
    Timing t{0, static_cast<double>(arb_rel_accuracy_bits(s)) * 0.30102999566398120, text};
    flint_free(text);
    // The inputs of every call are made before the clock starts.
    arb_ptr inputs = _arb_vec_init(calls);
    for (int i = 1; i <= calls; ++i) {
        if (cold) {
            arb_mul_ui(bi, tiny, static_cast<ulong>(i), prec);
            arb_add_ui(bi, bi, 1, prec);
            arb_mul(inputs + i - 1, bi, b, prec);
        } else {
            arb_add_ui(inputs + i - 1, nn, static_cast<ulong>(i), prec);
        }
    }
    const double start = cpu_seconds();
    for (int i = 0; i < calls; ++i) {
        if (cold) {
            evaluate(inputs + i, nn);
        } else {
            evaluate(b, inputs + i);
        }
        t.digits = std::min(t.digits, static_cast<double>(arb_rel_accuracy_bits(s)) * 0.30102999566398120);
    }
    t.seconds_per_call = (cpu_seconds() - start) / calls;
    if (!cold) {  // the value at n + compare_call, as for the others
        evaluate(b, inputs + compare_call - 1);
        char* last = arb_get_str(s, digits, ARB_STR_NO_RADIUS);
        t.value = last;
        flint_free(last);
    }
    _arb_vec_clear(inputs, calls);
    arb_clear(a), arb_clear(b), arb_clear(nn), arb_clear(bi), arb_clear(t1), arb_clear(t2), arb_clear(t3);
    arb_clear(t4), arb_clear(s), arb_clear(tiny);
    flint_cleanup();
    return t;
}

struct MpmathTiming {
    Timing warm, cold;
    std::string reference;
};

MpmathTiming time_mpmath(const char* alpha, const char* beta, const char* n, int calls) {
    const std::string command = std::string("/usr/bin/python3 '") + SKLAWS_BENCH_DIR +
                                "/theory_expected_tables_mpmath.py' " + alpha + " " + beta + " " + n + " " +
                                std::to_string(digits) + " " + std::to_string(calls);
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("cannot run " + command);
    char buffer[4096];
    std::string output;
    while (fgets(buffer, sizeof buffer, pipe.get())) output += buffer;
    std::istringstream in(output);
    MpmathTiming t;
    in >> t.warm.seconds_per_call >> t.cold.seconds_per_call >> t.warm.value >> t.warm.digits >> t.cold.digits >>
        t.reference;
    if (t.reference.empty()) throw std::runtime_error("no output from " + command);
    return t;
}

}  // namespace

int main() {
    const char* cases[][3] = {{"0.5", "1", "1e15"}, {"0.001", "1e6", "1e15"}, {"0.999", "-0.998", "1e15"}};
    std::cout << "expected-tables (K1) at " << digits
              << " digits: CPU time per call [us] (digits returned)\n"
                 "targets: warm >= 20x mpmath warm, cold >= 20x mpmath cold, cold <= Arb cold, warm >= 3x Arb warm\n\n";
    std::printf("%-6s %-7s %-5s | %-16s %-16s %-16s | %-16s %-16s %-16s | %s\n", "alpha", "beta", "n", "sklaws warm",
                "mpmath warm", "Arb warm", "sklaws cold", "mpmath cold", "Arb cold", "speed-ups and verdicts");
    bool all_pass = true;
    auto cell = [](const Timing& t) {
        char text[64];
        std::snprintf(text, sizeof text, "%8.2f (%2.0f)", t.seconds_per_call * 1e6, std::floor(t.digits));
        return std::string(text);
    };
    for (const auto& c : cases) {
        const Timing warm = time_ours(c[0], c[1], c[2], 4000, false);
        const Timing cold = time_ours(c[0], c[1], c[2], 1000, true);
        const Timing arb_warm = time_arb(c[0], c[1], c[2], 300, false);
        const Timing arb_cold = time_arb(c[0], c[1], c[2], 300, true);
        const MpmathTiming mpmath = time_mpmath(c[0], c[1], c[2], compare_call);
        const double warm_vs_mpmath = mpmath.warm.seconds_per_call / warm.seconds_per_call;
        const double cold_vs_mpmath = mpmath.cold.seconds_per_call / cold.seconds_per_call;
        const double cold_vs_arb = arb_cold.seconds_per_call / cold.seconds_per_call;
        const double warm_vs_arb = arb_warm.seconds_per_call / warm.seconds_per_call;
        const bool pass = warm_vs_mpmath >= 20 && cold_vs_mpmath >= 20 && cold_vs_arb >= 1 && warm_vs_arb >= 3 &&
                          warm.digits >= digits && cold.digits >= digits;
        all_pass = all_pass && pass;
        std::printf("%-6s %-7s %-5s | %-16s %-16s %-16s | %-16s %-16s %-16s | warm %.0fx mpmath %.1fx Arb; cold %.0fx mpmath "
                    "%.1fx Arb  %s\n",
                    c[0], c[1], c[2], cell(warm).c_str(), cell(mpmath.warm).c_str(), cell(arb_warm).c_str(),
                    cell(cold).c_str(), cell(mpmath.cold).c_str(), cell(arb_cold).c_str(), warm_vs_mpmath,
                    warm_vs_arb, cold_vs_mpmath, cold_vs_arb, pass ? "PASS" : "FAIL");
        std::printf("    sklaws    %s\n    mpmath    %s\n    Arb       %s\n    reference %s\n", warm.value.c_str(),
                    mpmath.warm.value.c_str(), arb_warm.value.c_str(), mpmath.reference.c_str());
    }
    std::cout << "\n" << (all_pass ? "all cases meet every target" : "some cases miss a target") << "\n";
    return all_pass ? 0 : 1;
}
