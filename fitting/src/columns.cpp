#include <sklaws/fitting/columns.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace sklaws::fitting {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string header_list(const CsvTable& table) {
    std::string names;
    for (const auto& h : table.header)
        if (!h.empty()) names += (names.empty() ? "'" : ", '") + h + "'";
    return names;
}

std::size_t header_line(const CsvTable& table) { return table.line_numbers.empty() ? table.last_line : 1; }

std::vector<std::size_t> all_rows(const CsvTable& table, std::span<const std::size_t> rows) {
    if (!rows.empty()) return {rows.begin(), rows.end()};
    std::vector<std::size_t> r(table.row_count());
    for (std::size_t i = 0; i < r.size(); ++i) r[i] = i;
    return r;
}

}  // namespace

std::string resolve_column(const CsvTable& table, const ColumnRole& role) {
    if (role.name) return table.header.at(table.column_index(*role.name));  // throws, listing the header
    for (const auto& want : role.candidates)
        for (const auto& h : table.header)
            if (!h.empty() && lower(h) == want) return h;
    if (!role.required) return {};
    std::string tried;
    for (const auto& c : role.candidates) tried += (tried.empty() ? "'" : ", '") + c + "'";
    throw InputError(table.path + ":" + std::to_string(header_line(table)) + ": column for " + role.role +
                     ": none of the header names " + header_list(table) + " is one of " + tried +
                     " (case ignored); name it with --" + role.role + " COL");
}

ColumnSelection select_columns(const CsvTable& table, std::span<const ColumnRole> roles, bool dropna,
                               std::span<const std::size_t> rows, std::span<const std::string> also_used) {
    ColumnSelection s;
    std::vector<std::size_t> index;  // column index per role, npos when absent
    for (const auto& role : roles) {
        s.columns.push_back(resolve_column(table, role));
        index.push_back(s.columns.back().empty() ? std::string::npos : table.column_index(s.columns.back()));
    }
    std::vector<std::size_t> extra;
    for (const auto& name : also_used) extra.push_back(table.column_index(name));
    s.values.resize(roles.size());
    for (const std::size_t r : all_rows(table, rows)) {
        const auto cells = [&](std::size_t c) { return table.cell(r, c); };
        // A missing value anywhere in the used columns drops (or refuses) the row.
        std::size_t missing = std::string::npos;
        for (std::size_t k = 0; k < roles.size() && missing == std::string::npos; ++k)
            if (index[k] != std::string::npos && is_missing_cell(cells(index[k]))) missing = index[k];
        for (std::size_t c : extra)
            if (missing == std::string::npos && is_missing_cell(cells(c))) missing = c;
        if (missing != std::string::npos) {
            if (!dropna) (void)parse_cell(cells(missing), ValueDomain::finite, table.where(r, missing));  // throws
            ++s.dropped;
            s.dropped_lines.push_back(table.line_numbers[r]);
            continue;
        }
        for (std::size_t k = 0; k < roles.size(); ++k)
            if (index[k] != std::string::npos)
                s.values[k].push_back(parse_cell(cells(index[k]), roles[k].domain, table.where(r, index[k])));
        s.rows.push_back(r);
        s.lines.push_back(table.line_numbers[r]);
    }
    return s;
}

std::vector<RowGroup> group_rows(const CsvTable& table, std::span<const std::string> columns, bool dropna,
                                 std::size_t* dropped) {
    std::vector<std::size_t> index;
    for (const auto& name : columns) index.push_back(table.column_index(name));
    std::vector<RowGroup> groups;
    std::map<std::vector<std::string>, std::size_t> position;
    std::size_t skipped = 0;
    for (std::size_t r = 0; r < table.row_count(); ++r) {
        std::vector<std::string> key;
        bool missing = false;
        for (std::size_t c : index) {
            if (is_missing_cell(table.cell(r, c))) {
                if (!dropna)
                    throw InputError(table.where(r, c) + ": empty or NaN group key " + quote_cell(table.cell(r, c)) +
                                     ", expected a value (--dropna drops such rows)");
                missing = true;
                break;
            }
            key.emplace_back(table.cell(r, c));
        }
        if (missing) {
            ++skipped;
            continue;
        }
        auto [it, inserted] = position.try_emplace(key, groups.size());
        if (inserted) groups.push_back(RowGroup{key, {}});
        groups[it->second].rows.push_back(r);
    }
    if (dropped) *dropped = skipped;
    return groups;
}

std::vector<std::string> split_column_list(const std::string& text) {
    std::vector<std::string> names;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) {
            names.push_back(cur);
            cur.clear();
        } else cur += c;
    }
    names.push_back(cur);
    for (const auto& n : names)
        if (n.empty()) throw InputError("--group: empty column name in " + quote_cell(text) + ", expected COL[,COL...]");
    return names;
}

}  // namespace sklaws::fitting
