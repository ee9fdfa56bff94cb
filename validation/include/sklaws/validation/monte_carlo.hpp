// Replicate-parallel Monte Carlo, bit-identical for any thread count and any
// MPI rank count.
//
// A Monte Carlo estimate of E[X] from R independent replicates X_1..X_R is
//     mean = (1/R) Σ X_r,    SE = s/√R,   s² = Σ (X_r − mean)² / (R − 1),
// and a check against a closed form passes when |mean − theory| ≤ z·SE
// (docs/theory.md §4).
//
// The executor. reduce_replicates(n, options, f, reducer) computes
// x_r = f(RandomStream(seed, offset + r), r) for r = 0..n−1 and calls
// reducer.add(x_r) in replicate order, r = 0, 1, 2, … — exactly the calls a
// plain serial loop makes. The replicates run on `threads` TBB threads in
// each of the job's MPI ranks (cluster.hpp); whichever thread or rank
// computes x_r, it draws from the stream keyed by (seed, r), and the fold is
// one sequential pass in replicate order on rank 0. So the reducer ends in
// the same state, bit for bit, for 1 thread, 64 threads or 1024 ranks × 64
// threads, whatever the reducer computes (compensated sums, shifted
// moments, histograms, a list of every result). Its state is then broadcast,
// so every rank returns holding the same reducer.
//
// Memory is bounded: results wait to be folded only while an earlier
// replicate is still running, and rank 0 stops handing out work while the
// waiting results exceed kPendingBudgetBytes (256 MiB); a reducer that keeps
// means holds O(columns), not O(replicates). Communication per rank is its
// replicates' encoded results (wire_format.hpp) plus two small messages per
// claim — O(results), never O(samples drawn inside a replicate).
//
// Work balance (replicates of very different cost, e.g. sticks extended
// lazily, or large n): dynamic self-scheduling, never a static split.
// Rank 0 keeps one counter of the next unclaimed replicate. Its own threads
// and the other ranks claim consecutive ranges from it as they run dry, with
// guided sizes — a rank with t of the job's T threads gets
// ⌈remaining·t/(2T)⌉ replicates (at most 4096, fewer when results are large),
// a thread ⌈remaining/(2T)⌉ (at most 256) — so claims shrink towards the
// end and no rank waits long for the slowest one; inside a rank the range is
// split the same way among its threads. Each rank other than 0 asks for its
// next range while half of the current one is still unclaimed, so the round
// trip is hidden. On every rank the thread that called the executor does the
// messaging (MPI_THREAD_SERIALIZED) while `threads` TBB workers compute;
// without MPI, or with one rank, the calling thread computes too and no
// message is sent.
//
// Failure: the first replicate (lowest index) that throws ends the call.
// In one process its exception is rethrown unchanged; across ranks every rank
// throws the same error — numerics::DomainError / OverflowError for bad input
// or out-of-range results, cluster::RankFailure otherwise — with the message
// prefixed "rank r: ". Nested calls (a replicate that itself calls the
// executor) run inside their rank, in order, without messages.
//
// Use reduce_replicates with ColumnMoments (or estimate_replicate_means) for
// anything that needs means, SEs, variances or covariances: bounded memory.
// run_replicates returns every result in a vector (legacy form, O(n)
// memory on every rank) for estimators that need the whole sample.
#pragma once

#include "wire_format.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/random_stream.hpp>
#include <sklaws/numerics/summation.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

namespace sklaws::validation {

// A Monte Carlo mean with its standard error over `replicates` draws.
struct Estimate {
    double mean = 0.0;
    double se = 0.0;
    std::size_t replicates = 0;
};

struct RunOptions {
    std::uint64_t seed = 1;
    unsigned threads = 0;          // threads per rank; 0 = all available cores
    std::size_t replicates = 0;    // 0 = the experiment's default
    // Called with the completed (folded) fraction in [0, 1], on rank 0 only;
    // calls are serialised; never influences the results.
    std::function<void(double fraction)> progress;
};

// The number of worker threads `threads` (0 = all cores this process may
// use, i.e. its CPU affinity under mpirun/srun binding) resolves to.
unsigned resolved_threads(unsigned threads);

// Results waiting on rank 0 for an earlier replicate before no more work is
// handed out.
inline constexpr std::size_t kPendingBudgetBytes = std::size_t{256} << 20;

namespace detail {

// The executor's view of one call: type-erased so that the scheduling and
// the MPI protocol (replicate_executor.cpp) are compiled once.
struct ReplicateJob {
    std::size_t count = 0;
    unsigned threads = 1;
    // Computes replicate r and appends its encoded result. Called concurrently.
    std::function<void(std::size_t r, ByteWriter& out)> run;
    // Decodes `count` consecutive results and folds them; called in
    // replicate order, never concurrently, on rank 0 only.
    std::function<void(ByteReader& in, std::size_t count)> consume;
    // The reducer's state, broadcast from rank 0 after the last fold.
    std::function<void(ByteWriter& out)> save;
    std::function<void(ByteReader& in)> load;
    const std::function<void(double)>* progress = nullptr;
};

void execute_replicates(const ReplicateJob& job);

// Totals over this process's executor calls (for the scaling model of
// bench/validation_mpi_scaling.cpp): outermost calls, replicates, encoded
// result bytes, seconds spent folding on this rank, and the bytes of the
// reducer states broadcast at the end of each call — counted in one process
// too when set_measure_state(true) (it costs one extra save per call).
struct ExecutorStats {
    std::uint64_t calls = 0;
    std::uint64_t replicates = 0;
    std::uint64_t result_bytes = 0;
    double fold_seconds = 0.0;
    std::uint64_t state_bytes = 0;
};
ExecutorStats executor_stats();
void set_measure_state(bool on);

template <class F>
using ReplicateResult = std::decay_t<std::invoke_result_t<F&, numerics::RandomStream&, std::size_t>>;

}  // namespace detail

// Folds f's results into `reducer` in replicate order (see the top of this
// file). Reducer requirements:
//   void add(Result&& x);              // called for r = 0..n−1 in order
//   void save(ByteWriter&) const;      // its whole state ...
//   void load(ByteReader&);            // ... and back (for the broadcast)
// f must be safe to call concurrently; replicate r gets the stream
// RandomStream(options.seed, stream_offset + r) — two phases of one
// experiment pass different offsets so that their streams are disjoint.
template <class F, class Reducer>
Reducer& reduce_replicates(std::size_t n, const RunOptions& options, F&& f, Reducer& reducer,
                           std::uint64_t stream_offset = 0) {
    using Result = detail::ReplicateResult<F>;
    detail::ReplicateJob job;
    job.count = n;
    job.threads = resolved_threads(options.threads);
    job.run = [&](std::size_t r, ByteWriter& out) {
        numerics::RandomStream stream(options.seed, stream_offset + r);
        out.put<Result>(f(stream, r));
    };
    job.consume = [&](ByteReader& in, std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) reducer.add(in.get<Result>());
    };
    job.save = [&](ByteWriter& out) { reducer.save(out); };
    job.load = [&](ByteReader& in) { reducer.load(in); };
    job.progress = options.progress ? &options.progress : nullptr;
    detail::execute_replicates(job);
    return reducer;
}

// Keeps every result, in replicate order.
template <class T>
class KeepAll {
public:
    void add(T&& x) { values_.push_back(std::move(x)); }
    void save(ByteWriter& out) const { out.put(values_); }
    void load(ByteReader& in) { values_ = in.get<std::vector<T>>(); }
    void reserve(std::size_t n) { values_.reserve(n); }
    std::vector<T>& values() { return values_; }

private:
    std::vector<T> values_;
};

// Runs f for r = 0..n−1 and returns the results indexed by r, on every rank
// (O(n) memory; prefer reduce_replicates when means suffice). f returns a
// double, a std::vector<double> (several statistics per replicate), or any
// value with a Wire encoding.
template <class F>
auto run_replicates(std::size_t n, const RunOptions& options, F f, std::uint64_t stream_offset = 0) {
    KeepAll<detail::ReplicateResult<F>> all;
    all.reserve(n);
    reduce_replicates(n, options, f, all, stream_offset);
    return std::move(all.values());
}

// Streamed statistics of replicate results, column by column: a result is a
// double (one column) or a std::vector<double> of the same length every
// time (DomainError otherwise). Per column it keeps shifted, compensated
// power sums S_k = Σ (x_r − K)^k (Neumaier), K = the first replicate's
// value, from which
//     mean = K + S_1/n,   Σ(x − mean)² = S_2 − n·D²,   D = S_1/n,
// (and the fourth central moment, and cross sums for covariances when
// asked). The shift keeps the cancellation to the ratio (mean − K)²/s² of a
// sample value's spread, not mean²/s² as raw sums would. Memory O(columns)
// (O(columns²) with covariances), whatever the replicate count.
class ColumnMoments {
public:
    struct Options {
        bool fourth_moments = false;  // for variance() (s² with its SE)
        bool covariances = false;     // for covariance(a, b)
    };
    ColumnMoments() = default;
    explicit ColumnMoments(Options options) : options_(options) {}

    void add(double x) { add(&x, 1); }
    void add(const std::vector<double>& row) { add(row.data(), row.size()); }
    void add(const double* row, std::size_t columns);

    std::size_t count() const { return count_; }
    std::size_t columns() const { return shift_.size(); }

    // Mean ± SE of column c (needs ≥ 1 replicate; SE 0 for one).
    Estimate mean(std::size_t c = 0) const;
    std::vector<Estimate> means() const;
    // Sample variance s² of column c with its SE from the fourth central
    // moment, Var(s²) ≈ (m₄ − s⁴(R−3)/(R−1))/R. Needs fourth_moments and
    // ≥ 4 replicates.
    Estimate variance(std::size_t c = 0) const;
    // Sample covariance Σ(x_a − x̄_a)(x_b − x̄_b)/(R − 1). Needs covariances
    // and ≥ 2 replicates.
    double covariance(std::size_t a, std::size_t b) const;
    // Mean ± SE of the linear combination Σ_c w_c x_c, from the covariances
    // (needs covariances).
    Estimate combination(const std::vector<double>& weights) const;

    void save(ByteWriter& out) const;
    void load(ByteReader& in);

private:
    double central_sum2(std::size_t c) const;  // Σ(x − mean)²

    Options options_{};
    std::size_t count_ = 0;
    std::vector<double> shift_;
    std::vector<numerics::NeumaierSum<double>> s1_, s2_, s3_, s4_;
    std::vector<numerics::NeumaierSum<double>> cross_;  // upper triangle a < b, row-major
};

// Column-wise mean ± SE of f's results (a double or a fixed-length
// std::vector<double> per replicate), streamed: O(columns) memory.
template <class F>
std::vector<Estimate> estimate_replicate_means(std::size_t n, const RunOptions& options, F&& f,
                                               std::uint64_t stream_offset = 0) {
    ColumnMoments moments;
    reduce_replicates(n, options, std::forward<F>(f), moments, stream_offset);
    return moments.means();
}

// Mean and standard error of the values (the same arithmetic as
// ColumnMoments, in index order). Needs at least one value; SE is 0 for a
// single value.
Estimate estimate_mean(const std::vector<double>& values);

// Sample variance s² of the values with its standard error from the fourth
// central moment (ColumnMoments::variance). Needs at least four values.
Estimate estimate_variance(const std::vector<double>& values);

// Options for phase `index` of `count` phases of one experiment: the same
// seed and threads, with progress mapped to [index/count, (index+1)/count].
RunOptions phase_options(const RunOptions& options, std::size_t index, std::size_t count);

// Column-wise estimate over replicates that each return a vector of the same
// length (column c = statistic c). Throws DomainError on ragged input.
std::vector<Estimate> estimate_columns(const std::vector<std::vector<double>>& rows);

// Rows row(r), r = 0..count−1, computed by the executor (threads per rank,
// 0 = all cores) and returned in order on every rank. For callers outside
// validation/ that have no random stream of their own to key — the
// bootstrap of fitting/ (fitting::BootstrapOptions::runner) plugs in here.
std::vector<std::vector<double>> run_rows(std::size_t count, std::size_t threads,
                                          const std::function<std::vector<double>(std::size_t r)>& row);

}  // namespace sklaws::validation
