// Shared helpers of the fitting tests: the scipy/mpmath oracle table
// (tests/oracle/fitting_oracle.tsv, written by fitting_oracle.py), the
// committed synthetic CSVs, and the Chinchilla data location.
#pragma once

#include <sklaws/fitting/csv_table.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

namespace fitting_test {

struct OracleValue {
    double value = 0;
    double rel_tol = 0;
};

inline const std::map<std::string, OracleValue>& oracle() {
    static const std::map<std::string, OracleValue> table = [] {
        std::map<std::string, OracleValue> t;
        std::ifstream in(std::string(SKLAWS_ORACLE_DIR) + "/fitting_oracle.tsv");
        if (!in) throw std::runtime_error("missing tests/oracle/fitting_oracle.tsv");
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            std::istringstream fields(line);
            std::string name;
            OracleValue v;
            fields >> name >> v.value >> v.rel_tol;
            t[name] = v;
        }
        return t;
    }();
    return table;
}

inline const OracleValue& reference(const std::string& name) {
    const auto it = oracle().find(name);
    if (it == oracle().end()) throw std::runtime_error("oracle table has no entry " + name);
    return it->second;
}

inline sklaws::fitting::CsvTable oracle_csv(const std::string& file) {
    return sklaws::fitting::read_csv(std::string(SKLAWS_ORACLE_DIR) + "/" + file);
}

inline std::filesystem::path chinchilla_csv() {
    return std::filesystem::path(SKLAWS_SHARED_DIR) / "data/external/chinchilla-epoch/svg_extracted_data.csv";
}

}  // namespace fitting_test

// |actual − expected| ≤ rel_tol·|expected| for the named oracle value.
#define CHECK_ORACLE(name, actual)                                                              \
    do {                                                                                        \
        const auto& ref_ = fitting_test::reference(name);                                      \
        INFO(name << ": sklaws " << (actual) << " vs scipy " << ref_.value << " (rel tol "     \
                  << ref_.rel_tol << ")");                                                      \
        CHECK(std::abs((actual) - ref_.value) <= ref_.rel_tol * std::abs(ref_.value));          \
    } while (0)
