// libFuzzer harness: the CSV reader (fitting/csv_table.hpp) on arbitrary bytes.
//
// Contract checked: parse_csv either returns a table whose every row has one
// cell per header column (no more cell bytes than the text), with increasing
// 1-based line numbers within the file, or throws InputError whose message is one line starting with the
// file name; reading any column in any value domain either yields values in
// that domain or throws InputError. Anything else is a finding.
#include <sklaws/fitting/csv_table.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

using namespace sklaws::fitting;

void require(bool condition) {
    if (!condition) std::abort();
}

void check_message(const InputError& e) {
    const std::string m = e.what();
    require(m.rfind("fuzz.csv:", 0) == 0 || m.find("fuzz.csv:") != std::string::npos);
    require(m.find('\n') == std::string::npos);
}

void check_column(const CsvTable& table, const std::string& name, ValueDomain domain) {
    try {
        const auto values = table.numeric_column(name, domain);
        require(values.size() == table.row_count());
        for (double v : values) {
            require(std::isfinite(v));
            if (domain == ValueDomain::positive) require(v > 0);
            if (domain == ValueDomain::count) require(v >= 1 && v == std::floor(v));
        }
    } catch (const InputError& e) {
        check_message(e);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const CsvTable table = parse_csv(text, "fuzz.csv");
        require(!table.header.empty());
        std::size_t previous = 0, cell_bytes = 0;
        for (std::size_t r = 0; r < table.row_count(); ++r) {
            for (std::size_t c = 0; c < table.header.size(); ++c) cell_bytes += table.cell(r, c).size();
            require(table.line_numbers[r] > previous && table.line_numbers[r] <= table.last_line);
            previous = table.line_numbers[r];
        }
        require(cell_bytes <= text.size());  // cells are unquoted, trimmed pieces of the text
        require(table.memory_bytes() >= cell_bytes);
        for (const auto& name : table.header) {
            check_column(table, name, ValueDomain::finite);
            check_column(table, name, ValueDomain::positive);
            check_column(table, name, ValueDomain::count);
        }
        // A name no header cell has (the fuzzer once wrote this very
        // sentinel into a header: regressions/csv/).
        std::string missing = "no such column \x01";
        while (std::find(table.header.begin(), table.header.end(), missing) != table.header.end()) missing += '_';
        try {
            table.column_index(missing);
            require(false);
        } catch (const InputError& e) {
            check_message(e);
        }
    } catch (const InputError& e) {
        check_message(e);
    }
    return 0;
}
