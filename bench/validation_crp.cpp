// Speed of the CRP samplers (issue 6), side by side with the plain-Python
// O(1) urn sampler (bench/validation_crp_python.py) run in the same process
// tree, same N and parameters.
//
//   full partition (CrpSampler::seat_many)   target ≤ 30 ns/customer at N = 1e7
//   table count only (crp_table_count)       target ≤ 3 ns/customer
//   table construction (O(K) work)           for reference
//   Python urn sampler                       ours must be ≥ 10× faster
//
// Times are CPU time of the measuring thread (best of --repeat runs): the
// machine is shared, and CPU time is what contention distorts least. The
// Python baseline reports its process CPU time the same way.
//
// usage: bench_validation_crp [--n 1e7] [--python-n N] [--repeat 3]   (Python runs at --n unless told)
#include <sklaws/validation/crp_sampler.hpp>
#include <sklaws/validation/table_construction.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>

#include "bench_support.hpp"
#include <string>

using namespace sklaws;

namespace {

using bench::best_seconds;
using bench::thread_cpu_seconds;

// Runs the Python baseline; returns its CPU ns per customer (or < 0).
double python_ns_per_customer(std::uint64_t n, double alpha, double beta) {
    const std::string command = std::string("/usr/bin/python3 ") + SKLAWS_BENCH_DIR + "/validation_crp_python.py --n " +
                                std::to_string(n) + " --alpha " + std::to_string(alpha) + " --beta " +
                                std::to_string(beta);
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return -1;
    char line[256] = {};
    double ns = -1;
    if (std::fgets(line, sizeof line, pipe) != nullptr) std::sscanf(line, "ns_per_customer %lf", &ns);
    pclose(pipe);
    return ns;
}

std::uint64_t option(int argc, char** argv, const char* name, std::uint64_t fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0) return static_cast<std::uint64_t>(std::strtod(argv[i + 1], nullptr));
    }
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t n = option(argc, argv, "--n", 10000000);
    const std::uint64_t python_n = option(argc, argv, "--python-n", n);
    const int repeat = static_cast<int>(option(argc, argv, "--repeat", 3));
    const theory::PitmanYorParameters cases[] = {{0.5, 1.0}, {0.8, 10.0}};

    std::printf("CRP samplers, N = %.0e customers (Python baseline at N = %.0e), CPU ns per customer, best of %d\n\n",
                static_cast<double>(n), static_cast<double>(python_n), repeat);
    std::printf("%-12s %12s %12s %12s %12s %12s %10s\n", "(alpha,beta)", "partition", "count-only", "construction",
                "python urn", "speed-up", "K_N");
    bool ok = true;
    for (const auto& p : cases) {
        std::uint64_t tables = 0;
        const double partition = best_seconds(repeat, [&] {
            numerics::RandomStream rng(1, 1);
            validation::CrpSampler crp(p, n);
            crp.seat_many(n, rng);
            tables = crp.tables();
        });
        std::uint64_t counted = 0;
        const double count_only = best_seconds(repeat, [&] {
            numerics::RandomStream rng(1, 1);
            counted = validation::crp_table_count(p, n, rng);
        });
        const double construction = best_seconds(repeat, [&] {
            numerics::RandomStream rng(1, 2);
            volatile std::size_t k = validation::table_sizes_by_construction(p, n, rng).size();
            (void)k;
        });
        const double python = python_ns_per_customer(python_n, p.alpha, p.beta);
        const double scale = 1e9 / static_cast<double>(n);
        const double ours = partition * scale;
        char label[32];
        std::snprintf(label, sizeof label, "(%.1f,%.0f)", p.alpha, p.beta);
        std::printf("%-12s %12.2f %12.2f %12.3f %12.1f %11.0fx %10llu\n", label, ours, count_only * scale,
                    construction * scale, python, python / ours, static_cast<unsigned long long>(tables));
        if (counted != tables) {
            std::printf("  (!) count-only K_N %llu differs from the partition's %llu on the same stream\n",
                        static_cast<unsigned long long>(counted), static_cast<unsigned long long>(tables));
            ok = false;
        }
        ok = ok && ours <= 30.0 && count_only * scale <= 3.0 && python / ours >= 10.0;
    }
    std::printf("\ntargets: partition <= 30 ns, count-only <= 3 ns, >= 10x the Python urn: %s\n",
                ok ? "met" : "NOT met");
    return 0;
}
