// Reading the CSV tables the fits consume, with errors a user can act on.
//
// Format: the first non-comment line is a header of column names; every other
// non-blank line is a row with exactly as many comma-separated cells. Lines
// whose first non-blank character is '#' are comments. Cells may be quoted
// with double quotes ("a,b" and "" inside quotes as in RFC 4180; a quoted cell
// cannot span lines). Surrounding blanks are trimmed; a UTF-8 byte-order mark
// is skipped. Columns are selected by name, so extra columns are ignored.
//
// Every problem is an InputError whose message names the file, the 1-based
// line, the column (name and 1-based position) and what was expected, e.g.
//   runs.csv:17: column 'loss' (column 3): expected a positive finite
//   number (its logarithm is taken), got '-0.2'
// InputError derives from numerics::DomainError, which the sklaws front end
// maps to exit status 2.
#pragma once

#include <sklaws/numerics/errors.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace sklaws::fitting {

class InputError : public numerics::DomainError {
public:
    explicit InputError(const std::string& message) : numerics::DomainError("input", message) {}
};

// What a numeric column must hold. Logs are taken of every `positive` value.
enum class ValueDomain {
    finite,    // any finite real
    positive,  // finite and > 0 (logarithm taken)
    count,     // integer ≥ 1 (sizes of the blocks of a Pitman-Yor sample)
};

struct CsvTable {
    std::string path;                             // as given, for messages
    std::vector<std::string> header;              // column names
    std::vector<std::vector<std::string>> rows;   // cells, header.size() each
    std::vector<std::size_t> line_numbers;        // 1-based source line of each row
    std::size_t last_line = 0;                    // number of lines in the file

    std::size_t column_index(const std::string& name) const;  // throws InputError if absent
    bool has_column(const std::string& name) const;
    // The column's cells parsed as numbers in `domain`; throws InputError
    // naming the first offending cell.
    std::vector<double> numeric_column(const std::string& name, ValueDomain domain) const;
    // Throws InputError unless there are at least `needed` rows; `why` says
    // what needs them (e.g. "the power form has 3 parameters").
    void require_rows(std::size_t needed, const std::string& column, const std::string& why) const;
    // Location prefix "path:line: column 'name' (column k)" for messages.
    std::string where(std::size_t row, std::size_t column) const;
};

// Reads and tokenises `path`. Throws InputError for a missing file, a
// directory, an empty file, binary data, a header without names, duplicate
// names or a row with the wrong number of cells.
CsvTable read_csv(const std::filesystem::path& path);

// Same, from text already in memory (`name` is used in messages).
CsvTable parse_csv(const std::string& text, const std::string& name);

// Parses one cell; throws InputError with `where` as the location prefix.
double parse_cell(const std::string& cell, ValueDomain domain, const std::string& where);

}  // namespace sklaws::fitting
