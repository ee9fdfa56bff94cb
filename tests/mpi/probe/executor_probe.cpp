// A program that runs the replicate executor the ways sklaws uses it and
// prints every result as hexadecimal floats, on every rank — tests/mpi runs
// it alone and under mpirun with several layouts and requires identical
// bytes (which also shows that ranks other than 0 print nothing).
//
// usage: executor_probe THREADS
// Test hooks: SKLAWS_TEST_FAIL_RANK=r (the executor's own);
// PROBE_DIE_RANK=r: rank r kills itself (SIGKILL) in its first replicate;
// PROBE_EARLY_FAIL_RANK / PROBE_LATE_FAIL_RANK=r: rank r alone throws before
// the first / after the last replicate-parallel call (as a failure outside
// the replicates, e.g. a file rank r cannot read, would).
// Errors go to stderr on every rank, as the sklaws commands print them; the
// session reads another rank's from its captured stderr.
#include <sklaws/validation/cluster.hpp>
#include <sklaws/validation/heaps_estimators.hpp>
#include <sklaws/validation/monte_carlo.hpp>
#include <sklaws/validation/redundancy_estimators.hpp>
#include <sklaws/validation/scaling_estimators.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

using namespace sklaws::validation;
using sklaws::numerics::RandomStream;

namespace {

void print(const char* name, double x) { std::printf("%s %a\n", name, x); }
void print(const char* name, const Estimate& e) { std::printf("%s %a %a %zu\n", name, e.mean, e.se, e.replicates); }

int rank_from(const char* variable) {
    const char* text = std::getenv(variable);
    return text ? std::atoi(text) : -1;
}

void run(unsigned threads) {
    RunOptions options;
    options.seed = 7;
    options.threads = threads;
    const int die = rank_from("PROBE_DIE_RANK");
    if (rank_from("PROBE_EARLY_FAIL_RANK") == cluster::rank()) throw std::runtime_error("early failure on this rank alone");

    // Whole results, of uneven length and very uneven cost.
    const auto rows = run_replicates(600, options, [&](RandomStream& rng, std::size_t r) {
        if (die == sklaws::validation::cluster::rank()) std::raise(SIGKILL);
        if (r % 17 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300 + 40 * (r % 11)));
        std::vector<double> v(1 + r % 5);
        for (auto& x : v) x = rng.normal();
        return v;
    });
    double hash = 0.0;
    std::size_t values = 0;
    for (const auto& row : rows) {
        for (double x : row) {
            hash = hash * 1.0000001 + x;
            ++values;
        }
    }
    std::printf("rows %zu values %zu hash %a\n", rows.size(), values, hash);

    // Streamed moments with covariances, in a second phase (stream offset).
    ColumnMoments m(ColumnMoments::Options{.fourth_moments = true, .covariances = true});
    reduce_replicates(5000, options, [](RandomStream& rng, std::size_t) {
        const double x = rng.normal();
        return std::vector<double>{x, x * x + rng.uniform(), -std::log(rng.uniform())};
    }, m, std::uint64_t{1} << 40);
    for (std::size_t c = 0; c < 3; ++c) {
        print("mean", m.mean(c));
        print("variance", m.variance(c));
    }
    print("covariance", m.covariance(0, 1));
    print("combination", m.combination({1.0, -2.0, 0.5}));

    // Estimators of the experiments (CRP paths, GEM sticks, the CRP coder).
    const sklaws::theory::PitmanYorParameters py{0.5, 1.0};
    for (const auto& t : estimate_table_counts(py, {10, 100, 1000}, 64, options)) {
        print("K_n", t.mean);
        print("Var K_n", t.variance);
    }
    const auto entropy = estimate_entropy(py, 1e-3, 64, options);
    print("entropy", entropy.entropy);
    for (const auto& e : estimate_knowledge_redundancy(py, KnowledgeCosts{}, {100, 1000}, 32, options)) print("R_n", e);
    for (const auto& row : simulate_tail_mass(py, {10, 40}, 32, options)) print("T_C", row[1]);

    // A replicate that runs the executor itself.
    const auto nested = run_replicates(8, options, [&](RandomStream&, std::size_t r) {
        RunOptions inner = options;
        inner.seed = 1000 + r;
        return estimate_replicate_means(50, inner, [](RandomStream& rng, std::size_t) { return rng.uniform(); })[0].mean;
    });
    for (double x : nested) print("nested", x);

    // Rows for callers without streams of their own (the bootstrap).
    const auto boot = run_rows(40, threads, [](std::size_t r) { return std::vector<double>{std::sqrt(double(r))}; });
    print("rows", boot[39][0]);
    if (rank_from("PROBE_LATE_FAIL_RANK") == cluster::rank()) throw std::runtime_error("late failure on this rank alone");
}

}  // namespace

int main(int argc, char** argv) {
    cluster::Session session(argc, argv);
    const unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 1;
    int status = 0;
    try {
        run(threads);
    } catch (const std::exception& e) {
        status = 1;
        std::fprintf(stderr, "executor_probe: error: %s\n", e.what());
    }
    std::fflush(stdout);
    return session.finish(status, "");
}
