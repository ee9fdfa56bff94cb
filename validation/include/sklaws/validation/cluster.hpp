// The process's place in an MPI job: one `sklaws` binary, alone or as one of
// R ranks under `mpirun -np R` or Slurm's `srun -n R`.
//
// Execution model (SPMD). Every rank runs the whole command — parses the
// same arguments, runs the same experiments in the same order, fits the same
// curves. The only work that is divided is the replicates of each
// replicate-parallel Monte Carlo (monte_carlo.hpp: run_replicates,
// reduce_replicates, run_rows): they are handed out to ranks and threads and
// their results are reduced on rank 0 in replicate order and broadcast, so
// after each such call every rank holds the same bytes and continues in
// lockstep. Everything else is cheap next to the replicates and is simply
// computed on every rank, identically. Only rank 0 prints, shows progress and
// writes files: on other ranks stdout goes to /dev/null and stderr to a
// private temporary file when the session starts (SKLAWS_MPI_RANK_OUTPUT=1
// keeps both, for debugging).
//
// MPI is initialised only when the process was started by a launcher — the
// variables Open MPI's mpirun (OMPI_COMM_WORLD_SIZE), PMIx (PMIX_RANK, also
// set by `srun --mpi=pmix`) or PMI-2 (PMI_RANK, `srun --mpi=pmi2`, MPICH's
// hydra) put in the environment. A plain `sklaws ...` never touches MPI, so
// it starts as fast as a build without MPI (SKLAWS_MPI=OFF in CMake), where
// every function here reports a single rank.
//
// Ending a run. Session::finish(status, ...) is the last thing main() does on
// every rank: the ranks agree on one exit status (the largest) and on which
// message is shown, then finalise MPI. A rank that fails where the others do
// not (a replicate that throws is not such a case: the executor ends that
// call on every rank with RankFailure) waits for the others at most
// kFailureGraceSeconds, then prints its own message prefixed with its rank
// and aborts the job (MPI_Abort), so a failure never leaves a hung job.
#pragma once

#include <stdexcept>
#include <string>

namespace sklaws::validation::cluster {

// True when this build can run under MPI (CMake option SKLAWS_MPI).
bool built_with_mpi();

// Rank of this process (0 without MPI) and the number of ranks (1 without).
int rank();
int size();
inline bool is_root() { return rank() == 0; }

// For a command that divides no work (sklaws theory, generate):
// rank 0 runs it alone while the other ranks go straight to
// Session::finish and wait there, so nothing is computed, printed or
// written twice. Called on rank 0, it makes every later executor call of
// this process run locally (a command that turns out to need replicates
// then still finishes, on rank 0's threads, instead of waiting for ranks
// that are not coming); rank() and size() still tell the job's layout.
void run_alone();
// True when executor calls are divided among several ranks: size() > 1 and
// run_alone() was not called.
bool distributing();

// The error every rank throws when a replicate failed on some rank: what()
// is "rank <r>: <the error's message>". kind() says which exception the rank
// caught, so that bad input stays bad input (exit 2) across ranks.
class RankFailure : public std::runtime_error {
public:
    enum class Kind { domain, overflow, runtime };
    RankFailure(int rank, Kind kind, std::string argument, const std::string& message)
        : std::runtime_error("rank " + std::to_string(rank) + ": " + message),
          rank_(rank),
          kind_(kind),
          argument_(std::move(argument)),
          message_(message) {}
    int failed_rank() const { return rank_; }
    Kind kind() const { return kind_; }
    const std::string& argument() const { return argument_; }  // DomainError's argument, else empty
    const std::string& message() const { return message_; }    // without the rank prefix

private:
    int rank_;
    Kind kind_;
    std::string argument_;
    std::string message_;
};

// MPI for the life of main(). Construct it first thing in main (before any
// thread starts); it does nothing when the process was not started by an MPI
// launcher or the build has no MPI.
class Session {
public:
    Session(int& argc, char**& argv);
    ~Session();  // finalises MPI if finish() was not called (e.g. an escaping exception)
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Agrees the exit status with the other ranks (the largest) and
    // finalises MPI; returns the status main() should return: the agreed one
    // on rank 0, 0 on the others (so that the launcher reports rank 0's and
    // never cuts rank 0's output short). A rank has failed when `status` is
    // non-zero or `message` (its error, "" if none; rank 0 has already
    // printed its own) is given — without one, the last line the rank wrote
    // to its stderr (kept in a private file on ranks other than 0) stands
    // for it. When only other ranks failed, rank 0 prints the lowest failing
    // rank's message as "sklaws: rank r: <message>".
    int finish(int status, const std::string& message);

    // (SKLAWS_TEST_GRACE_SECONDS overrides it, for the tests of tests/mpi.)
    static constexpr double kFailureGraceSeconds = 30.0;
};

namespace detail {
// Test-only failure injection (tests/mpi): when the environment variable
// SKLAWS_TEST_FAIL_RANK=<r> is set, the first replicate rank r computes in
// each replicate-parallel call throws std::runtime_error("injected failure
// ...") — the path a real rank failure takes. Returns -1 when unset.
int injected_failure_rank();
}  // namespace detail

}  // namespace sklaws::validation::cluster
