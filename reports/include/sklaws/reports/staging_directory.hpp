// All-or-nothing output directories (the report of `sklaws report`, the
// corpus of `sklaws generate`).
//
// An output is several files that must agree with each other, so a reader
// must never see a mixture of an old and a new output, or half of one, and
// at every moment a complete previous output stays where it was:
//
// * Reservation (constructor), before any computation, so a bad --out fails
//   in a second rather than after minutes of work: the destination is
//   checked (not the root, the working directory or one of its ancestors,
//   replaceable by the caller's policy), its parent is created, a lock
//   ".<name>.lock" beside it is taken (flock; a second writer of the same
//   destination is refused with "another sklaws (process P) is writing
//   OUT"), staging directories ".<name>.partial-<pid>" left by processes
//   that died (kill -9, power loss) are removed, and an empty staging
//   directory ".<name>.partial-<pid>" is created beside the destination
//   (same filesystem, so renames are atomic).
// * Writing: files go into the staging directory, each via temp file +
//   rename.
// * Commit: renameat2(RENAME_EXCHANGE) swaps the staging directory and the
//   previous output in one atomic step (or a plain rename when there was
//   none), then the previous output, now under the staging name, is
//   removed. A kill -9 at any point leaves the destination complete (old or
//   new); what it leaves behind is a ".partial-<pid>" directory, removed by
//   the next writer.
//
// Interruption (SIGINT, SIGTERM, SIGHUP), from reservation to the end:
// while computing (before the first file is written) the handler removes
// the lock and the still empty staging directory and lets the signal take
// its default effect (the process ends at once, status 128+signal); while
// writing it only sets a flag, checked by write_file(), commit() and, in
// long write loops, throw_if_interrupted(), which throw Interrupted; the
// destructor then removes the staging directory. Either way the destination
// is left untouched. A signal the process inherited as ignored stays ignored
// (a background job of a script ignores SIGINT). tests/reports/
// report_interrupt_test.cpp and tests/validation/generate_command_test.cpp
// interrupt the real executable to check this.
#pragma once

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

namespace sklaws::reports {

// The destination may not be written (not replaceable, locked by another
// writer, cannot be created). Bad user input: the CLI maps it to exit 2.
class OutputDirectoryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The user interrupted while the output was being written.
class Interrupted : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws OutputDirectoryError (naming the destination and what to do) if an
// existing `destination` may not be replaced; called at reservation and again
// just before the commit.
using ReplacePolicy = std::function<void(const std::filesystem::path& destination)>;

class StagingDirectory {
public:
    // Reserves `destination` as described above. `option` names the option
    // in messages (e.g. "--out"). Only one StagingDirectory may exist at a
    // time in a process.
    StagingDirectory(std::filesystem::path destination, ReplacePolicy may_replace, std::string option = "--out");
    // A report destination (check_replaceable below).
    explicit StagingDirectory(std::filesystem::path destination);
    ~StagingDirectory();
    StagingDirectory(const StagingDirectory&) = delete;
    StagingDirectory& operator=(const StagingDirectory&) = delete;

    // The absolute, normalized destination and the staging directory.
    const std::filesystem::path& destination() const { return destination_; }
    const std::filesystem::path& path() const { return staging_; }

    // From now on a signal only sets the flag (files are being written).
    // write_file() calls it; a caller writing its own files into path()
    // calls it first.
    void begin_writing();

    // Writes `name` inside the staging directory atomically; throws
    // Interrupted if a signal arrived.
    void write_file(const std::string& name, const std::string& content);

    // Throws Interrupted if SIGINT/SIGTERM/SIGHUP arrived since writing began.
    void throw_if_interrupted() const;

    // Publishes the staging directory as the destination (replacing the
    // previous output atomically) and releases the lock. After commit the
    // destructor does nothing.
    void commit();

private:
    std::filesystem::path destination_;
    std::filesystem::path staging_;
    std::filesystem::path lock_path_;
    ReplacePolicy may_replace_;
    std::string option_;
    int lock_fd_ = -1;
    bool committed_ = false;
};

// A report destination: replaceable if absent, an empty directory, or a
// directory holding a previous sklaws report (its report.json says
// "generator": "sklaws report"); a mistyped --out must not delete someone's
// directory. Throws OutputDirectoryError otherwise.
void check_replaceable(const std::filesystem::path& destination);

// Writes a file atomically (temp file in the same directory + rename).
void write_file_atomically(const std::filesystem::path& file, const std::string& content);

}  // namespace sklaws::reports
