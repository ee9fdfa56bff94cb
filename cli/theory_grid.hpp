// Grids for `sklaws theory`: any numeric option of a quantity accepts one
// value, a comma list "1,10,100", or a range "start:stop:count" — count
// points, both ends included, log-spaced when both ends are positive and
// evenly spaced otherwise. The command evaluates the Cartesian product of
// every option's values in one process (the first option typed varies
// slowest) and prints a JSON array of the single-point objects with --json, a
// table otherwise (CSV with --csv).
//
// Values are decimal text, as typed where the user typed them (a list's items
// and a range's ends), so that the multiprecision path evaluates exactly what
// was asked for; a range's inner points are the shortest decimal that reads
// back as the double computed (reals) or the nearest integer (counts, which
// are then de-duplicated: 1:10:100 gives the 10 integers once each). Inner
// points of a log range between powers of ten that fall on a power of ten
// are that power exactly (1e2:1e12:11 is 100, 1000, ..., 1e12). Each point's
// values then go through the quantity's own option checks, so a bad value is
// refused with the option's own message. A grid of more than
// max_grid_points points is refused before anything is evaluated.
#pragma once

#include "arguments.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace sklaws::cli {

inline constexpr std::size_t max_grid_points = 1'000'000;

enum class GridKind { none, real, count };

namespace grid_detail {

inline std::string shortest(double v) {
    if (v == 0) return "0";
    char buffer[64];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, r.ptr);
}

inline std::string power_of_ten_text(long e) { return e == 0 ? "1" : "1e" + std::to_string(e); }

// The i-th of n log-spaced points between a and b (> 0); `exact` says the
// point is 10^e exactly (e returned).
inline long double log_point(long double a, long double b, std::size_t i, std::size_t n, bool& exact, long& e) {
    const long double la = std::log10(a), lb = std::log10(b);
    const long double t = static_cast<long double>(i) / static_cast<long double>(n - 1);
    const long double x = la + t * (lb - la);
    const long double rounded = std::round(x);
    exact = std::abs(x - rounded) < 1e-12L && std::abs(la - std::round(la)) < 1e-15L &&
            std::abs(lb - std::round(lb)) < 1e-15L;
    e = static_cast<long>(rounded);
    return std::pow(10.0L, x);
}

}  // namespace grid_detail

// The values of numeric option `option` given as `text` (see above).
inline std::vector<std::string> grid_values(const std::string& option, const std::string& text, bool count) {
    const std::string flag = "--" + option;
    if (text.find(',') != std::string::npos) {
        std::vector<std::string> items;
        std::stringstream in(text);
        std::string item;
        while (std::getline(in, item, ',')) {
            if (item.empty()) throw UsageError(flag + " has an empty item in the list '" + text + "'");
            items.push_back(item);
        }
        if (text.back() == ',') throw UsageError(flag + " has an empty item in the list '" + text + "'");
        return items;
    }
    const auto first = text.find(':');
    if (first == std::string::npos) return {text};
    const auto second = text.find(':', first + 1);
    const std::string expected = flag + " expects a value, a list a,b,c or a range start:stop:count, got '" + text + "'";
    if (second == std::string::npos || text.find(':', second + 1) != std::string::npos) throw UsageError(expected);
    const std::string start = text.substr(0, first), stop = text.substr(first + 1, second - first - 1);
    const std::string count_text = text.substr(second + 1);
    std::uint64_t n = 0;
    try {
        n = parse_count(count_text, flag + " (the range's point count)", max_grid_points);
    } catch (const UsageError&) {
        throw UsageError(flag + ": a range start:stop:count needs a point count in 1.." +
                         std::to_string(max_grid_points) + ", got '" + count_text + "'");
    }
    if (n < 1) throw UsageError(flag + ": a range start:stop:count needs at least 1 point, got '" + count_text + "'");
    const long double a = count ? static_cast<long double>(parse_count(start, flag)) : parse_real(start, flag);
    const long double b = count ? static_cast<long double>(parse_count(stop, flag)) : parse_real(stop, flag);
    if (n == 1) return {start};
    const bool log_spaced = a > 0 && b > 0;
    std::vector<std::string> values{start};
    std::set<std::uint64_t> seen;
    if (count) seen.insert(parse_count(start, flag));
    for (std::size_t i = 1; i + 1 < n; ++i) {
        bool exact = false;
        long e = 0;
        const long double v = log_spaced ? grid_detail::log_point(a, b, i, n, exact, e)
                                         : (a * static_cast<long double>(n - 1 - i) + b * static_cast<long double>(i)) /
                                               static_cast<long double>(n - 1);
        if (count) {
            std::uint64_t k = static_cast<std::uint64_t>(std::llround(v));
            if (exact && e >= 0) {
                k = 1;
                for (long j = 0; j < e; ++j) k *= 10;
            }
            if (seen.insert(k).second) values.push_back(std::to_string(k));
        } else {
            values.push_back(exact ? grid_detail::power_of_ten_text(e) : grid_detail::shortest(static_cast<double>(v)));
        }
    }
    if (!count || seen.insert(parse_count(stop, flag)).second) values.push_back(stop);
    return values;
}

// One word list per grid point: `words` (the options after the quantity's
// name, `--name value` or `--name=value`) with every numeric option's value
// replaced by one of its grid values. kind(name) says which options are
// numeric. One point (no list, no range) gives `words` itself.
inline std::vector<std::vector<std::string>> expand_grid(const std::vector<std::string>& words,
                                                         const std::function<GridKind(const std::string&)>& kind) {
    struct Axis {
        std::size_t word;     // index of the value's word
        std::string prefix;   // "--name=" when written inline, else ""
        std::vector<std::string> values;
    };
    std::vector<Axis> axes;
    std::size_t points = 1;
    std::string sizes;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w.rfind("--", 0) != 0) continue;
        const auto eq = w.find('=');
        const std::string name = w.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        const GridKind k = kind(name);
        if (k == GridKind::none) continue;
        std::size_t at = i;
        std::string prefix, text;
        if (eq != std::string::npos) {
            prefix = w.substr(0, eq + 1);
            text = w.substr(eq + 1);
        } else {
            if (i + 1 >= words.size()) continue;  // the option parser reports the missing value
            at = ++i;
            text = words[at];
        }
        if (text.find_first_of(",:") == std::string::npos) continue;
        Axis axis{at, prefix, grid_values(name, text, k == GridKind::count)};
        sizes += (sizes.empty() ? "" : " x ") + std::to_string(axis.values.size()) + " (--" + name + ")";
        if (points * axis.values.size() > max_grid_points)  // each factor <= 1e6: no overflow
            throw UsageError("the grid has more than " + std::to_string(max_grid_points) + " points: " + sizes);
        points *= axis.values.size();
        axes.push_back(std::move(axis));
    }
    std::vector<std::vector<std::string>> out;
    out.reserve(points);
    std::vector<std::size_t> index(axes.size(), 0);
    for (std::size_t p = 0; p < points; ++p) {
        std::vector<std::string> point = words;
        for (std::size_t a = 0; a < axes.size(); ++a) point[axes[a].word] = axes[a].prefix + axes[a].values[index[a]];
        out.push_back(std::move(point));
        for (std::size_t a = axes.size(); a-- > 0;) {  // the last axis varies fastest
            if (++index[a] < axes[a].values.size()) break;
            index[a] = 0;
        }
    }
    return out;
}

// Several single-point results (the objects --json prints) as a table: one
// column per key in order of first appearance except "quantity" and "label"
// (the same in every row), strings unquoted, other values as JSON. CSV quotes
// a cell holding a comma, quote or newline; text aligns the columns.
inline std::string grid_table(const std::vector<nlohmann::ordered_json>& rows, bool csv) {
    std::vector<std::string> columns;
    for (const auto& row : rows) {
        for (const auto& [key, value] : row.items()) {
            if (key == "quantity" || key == "label") continue;
            if (std::find(columns.begin(), columns.end(), key) == columns.end()) columns.push_back(key);
        }
    }
    auto cell = [](const nlohmann::ordered_json& row, const std::string& key) -> std::string {
        if (!row.contains(key)) return "";
        const auto& v = row[key];
        return v.is_string() ? v.get<std::string>() : v.dump();
    };
    std::vector<std::vector<std::string>> cells;
    cells.push_back(columns);
    for (const auto& row : rows) {
        std::vector<std::string> line;
        for (const auto& c : columns) line.push_back(cell(row, c));
        cells.push_back(std::move(line));
    }
    std::string out;
    if (csv) {
        for (const auto& line : cells) {
            for (std::size_t i = 0; i < line.size(); ++i) {
                const std::string& c = line[i];
                if (i) out += ',';
                if (c.find_first_of(",\"\n") == std::string::npos) {
                    out += c;
                } else {
                    out += '"';
                    for (char ch : c) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
                    out += '"';
                }
            }
            out += '\n';
        }
        return out;
    }
    std::vector<std::size_t> width(columns.size(), 0);
    for (const auto& line : cells)
        for (std::size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
    for (const auto& line : cells) {
        std::string text;
        for (std::size_t i = 0; i < line.size(); ++i) {
            text += line[i];
            if (i + 1 < line.size()) text += std::string(width[i] - line[i].size() + 2, ' ');
        }
        text.erase(text.find_last_not_of(' ') + 1);
        out += text + '\n';
    }
    return out;
}

}  // namespace sklaws::cli
