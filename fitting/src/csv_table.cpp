#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/text_file.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>

namespace sklaws::fitting {

namespace {

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\f");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\f");
    return s.substr(first, last - first + 1);
}

bool is_comment_or_blank(const std::string& line) {
    const std::string t = trim(line);
    return t.empty() || t[0] == '#';
}

// Splits one line into cells (RFC 4180 quoting within the line).
std::vector<std::string> split_cells(const std::string& line, const std::string& where) {
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
                // blanks between the closing quote and the comma are not part of the cell
                while (i + 1 < line.size() && (line[i + 1] == ' ' || line[i + 1] == '\t' || line[i + 1] == '\r')) ++i;
            } else {
                cell += c;
            }
        } else if (c == '"' && trim(cell).empty()) {
            quoted = was_quoted = true;
            cell.clear();
        } else if (c == ',') {
            cells.push_back(was_quoted ? cell : trim(cell));
            cell.clear();
            was_quoted = false;
        } else {
            cell += c;
        }
    }
    if (quoted) throw InputError(where + ": unterminated quoted cell, expected a closing '\"' on the same line");
    cells.push_back(was_quoted ? cell : trim(cell));
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

}  // namespace

double parse_cell(const std::string& cell, ValueDomain domain, const std::string& where) {
    const std::string expected = where + ": expected " + domain_text(domain) + ", got '" + cell + "'";
    if (cell.empty()) throw InputError(where + ": empty cell, expected " + domain_text(domain));
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(cell.c_str(), &end);
    if (end != cell.c_str() + cell.size() || errno == ERANGE || !std::isfinite(v)) throw InputError(expected);
    if (domain == ValueDomain::positive && !(v > 0)) throw InputError(expected);
    if (domain == ValueDomain::count && (v < 1 || v != std::floor(v) || v > 9.007199254740992e15))
        throw InputError(expected);
    return v;
}

CsvTable parse_csv(const std::string& text, const std::string& name) {
    require_text(text, name);
    CsvTable table;
    table.path = name;
    std::size_t pos = 0, line_number = 0;
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) pos = 3;
    bool have_header = false;
    while (pos < text.size()) {
        auto eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        const std::string line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_number;
        if (is_comment_or_blank(line)) continue;
        const std::string where = name + ":" + std::to_string(line_number);
        auto cells = split_cells(line, where);
        if (!have_header) {
            std::set<std::string> seen;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                if (cells[c].empty())
                    throw InputError(where + ": column " + std::to_string(c + 1) + ": empty header cell, expected a column name");
                if (!seen.insert(cells[c]).second)
                    throw InputError(where + ": column " + std::to_string(c + 1) + ": duplicate column name '" + cells[c] + "'");
            }
            table.header = std::move(cells);
            have_header = true;
            continue;
        }
        if (cells.size() != table.header.size())
            throw InputError(where + ": column " + std::to_string(std::min(cells.size(), table.header.size()) + 1) +
                             ": row has " + std::to_string(cells.size()) + " cells, expected " +
                             std::to_string(table.header.size()) + " (one per header column)");
        table.rows.push_back(std::move(cells));
        table.line_numbers.push_back(line_number);
    }
    table.last_line = line_number;
    if (!have_header)
        throw InputError(name + ":" + std::to_string(std::max<std::size_t>(line_number, 1)) +
                         ": column 1: empty file, expected a header line of column names");
    return table;
}

CsvTable read_csv(const std::filesystem::path& path) { return parse_csv(read_text_file(path), path.string()); }

bool CsvTable::has_column(const std::string& name) const {
    return std::find(header.begin(), header.end(), name) != header.end();
}

std::size_t CsvTable::column_index(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it != header.end()) return static_cast<std::size_t>(it - header.begin());
    std::string names;
    for (const auto& h : header) names += (names.empty() ? "'" : ", '") + h + "'";
    const std::size_t header_line = line_numbers.empty() ? last_line : 1;
    throw InputError(path + ":" + std::to_string(header_line) + ": column '" + name +
                     "': no such column in the header, expected one of " + names);
}

std::string CsvTable::where(std::size_t row, std::size_t column) const {
    return path + ":" + std::to_string(line_numbers.at(row)) + ": column '" + header.at(column) + "' (column " +
           std::to_string(column + 1) + ")";
}

std::vector<double> CsvTable::numeric_column(const std::string& name, ValueDomain domain) const {
    const std::size_t c = column_index(name);
    std::vector<double> values;
    values.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) values.push_back(parse_cell(rows[r][c], domain, where(r, c)));
    return values;
}

void CsvTable::require_rows(std::size_t needed, const std::string& column, const std::string& why) const {
    if (rows.size() >= needed) return;
    throw InputError(path + ":" + std::to_string(std::max<std::size_t>(last_line, 1)) + ": column '" + column +
                     "': " + std::to_string(rows.size()) + " data rows, expected at least " + std::to_string(needed) +
                     " (" + why + ")");
}

}  // namespace sklaws::fitting
