// Reader for the mpmath reference tables tests/oracle/numerics_*.tsv.
//
// Format (written by tests/oracle/numerics_special_functions.py): lines
// starting with '#' are comments, the first other line names the
// tab-separated columns, every further line is one row. Arguments are exact
// binary numbers written as decimals; `double_exact` = 1 marks rows whose
// arguments are IEEE doubles (repr text, so strtod recovers them exactly).
#pragma once

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
    const std::string path = std::string(SKLAWS_ORACLE_DIR) + "/" + name;
    std::ifstream in(path);
    if (!in) FAIL("cannot open oracle table " << path);
    std::vector<std::string> columns;
    std::vector<OracleRow> rows;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> fields;
        std::stringstream split(line);
        std::string field;
        while (std::getline(split, field, '\t')) fields.push_back(field);
        if (columns.empty()) {
            columns = fields;
            continue;
        }
        if (fields.size() != columns.size()) FAIL(path << ":" << number << ": expected " << columns.size() << " fields");
        OracleRow row;
        row.line = number;
        for (std::size_t i = 0; i < fields.size(); ++i) row.cells[columns[i]] = fields[i];
        rows.push_back(std::move(row));
    }
    if (rows.size() < 200) FAIL(path << " has only " << rows.size() << " rows (expected >= 200)");
    return rows;
}

}  // namespace sklaws::test
