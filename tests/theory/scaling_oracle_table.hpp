// Reads the tab-separated oracle tables written by
// tests/oracle/theory_scaling_oracle.py: one header line starting with '#',
// then rows of fields kept as text (so that multiprecision tests can parse the
// 35-digit values exactly).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sklaws::test {

using OracleRow = std::vector<std::string>;

inline std::vector<OracleRow> read_scaling_oracle(const std::string& name) {
    const std::string path = std::string(SKLAWS_ORACLE_DIR) + "/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open oracle table " + path);
    std::vector<OracleRow> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        OracleRow row;
        std::stringstream fields(line);
        std::string field;
        while (std::getline(fields, field, '\t')) row.push_back(field);
        rows.push_back(row);
    }
    if (rows.empty()) throw std::runtime_error("oracle table " + path + " has no rows");
    return rows;
}

}  // namespace sklaws::test
