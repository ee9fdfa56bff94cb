// Benchmark: M2's exact E[T_C] in double against mpmath quadrature of the
// same integral (issue 12: >= 1000x faster, the same value to 14 digits),
// over alpha, beta and C from 20 to 1e9, in the same run (same machine load).
// The mpmath side is bench/theory_missing_mass_mpmath.py, run via popen; it
// integrates docs/theory.md's formula as printed at mp.dps = 30
// (at 20 its own quadrature kept only ~10 digits of E[T_1e9] = 3.4e-22).
#include "bench_support.hpp"

#include <sklaws/theory/missing_mass.hpp>

#include <boost/multiprecision/mpfr.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

struct Point {
    const char* alpha;
    const char* beta;
    std::uint64_t C;
};

struct Mpmath {
    double seconds = 0;
    std::string value;
};

std::string key(const Point& p) { return std::string(p.alpha) + ":" + p.beta + ":" + std::to_string(p.C); }

std::map<std::string, Mpmath> run_mpmath(const std::vector<Point>& points) {
    std::string command = std::string("/usr/bin/python3 ") + SKLAWS_BENCH_DIR + "/theory_missing_mass_mpmath.py";
    for (const auto& p : points) command += " " + key(p);
    std::map<std::string, Mpmath> out;
    for (const std::string& line : sklaws::bench::baseline_lines(command)) {
        std::istringstream in(line);
        std::string kind, a, b, c;
        Mpmath m;
        in >> kind >> a >> b >> c >> m.seconds >> m.value;
        if (kind == "mpmath") out[a + ":" + b + ":" + c] = m;
    }
    return out;
}

using sklaws::bench::seconds_per_call;

}  // namespace

int main() {
    const std::vector<Point> points = {{"0.5", "1", 20},        {"0.5", "1", 1000000}, {"0.8", "20", 1000},
                                       {"0.3", "-0.2", 1000000000}, {"0.95", "100", 100000}, {"0.05", "1", 10}};
    std::printf("M2 E[T_C]: sklaws double vs mpmath.quad of the same integral (mp.dps 30), same run\n");
    const auto mpmath = run_mpmath(points);
    std::printf("%-6s %-6s %-11s %12s %12s %10s %8s  %s\n", "alpha", "beta", "C", "sklaws_us", "mpmath_us", "speedup",
                "digits", "value");
    double worst_speedup = 1e300, worst_digits = 99;
    for (const auto& p : points) {
        const double a = std::stod(p.alpha), b = std::stod(p.beta);
        double value = 0;
        const double s = seconds_per_call([&] { value = sklaws::theory::tail_mass_e<double>(a, b, p.C).val; });
        const auto it = mpmath.find(key(p));
        if (it == mpmath.end()) {
            std::printf("%-6s %-6s %-11llu %12.2f %12s\n", p.alpha, p.beta, static_cast<unsigned long long>(p.C),
                        s * 1e6, "(missing)");
            continue;
        }
        const boost::multiprecision::mpfr_float want(it->second.value);
        const double rel = static_cast<double>(abs(boost::multiprecision::mpfr_float(value) - want) / want);
        const double digits = rel == 0 ? 17.0 : -std::log10(rel);
        const double speedup = it->second.seconds / s;
        worst_speedup = std::min(worst_speedup, speedup);
        worst_digits = std::min(worst_digits, digits);
        std::printf("%-6s %-6s %-11llu %12.2f %12.0f %10.0f %8.1f  %.16g\n", p.alpha, p.beta,
                    static_cast<unsigned long long>(p.C), s * 1e6, it->second.seconds * 1e6, speedup, digits, value);
    }
    std::printf("worst speedup %.0fx (target >= 1000x), worst agreement %.1f digits (target >= 14)\n", worst_speedup,
                worst_digits);
}
