// Benchmark: Γ(x+δ)/Γ(x) at huge x, ours against the two baselines of issue 2.
//
//   double, x = 1e12:  gamma_ratio (Stirling difference) vs exp(lgamma(x+δ) − lgamma(x)):
//                      correct digits against an mpmath reference, and ns per call;
//   50 digits, x = 1e12 … 1e18: gamma_ratio<mp_real> vs mpmath (rf at dps 50, and
//                      exp(loggamma − loggamma) at the dps that keeps 50 digits):
//                      µs per call and correct digits.
// The mpmath numbers come from bench/numerics_gamma_ratio_mpmath.py, run by
// this driver in the same run (same machine load), via popen.
#include "bench_support.hpp"

#include <sklaws/numerics/special_functions.hpp>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace sklaws::numerics;

namespace {

struct Point {
    double x, delta;
};

std::string key(double v) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

struct MpmathResult {
    double micros = 0, digits = 0;
};

struct MpmathRun {
    std::map<std::pair<std::string, std::string>, std::string> reference;
    std::map<std::pair<std::string, std::string>, std::map<std::string, MpmathResult>> timing;
};

MpmathRun run_mpmath(const std::vector<Point>& points, unsigned digits) {
    std::string command = std::string("/usr/bin/python3 ") + SKLAWS_BENCH_DIR + "/numerics_gamma_ratio_mpmath.py " +
                          std::to_string(digits);
    for (const auto& p : points) command += " " + key(p.x) + ":" + key(p.delta);
    MpmathRun run;
    for (const std::string& line : sklaws::bench::baseline_lines(command)) {
        std::istringstream in(line);
        std::string kind;
        in >> kind;
        if (kind == "ref") {
            std::string x, d, value;
            in >> x >> d >> value;
            run.reference[{x, d}] = value;
        } else if (kind == "mpmath") {
            std::string method, x, d;
            MpmathResult r;
            in >> method >> x >> d >> r.micros >> r.digits;
            run.timing[{x, d}][method] = r;
        }
    }
    return run;
}

// Calls of nanoseconds: one clock read per 16.
template <class F>
double seconds_per_call(F&& f) {
    return sklaws::bench::seconds_per_call(f, 0.2, 16);
}

double correct_digits(const mp_real& value, const mp_real& reference) {
    if (value == reference) return 99;
    return std::min(99.0, -std::log10(static_cast<double>(abs(value - reference) / abs(reference))));
}

}  // namespace

int main() {
    const std::vector<Point> double_points{{1e12, 0.5}, {1e12, 0.3}, {1e12, 1e-3}, {1e12, 1e-8}, {1e12, -0.25}, {1e12, 2.5}};
    const std::vector<Point> mp_points{{1e12, 0.3}, {1e15, 0.3}, {1e18, 0.3}, {1e15, 1e-10}, {1e15, -0.75}};
    std::vector<Point> all = double_points;
    all.insert(all.end(), mp_points.begin(), mp_points.end());
    constexpr unsigned digits = 50;
    const MpmathRun mpmath = run_mpmath(all, digits);
    WorkingPrecision wide(80);  // parses the 60-digit references

    std::printf("Gamma(x+d)/Gamma(x) in double: ours vs exp(lgamma(x+d) - lgamma(x))\n");
    std::printf("%-8s %-8s | %-13s %-13s | %-11s %-11s\n", "x", "delta", "digits ours", "digits naive", "ns ours",
                "ns naive");
    volatile double sink = 0;
    for (const auto& p : double_points) {
        const auto it = mpmath.reference.find({key(p.x), key(p.delta)});
        if (it == mpmath.reference.end()) continue;
        const mp_real ref(it->second);
        const double ours = gamma_ratio(p.x, p.delta);
        const double naive = std::exp(std::lgamma(p.x + p.delta) - std::lgamma(p.x));
        const double t_ours = seconds_per_call([&] { sink = sink + gamma_ratio(p.x, p.delta); });
        const double t_naive =
            seconds_per_call([&] { sink = sink + std::exp(std::lgamma(p.x + p.delta) - std::lgamma(p.x)); });
        std::printf("%-8.3g %-8.3g | %-13.1f %-13.1f | %-11.1f %-11.1f\n", p.x, p.delta,
                    correct_digits(mp_real(ours), ref), correct_digits(mp_real(naive), ref), t_ours * 1e9,
                    t_naive * 1e9);
    }

    std::printf("\nGamma(x+d)/Gamma(x) at %u digits: ours (mp_real) vs mpmath, same run\n", digits);
    std::printf("%-8s %-8s | %-9s %-9s | %-9s %-9s | %-12s %-12s | %-9s\n", "x", "delta", "us ours", "digits",
                "us rf", "digits", "us guarded", "digits", "speedup");
    for (const auto& p : mp_points) {
        const auto it = mpmath.reference.find({key(p.x), key(p.delta)});
        const auto tm = mpmath.timing.find({key(p.x), key(p.delta)});
        if (it == mpmath.reference.end() || tm == mpmath.timing.end()) continue;
        const mp_real ref(it->second);
        mp_real value;
        double t_ours;
        {
            WorkingPrecision wp(digits);
            const mp_real x(p.x), d(p.delta);
            value = gamma_ratio(x, d);
            t_ours = seconds_per_call([&] { value = gamma_ratio(x, d); });
        }
        const MpmathResult rf = tm->second.at("rf");
        const MpmathResult guarded = tm->second.at("guarded");
        std::printf("%-8.3g %-8.3g | %-9.2f %-9.1f | %-9.1f %-9.1f | %-12.1f %-12.1f | %.1fx\n", p.x, p.delta,
                    t_ours * 1e6, correct_digits(value, ref), rf.micros, rf.digits, guarded.micros, guarded.digits,
                    std::min(rf.micros, guarded.micros) / (t_ours * 1e6));
    }
    std::printf("\n(speedup = fastest mpmath variant / ours; digits = correct significant digits vs an mpmath\n"
                " reference at 60 + log10|lnGamma(x)| + 20 digits)\n");
    return 0;
}
