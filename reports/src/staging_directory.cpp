#include "sklaws/reports/staging_directory.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace sklaws::reports {
namespace {

namespace fs = std::filesystem;

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void note_interrupt(int) { g_interrupted = 1; }

// Installs the flag-setting handlers for the lifetime of a staging directory
// and restores the previous ones afterwards. A signal the process was told
// to ignore (a background job of a script ignores SIGINT) stays ignored:
// catching it would let a Ctrl-C meant for the foreground abort our write.
class InterruptGuard {
public:
    InterruptGuard() {
        g_interrupted = 0;
        struct sigaction action {};
        action.sa_handler = note_interrupt;
        sigemptyset(&action.sa_mask);
        catch_unless_ignored(SIGINT, action, old_int_);
        catch_unless_ignored(SIGTERM, action, old_term_);
    }
    ~InterruptGuard() {
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
    }

private:
    static void catch_unless_ignored(int signal, const struct sigaction& action, struct sigaction& old) {
        sigaction(signal, nullptr, &old);
        if (old.sa_handler != SIG_IGN) sigaction(signal, &action, nullptr);
    }

    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

InterruptGuard* g_guard = nullptr;

void throw_if_interrupted() {
    if (g_interrupted) throw Interrupted("interrupted: no report written, destination left untouched");
}

// ".<name><suffix>-<pid>": hidden, beside its target, unique per process.
// (Built with append: GCC 12 warns falsely (-Wrestrict) on "." + string.)
std::string sibling_name(const fs::path& target, const char* suffix) {
    std::string name(1, '.');
    name.append(target.filename().string()).append(suffix).append(std::to_string(::getpid()));
    return name;
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
    const fs::path temp = file.parent_path() / sibling_name(file, ".tmp-");
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << content;
        out.flush();
        if (!out) {
            std::error_code ignored;
            fs::remove(temp, ignored);
            throw std::runtime_error("cannot write " + temp.string());
        }
    }
    fs::rename(temp, file);
}

StagingDirectory::StagingDirectory(fs::path destination)
    : destination_(fs::absolute(destination).lexically_normal()) {
    if (destination_.filename().empty()) destination_ = destination_.parent_path();  // "out/" -> "out"
    check_replaceable(destination_);
    const fs::path parent = destination_.parent_path();
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw OutputDirectoryError("cannot create " + parent.string() + ": " + ec.message());
    staging_ = parent / sibling_name(destination_, ".partial-");
    // The handlers go in before the staging directory exists: a SIGINT
    // between the two would otherwise kill the process and leave it behind.
    g_guard = new InterruptGuard();
    fs::remove_all(staging_, ec);
    if (!fs::create_directory(staging_, ec) || ec) {
        delete g_guard;  // the destructor does not run for a throwing constructor
        g_guard = nullptr;
        throw OutputDirectoryError("cannot create " + staging_.string() + ": " + ec.message());
    }
}

StagingDirectory::~StagingDirectory() {
    std::error_code ignored;
    if (!committed_) fs::remove_all(staging_, ignored);
    delete g_guard;
    g_guard = nullptr;
}

void StagingDirectory::write_file(const std::string& name, const std::string& content) {
    throw_if_interrupted();
    write_file_atomically(staging_ / name, content);
}

void StagingDirectory::commit() {
    throw_if_interrupted();
    check_replaceable(destination_);
    std::error_code ec;
    const fs::path old = staging_.parent_path() / sibling_name(destination_, ".old-");
    const bool had_previous = fs::exists(destination_);
    if (had_previous) {
        fs::remove_all(old, ec);
        fs::rename(destination_, old);
    }
    fs::rename(staging_, destination_);
    committed_ = true;
    if (had_previous) fs::remove_all(old, ec);
}

}  // namespace sklaws::reports
