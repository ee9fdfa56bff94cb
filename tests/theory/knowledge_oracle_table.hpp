// Reads the oracle tables written by tests/oracle/theory_knowledge_oracle.py
// (mpmath) for the knowledge closed-form tests.
#pragma once

#include <fstream>
#include <sstream>
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

inline std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream in(line);
    std::string cell;
    while (std::getline(in, cell, '\t')) out.push_back(cell);
    return out;
}

inline TsvTable read_oracle_table(const std::string& file_name) {
    const std::string path = std::string(SKLAWS_ORACLE_DIR) + "/" + file_name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open oracle table " + path);
    TsvTable table;
    std::string line;
    std::getline(in, line);
    table.header = split_tabs(line);
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        table.rows.push_back(split_tabs(line));
        if (table.rows.back().size() != table.header.size())
            throw std::runtime_error(path + ": row with " + std::to_string(table.rows.back().size()) + " cells");
    }
    return table;
}

}  // namespace sklaws::tests
