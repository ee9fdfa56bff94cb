// Shared helpers of the fitting tests: the scipy/mpmath oracle table
// (tests/oracle/fitting_oracle.tsv, written by fitting_oracle.py), the
// committed synthetic CSVs, and the Chinchilla data location.
#pragma once

#include "../support/oracle_table.hpp"

#include <sklaws/fitting/csv_table.hpp>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

namespace fitting_test {

struct OracleValue {
    double value = 0;
    double rel_tol = 0;
};

// name, value, rel_tol per line of tests/oracle/<file> ('#' lines are
// comments), read by the one oracle reader (tests/support/oracle_table.hpp).
inline std::map<std::string, OracleValue> read_oracle_table(const std::string& file) {
    std::map<std::string, OracleValue> t;
    for (const auto& row : sklaws::test::read_oracle_table(file, sklaws::test::OracleHeader::none).rows) {
        t[row.cells.at(0)] = {std::stod(row.cells.at(1)), std::stod(row.cells.at(2))};
    }
    return t;
}

inline const std::map<std::string, OracleValue>& oracle() {
    static const auto table = read_oracle_table("fitting_oracle.tsv");
    return table;
}

// Every fitting oracle table, searched in turn.
inline const OracleValue& reference(const std::string& name) {
    static const std::map<std::string, OracleValue> others = [] {
        std::map<std::string, OracleValue> all;
        for (const char* file : {"fitting_real_data.tsv", "fitting_forms.tsv"}) {
            const auto t = read_oracle_table(file);
            all.insert(t.begin(), t.end());
        }
        return all;
    }();
    if (const auto it = oracle().find(name); it != oracle().end()) return it->second;
    if (const auto it = others.find(name); it != others.end()) return it->second;
    throw std::runtime_error("no oracle table has an entry " + name);
}

// Where the published datasets are (../shared/data/external), and whether
// they are there: tests on real data skip with a message when not.
inline std::filesystem::path external_data(const std::string& relative) {
    return std::filesystem::path(SKLAWS_SHARED_DIR) / "data/external" / relative;
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
        INFO(std::setprecision(12) << name << ": sklaws " << (actual) << " vs scipy " << ref_.value << " (rel tol "     \
                  << ref_.rel_tol << ")");                                                      \
        CHECK(std::abs((actual) - ref_.value) <= ref_.rel_tol * std::abs(ref_.value));          \
    } while (0)
