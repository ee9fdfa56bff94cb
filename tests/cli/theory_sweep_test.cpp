// The randomized oracle sweep: every `sklaws theory` quantity at thousands of
// random and edge points (tests/oracle/theory_sweep_oracle.py, mpmath at two
// precisions), run in-process through the very code the command runs
// (run_theory_query) at --digits 15 (double where the inputs allow), 20 and 40
// (multiprecision). At every point:
//   * a value row: the printed value is within its claimed digits of the
//     oracle (|printed − ref| ≤ 10^−digits·|printed| + half a unit in the last
//     printed place + the oracle's own uncertainty), and a nonzero value is
//     never printed as 0;
//   * an overflow / underflow row (beyond MPFR's exponent range): the query
//     fails with an OverflowError / UnderflowError whose message names the
//     range — no value is printed;
//   * a domain row: the query fails with a UsageError or DomainError whose
//     message names the option.
// The table carries its seed; each table here must pass, and so must one
// regenerated with any other seed (SKLAWS_THEORY_SWEEP_TABLE=<file> runs that
// file instead; scripts/theory_sweep.sh does it for a larger sweep).
// A quantity added to `sklaws theory` is covered by adding its rows to the
// generator; nothing here names a quantity.
#include "command_registry.hpp"
#include "theory_query.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/precision.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using sklaws::numerics::mp_real;

namespace {

struct SweepRow {
    std::string quantity, options, output, expect, reference;
    int trusted = 0;
    int line = 0;
};

struct SweepTable {
    std::string path;
    std::string seed;
    std::vector<SweepRow> rows;
};

std::vector<std::string> split(const std::string& text, char by) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string cell;
    while (std::getline(in, cell, by))
        if (!cell.empty() || by == '\t') out.push_back(cell);
    return out;
}

SweepTable read_sweep(const std::string& path) {
    std::ifstream in(path);
    if (!in) FAIL("cannot open sweep table " << path);
    SweepTable table{path, "", {}};
    std::string line;
    int number = 0;
    bool header = false;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty()) continue;
        if (line[0] == '#') {
            if (line.rfind("# seed: ", 0) == 0) table.seed = line.substr(8);
            continue;
        }
        const auto cells = split(line, '\t');
        if (!header) {
            REQUIRE(cells == std::vector<std::string>{"quantity", "options", "output", "expect", "reference",
                                                      "trusted_digits"});
            header = true;
            continue;
        }
        if (cells.size() != 6) FAIL(path << ":" << number << ": expected 6 cells");
        table.rows.push_back({cells[0], cells[1], cells[2], cells[3], cells[4], std::stoi(cells[5]), number});
    }
    if (table.seed.empty()) FAIL(path << " carries no '# seed: ' line");
    return table;
}

std::string lowercase_dashes(std::string s) {
    for (char& c : s) {
        if (c == '_') c = '-';
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

// What one query did.
struct Outcome {
    std::string kind;  // "value", "domain", "overflow", "underflow", "other"
    std::string message;
    std::string value;
    double digits = 0;
};

Outcome run_query(const SweepRow& row, unsigned digits) {
    std::vector<std::string> words{row.quantity};
    for (const auto& w : split(row.options, ' ')) words.push_back(w);
    words.push_back("--digits");
    words.push_back(std::to_string(digits));
    try {
        const sklaws::cli::TheoryQuantity* q = nullptr;
        const sklaws::cli::TheoryResult result = sklaws::cli::run_theory_query(words, &q);
        for (const auto& o : result.outputs) {
            if (o.name == row.output) return {"value", "", o.value, o.digits};
        }
        return {"other", "no output named " + row.output, "", 0};
    } catch (const sklaws::cli::UsageError& e) {
        return {"domain", e.what(), "", 0};
    } catch (const sklaws::numerics::DomainError& e) {
        return {"domain", e.what(), "", 0};
    } catch (const sklaws::numerics::OverflowError& e) {
        return {"overflow", e.what(), "", 0};
    } catch (const sklaws::numerics::UnderflowError& e) {
        return {"underflow", e.what(), "", 0};
    } catch (const std::exception& e) {
        return {"other", e.what(), "", 0};
    }
}

// Empty when the row holds, else why not.
std::string check_row(const SweepRow& row, const Outcome& got, unsigned digits) {
    if (row.expect.rfind("domain:", 0) == 0) {
        const std::string option = row.expect.substr(7);
        if (got.kind != "domain") return "expected a domain error naming " + option + ", got " + got.kind + " " + got.value;
        // Named as the option (--n expects ...) or as the argument (n = 2.5 is outside ...).
        const std::string message = lowercase_dashes(got.message);
        if (message.find("--" + option) == std::string::npos && message.find(option + " =") == std::string::npos)
            return "domain error does not name " + option + ": " + got.message;
        return "";
    }
    if (row.expect == "overflow" || row.expect == "underflow") {
        if (got.kind != row.expect) return "expected " + row.expect + " (said, not printed), got " + got.kind + " " + got.value;
        if (got.message.find("range") == std::string::npos) return "message names no range: " + got.message;
        return "";
    }
    if (got.kind != "value") {
        // "Correct values with honest digits, or exit 2 with a message naming
        // the range": a refusal that states where the formula stops applying
        // is allowed (and counted: most rows must still give values).
        if (got.kind == "domain" && got.message.find("is no estimate") != std::string::npos) return "";
        return "expected a value, got " + got.kind + ": " + got.message;
    }
    sklaws::numerics::WorkingPrecision wide(120);
    const mp_real printed(got.value), reference(row.reference);
    if (reference == 0) return printed == 0 ? "" : "reference is 0, printed " + got.value;
    if (printed == 0) return "nonzero value printed as 0 (" + std::to_string(got.digits) + " digits claimed)";
    // Half a unit in the last of the `digits` printed significant digits.
    const mp_real magnitude = floor(log10(abs(printed)));
    const mp_real half_unit = pow(mp_real(10), magnitude - digits + 1) / 2;
    const mp_real allowed = pow(mp_real(10), -mp_real(got.digits)) * abs(printed) + half_unit +
                            pow(mp_real(10), -mp_real(row.trusted)) * abs(reference);
    const mp_real off = abs(printed - reference);
    if (off <= allowed) return "";
    const double correct = static_cast<double>(-log10(off / abs(reference)));
    std::ostringstream why;
    why << "printed " << got.value << " claims " << got.digits << " digits, has " << correct << " (oracle "
        << row.reference << ")";
    return why.str();
}

void run_sweep(const std::string& path) {
    const SweepTable table = read_sweep(path);
    INFO("sweep table " << path << ", seed " << table.seed << ", " << table.rows.size() << " rows");
    REQUIRE(table.rows.size() >= 100);
    std::map<std::string, int> failures, checked, confident;
    for (const unsigned digits : {15u, 20u, 40u}) {
        for (const SweepRow& row : table.rows) {
            const Outcome got = run_query(row, digits);
            const std::string why = check_row(row, got, digits);
            const std::string key = row.quantity + " " + row.output + " --digits " + std::to_string(digits);
            ++checked[key];
            if (got.kind == "value" && got.digits >= 8) ++confident[key];
            if (!why.empty()) {
                if (++failures[key] <= 4) {
                    FAIL_CHECK(path << ":" << row.line << " (seed " << table.seed << "): sklaws theory " << row.quantity
                                    << " " << row.options << " --digits " << digits << " [" << row.output
                                    << "]: " << why);
                }
            }
        }
    }
    for (const auto& [key, n] : failures) UNSCOPED_INFO(key << ": " << n << " of " << checked[key] << " rows fail");
    CHECK(failures.empty());
    // Not vacuous: for every quantity most value rows claim real digits.
    std::map<std::string, int> value_rows;
    for (const SweepRow& row : table.rows)
        if (row.expect == "value") ++value_rows[row.quantity + " " + row.output];
    for (const auto& [key, n] : value_rows) {
        for (const unsigned digits : {15u, 20u, 40u}) {
            const std::string k = key + " --digits " + std::to_string(digits);
            INFO(k << ": " << confident[k] << " of " << n << " value rows claim >= 8 digits");
            CHECK(2 * confident[k] >= n);
        }
    }
}

}  // namespace

TEST_CASE("oracle sweep: every sklaws theory quantity holds its claimed digits (seed 1 table)", "[cli][sweep]") {
    if (const char* other = std::getenv("SKLAWS_THEORY_SWEEP_TABLE")) {
        run_sweep(other);
        return;
    }
    run_sweep(std::string(SKLAWS_ORACLE_DIR) + "/theory_sweep.tsv");
}

TEST_CASE("oracle sweep: a second seed passes too", "[cli][sweep]") {
    if (std::getenv("SKLAWS_THEORY_SWEEP_TABLE")) return;
    run_sweep(std::string(SKLAWS_ORACLE_DIR) + "/theory_sweep_seed2.tsv");
}
