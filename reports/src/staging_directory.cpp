#include "sklaws/reports/staging_directory.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace sklaws::reports {
namespace {

namespace fs = std::filesystem;

// ------------------------------------------------------------ signals
//
// What the handler may touch: atomics and fixed buffers filled before it is
// installed (no allocation, only async-signal-safe calls: rmdir, unlink,
// sigaction, raise).
enum Phase : int { computing = 1, writing = 2 };
std::atomic<int> g_phase{computing};
std::atomic<int> g_interrupted{0};
std::atomic<bool> g_own_lock{false}, g_own_staging{false};
char g_lock_path[PATH_MAX];
char g_staging_path[PATH_MAX];

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3];
bool g_installed[3];
bool g_active = false;  // one StagingDirectory per process

int signal_slot(int signal) {
    for (int i = 0; i < 3; ++i)
        if (kSignals[i] == signal) return i;
    return 0;
}

extern "C" void on_signal(int signal) {
    if (g_phase.load() == writing) {
        g_interrupted.store(1);
        return;
    }
    // Computing: nothing but the lock and the empty staging directory is on
    // disk; remove them and let the signal have its usual effect.
    if (g_own_staging.load()) ::rmdir(g_staging_path);
    if (g_own_lock.load()) ::unlink(g_lock_path);
    ::sigaction(signal, &g_previous[signal_slot(signal)], nullptr);
    ::raise(signal);  // delivered when this handler returns
}

void install_handlers() {
    g_phase = computing;
    g_interrupted = 0;
    g_own_lock = g_own_staging = false;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < 3; ++i) {
        ::sigaction(kSignals[i], nullptr, &g_previous[i]);
        // An inherited SIG_IGN stays: a Ctrl-C meant for the foreground job
        // of a script must not abort a background write.
        g_installed[i] = g_previous[i].sa_handler != SIG_IGN;
        if (g_installed[i]) ::sigaction(kSignals[i], &action, nullptr);
    }
}

void restore_handlers() {
    for (int i = 0; i < 3; ++i)
        if (g_installed[i]) ::sigaction(kSignals[i], &g_previous[i], nullptr);
    g_own_lock = g_own_staging = false;
}

bool copy_path(const fs::path& p, char (&buffer)[PATH_MAX]) {
    const std::string& s = p.native();
    if (s.size() >= PATH_MAX) return false;
    std::memcpy(buffer, s.c_str(), s.size() + 1);
    return true;
}

// ------------------------------------------------------------ names

// ".<name><suffix><pid>": hidden, beside its target, unique per process.
// (Built with append: GCC 12 warns falsely (-Wrestrict) on "." + string.)
std::string sibling_name(const fs::path& target, const char* suffix, long pid) {
    std::string name(1, '.');
    name.append(target.filename().string()).append(suffix).append(std::to_string(pid));
    return name;
}

// The pid in ".<name><suffix><pid>", or -1 if `entry` is not such a name.
long pid_in_name(const std::string& entry, const std::string& prefix) {
    if (entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0) return -1;
    long pid = 0;
    for (std::size_t i = prefix.size(); i < entry.size(); ++i) {
        if (entry[i] < '0' || entry[i] > '9' || pid > 100000000) return -1;
        pid = pid * 10 + (entry[i] - '0');
    }
    return pid;
}

bool process_alive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

std::string errno_text(int error) {
    std::string text = std::strerror(error);
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;  // "permission denied", "no space left on device", ...
}

// True if `inner` is `outer` or lies inside it (both absolute, normalized).
bool contains(const fs::path& outer, const fs::path& inner) {
    auto o = outer.begin(), i = inner.begin();
    for (; o != outer.end(); ++o, ++i) {
        if (o->empty()) continue;  // a trailing separator
        if (i == inner.end() || *o != *i) return false;
    }
    return true;
}

// The destination as an absolute path without "." / ".." or a trailing
// separator; an existing symlink is followed (the output replaces what it
// points to, beside the target), so the renames stay within one directory.
fs::path normalized_destination(const fs::path& given, const std::string& option) {
    fs::path d = fs::absolute(given).lexically_normal();
    if (d.filename().empty()) d = d.parent_path();  // "out/" -> "out", "/a/." -> "/a"
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(d, ec))) {
        const fs::path target = fs::canonical(d, ec);
        if (!ec) d = target;
    }
    if (d.filename().empty() || d == d.root_path()) {
        throw OutputDirectoryError(option + " " + given.string() +
                                   " is the root directory; sklaws replaces the whole output directory, so name a new "
                                   "directory (e.g. " + option + " ./sklaws-out)");
    }
    const fs::path cwd = fs::weakly_canonical(fs::current_path(ec));
    if (!ec && contains(fs::weakly_canonical(d), cwd)) {
        throw OutputDirectoryError(option + " " + given.string() +
                                   " is the working directory or contains it; sklaws replaces the whole output "
                                   "directory, so name a directory of its own (e.g. " + option + " ./sklaws-out)");
    }
    return d;
}

// ------------------------------------------------------------ lock

// flock on ".<name>.lock" beside the destination, holding the owner's pid.
// The file is unlinked while still locked at release; a writer that opened
// it just before checks after locking that the path still names its file.
int acquire_lock(const fs::path& lock, const fs::path& destination, const std::string& option) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            throw OutputDirectoryError("cannot create the lock file " + lock.string() + " for " + option + " " +
                                       destination.string() + ": " + errno_text(errno));
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int error = errno;
            char text[32] = {};
            const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
            ::close(fd);
            if (error != EWOULDBLOCK) {
                throw OutputDirectoryError("cannot lock " + lock.string() + ": " + errno_text(error));
            }
            const long pid = n > 0 ? std::strtol(text, nullptr, 10) : 0;
            throw OutputDirectoryError("another sklaws" + (pid > 0 ? " (process " + std::to_string(pid) + ")" : std::string()) +
                                       " is writing " + destination.string() + "; wait for it to finish or choose another " +
                                       option);
        }
        struct stat held {}, named {};
        if (::fstat(fd, &held) == 0 && ::stat(lock.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
            held.st_dev == named.st_dev) {
            const std::string pid = std::to_string(::getpid()) + "\n";
            if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
                // The lock holds without the pid; the message just names no process.
            }
            return fd;
        }
        ::close(fd);  // the file was released and unlinked meanwhile: take the new one
    }
    throw OutputDirectoryError("cannot lock " + lock.string() + ": it keeps being replaced");
}

void release_lock(int fd, const fs::path& lock) {
    if (fd < 0) return;
    ::unlink(lock.c_str());
    ::close(fd);
}

// Removes ".<name>.partial-<pid>" (and the ".old-<pid>" of earlier versions)
// beside the destination whose process is gone. Called with the lock held,
// so no live writer of this version owns them; the pid check spares a live
// writer of an older version, which took no lock.
void remove_stale_staging(const fs::path& destination) {
    const std::string name = destination.filename().string();
    const std::string prefixes[] = {"." + name + ".partial-", "." + name + ".old-"};
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(destination.parent_path(), ec)) {
        const std::string entry_name = entry.path().filename().string();
        for (const auto& prefix : prefixes) {
            const long pid = pid_in_name(entry_name, prefix);
            if (pid >= 0 && (pid == ::getpid() || !process_alive(pid))) {
                std::error_code ignored;
                fs::remove_all(entry.path(), ignored);
            }
        }
    }
}

bool is_previous_report(const fs::path& dir) {
    std::ifstream in(dir / "report.json");
    if (!in) return false;
    const auto j = nlohmann::json::parse(in, nullptr, false);
    return !j.is_discarded() && j.is_object() && j.value("generator", "") == "sklaws report";
}

}  // namespace

void check_replaceable(const fs::path& destination) {
    std::error_code ec;
    const auto status = fs::status(destination, ec);
    if (!fs::exists(status)) return;
    if (!fs::is_directory(status)) {
        throw OutputDirectoryError("output " + destination.string() + " exists and is not a directory");
    }
    if (fs::is_empty(destination, ec) || is_previous_report(destination)) return;
    throw OutputDirectoryError("output directory " + destination.string() +
                               " exists and does not hold a sklaws report; refusing to replace it (choose another --out)");
}

void write_file_atomically(const fs::path& file, const std::string& content) {
    const fs::path temp = file.parent_path() / sibling_name(file, ".tmp-", ::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("cannot write " + temp.string() + ": " + errno_text(errno));
        out << content;
        out.flush();
        if (!out) {
            const int error = errno;
            std::error_code ignored;
            fs::remove(temp, ignored);
            throw std::runtime_error("cannot write " + temp.string() + ": " + errno_text(error));
        }
    }
    fs::rename(temp, file);
}

StagingDirectory::StagingDirectory(fs::path destination) : StagingDirectory(std::move(destination), check_replaceable) {}

StagingDirectory::StagingDirectory(fs::path destination, ReplacePolicy may_replace, std::string option)
    : may_replace_(std::move(may_replace)), option_(std::move(option)) {
    if (g_active) throw std::logic_error("a second StagingDirectory while one is active");
    destination_ = normalized_destination(destination, option_);
    may_replace_(destination_);
    const fs::path parent = destination_.parent_path();
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) {
        throw OutputDirectoryError("cannot create " + parent.string() + " for " + option_ + " " + destination_.string() +
                                   ": " + errno_text(ec.value()));
    }
    staging_ = parent / sibling_name(destination_, ".partial-", ::getpid());
    lock_path_ = parent / std::string(1, '.').append(destination_.filename().string()).append(".lock");
    // The handlers go in before anything exists on disk: a signal between
    // would otherwise leave it behind.
    install_handlers();
    g_active = true;
    try {
        lock_fd_ = acquire_lock(lock_path_, destination_, option_);
        g_own_lock = copy_path(lock_path_, g_lock_path);
        remove_stale_staging(destination_);
        if (!fs::create_directory(staging_, ec) || ec) {
            throw OutputDirectoryError("cannot create " + staging_.string() + " for " + option_ + " " +
                                       destination_.string() + ": " + errno_text(ec ? ec.value() : EEXIST));
        }
        g_own_staging = copy_path(staging_, g_staging_path);
    } catch (...) {  // the destructor does not run for a throwing constructor
        release_lock(lock_fd_, lock_path_);
        restore_handlers();
        g_active = false;
        throw;
    }
}

StagingDirectory::~StagingDirectory() {
    g_phase = writing;  // from here a signal must not unlink what we clean up
    std::error_code ignored;
    if (!committed_) fs::remove_all(staging_, ignored);
    release_lock(lock_fd_, lock_path_);
    restore_handlers();
    g_active = false;
}

void StagingDirectory::begin_writing() { g_phase = writing; }

void StagingDirectory::throw_if_interrupted() const {
    if (g_interrupted.load()) {
        throw Interrupted("interrupted: nothing written, " + destination_.string() + " left untouched");
    }
}

void StagingDirectory::write_file(const std::string& name, const std::string& content) {
    begin_writing();
    throw_if_interrupted();
    write_file_atomically(staging_ / name, content);
}

void StagingDirectory::commit() {
    begin_writing();
    throw_if_interrupted();
    may_replace_(destination_);  // still replaceable after the computation
    const char* from = staging_.c_str();
    const char* to = destination_.c_str();
    bool previous = false;
    if (::renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) != 0) {
        if (errno == EEXIST) {
            previous = ::renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE) == 0;
            if (!previous && errno != EINVAL) {
                throw std::runtime_error("cannot replace " + destination_.string() + ": " + errno_text(errno));
            }
        }
        if (!previous) {
            // A filesystem without renameat2 flags (EINVAL): two renames,
            // with a moment in which the destination is absent.
            const fs::path old = destination_.parent_path() / sibling_name(destination_, ".old-", ::getpid());
            std::error_code ec;
            if (fs::exists(destination_, ec)) {
                fs::rename(destination_, old);
                fs::rename(staging_, destination_);
                fs::remove_all(old, ec);
            } else {
                fs::rename(staging_, destination_);
            }
        }
    }
    committed_ = true;
    g_own_staging = false;  // the staging name now holds the previous output, if any
    if (previous) {
        std::error_code ignored;
        fs::remove_all(staging_, ignored);
    }
    g_own_lock = false;
    release_lock(lock_fd_, lock_path_);
    lock_fd_ = -1;
}

}  // namespace sklaws::reports
