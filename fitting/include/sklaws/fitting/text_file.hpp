// Loading a user's text file (CSV table or corpus) with typed errors.
//
// The whole file is read into memory. A missing path, a directory, an
// unreadable file and binary content are InputErrors naming the file; binary
// content is recognised by a NUL byte or by a high share of control bytes
// (other than tab, CR, LF, FF) in the file, and the message gives the line
// and column of the first offending byte.
#pragma once

#include <sklaws/fitting/csv_table.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace sklaws::fitting {

std::string read_text_file(const std::filesystem::path& path);

// The same checks (missing, directory, unreadable, binary) without holding
// the file: it is read in 1 MiB blocks. Counts its bytes, lines and the
// occurrences of `counted` (e.g. a CSV delimiter).
struct TextFileStats {
    std::uintmax_t bytes = 0, lines = 0, counted = 0;
};
TextFileStats check_text_file(const std::filesystem::path& path, char counted = '\n');

// Throws InputError("name:line: column c: binary data ...") if `text` looks
// binary (see above).
void require_text(const std::string& text, const std::string& name);

}  // namespace sklaws::fitting
