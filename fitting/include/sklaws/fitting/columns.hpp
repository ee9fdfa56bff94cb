// Choosing the columns a fit reads, dropping rows with missing values, and
// splitting a table into groups — one implementation for `sklaws fit`,
// `report --data` and the library.
//
// A column is asked for by role ("N", "loss", ...). The user may name it
// (--N 'Model Size'); otherwise the first header name that equals one of the
// role's candidates, ignoring case, is taken (e.g. N: n, params, parameters,
// n_params, model size, model_size). A named column that is absent, or a
// required role no header name matches, is an InputError at the header line
// listing the header.
//
// Missing values (csv_table.hpp: empty, NaN, NA, ...) in a used column —
// value or group column — refuse the row with file:line:column unless
// `dropna` is set; then the row is dropped and counted. Any other bad cell
// (text, a non-positive loss, hexadecimal) is refused even with `dropna`.
#pragma once

#include <sklaws/fitting/csv_table.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sklaws::fitting {

struct ColumnRole {
    std::string role;                       // for messages: "N", "loss", ...
    std::optional<std::string> name;        // the user's choice; unset: search `candidates`
    std::vector<std::string> candidates;    // lower-case names tried in order
    ValueDomain domain = ValueDomain::finite;
    bool required = true;                   // false: absent is allowed (resolved as "")
};

// The header name for `role`: the user's name (must exist), else the first
// candidate match, else "" for an optional role. Throws InputError.
std::string resolve_column(const CsvTable& table, const ColumnRole& role);

struct ColumnSelection {
    std::vector<std::string> columns;          // resolved header name per role ("" when absent)
    std::vector<std::vector<double>> values;   // [role][kept row]; empty for an absent role
    std::vector<std::size_t> rows;             // table row index of each kept row
    std::vector<std::size_t> lines;            // its source line
    std::size_t dropped = 0;                   // rows dropped for a missing value
    std::vector<std::size_t> dropped_lines;    // their source lines, in order

    std::size_t size() const { return rows.size(); }
};

// Parses the roles' columns over `rows` (all rows when empty). `also_used`
// names further columns (e.g. group keys) whose missing values count too.
ColumnSelection select_columns(const CsvTable& table, std::span<const ColumnRole> roles, bool dropna,
                               std::span<const std::size_t> rows = {},
                               std::span<const std::string> also_used = {});

// Groups of rows with equal cells in `columns`, in order of first appearance.
struct RowGroup {
    std::vector<std::string> key;        // the cells, one per group column
    std::vector<std::size_t> rows;       // table row indices
};
// Rows with a missing key cell are dropped when `dropna` (counted in
// `dropped`), refused otherwise.
std::vector<RowGroup> group_rows(const CsvTable& table, std::span<const std::string> columns, bool dropna,
                                 std::size_t* dropped = nullptr);

// Splits "a,b,c" (the --group value); names may be quoted with '"' to hold a
// comma. Throws InputError for an empty name.
std::vector<std::string> split_column_list(const std::string& text);

}  // namespace sklaws::fitting
