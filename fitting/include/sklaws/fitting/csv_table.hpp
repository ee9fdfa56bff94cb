// Reading the CSV tables the fits consume, with errors a user can act on.
//
// Format: the first non-comment line is a header of column names; every other
// non-blank line is a row with exactly as many cells, separated by the
// delimiter (CsvOptions: ',' by default, ';' and tab as European spreadsheets
// and `df.to_csv(sep=...)` write them; any single byte other than a quote,
// '#', CR or LF). Lines whose first non-blank character is '#' are comments.
// Cells may be quoted with double quotes ("a,b" and "" inside quotes as in
// RFC 4180; a quoted cell cannot span lines). Surrounding blanks are trimmed
// (a tab is not trimmed when it is the delimiter); a UTF-8 byte-order mark is
// skipped. Columns are selected by name, so extra columns are ignored.
//
// pandas: `df.to_csv()` writes the index as an unnamed first column, so an
// empty FIRST header cell names an index column, which is kept in the rows
// (positions in messages stay those of the file) but can never be selected.
// Any other empty header cell is an error. Missing values — an empty cell or
// one of pandas's default NA spellings (NaN, nan, NA, N/A, n/a, NULL, null,
// None, <NA>, #N/A, -NaN, -nan) — are recognised by is_missing_cell();
// numeric parsing refuses them with a hint at --dropna, and select_columns()
// (columns.hpp) can drop their rows instead.
//
// Numbers: decimal, optionally with an exponent ("1e9", "2.5E-3"), as
// strtod reads them but without hexadecimal ("0x10" is refused, as the CLI
// options refuse it), leading '+' allowed. A cell quoted in a message is cut
// to at most 80 characters ("…" marks the cut) with control bytes escaped.
//
// Every problem is an InputError whose message names the file, the 1-based
// line, the column (name and 1-based position) and what was expected, e.g.
//   runs.csv:17: column 'loss' (column 3): expected a positive finite
//   number (its logarithm is taken), got '-0.2'
// InputError derives from numerics::DomainError, which the sklaws front end
// maps to exit status 2.
#pragma once

#include <sklaws/fitting/text_file.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <filesystem>
#include <string>
#include <vector>

namespace sklaws::fitting {

// What a numeric column must hold. Logs are taken of every `positive` value.
enum class ValueDomain {
    finite,    // any finite real
    positive,  // finite and > 0 (logarithm taken)
    count,     // integer ≥ 1 (sizes of the blocks of a Pitman-Yor sample)
};

struct CsvOptions {
    char delimiter = ',';
};

// Cells are stored back to back in one buffer with an end offset each
// (8 bytes of overhead per cell), so a table costs about its file size plus
// 8 bytes per cell and 8 per row — a 1e6-row, 7-column CSV ~ its size +
// 64 MB, not a std::string per cell (~40–70 bytes each).
struct CsvTable {
    std::string path;                             // as given, for messages
    std::vector<std::string> header;              // column names ("" for a pandas index column)
    bool index_column = false;                    // first column is an unnamed (pandas) index
    std::vector<std::size_t> line_numbers;        // 1-based source line of each row
    std::size_t last_line = 0;                    // number of lines in the file

    std::size_t row_count() const { return line_numbers.size(); }
    // The cell (unquoted, trimmed); valid while the table lives.
    std::string_view cell(std::size_t row, std::size_t column) const;
    void add_row(const std::vector<std::string>& cells, std::size_t line);  // header.size() cells
    void reserve(std::size_t cell_bytes, std::size_t cells, std::size_t rows);
    std::size_t memory_bytes() const;             // the cells' storage

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

private:
    std::string cells_;
    std::vector<std::uint64_t> ends_;             // end of each cell in cells_, row-major
};

// Reads and tokenises `path`. Throws InputError for a missing, unreadable,
// non-regular or over-size file (text_file.hpp), an empty file, binary data,
// a header without names (other than a first index column), duplicate names,
// a row with the wrong number of cells, or a delimiter that cannot separate
// cells.
// `limits` says what it accepts as a file (text_file.hpp).
CsvTable read_csv(const std::filesystem::path& path, const CsvOptions& options = {}, const InputLimits& limits = {});

// Upper bound of the bytes read_csv(path) holds: the cells (≤ the file
// size), 8 bytes per cell (cells ≤ delimiters + lines) and 8 per line.
// Reads the file once (the binary check of read_csv). Throws InputError
// for a file read_csv would refuse as missing, a directory or binary.
std::uintmax_t csv_peak_bytes(const std::filesystem::path& path, const CsvOptions& options = {},
                              const InputLimits& limits = {});

// Same, from text already in memory (`name` is used in messages).
CsvTable parse_csv(const std::string& text, const std::string& name, const CsvOptions& options = {});

// An empty cell or a pandas NA spelling (see above).
bool is_missing_cell(std::string_view cell);

// `cell` as messages quote it: at most 80 characters, control bytes as \xNN.
std::string quote_cell(std::string_view cell);

// Parses one cell; throws InputError with `where` as the location prefix.
double parse_cell(std::string_view cell, ValueDomain domain, const std::string& where);

// Parses the --delimiter value: "," ";" "|" or any single printable byte,
// "tab" or "\t" for a tab. Throws InputError naming the value otherwise.
char parse_delimiter(const std::string& text);

}  // namespace sklaws::fitting
