// The one reader of the oracle tables in tests/oracle/ (written by the
// mpmath/scipy programs beside them). Every table is UTF-8 text, one row per
// line, cells separated by tabs; lines starting with '#' are comments (kept,
// in order, without the "# "). A table either names its columns in its first
// non-comment line (OracleHeader::first_row) or not at all
// (OracleHeader::none: the generator's comment says what the columns are;
// every row as wide as the first), or has rows of several kinds and widths,
// told apart by a kind cell (OracleHeader::ragged, e.g. the KS1 table's
// "summary"/"vertex" rows: the typed view checks each kind's width).
// Cells stay text, so multiprecision tests can parse 40-digit values
// exactly. Errors (missing file, ragged row, unknown column) throw
// std::runtime_error naming the file and line; the per-area headers
// (tests/numerics/oracle_table.hpp, ...) build their typed views on this.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sklaws::test {

enum class OracleHeader { first_row, none, ragged };

struct OracleTable {
    struct Row {
        int line = 0;  // 1-based line in the file
        std::vector<std::string> cells;
    };
    std::string path;
    std::vector<std::string> comments;
    std::vector<std::string> columns;  // empty for OracleHeader::none
    std::vector<Row> rows;

    std::size_t column(const std::string& name) const {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (columns[i] == name) return i;
        }
        throw std::runtime_error(path + ": no column " + name);
    }
    const std::string& cell(const Row& row, const std::string& name) const { return row.cells.at(column(name)); }
};

inline std::vector<std::string> split_oracle_cells(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream in(line);
    std::string cell;
    while (std::getline(in, cell, '\t')) cells.push_back(cell);
    return cells;
}

// tests/oracle/<file_name>.
inline OracleTable read_oracle_table(const std::string& file_name, OracleHeader header) {
    OracleTable table;
    table.path = std::string(SKLAWS_ORACLE_DIR) + "/" + file_name;
    std::ifstream in(table.path);
    if (!in) throw std::runtime_error("cannot open oracle table " + table.path);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty()) continue;
        if (line[0] == '#') {
            table.comments.push_back(line.substr(line.size() > 1 && line[1] == ' ' ? 2 : 1));
            continue;
        }
        std::vector<std::string> cells = split_oracle_cells(line);
        if (header == OracleHeader::first_row && table.columns.empty()) {
            table.columns = std::move(cells);
            continue;
        }
        const std::size_t width = table.columns.empty() ? (table.rows.empty() ? cells.size() : table.rows.front().cells.size())
                                                        : table.columns.size();
        if (header != OracleHeader::ragged && cells.size() != width) {
            throw std::runtime_error(table.path + ":" + std::to_string(number) + ": " + std::to_string(cells.size()) +
                                     " cells, expected " + std::to_string(width));
        }
        table.rows.push_back({number, std::move(cells)});
    }
    if (table.rows.empty()) throw std::runtime_error("oracle table " + table.path + " has no rows");
    return table;
}

}  // namespace sklaws::test
