// Loading a user's input file (CSV table, corpus, report configuration) with
// typed errors: the one place every command opens its input files through
// (fit, corpus, evaluate, report --config, report --data).
//
// Before a byte is read the file is opened without blocking and refused, as
// an InputError "name:1: column 1: <what>, expected a regular text file",
// when it
//   * does not exist ("no such file"), or a directory on its path cannot be
//     entered or the file cannot be read ("permission denied": said as such,
//     not as a missing file);
//   * is not a regular file: a directory, a FIFO (which would block until a
//     writer comes), a character or block device (/dev/zero never ends), a
//     socket;
//   * is larger than the input limit (InputLimits::max_bytes, default 1 GiB;
//     a command that lets the user raise it names its option), so a huge
//     file is refused at once rather than read until memory runs out. The
//     limit also holds while reading, for files whose size is not known in
//     advance (/proc).
// Binary content is recognised by a NUL byte or by a high share (> 1 %) of
// control bytes (other than tab, CR, LF, FF), and the message gives the line
// and column of the first offending byte.
#pragma once

#include <sklaws/numerics/errors.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace sklaws::fitting {

// A bad input file or file content, located "file:line: column c: what";
// a numerics::DomainError, which the sklaws front end maps to exit status 2.
class InputError : public numerics::DomainError {
public:
    explicit InputError(const std::string& message) : numerics::DomainError("input", message) {}
};

// What an input file may be (see above).
struct InputLimits {
    static constexpr std::uint64_t default_max_bytes = std::uint64_t{1} << 30;  // 1 GiB
    std::uint64_t max_bytes = default_max_bytes;
    std::string option;  // the command's option that sets max_bytes, named in the refusal ("" if none)
};

// The whole file, after the checks above.
std::string read_text_file(const std::filesystem::path& path, const InputLimits& limits = {});

// The same checks without holding the file: it is read in 1 MiB blocks.
// Counts its bytes, lines and the occurrences of `counted` (e.g. a CSV
// delimiter).
struct TextFileStats {
    std::uintmax_t bytes = 0, lines = 0, counted = 0;
};
TextFileStats check_text_file(const std::filesystem::path& path, char counted = '\n', const InputLimits& limits = {});

// Throws InputError("name:line: column c: binary data ...") if `text` looks
// binary (see above).
void require_text(const std::string& text, const std::string& name);

}  // namespace sklaws::fitting
