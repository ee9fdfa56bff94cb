#include <sklaws/fitting/run_table.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <stdexcept>

namespace sklaws::fitting {
namespace {

std::string short_value(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

// A derived D = C/(6N), which every loss form fits, must be a normal double:
// beyond the range it would reach the fits as inf or 0 (or a subnormal with
// few digits) and be refused there as an anonymous "D = inf", without the
// file, line or columns it came from.
void require_derived_d_in_range(const std::string& path, const RunData& r, const std::string& c_column,
                                const std::string& n_column) {
    for (std::size_t i = 0; i < r.d.size(); ++i) {
        const double v = r.d[i];
        if (std::isfinite(v) && v >= std::numeric_limits<double>::min()) continue;
        throw InputError(path + ":" + std::to_string(r.lines.at(i)) + ": D = C/(6N) = " + short_value(v) + " (C = " +
                         short_value(r.c[i]) + " in '" + c_column + "', N = " + short_value(r.n[i]) + " in '" +
                         n_column + "') " + (std::isfinite(v) ? "underflows" : "overflows") +
                         " the double range (2.2e-308 .. 1.8e308); check the units of those columns or give D (--D COL)");
    }
}

}  // namespace

const std::vector<std::string>& run_column_candidates(const std::string& role) {
    static const std::map<std::string, std::vector<std::string>> candidates{
        {"N", {"n", "params", "parameters", "n_params", "num_params", "model size", "model_size"}},
        {"D", {"d", "tokens", "d_tokens", "num_tokens", "data", "training tokens", "training_tokens"}},
        {"flops",
         {"c", "flops", "flop", "compute", "training flop", "training_flop", "training flops", "c_flops"}},
        {"loss", {"loss", "l", "final_loss", "val_loss", "eval_loss", "validation_loss"}},
        {"unique-tokens", {"u_d", "unique_tokens", "unique tokens", "unique_data"}},
    };
    const auto it = candidates.find(role);
    if (it == candidates.end()) throw std::out_of_range("no run column role '" + role + "'");
    return it->second;
}

RunData RunData::subset(std::span<const std::size_t> rows) const {
    RunData s;
    s.n_column = n_column;
    s.loss_column = loss_column;
    s.unique_column = unique_column;
    s.d_source = d_source;
    s.c_source = c_source;
    const auto pick = [&](const std::vector<double>& from, std::vector<double>& to) {
        if (from.empty()) return;
        to.reserve(rows.size());
        for (std::size_t i : rows) to.push_back(from.at(i));
    };
    pick(n, s.n);
    pick(d, s.d);
    pick(c, s.c);
    pick(loss, s.loss);
    pick(unique_tokens, s.unique_tokens);
    s.lines.reserve(rows.size());
    for (std::size_t i : rows) s.lines.push_back(lines.at(i));
    return s;
}

RunData read_runs(const CsvTable& table, const RunColumns& columns, const RunNeeds& needs, bool dropna,
                  std::span<const std::size_t> rows, std::span<const std::string> also_used) {
    const auto role = [](const std::string& name, const std::optional<std::string>& given, bool required) {
        return ColumnRole{name, given, run_column_candidates(name), ValueDomain::positive, required};
    };
    // Which of D and C is read: the named ones; otherwise D if a D column is
    // found, and C if a compute column is found; at least one of the two.
    ColumnRole d = role("D", columns.d, false), c = role("flops", columns.flops, false);
    if (columns.d && !columns.flops) c.candidates.clear();   // --D alone: C = 6ND
    if (columns.flops && !columns.d) d.candidates.clear();   // --flops alone: D = C/(6N)
    const std::string d_name = resolve_column(table, d), c_name = resolve_column(table, c);
    if (d_name.empty() && c_name.empty())
        throw InputError(table.path + ":" + std::to_string(table.line_numbers.empty() ? table.last_line : 1) +
                         ": column for D: no tokens column (D, tokens, ...) and no compute column (C, flops, ...) in "
                         "the header; name one with --D COL or --flops COL");
    std::vector<ColumnRole> roles{role("N", columns.n, true), d, c,
                                  role("loss", columns.loss, needs.loss),
                                  role("unique-tokens", columns.unique_tokens, needs.unique_tokens)};
    if (!needs.unique_tokens && !columns.unique_tokens) roles[4].candidates.clear();  // not read, not checked
    auto s = select_columns(table, roles, dropna, rows, also_used);
    RunData r;
    r.n = std::move(s.values[0]);
    r.n_column = s.columns[0];
    r.loss = std::move(s.values[3]);
    r.loss_column = s.columns[3];
    r.unique_tokens = std::move(s.values[4]);
    r.unique_column = s.columns[4];
    r.lines = std::move(s.lines);
    r.dropped = s.dropped;
    r.dropped_lines = std::move(s.dropped_lines);
    const bool have_d = !s.columns[1].empty(), have_c = !s.columns[2].empty();
    r.d = have_d ? std::move(s.values[1]) : std::vector<double>{};
    r.c = have_c ? std::move(s.values[2]) : std::vector<double>{};
    if (!have_d) {
        for (std::size_t i = 0; i < r.n.size(); ++i) r.d.push_back(r.c[i] / (6.0 * r.n[i]));
        r.d_source = "D = C/(6N) from column '" + s.columns[2] + "'";
        require_derived_d_in_range(table.path, r, s.columns[2], s.columns[0]);
    } else {
        r.d_source = "column '" + s.columns[1] + "'";
    }
    if (!have_c) {
        for (std::size_t i = 0; i < r.n.size(); ++i) r.c.push_back(6.0 * r.n[i] * r.d[i]);
        r.c_source = "C = 6ND from column '" + s.columns[1] + "'";
    } else {
        r.c_source = "column '" + s.columns[2] + "'";
    }
    return r;
}

}  // namespace sklaws::fitting
