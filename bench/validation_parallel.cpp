// Parallel efficiency of the replicate-parallel Monte Carlo (issue 6 target:
// ≥ 85 % on 2 cores, efficiency = t1 / (2·t2)).
//
// Workload: the knowledge-redundancy estimator (GEM sticks + CRP coder, the
// heaviest per-replicate work in validation/) and the tables estimator (CRP
// paths). Baseline: the same estimator in the same run with 1 thread. Each
// timing is the best of `repeats` runs (the machine may be shared, so the
// minimum is the least disturbed one). The results of the 1- and 2-thread
// runs are compared bit for bit.
//
// usage: bench_validation_parallel [replicates] [repeats]
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/redundancy_estimators.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

using namespace sklaws::validation;

namespace {

struct Timing {
    double seconds;
    std::vector<double> result;
};

Timing best_of(unsigned repeats, const std::function<std::vector<double>()>& run) {
    Timing best{1e300, {}};
    for (unsigned i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        auto result = run();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (s < best.seconds) best = {s, std::move(result)};
    }
    return best;
}

std::vector<double> flatten(const std::vector<Estimate>& estimates) {
    std::vector<double> out;
    for (const auto& e : estimates) {
        out.push_back(e.mean);
        out.push_back(e.se);
    }
    return out;
}

void report(const char* name, std::size_t replicates, unsigned repeats,
            const std::function<std::vector<double>(unsigned threads)>& run) {
    const Timing t1 = best_of(repeats, [&] { return run(1); });
    const Timing t2 = best_of(repeats, [&] { return run(2); });
    const double efficiency = t1.seconds / (2.0 * t2.seconds);
    std::printf("%-24s %10zu %12.3f %12.3f %9.2fx %10.1f%% %10s\n", name, replicates, t1.seconds, t2.seconds,
                t1.seconds / t2.seconds, 100.0 * efficiency, t1.result == t2.result ? "identical" : "DIFFER");
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t replicates = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 400;
    const unsigned repeats = argc > 2 ? static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10)) : 3;
    const sklaws::theory::PitmanYorParameters py{0.5, 1.0};
    std::printf("replicate-parallel Monte Carlo, best of %u; baseline = the same estimator on 1 thread\n", repeats);
    std::printf("%-24s %10s %12s %12s %10s %11s %10s\n", "estimator", "replicates", "t1 [s]", "t2 [s]", "speedup",
                "efficiency", "results");
    report("knowledge-redundancy", replicates, repeats, [&](unsigned threads) {
        RunOptions options;
        options.threads = threads;
        return flatten(estimate_knowledge_redundancy(py, KnowledgeCosts{}, {100, 1000, 10000}, replicates, options));
    });
    report("tables (CRP paths)", 4 * replicates, repeats, [&](unsigned threads) {
        RunOptions options;
        options.threads = threads;
        std::vector<double> out;
        for (const auto& e : estimate_table_counts(py, {100, 1000, 10000}, 4 * replicates, options)) {
            out.push_back(e.mean.mean);
            out.push_back(e.variance.mean);
        }
        return out;
    });
    std::printf("target: efficiency = t1/(2*t2) >= 85%% on 2 cores (only meaningful on an otherwise idle machine)\n");
    return 0;
}
