// Typed rows of the mpmath reference tables tests/oracle/numerics_*.tsv
// (read by the one oracle reader, tests/support/oracle_table.hpp).
//
// Format (written by tests/oracle/numerics_special_functions.py): lines
// starting with '#' are comments, the first other line names the
// tab-separated columns, every further line is one row. Arguments are exact
// binary numbers written as decimals; `double_exact` = 1 marks rows whose
// arguments are IEEE doubles (repr text, so strtod recovers them exactly).
#pragma once

#include "../support/oracle_table.hpp"

#include <sklaws/numerics/precision.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace sklaws::test {

struct OracleRow {
    std::map<std::string, std::string> cells;
    int line = 0;

    const std::string& operator[](const std::string& column) const {
        const auto it = cells.find(column);
        if (it == cells.end()) FAIL("oracle row at line " << line << " has no column " << column);
        return it->second;
    }
    bool double_exact() const { return (*this)["double_exact"] == "1"; }
    int trusted_digits() const { return std::stoi((*this)["trusted_digits"]); }
    // strtod is correctly rounded, so repr text gives back the exact double.
    double as_double(const std::string& column) const { return std::strtod((*this)[column].c_str(), nullptr); }
    // Exact for double_exact rows (via the double) and for the short dyadic
    // decimals of multiprecision-only rows (MPFR parses correctly rounded).
    numerics::mp_real as_mp(const std::string& column) const {
        if (double_exact()) return numerics::mp_real(as_double(column));
        return numerics::mp_real((*this)[column]);
    }
    std::string describe() const {
        std::ostringstream out;
        out << "line " << line << ":";
        for (const auto& [k, v] : cells) out << ' ' << k << '=' << v;
        return out.str();
    }
};

inline std::vector<OracleRow> read_oracle_table(const std::string& name) {
    const OracleTable table = read_oracle_table(name, OracleHeader::first_row);
    std::vector<OracleRow> rows;
    for (const auto& r : table.rows) {
        OracleRow row;
        row.line = r.line;
        for (std::size_t i = 0; i < r.cells.size(); ++i) row.cells[table.columns[i]] = r.cells[i];
        rows.push_back(std::move(row));
    }
    if (rows.size() < 200) FAIL(table.path << " has only " << rows.size() << " rows (expected >= 200)");
    return rows;
}

}  // namespace sklaws::test
