// The MPI session, the exit agreement and the executor's message transport.
// Everything that includes <mpi.h> is in this file; without SKLAWS_HAVE_MPI
// it reduces to a single rank.
#include <sklaws/validation/cluster.hpp>

#include "message_transport.hpp"

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <list>
#include <stdexcept>
#include <string>
#include <thread>

#if SKLAWS_HAVE_MPI
#include <fcntl.h>
#include <mpi.h>
#include <unistd.h>
#endif

namespace sklaws::validation::cluster {

namespace {

int g_rank = 0;
int g_size = 1;
bool g_alone = false;  // run_alone(): executor calls stay in this process

#if SKLAWS_HAVE_MPI
bool g_active = false;          // MPI_Init done, MPI_Finalize not yet
MPI_Comm g_executor = MPI_COMM_NULL;
MPI_Comm g_exit = MPI_COMM_NULL;
int g_saved_stderr = -1;        // this rank's own stderr when it was sent to /dev/null
int g_captured_stderr = -1;     // where stderr goes instead (an unlinked temporary file)

bool launched_by_mpi() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
        if (std::getenv(name) != nullptr) return true;
    }
    return false;
}

// Waits for `request` without spinning: test, sleep 20 µs doubling to 1 ms.
// Returns false if `seconds` passed first.
bool quiet_wait(MPI_Request& request, double seconds = -1.0) {
    const auto start = std::chrono::steady_clock::now();
    auto pause = std::chrono::microseconds(20);
    for (;;) {
        int flag = 0;
        MPI_Test(&request, &flag, MPI_STATUS_IGNORE);
        if (flag) return true;
        if (seconds >= 0.0 &&
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > seconds) {
            return false;
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(1000));
    }
}

// kFailureGraceSeconds, or SKLAWS_TEST_GRACE_SECONDS (tests/mpi: a shorter wait).
double grace_seconds() {
    if (const char* text = std::getenv("SKLAWS_TEST_GRACE_SECONDS")) {
        char* end = nullptr;
        const double seconds = std::strtod(text, &end);
        if (*end == '\0' && seconds >= 0.0) return seconds;
    }
    return Session::kFailureGraceSeconds;
}

// The last non-empty line this rank wrote to its (captured) stderr: the
// command's own error message, e.g. "sklaws report: error: ...".
std::string last_captured_line() {
    if (g_captured_stderr < 0) return "";
    std::fflush(stderr);
    const off_t size = ::lseek(g_captured_stderr, 0, SEEK_END);
    if (size <= 0) return "";
    const off_t from = size > 4096 ? size - 4096 : 0;
    std::string tail(static_cast<std::size_t>(size - from), '\0');
    if (::pread(g_captured_stderr, tail.data(), tail.size(), from) < 0) return "";
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
    const auto start = tail.find_last_of('\n');
    return start == std::string::npos ? tail : tail.substr(start + 1);
}

void write_own_stderr(const std::string& text) {
    const int fd = g_saved_stderr >= 0 ? g_saved_stderr : STDERR_FILENO;
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
}
#endif

}  // namespace

bool built_with_mpi() {
#if SKLAWS_HAVE_MPI
    return true;
#else
    return false;
#endif
}

int rank() { return g_rank; }
int size() { return g_size; }

void run_alone() { g_alone = true; }
bool distributing() { return g_size > 1 && !g_alone; }

Session::Session(int& argc, char**& argv) {
#if SKLAWS_HAVE_MPI
    if (!launched_by_mpi()) return;
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
    g_active = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    MPI_Comm_dup(MPI_COMM_WORLD, &g_executor);
    MPI_Comm_dup(MPI_COMM_WORLD, &g_exit);
    if (provided < MPI_THREAD_SERIALIZED && g_rank == 0) {
        // The executor calls MPI from the thread that called it while TBB
        // threads compute; with FUNNELED that must be the main thread, which
        // it is for the command-line tool.
        std::cerr << "sklaws: note: the MPI library provides thread level " << provided
                  << " (< MPI_THREAD_SERIALIZED); call the executor from the main thread only\n";
    }
    if (g_rank != 0 && std::getenv("SKLAWS_MPI_RANK_OUTPUT") == nullptr) {
        std::fflush(stdout);
        std::fflush(stderr);
        g_saved_stderr = ::dup(STDERR_FILENO);
        const int null = ::open("/dev/null", O_WRONLY);
        if (null >= 0) {
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
            ::close(null);
        }
        // stderr is kept in a private file, read back only if this rank
        // fails on its own (Session::finish).
        if (std::FILE* capture = std::tmpfile()) {
            g_captured_stderr = ::dup(::fileno(capture));
            ::dup2(g_captured_stderr, STDERR_FILENO);
            std::fclose(capture);
        }
    }
#else
    (void)argc;
    (void)argv;
#endif
}

Session::~Session() {
#if SKLAWS_HAVE_MPI
    if (g_active) {
        MPI_Comm_free(&g_executor);
        MPI_Comm_free(&g_exit);
        MPI_Finalize();
        g_active = false;
    }
#endif
}

int Session::finish(int status, const std::string& given_message) {
#if SKLAWS_HAVE_MPI
    if (!g_active) return status;
    // A rank fails when its status is non-zero; its message is the one given
    // or else the last line it wrote to stderr.
    const bool failed = status != 0 || !given_message.empty();
    std::string message = given_message;
    if (failed && message.empty()) message = last_captured_line();
    if (failed && message.empty()) message = "exit status " + std::to_string(status);
    std::cout.flush();
    std::cerr.flush();
    std::fflush(stdout);
    std::fflush(stderr);
    // Agree: the largest status, and the lowest rank that has a message.
    // (−rank under MAX picks the lowest rank; INT_MIN stands for "none".)
    int mine[2] = {status, failed ? -g_rank : INT_MIN};
    int agreed[2] = {0, 0};
    MPI_Request request;
    MPI_Iallreduce(mine, agreed, 2, MPI_INT, MPI_MAX, g_exit, &request);
    // A rank with nothing to report waits as long as the others take (rank 0
    // may be writing a report); a failing rank only for the grace period:
    // if the others do not come, they are stuck waiting for it.
    if (!quiet_wait(request, failed ? grace_seconds() : -1.0)) {
        if (g_rank != 0) write_own_stderr("sklaws: rank " + std::to_string(g_rank) + ": " + message + "\n");
        MPI_Abort(MPI_COMM_WORLD, status != 0 ? status : 1);
    }
    const int agreed_status = agreed[0];
    const int failing = agreed[1] == INT_MIN ? -1 : -agreed[1];
    if (failing > 0) {
        // Only other ranks failed: rank 0 shows the lowest one's message.
        if (g_rank == failing) {
            MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, 0, g_exit);
        } else if (g_rank == 0) {
            MPI_Status probe;
            MPI_Probe(failing, 0, g_exit, &probe);
            int count = 0;
            MPI_Get_count(&probe, MPI_CHAR, &count);
            std::string text(static_cast<std::size_t>(count), '\0');
            MPI_Recv(text.data(), count, MPI_CHAR, failing, 0, g_exit, MPI_STATUS_IGNORE);
            std::cerr << "sklaws: rank " << failing << ": " << text << "\n" << std::flush;
        }
    }
    MPI_Comm_free(&g_executor);
    MPI_Comm_free(&g_exit);
    MPI_Finalize();
    g_active = false;
    // Only rank 0 exits with the agreed status: mpirun tears the job down as
    // soon as any process exits non-zero, and output rank 0 has written but
    // mpirun not yet forwarded would be lost if another rank got there first.
    // The launcher's status (mpirun: the first non-zero one; srun: the
    // largest) is then rank 0's.
    return g_rank == 0 ? agreed_status : 0;
#else
    (void)given_message;
    return status;
#endif
}

namespace detail {
int injected_failure_rank() {
    static const int rank = [] {
        const char* text = std::getenv("SKLAWS_TEST_FAIL_RANK");
        if (text == nullptr || *text == '\0') return -1;
        char* end = nullptr;
        const long value = std::strtol(text, &end, 10);
        return (*end == '\0' && value >= 0 && value < INT_MAX) ? static_cast<int>(value) : -1;
    }();
    return rank;
}
}  // namespace detail

}  // namespace sklaws::validation::cluster

namespace sklaws::validation::detail::transport {

#if SKLAWS_HAVE_MPI
namespace {
struct PendingSend {
    Bytes payload;
    MPI_Request request = MPI_REQUEST_NULL;
};
std::list<PendingSend> g_sends;

int message_size(std::size_t bytes) {
    if (bytes > static_cast<std::size_t>(INT_MAX)) {
        throw std::length_error("replicate executor: a message of " + std::to_string(bytes) +
                                " bytes exceeds MPI's 2 GiB count limit (one replicate's result is too large)");
    }
    return static_cast<int>(bytes);
}
}  // namespace

bool poll(Message& out) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, cluster::g_executor, &flag, &status);
    if (!flag) return false;
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    out.source = status.MPI_SOURCE;
    out.tag = status.MPI_TAG;
    out.payload.resize(static_cast<std::size_t>(count));
    MPI_Recv(out.payload.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, cluster::g_executor,
             MPI_STATUS_IGNORE);
    return true;
}

void send(int destination, Tag tag, Bytes payload) {
    g_sends.push_back(PendingSend{std::move(payload), MPI_REQUEST_NULL});
    PendingSend& s = g_sends.back();
    MPI_Isend(s.payload.data(), message_size(s.payload.size()), MPI_BYTE, destination, tag, cluster::g_executor,
              &s.request);
}

void progress_sends() {
    for (auto it = g_sends.begin(); it != g_sends.end();) {
        int flag = 0;
        MPI_Test(&it->request, &flag, MPI_STATUS_IGNORE);
        it = flag ? g_sends.erase(it) : std::next(it);
    }
}

void flush_sends() {
    auto pause = std::chrono::microseconds(20);
    for (progress_sends(); !g_sends.empty(); progress_sends()) {
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(1000));
    }
}

void broadcast(Bytes& bytes) {
    std::uint64_t size = bytes.size();
    MPI_Request request;
    MPI_Ibcast(&size, 1, MPI_UINT64_T, 0, cluster::g_executor, &request);
    cluster::quiet_wait(request);
    bytes.resize(static_cast<std::size_t>(size));
    constexpr std::size_t kPiece = std::size_t{1} << 30;
    for (std::size_t offset = 0; offset < bytes.size(); offset += kPiece) {
        const std::size_t piece = std::min(kPiece, bytes.size() - offset);
        MPI_Ibcast(bytes.data() + offset, static_cast<int>(piece), MPI_BYTE, 0, cluster::g_executor, &request);
        cluster::quiet_wait(request);
    }
}
#else
bool poll(Message&) { throw std::logic_error("replicate executor: MPI message without MPI"); }
void send(int, Tag, Bytes) { throw std::logic_error("replicate executor: MPI message without MPI"); }
void progress_sends() {}
void flush_sends() {}
void broadcast(Bytes&) { throw std::logic_error("replicate executor: MPI broadcast without MPI"); }
#endif

}  // namespace sklaws::validation::detail::transport
