// The replicate executor: guided self-scheduling over threads and MPI ranks,
// results folded in replicate order on rank 0 (scheme: monte_carlo.hpp).
//
// One process: the calling thread and threads−1 TBB workers claim ranges
// from one counter, deliver encoded results to the collector, and whichever
// thread finds the next-to-fold range ready folds it.
//
// Several ranks: on every rank the calling thread computes with its TBB
// arena as above, and a messaging thread of the call (MPI_THREAD_SERIALIZED:
// the two never call MPI at the same time) talks to rank 0:
//
//   rank w                               rank 0 (messaging thread)
//   request {call, n, threads}   ──▶     claim a guided range, or defer while
//                                ◀──     the pending results exceed the budget
//   assign {first, count}                (done when none is left, abort after
//   result {first, count, bytes} ──▶     a failure: one terminal message each)
//   error {replicate, what}      ──▶     fold what continues the prefix
//   bye                          ──▶     (nothing follows from w in this call)
//   ◀── broadcast {outcome, reducer state or failure} to every rank
//
// Rank 0's messaging thread is also its only folder, so its compute threads
// never wait on a fold. Every message carries the call's sequence number: all
// ranks make the same distributed calls in the same order (cluster.hpp), and a
// mismatch is reported as a failure rather than mixing two calls' results.
#include <sklaws/validation/cluster.hpp>
#include <sklaws/validation/monte_carlo.hpp>

#include "message_transport.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace sklaws::validation::detail {

namespace {

using Kind = cluster::RankFailure::Kind;
using namespace std::chrono_literals;

constexpr std::size_t kBatchBytes = std::size_t{4} << 20;  // a thread hands over what it holds at this size
constexpr std::size_t kMaxThreadClaim = 256;
constexpr std::size_t kMaxRankClaim = 4096;
constexpr std::size_t kNoReplicate = std::numeric_limits<std::size_t>::max();

struct Totals {
    std::atomic<std::uint64_t> calls{0};
    std::atomic<std::uint64_t> replicates{0};
    std::atomic<std::uint64_t> result_bytes{0};
    std::atomic<std::uint64_t> fold_nanoseconds{0};
    std::atomic<std::uint64_t> state_bytes{0};
    std::atomic<bool> measure_state{false};
};
Totals g_totals;

struct Range {
    std::size_t first = 0;
    std::size_t count = 0;
};

// Guided self-scheduling: a claimer holding `share` of `total` threads gets
// ⌈remaining·share/(2·total)⌉ replicates, clamped to [lo, hi] and to what
// is left.
std::size_t guided(std::size_t remaining, std::size_t share, std::size_t total, std::size_t lo, std::size_t hi) {
    const std::size_t want = (remaining * share + 2 * total - 1) / (2 * total);
    lo = std::max<std::size_t>(lo, 1);
    return std::min(remaining, std::clamp(want, lo, std::max(lo, hi)));
}

// ---------------------------------------------------------------- failures

struct Failure {
    std::size_t replicate = kNoReplicate;
    int rank = 0;
    Kind kind = Kind::runtime;
    std::string argument;
    std::string message;
    std::exception_ptr exception;  // the original, on the rank that caught it
};

Failure describe(std::exception_ptr e, std::size_t replicate, int rank) {
    Failure f;
    f.replicate = replicate;
    f.rank = rank;
    f.exception = e;
    try {
        std::rethrow_exception(e);
    } catch (const numerics::DomainError& x) {
        f.kind = Kind::domain;
        f.argument = x.argument();
        f.message = x.what();
    } catch (const numerics::OverflowError& x) {
        f.kind = Kind::overflow;
        f.message = x.what();
    } catch (const cluster::RankFailure& x) {
        f.kind = x.kind();
        f.argument = x.argument();
        f.message = x.message();
    } catch (const std::exception& x) {
        f.message = x.what();
    } catch (...) {
        f.message = "unknown exception";
    }
    return f;
}

// The failure with the lowest replicate index (then rank) seen in this call;
// recording one stops this rank's claims.
class FailureBox {
public:
    explicit FailureBox(std::atomic<bool>& stop) : stop_(stop) {}
    void record(Failure f) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!failed_ || f.replicate < best_.replicate || (f.replicate == best_.replicate && f.rank < best_.rank)) {
            best_ = std::move(f);
        }
        failed_ = true;
        stop_.store(true);
    }
    bool failed() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return failed_;
    }
    Failure best() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return best_;
    }

private:
    mutable std::mutex mutex_;
    std::atomic<bool>& stop_;
    bool failed_ = false;
    Failure best_;
};

void put_failure(ByteWriter& out, const Failure& f) {
    out.put(static_cast<std::uint64_t>(f.replicate));
    out.put(static_cast<std::int32_t>(f.rank));
    out.put(static_cast<std::int32_t>(f.kind));
    out.put(f.argument);
    out.put(f.message);
}

Failure get_failure(ByteReader& in) {
    Failure f;
    f.replicate = static_cast<std::size_t>(in.get<std::uint64_t>());
    f.rank = in.get<std::int32_t>();
    f.kind = static_cast<Kind>(in.get<std::int32_t>());
    f.argument = in.get<std::string>();
    f.message = in.get<std::string>();
    return f;
}

// What every rank throws when a distributed call failed.
[[noreturn]] void throw_failure(const Failure& f) {
    const std::string text = "rank " + std::to_string(f.rank) + ": " + f.message;
    switch (f.kind) {
        case Kind::domain:
            throw numerics::DomainError(f.argument, text);
        case Kind::overflow:
            throw numerics::OverflowError(text);
        case Kind::runtime:
            break;
    }
    throw cluster::RankFailure(f.rank, f.kind, f.argument, f.message);
}

// SKLAWS_TEST_FAIL_RANK: the first replicate this rank computes throws.
class Injection {
public:
    explicit Injection(bool armed) : armed_(armed) {}
    void maybe_fire() {
        if (armed_ && !fired_.exchange(true)) {
            throw std::runtime_error("injected failure (SKLAWS_TEST_FAIL_RANK=" + std::to_string(cluster::rank()) +
                                     ")");
        }
    }

private:
    bool armed_;
    std::atomic<bool> fired_{false};
};

// ---------------------------------------------------------------- rank 0 state

// The counter of the next unclaimed replicate.
class Dispatcher {
public:
    explicit Dispatcher(std::size_t n) : n_(n) {}
    // Claims size(remaining) replicates; false when none is left.
    template <class Size>
    bool claim(Size&& size, Range& out) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (next_ == n_) return false;
        const std::size_t count = std::min(n_ - next_, size(n_ - next_));
        out = Range{next_, count};
        next_ += count;
        return true;
    }
    bool exhausted() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return next_ == n_;
    }

private:
    mutable std::mutex mutex_;
    std::size_t next_ = 0;
    std::size_t n_;
};

struct Batch {
    std::size_t count = 0;
    Bytes bytes;
    std::size_t offset = 0;  // where the results start in `bytes`
};

// Results waiting for their turn, and the in-order fold.
class Collector {
public:
    explicit Collector(const ReplicateJob& job) : job_(job), report_every_(job.count / 100 + 1) {}

    void deliver(std::size_t first, Batch batch) {
        const std::size_t size = batch.bytes.size() - batch.offset;
        std::lock_guard<std::mutex> lock(mutex_);
        buffered_.fetch_add(size);
        delivered_bytes_ += size;
        delivered_results_ += batch.count;
        pending_.emplace(first, std::move(batch));
    }

    // Folds every batch that continues the folded prefix. Only one thread
    // folds at a time; returns at once if another one is folding. A reducer
    // that throws is recorded as the failure of the replicate being folded.
    void try_fold(FailureBox& failures) {
        std::unique_lock<std::mutex> folding(fold_mutex_, std::try_to_lock);
        if (!folding.owns_lock()) return;
        try {
            fold_locked();
        } catch (...) {
            failures.record(describe(std::current_exception(), folded(), cluster::rank()));
        }
    }
    void fold(FailureBox& failures) {
        std::lock_guard<std::mutex> folding(fold_mutex_);
        try {
            fold_locked();
        } catch (...) {
            failures.record(describe(std::current_exception(), folded(), cluster::rank()));
        }
    }

    std::size_t folded() const { return cursor_.load(); }
    std::size_t buffered_bytes() const { return buffered_.load(); }
    // Encoded bytes per result so far (64 before any result arrived).
    double bytes_per_result() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return delivered_results_ == 0 ? 64.0
                                       : static_cast<double>(delivered_bytes_) / static_cast<double>(delivered_results_);
    }

private:
    void fold_locked() {
        for (;;) {
            Batch batch;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                auto it = pending_.begin();
                if (it == pending_.end() || it->first != cursor_.load()) return;
                batch = std::move(it->second);
                pending_.erase(it);
            }
            ByteReader in(batch.bytes.data() + batch.offset, batch.bytes.size() - batch.offset);
            const auto start = std::chrono::steady_clock::now();
            job_.consume(in, batch.count);
            g_totals.fold_nanoseconds.fetch_add(static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count()));
            g_totals.result_bytes.fetch_add(batch.bytes.size() - batch.offset);
            if (!in.at_end()) throw std::logic_error("replicate executor: a result batch was not consumed exactly");
            buffered_.fetch_sub(batch.bytes.size() - batch.offset);
            const std::size_t before = cursor_.load();
            const std::size_t after = before + batch.count;
            cursor_.store(after);
            if (job_.progress != nullptr && (after / report_every_ != before / report_every_ || after == job_.count)) {
                (*job_.progress)(static_cast<double>(after) / static_cast<double>(job_.count));
            }
        }
    }

    const ReplicateJob& job_;
    const std::size_t report_every_;
    mutable std::mutex mutex_;
    std::mutex fold_mutex_;
    std::map<std::size_t, Batch> pending_;
    std::atomic<std::size_t> cursor_{0};
    std::atomic<std::size_t> buffered_{0};
    std::size_t delivered_bytes_ = 0;
    std::size_t delivered_results_ = 0;
};

// Wakes a waiting messaging thread early (it also wakes every millisecond).
class Wakeup {
public:
    void notify() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            signalled_ = true;
        }
        cv_.notify_one();
    }
    void wait() {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait_for(lock, 1ms, [&] { return signalled_; });
        signalled_ = false;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool signalled_ = false;
};

// ---------------------------------------------------------------- computing

// Runs claimed ranges on the calling thread until `claim` says stop; hands
// each finished piece to `deliver`. Never throws: failures are recorded.
template <class Claim, class Deliver>
void compute_loop(const ReplicateJob& job, Claim& claim, Deliver& deliver, FailureBox& failures,
                  const std::atomic<bool>& stop, Injection& injection) {
    std::size_t current = kNoReplicate;
    try {
        Range range;
        while (!stop.load(std::memory_order_relaxed) && claim(range)) {
            Batch batch;
            ByteWriter out(batch.bytes);
            std::size_t first = range.first;
            for (std::size_t r = range.first; r < range.first + range.count; ++r) {
                if (stop.load(std::memory_order_relaxed)) return;
                current = r;
                injection.maybe_fire();
                // Isolated: a replicate that waits on nested TBB work must not
                // pick up another replicate of this call meanwhile.
                tbb::this_task_arena::isolate([&] { job.run(r, out); });
                current = kNoReplicate;
                ++batch.count;
                if (batch.bytes.size() >= kBatchBytes) {
                    deliver(first, std::move(batch));
                    batch = Batch{};
                    first = r + 1;
                }
            }
            if (batch.count > 0) deliver(first, std::move(batch));
        }
    } catch (...) {
        failures.record(describe(std::current_exception(), current, cluster::rank()));
    }
}

// `threads` copies of compute_loop in one TBB arena; returns when all end.
template <class Claim, class Deliver>
void compute(const ReplicateJob& job, Claim& claim, Deliver& deliver, FailureBox& failures,
             const std::atomic<bool>& stop, Injection& injection) {
    // More threads than this process's cores (e.g. --threads 2 on a rank that
    // mpirun bound to one core) is what was asked for: raise TBB's worker
    // limit for the call rather than silently running fewer.
    std::optional<tbb::global_control> limit;
    if (static_cast<int>(job.threads) > tbb::info::default_concurrency()) {
        limit.emplace(tbb::global_control::max_allowed_parallelism, job.threads);
    }
    tbb::task_arena arena(static_cast<int>(job.threads));
    arena.execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<unsigned>(0, job.threads, 1),
            [&](const tbb::blocked_range<unsigned>& loops) {
                for (unsigned i = loops.begin(); i != loops.end(); ++i) {
                    compute_loop(job, claim, deliver, failures, stop, injection);
                }
            },
            tbb::simple_partitioner());
    });
}

// ---------------------------------------------------------------- one process

void execute_local(const ReplicateJob& job, bool inject) {
    Dispatcher dispatcher(job.count);
    Collector collector(job);
    std::atomic<bool> stop{false};
    FailureBox failures(stop);
    Injection injection(inject);
    const std::size_t threads = job.threads;
    auto claim = [&](Range& out) {
        for (;;) {
            if (stop.load()) return false;
            if (collector.buffered_bytes() <= kPendingBudgetBytes) {
                return dispatcher.claim(
                    [&](std::size_t remaining) { return guided(remaining, 1, threads, 1, kMaxThreadClaim); }, out);
            }
            collector.try_fold(failures);
            std::this_thread::sleep_for(50us);
        }
    };
    auto deliver = [&](std::size_t first, Batch batch) {
        collector.deliver(first, std::move(batch));
        collector.try_fold(failures);
    };
    compute(job, claim, deliver, failures, stop, injection);
    if (!failures.failed()) collector.fold(failures);
    if (failures.failed()) std::rethrow_exception(failures.best().exception);
    if (collector.folded() != job.count) throw std::logic_error("replicate executor: replicates were lost");
    if (g_totals.measure_state.load()) {
        Bytes state;
        ByteWriter out(state);
        job.save(out);
        g_totals.state_bytes.fetch_add(state.size());
    }
}

// ---------------------------------------------------------------- several ranks

Bytes message(std::uint64_t call) {
    Bytes bytes;
    ByteWriter(bytes).put(call);
    return bytes;
}

void check_call(ByteReader& in, std::uint64_t call, int source) {
    const auto theirs = in.get<std::uint64_t>();
    if (theirs != call) {
        throw std::logic_error("replicate executor: rank " + std::to_string(source) + " sent a message of call " +
                               std::to_string(theirs) + " during call " + std::to_string(call) +
                               " (ranks must make the same replicate-parallel calls in the same order)");
    }
}

// Broadcasts the outcome from rank 0 and applies it on every rank.
void finish_call(const ReplicateJob& job, FailureBox& failures) {
    Bytes outcome;
    if (cluster::rank() == 0) {
        ByteWriter out(outcome);
        if (!failures.failed()) {
            try {
                Bytes state;
                ByteWriter state_out(state);
                job.save(state_out);
                g_totals.state_bytes.fetch_add(state.size());
                out.put(std::uint8_t{0});
                out.raw(state.data(), state.size());
            } catch (...) {
                failures.record(describe(std::current_exception(), job.count, 0));
                outcome.clear();
            }
        }
        if (failures.failed()) {
            out.put(std::uint8_t{1});
            put_failure(out, failures.best());
        }
    }
    transport::broadcast(outcome);
    ByteReader in(outcome);
    if (in.get<std::uint8_t>() != 0) throw_failure(get_failure(in));
    if (cluster::rank() != 0) {
        job.load(in);
        if (!in.at_end()) throw std::logic_error("replicate executor: the reducer state was not read exactly");
    }
}

void execute_root(const ReplicateJob& job, std::uint64_t call, bool inject) {
    const int ranks = cluster::size();
    Dispatcher dispatcher(job.count);
    Collector collector(job);
    std::atomic<bool> stop{false};
    FailureBox failures(stop);
    Injection injection(inject);
    Wakeup wakeup;
    struct Peer {
        bool asked = false;
        bool terminal = false;
        bool bye = false;
        std::size_t threads = 1;
    };
    std::vector<Peer> peers(static_cast<std::size_t>(ranks));
    for (auto& p : peers) p.threads = job.threads;  // until they say
    std::atomic<std::size_t> total_threads{job.threads * static_cast<std::size_t>(ranks)};
    auto claim = [&](Range& out) {
        for (;;) {
            if (stop.load()) return false;
            if (collector.buffered_bytes() <= kPendingBudgetBytes) {
                return dispatcher.claim(
                    [&](std::size_t remaining) {
                        return guided(remaining, 1, total_threads.load(), 1, kMaxThreadClaim);
                    },
                    out);
            }
            wakeup.notify();
            std::this_thread::sleep_for(50us);
        }
    };
    auto deliver = [&](std::size_t first, Batch batch) {
        collector.deliver(first, std::move(batch));
        wakeup.notify();
    };
    std::atomic<bool> computing{true};

    std::thread messenger([&] {
        transport::Message msg;
        for (;;) {
            try {
                while (transport::poll(msg)) {
                    ByteReader in(msg.payload);
                    check_call(in, call, msg.source);
                    Peer& peer = peers[static_cast<std::size_t>(msg.source)];
                    switch (msg.tag) {
                        case transport::request: {
                            const auto n = in.get<std::uint64_t>();
                            peer.threads = std::max<std::size_t>(1, in.get<std::uint64_t>());
                            if (n != job.count) {
                                failures.record(describe(
                                    std::make_exception_ptr(std::logic_error(
                                        "rank " + std::to_string(msg.source) + " runs " + std::to_string(n) +
                                        " replicates where rank 0 runs " + std::to_string(job.count) +
                                        " (ranks diverged)")),
                                    0, msg.source));
                            }
                            peer.asked = true;
                            std::size_t sum = job.threads;
                            for (std::size_t w = 1; w < peers.size(); ++w) sum += peers[w].threads;
                            total_threads.store(sum);
                            break;
                        }
                        case transport::result: {
                            const auto first = static_cast<std::size_t>(in.get<std::uint64_t>());
                            const auto count = static_cast<std::size_t>(in.get<std::uint64_t>());
                            if (!stop.load()) {
                                collector.deliver(first, Batch{count, std::move(msg.payload), in.position()});
                            }
                            break;
                        }
                        case transport::error: {
                            Failure f = get_failure(in);
                            f.rank = msg.source;
                            failures.record(std::move(f));
                            break;
                        }
                        case transport::bye:
                            peer.bye = true;
                            break;
                        default:
                            throw std::logic_error("replicate executor: unexpected message tag " +
                                                   std::to_string(msg.tag));
                    }
                }
                for (std::size_t w = 1; w < peers.size(); ++w) {
                    Peer& p = peers[w];
                    if (p.terminal) continue;
                    const int dest = static_cast<int>(w);
                    if (stop.load()) {
                        transport::send(dest, transport::abort, message(call));
                        p.terminal = true;
                    } else if (p.asked && dispatcher.exhausted()) {
                        transport::send(dest, transport::done, message(call));
                        p.terminal = true;
                    } else if (p.asked && collector.buffered_bytes() <= kPendingBudgetBytes) {
                        // At most ~1/4 of the budget in flight to all ranks at once.
                        const auto cap = static_cast<std::size_t>(std::max(
                            1.0, static_cast<double>(kPendingBudgetBytes) /
                                     (8.0 * static_cast<double>(ranks) * collector.bytes_per_result())));
                        Range range;
                        if (dispatcher.claim(
                                [&](std::size_t remaining) {
                                    return guided(remaining, p.threads, total_threads.load(), p.threads,
                                                  std::min(kMaxRankClaim, cap));
                                },
                                range)) {
                            Bytes bytes = message(call);
                            ByteWriter out(bytes);
                            out.put(static_cast<std::uint64_t>(range.first));
                            out.put(static_cast<std::uint64_t>(range.count));
                            transport::send(dest, transport::assign, std::move(bytes));
                            p.asked = false;
                        }
                    }
                }
                if (!stop.load()) collector.try_fold(failures);
                transport::progress_sends();
                const bool finished = !computing.load();
                bool all_bye = true;
                for (std::size_t w = 1; w < peers.size(); ++w) all_bye = all_bye && peers[w].bye;
                if (finished && all_bye) {
                    if (!stop.load()) collector.fold(failures);
                    if (stop.load() || collector.folded() == job.count) break;
                    failures.record(describe(std::make_exception_ptr(std::logic_error(
                                                 "replicate executor: replicates were lost")),
                                             collector.folded(), 0));
                }
            } catch (...) {
                failures.record(describe(std::current_exception(), kNoReplicate, 0));
            }
            wakeup.wait();
        }
        try {
            transport::flush_sends();
        } catch (...) {
            failures.record(describe(std::current_exception(), kNoReplicate, 0));
        }
    });
    compute(job, claim, deliver, failures, stop, injection);
    computing.store(false);
    wakeup.notify();
    messenger.join();
    finish_call(job, failures);
}

void execute_worker(const ReplicateJob& job, std::uint64_t call, bool inject) {
    std::atomic<bool> stop{false};
    FailureBox failures(stop);
    Injection injection(inject);
    Wakeup wakeup;
    // Replicates assigned to this rank and not yet claimed by its threads.
    std::mutex queue_mutex;
    std::condition_variable queue_cv;
    std::deque<Range> queue;
    std::size_t unclaimed = 0;
    bool terminal = false;
    // Finished batches waiting to be sent.
    std::mutex outbox_mutex;
    std::deque<std::pair<std::size_t, Batch>> outbox;

    auto claim = [&](Range& out) {
        std::unique_lock<std::mutex> lock(queue_mutex);
        for (;;) {
            if (stop.load()) return false;
            if (!queue.empty()) {
                Range& front = queue.front();
                const std::size_t count =
                    std::min(front.count, guided(unclaimed, 1, job.threads, 1, kMaxThreadClaim));
                out = Range{front.first, count};
                front.first += count;
                front.count -= count;
                unclaimed -= count;
                if (front.count == 0) queue.pop_front();
                lock.unlock();
                wakeup.notify();  // the messenger may want to ask for more
                return true;
            }
            if (terminal) return false;
            queue_cv.wait_for(lock, 1ms);
        }
    };
    auto deliver = [&](std::size_t first, Batch batch) {
        {
            std::lock_guard<std::mutex> lock(outbox_mutex);
            outbox.emplace_back(first, std::move(batch));
        }
        wakeup.notify();
    };
    std::atomic<bool> computing{true};

    std::thread messenger([&] {
        bool asked = false;
        bool error_sent = false;
        bool got_terminal = false;
        std::size_t last_block = 0;
        transport::Message msg;
        for (;;) {
            try {
                while (transport::poll(msg)) {
                    ByteReader in(msg.payload);
                    check_call(in, call, msg.source);
                    std::lock_guard<std::mutex> lock(queue_mutex);
                    switch (msg.tag) {
                        case transport::assign: {
                            const auto first = static_cast<std::size_t>(in.get<std::uint64_t>());
                            const auto count = static_cast<std::size_t>(in.get<std::uint64_t>());
                            queue.push_back(Range{first, count});
                            unclaimed += count;
                            last_block = count;
                            asked = false;
                            break;
                        }
                        case transport::abort:
                            stop.store(true);
                            [[fallthrough]];
                        case transport::done:
                            terminal = true;
                            got_terminal = true;
                            asked = false;
                            break;
                        default:
                            throw std::logic_error("replicate executor: unexpected message tag " +
                                                   std::to_string(msg.tag));
                    }
                    queue_cv.notify_all();
                }
                std::deque<std::pair<std::size_t, Batch>> ready;
                {
                    std::lock_guard<std::mutex> lock(outbox_mutex);
                    ready.swap(outbox);
                }
                if (!stop.load()) {
                    for (auto& [first, batch] : ready) {
                        Bytes bytes = message(call);
                        ByteWriter out(bytes);
                        out.put(static_cast<std::uint64_t>(first));
                        out.put(static_cast<std::uint64_t>(batch.count));
                        out.raw(batch.bytes.data(), batch.bytes.size());
                        transport::send(0, transport::result, std::move(bytes));
                    }
                }
                if (failures.failed() && !error_sent) {
                    Bytes bytes = message(call);
                    ByteWriter out(bytes);
                    put_failure(out, failures.best());
                    transport::send(0, transport::error, std::move(bytes));
                    error_sent = true;
                }
                {
                    std::lock_guard<std::mutex> lock(queue_mutex);
                    if (!terminal && !asked && !stop.load() && unclaimed <= std::max<std::size_t>(job.threads, last_block / 2)) {
                        Bytes bytes = message(call);
                        ByteWriter out(bytes);
                        out.put(static_cast<std::uint64_t>(job.count));
                        out.put(static_cast<std::uint64_t>(job.threads));
                        transport::send(0, transport::request, std::move(bytes));
                        asked = true;
                    }
                }
                transport::progress_sends();
                // In this order: once computing is false no batch or failure
                // can appear, so both checks after it are final.
                const bool finished = !computing.load();
                bool outbox_empty;
                {
                    std::lock_guard<std::mutex> lock(outbox_mutex);
                    outbox_empty = outbox.empty();
                }
                if (got_terminal && finished && outbox_empty && (error_sent || !failures.failed())) break;
            } catch (...) {
                failures.record(describe(std::current_exception(), kNoReplicate, cluster::rank()));
            }
            wakeup.wait();
        }
        try {
            transport::send(0, transport::bye, message(call));
            transport::flush_sends();
        } catch (...) {
            failures.record(describe(std::current_exception(), kNoReplicate, cluster::rank()));
        }
    });
    compute(job, claim, deliver, failures, stop, injection);
    computing.store(false);
    wakeup.notify();
    messenger.join();
    finish_call(job, failures);
}

// Executor calls in progress in this process: only the outermost one is
// distributed (and only it takes the injected failure).
std::atomic<int> g_active_calls{0};
std::uint64_t g_distributed_calls = 0;

struct ActiveCall {
    ActiveCall() : outermost(g_active_calls.fetch_add(1) == 0) {}
    ~ActiveCall() { g_active_calls.fetch_sub(1); }
    const bool outermost;
};

}  // namespace

ExecutorStats executor_stats() {
    return ExecutorStats{g_totals.calls.load(), g_totals.replicates.load(), g_totals.result_bytes.load(),
                         1e-9 * static_cast<double>(g_totals.fold_nanoseconds.load()), g_totals.state_bytes.load()};
}

void set_measure_state(bool on) { g_totals.measure_state.store(on); }

void execute_replicates(const ReplicateJob& job) {
    if (job.count == 0) return;
    const ActiveCall active;
    if (active.outermost) {
        g_totals.calls.fetch_add(1);
        g_totals.replicates.fetch_add(job.count);
    }
    const bool inject = active.outermost && cluster::detail::injected_failure_rank() == cluster::rank();
    if (!active.outermost || !cluster::distributing()) {
        execute_local(job, inject);
        return;
    }
    const std::uint64_t call = ++g_distributed_calls;
    if (cluster::rank() == 0) {
        execute_root(job, call, inject);
    } else {
        execute_worker(job, call, inject);
    }
}

}  // namespace sklaws::validation::detail
