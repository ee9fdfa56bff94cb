// The tab-separated oracle tables written by
// tests/oracle/theory_scaling_oracle.py: one header line starting with '#',
// then rows of fields kept as text (so that multiprecision tests can parse the
// 35-digit values exactly); read by tests/support/oracle_table.hpp. Rows
// of one table may differ in width (the KS1 table's summary and vertex rows):
// each test checks the cells it reads.
#pragma once

#include "../support/oracle_table.hpp"

#include <string>
#include <vector>

namespace sklaws::test {

using OracleRow = std::vector<std::string>;

inline std::vector<OracleRow> read_scaling_oracle(const std::string& name) {
    std::vector<OracleRow> rows;
    for (auto& row : read_oracle_table(name, OracleHeader::ragged).rows) rows.push_back(std::move(row.cells));
    return rows;
}

}  // namespace sklaws::test
