// All-or-nothing output directories.
//
// A report is several files that must agree with each other, so a reader
// must never see a mixture of an old and a new report, or half of one. The
// files are written into a staging directory next to the destination
// (".<name>.partial-<pid>", same filesystem, so rename(2) is atomic), each
// file itself via temp file + rename, and only when all are complete is the
// staging directory renamed onto the destination. An existing destination is
// replaced only if it is empty or holds a previous sklaws report (its
// report.json says "generator": "sklaws report") — a mistyped --out must
// not delete someone's directory.
//
// Interruption: while a staging directory exists (the handlers are installed
// just before it is created), SIGINT/SIGTERM only set a flag (checked
// between files and before the final rename); the destructor removes the
// staging directory, so Ctrl-C leaves the destination untouched. Outside that
// window the default action (terminate; a shell reports status 130) applies,
// and nothing of ours is on disk to clean up — tests/reports/
// report_interrupt_test.cpp interrupts the real executable to check it. A
// signal the process inherited as ignored stays ignored.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace sklaws::reports {

// The destination exists and is not a report we may replace, or cannot be
// created. Bad user input: the CLI maps it to exit status 2.
class OutputDirectoryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The user interrupted while the report was being written.
class Interrupted : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class StagingDirectory {
public:
    // Checks the destination may be replaced and creates the staging directory.
    explicit StagingDirectory(std::filesystem::path destination);
    ~StagingDirectory();
    StagingDirectory(const StagingDirectory&) = delete;
    StagingDirectory& operator=(const StagingDirectory&) = delete;

    const std::filesystem::path& path() const { return staging_; }

    // Writes `name` inside the staging directory atomically; throws
    // Interrupted if SIGINT/SIGTERM arrived.
    void write_file(const std::string& name, const std::string& content);

    // Moves the staging directory onto the destination (replacing a previous
    // report). After commit the destructor does nothing.
    void commit();

private:
    std::filesystem::path destination_;
    std::filesystem::path staging_;
    bool committed_ = false;
};

// Throws OutputDirectoryError unless `destination` is absent, an empty
// directory, or a directory holding a previous sklaws report.
void check_replaceable(const std::filesystem::path& destination);

// Writes a file atomically (temp file in the same directory + rename).
void write_file_atomically(const std::filesystem::path& file, const std::string& content);

}  // namespace sklaws::reports
