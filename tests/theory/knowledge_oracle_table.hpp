// The oracle tables written by tests/oracle/theory_knowledge_oracle.py
// (mpmath) for the knowledge closed-form tests, as rows of cells by header
// position (read by tests/support/oracle_table.hpp).
#pragma once

#include "../support/oracle_table.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace sklaws::tests {

// One row: column values by header position.
struct TsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    std::size_t column(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        throw std::runtime_error("oracle table has no column " + name);
    }
};

inline TsvTable read_oracle_table(const std::string& file_name) {
    const auto read = sklaws::test::read_oracle_table(file_name, sklaws::test::OracleHeader::first_row);
    TsvTable table;
    table.header = read.columns;
    for (const auto& row : read.rows) table.rows.push_back(row.cells);
    return table;
}

}  // namespace sklaws::tests
