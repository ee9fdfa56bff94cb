#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/text_file.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string_view>

namespace sklaws::fitting {

namespace {

// Blanks trimmed around cells; the delimiter itself is never trimmed.
std::string trim(const std::string& s, char delimiter) {
    const auto blank = [delimiter](char c) { return c != delimiter && (c == ' ' || c == '\t' || c == '\r' || c == '\f'); };
    std::size_t first = 0, last = s.size();
    while (first < last && blank(s[first])) ++first;
    while (last > first && blank(s[last - 1])) --last;
    return s.substr(first, last - first);
}

bool is_comment_or_blank(const std::string& line) {
    const std::string t = trim(line, '\0');
    return t.empty() || t[0] == '#';
}

// Splits one line into cells (RFC 4180 quoting within the line).
std::vector<std::string> split_cells(const std::string& line, char delimiter, const std::string& where) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false, was_quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
                // blanks between the closing quote and the delimiter are not part of the cell
                while (i + 1 < line.size() && line[i + 1] != delimiter &&
                       (line[i + 1] == ' ' || line[i + 1] == '\t' || line[i + 1] == '\r'))
                    ++i;
            } else {
                cell += c;
            }
        } else if (c == '"' && trim(cell, delimiter).empty()) {
            quoted = was_quoted = true;
            cell.clear();
        } else if (c == delimiter) {
            cells.push_back(was_quoted ? cell : trim(cell, delimiter));
            cell.clear();
            was_quoted = false;
        } else {
            cell += c;
        }
    }
    if (quoted) throw InputError(where + ": unterminated quoted cell, expected a closing '\"' on the same line");
    cells.push_back(was_quoted ? cell : trim(cell, delimiter));
    return cells;
}

std::string domain_text(ValueDomain domain) {
    switch (domain) {
        case ValueDomain::finite: return "a finite number";
        case ValueDomain::positive: return "a positive finite number (its logarithm is taken)";
        case ValueDomain::count: return "an integer count >= 1";
    }
    return "a number";
}

std::string delimiter_name(char d) {
    if (d == '\t') return "tab";
    return std::string("'") + d + "'";
}

}  // namespace

bool is_missing_cell(std::string_view cell) {
    static constexpr std::array<std::string_view, 14> spellings{"NaN", "nan",  "NA",   "N/A", "n/a",  "NULL", "null",
                                                                "None", "<NA>", "#N/A", "-NaN", "-nan", "#NA", "NAN"};
    if (cell.empty()) return true;
    return std::find(spellings.begin(), spellings.end(), cell) != spellings.end();
}

std::string quote_cell(std::string_view cell) {
    constexpr std::size_t max_chars = 80;
    std::vector<std::string> pieces;  // one displayed character each (an escape shows as 4)
    std::size_t total = 0;
    for (std::size_t i = 0; i < cell.size(); ++i) {
        const auto c = static_cast<unsigned char>(cell[i]);
        std::string piece;
        if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
            piece = buf;
            total += 4;
        } else {
            piece = static_cast<char>(c);
            // a UTF-8 sequence is one character
            while (i + 1 < cell.size() && (static_cast<unsigned char>(cell[i + 1]) & 0xC0) == 0x80) piece += cell[++i];
            total += 1;
        }
        pieces.push_back(std::move(piece));
    }
    std::string out;
    if (total <= max_chars) {
        for (const auto& p : pieces) out += p;
        return "'" + out + "'";
    }
    std::size_t shown = 0;
    for (const auto& p : pieces) {
        const std::size_t width = p.size() > 1 && p[0] == '\\' ? 4 : 1;
        if (shown + width > max_chars - 1) break;
        out += p;
        shown += width;
    }
    return "'" + out + "\xE2\x80\xA6' (" + std::to_string(cell.size()) + " bytes)";  // … marks the cut
}

double parse_cell(std::string_view cell_view, ValueDomain domain, const std::string& where) {
    const std::string cell(cell_view);  // strtod needs a terminated string
    const std::string expected = where + ": expected " + domain_text(domain) + ", got " + quote_cell(cell);
    if (cell.empty())
        throw InputError(where + ": empty cell, expected " + domain_text(domain) + " (--dropna drops rows with empty or NaN cells)");
    if (is_missing_cell(cell)) throw InputError(expected + " (a missing value; --dropna drops such rows)");
    // strtod would also take hexadecimal ("0x10", "0x1p3"), which no
    // training log writes: a typo, refused as the CLI options refuse it.
    if (cell.find_first_of("xX") != std::string::npos) throw InputError(expected + " (hexadecimal is not accepted)");
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(cell.c_str(), &end);
    if (end != cell.c_str() + cell.size() || errno == ERANGE || !std::isfinite(v)) throw InputError(expected);
    if (domain == ValueDomain::positive && !(v > 0)) throw InputError(expected);
    if (domain == ValueDomain::count && (v < 1 || v != std::floor(v) || v > 9.007199254740992e15))
        throw InputError(expected);
    return v;
}

char parse_delimiter(const std::string& text) {
    if (text == "tab" || text == "\\t" || text == "\t") return '\t';
    const bool printable = text.size() == 1 && static_cast<unsigned char>(text[0]) > 0x20 &&
                           static_cast<unsigned char>(text[0]) < 0x7f;
    if (!printable || text[0] == '"' || text[0] == '#' || text[0] == '.' || text[0] == '-' || text[0] == '+' ||
        (text[0] >= '0' && text[0] <= '9') || (text[0] >= 'A' && text[0] <= 'Z') || (text[0] >= 'a' && text[0] <= 'z'))
        throw InputError("--delimiter: expected ',', ';', 'tab' or another single punctuation character, got " +
                         quote_cell(text));
    return text[0];
}

namespace {

// Builds a table from its lines, one at a time (1-based numbers).
class CsvBuilder {
public:
    CsvBuilder(const std::string& name, const CsvOptions& options) : delimiter_(options.delimiter) {
        if (delimiter_ == '"' || delimiter_ == '\n' || delimiter_ == '\r' || delimiter_ == '#' || delimiter_ == '\0')
            throw InputError(name + ":1: column 1: delimiter " + delimiter_name(delimiter_) + " cannot separate cells");
        table_.path = name;
    }

    void line(std::string_view text, std::size_t number) {
        last_ = number;
        std::string line(text);
        if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (is_comment_or_blank(line)) return;
        const std::string where = table_.path + ":" + std::to_string(number);
        auto cells = split_cells(line, delimiter_, where);
        if (!have_header_) {
            header(cells, line, where);
            return;
        }
        if (cells.size() != table_.header.size()) {
            std::string hint;
            if (cells.size() == 1 && table_.header.size() > 1)
                hint = " (is the delimiter " + delimiter_name(delimiter_) + " right? see --delimiter)";
            throw InputError(where + ": column " + std::to_string(std::min(cells.size(), table_.header.size()) + 1) +
                             ": row has " + std::to_string(cells.size()) + " cells, expected " +
                             std::to_string(table_.header.size()) + " (one per header column)" + hint);
        }
        table_.add_row(cells, number);
    }

    CsvTable& table() { return table_; }

    CsvTable finish() {
        table_.last_line = last_;
        if (!have_header_)
            throw InputError(table_.path + ":" + std::to_string(std::max<std::size_t>(last_, 1)) +
                             ": column 1: empty file, expected a header line of column names");
        return std::move(table_);
    }

private:
    void header(std::vector<std::string>& cells, const std::string& line, const std::string& where) {
        std::set<std::string> seen;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (cells[c].empty() && c == 0 && cells.size() > 1) {
                table_.index_column = true;  // pandas writes its index under an empty name
                continue;
            }
            if (cells[c].empty())
                throw InputError(where + ": column " + std::to_string(c + 1) + ": empty header cell, expected a column name" +
                                 (c == 0 ? std::string() : " (only the first column may be an unnamed index column)"));
            if (!seen.insert(cells[c]).second)
                throw InputError(where + ": column " + std::to_string(c + 1) + ": duplicate column name '" + cells[c] + "'");
        }
        if (cells.size() == 1 && delimiter_ != ',' && line.find(',') != std::string::npos)
            throw InputError(where + ": column 1: the header has a single column with delimiter " +
                             delimiter_name(delimiter_) + " but contains ',', expected --delimiter ','");
        table_.header = std::move(cells);
        have_header_ = true;
    }

    char delimiter_;
    CsvTable table_;
    bool have_header_ = false;
    std::size_t last_ = 0;
};

}  // namespace

CsvTable parse_csv(const std::string& text, const std::string& name, const CsvOptions& options) {
    CsvBuilder builder(name, options);
    require_text(text, name);
    std::size_t pos = 0, number = 0;
    while (pos < text.size()) {
        auto eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        builder.line(std::string_view(text).substr(pos, eol - pos), ++number);
        pos = eol + 1;
    }
    return builder.finish();
}

std::uintmax_t csv_peak_bytes(const std::filesystem::path& path, const CsvOptions& options, const InputLimits& limits) {
    const auto stats = check_text_file(path, options.delimiter, limits);
    return stats.bytes + sizeof(std::uint64_t) * (stats.counted + stats.lines) + sizeof(std::size_t) * stats.lines + 65536;
}

// Streamed: the binary check reads the file once in blocks, the parse reads
// it again line by line, so only the table is held (not the text as well).
CsvTable read_csv(const std::filesystem::path& path, const CsvOptions& options, const InputLimits& limits) {
    CsvBuilder builder(path.string(), options);
    const auto stats = check_text_file(path, options.delimiter, limits);
    // sized from the scan, so the buffers never grow by doubling (csv_peak_bytes)
    builder.table().reserve(stats.bytes, stats.counted + stats.lines, stats.lines);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string() + ":1: column 1: cannot be opened for reading");
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) builder.line(line, ++number);
    if (in.bad()) throw InputError(path.string() + ": read error");
    return builder.finish();
}

bool CsvTable::has_column(const std::string& name) const {
    return !name.empty() && std::find(header.begin(), header.end(), name) != header.end();
}

std::size_t CsvTable::column_index(const std::string& name) const {
    const auto it = name.empty() ? header.end() : std::find(header.begin(), header.end(), name);
    if (it != header.end()) return static_cast<std::size_t>(it - header.begin());
    std::string names;
    for (const auto& h : header)
        if (!h.empty()) names += (names.empty() ? "'" : ", '") + h + "'";
    const std::size_t header_line = line_numbers.empty() ? last_line : 1;
    std::string hint;
    if (header.size() == 1 && header[0].find_first_of(";\t|") != std::string::npos)
        hint = " (the header is one column: is the delimiter right? see --delimiter)";
    throw InputError(path + ":" + std::to_string(header_line) + ": column " + quote_cell(name) +
                     ": no such column in the header, expected one of " + names + hint);
}

std::string_view CsvTable::cell(std::size_t row, std::size_t column) const {
    const std::size_t k = row * header.size() + column;
    if (row >= row_count() || column >= header.size()) throw std::out_of_range("CsvTable::cell outside the table");
    const std::uint64_t begin = k == 0 ? 0 : ends_[k - 1];
    return std::string_view(cells_).substr(begin, ends_[k] - begin);
}

void CsvTable::add_row(const std::vector<std::string>& cells, std::size_t line) {
    if (cells.size() != header.size()) throw std::logic_error("CsvTable::add_row: wrong number of cells");
    for (const auto& c : cells) {
        cells_ += c;
        ends_.push_back(cells_.size());
    }
    line_numbers.push_back(line);
}

void CsvTable::reserve(std::size_t cell_bytes, std::size_t cells, std::size_t rows) {
    cells_.reserve(cell_bytes);
    ends_.reserve(cells);
    line_numbers.reserve(rows);
}

std::size_t CsvTable::memory_bytes() const {
    return cells_.capacity() + ends_.capacity() * sizeof(std::uint64_t) + line_numbers.capacity() * sizeof(std::size_t);
}

std::string CsvTable::where(std::size_t row, std::size_t column) const {
    return path + ":" + std::to_string(line_numbers.at(row)) + ": column '" + header.at(column) + "' (column " +
           std::to_string(column + 1) + ")";
}

std::vector<double> CsvTable::numeric_column(const std::string& name, ValueDomain domain) const {
    const std::size_t c = column_index(name);
    std::vector<double> values;
    values.reserve(row_count());
    for (std::size_t r = 0; r < row_count(); ++r) values.push_back(parse_cell(cell(r, c), domain, where(r, c)));
    return values;
}

void CsvTable::require_rows(std::size_t needed, const std::string& column, const std::string& why) const {
    if (row_count() >= needed) return;
    throw InputError(path + ":" + std::to_string(std::max<std::size_t>(last_line, 1)) + ": column '" + column +
                     "': " + std::to_string(row_count()) + " data rows, expected at least " + std::to_string(needed) +
                     " (" + why + ")");
}

}  // namespace sklaws::fitting
