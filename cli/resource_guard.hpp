// The resource guard: a command estimates the peak memory (and, where it
// can, the time) of a request from its parameters before it starts, and
// refuses a request that would not fit — exit status 2, one line with the
// estimate and the option that changes the limit — instead of running until
// the machine swaps or the kernel kills it.
//
// The limit is --max-memory SIZE (bytes, or with a K/M/G/T suffix, powers of
// 1024: "512M", "8G", "1.5G"); by default three quarters of the memory this
// process may use: physical memory, or the cgroup's memory.max when that is
// lower (a container). Estimates come from the code that knows the run: each
// experiment's declared estimator (validation/experiment.hpp, built from
// validation/resources.hpp), the fits' peak-memory functions (fitting/), the
// input files' sizes. They are models calibrated against measured peak RSS
// (tests/cli/resource_guard_test.cpp holds them within a factor 2 on real
// runs), not bounds: the guard is for requests out of reach, not a quota.
//
// A request estimated to take more than 30 s of wall time is not
// refused but announced on stderr with its estimate before the work starts,
// so a user who asked for hours knows at once.
//
// Input files: --max-input-bytes N (default 1 GiB) on every command that
// reads a file, passed to the input guard (fitting/text_file.hpp).
#pragma once

#include "options.hpp"

#include <sklaws/fitting/text_file.hpp>

#include <optional>
#include <string>

namespace sklaws::cli {

struct ResourceNeeds {
    double peak_bytes = 0;    // peak resident memory of the whole process
    double wall_seconds = 0;  // on the threads it will use; 0: unknown
};

struct ResourceLimits {
    double max_memory_bytes = 0;
    bool from_option = false;  // --max-memory given (else the default)
};

// What this process may use: physical memory, or a lower cgroup limit.
double available_memory_bytes();

// The default limit: three quarters of available_memory_bytes().
inline constexpr double default_memory_fraction = 0.75;
double default_memory_limit_bytes();

// "8G", "512M", "1.5G", "2GiB", "1e9" (bytes) -> bytes; throws UsageError
// naming `what` for anything else (zero, negative, no number).
double parse_memory_size(const std::string& text, const std::string& what);

// "4.6 GiB", "812 MiB", "17 KiB", "930 bytes".
std::string format_bytes(double bytes);

// "45 s", "12 min", "3.4 h", "2.1 days".
std::string format_seconds(double seconds);

// Declares --max-memory on `app`, and --max-input-bytes when the command
// reads files.
void resource_options(CLI::App& app, bool reads_files);

// The limits the user gave (or the defaults).
ResourceLimits resource_limits(const ParsedOptions& args);
fitting::InputLimits input_limits(const ParsedOptions& args);

// Throws UsageError (exit 2) if `needs` exceeds the limit:
//   "<what> needs about 4.6 GiB of memory (<because>), more than the 18 GiB
//    allowed (default: 3/4 of this machine's 24 GiB; raise it with --max-memory SIZE)"
// Otherwise, if the estimated wall time exceeds kAnnounceSeconds, prints one line
//   "sklaws <command>: <what> will take about 12 min (<because>)"
// on stderr.
void require_resources(const ResourceNeeds& needs, const ResourceLimits& limits, const std::string& command,
                       const std::string& what, const std::string& because = "");

// Prints "sklaws <command>: <what> will take about 12 min (<because>)" on
// stderr when `wall_seconds` exceeds kAnnounceSeconds (require_resources
// does it for requests that fit).
inline constexpr double kAnnounceSeconds = 30;
void announce_time(const std::string& command, const std::string& what, double wall_seconds,
                   const std::string& because = "");

// The peak resident memory of this process so far (VmHWM), for tests and
// diagnostics; 0 if unknown.
double peak_resident_bytes();

}  // namespace sklaws::cli
