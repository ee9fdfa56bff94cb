#include <sklaws/fitting/table_fit.hpp>

#include <sklaws/fitting/columns.hpp>
#include <sklaws/fitting/joint_law_fit.hpp>
#include <sklaws/numerics/errors.hpp>

#include <algorithm>
#include <cmath>

namespace sklaws::fitting {

namespace {

std::size_t last_line_of(const CsvTable& t) { return std::max<std::size_t>(t.last_line, 1); }

}  // namespace

FormRows read_form_rows(const CsvTable& table, const TableFitRequest& request, bool need_y,
                        std::span<const std::size_t> rows) {
    FormRows out;
    if (request.form.form == LossForm::power) {
        const auto& c = request.power;
        if (c.weights && c.sigma) throw InputError(table.path + ":1: give --weights or --sigma, not both");
        std::vector<ColumnRole> roles{{"x", c.x, {}, ValueDomain::positive, true},
                                      {"y", c.y, {}, request.form.log_space ? ValueDomain::positive : ValueDomain::finite, need_y}};
        if (!need_y) roles[1].candidates.clear();
        if (!need_y && !table.has_column(c.y)) roles[1].name.reset();
        const std::optional<std::string> w = c.weights ? c.weights : c.sigma;
        if (w) roles.push_back({c.weights ? "weights" : "sigma", *w, {}, c.weights ? ValueDomain::finite : ValueDomain::positive, true});
        auto s = select_columns(table, roles, request.dropna, rows);
        out.data.x = std::move(s.values[0]);
        out.data.y = std::move(s.values[1]);
        if (w) {
            const std::size_t wc = table.column_index(*w);
            for (std::size_t i = 0; i < s.values[2].size(); ++i) {
                const double v = s.values[2][i];
                if (c.weights && v < 0)
                    throw InputError(table.where(s.rows[i], wc) + ": expected a weight >= 0, got " + quote_cell(table.cell(s.rows[i], wc)));
                out.data.w.push_back(c.weights ? v : 1 / (v * v));
            }
        }
        out.data.lines = std::move(s.lines);
        out.dropped = s.dropped;
        out.dropped_lines = std::move(s.dropped_lines);
        out.y_column = s.columns[1];
        out.description = "x = '" + s.columns[0] + "'" + (s.columns[1].empty() ? "" : ", y = '" + s.columns[1] + "'") +
                          (w ? std::string(c.weights ? ", weights = '" : ", weights = 1/sigma^2, sigma = '") + *w + "'" : "");
        return out;
    }
    RunNeeds needs;
    needs.loss = need_y;
    needs.unique_tokens = request.form.form == LossForm::data_constrained;
    RunColumns columns = request.runs;
    // prediction rows: a named loss column that this file lacks is simply not read
    if (!need_y && columns.loss && !table.has_column(*columns.loss)) columns.loss.reset();
    const auto runs = read_runs(table, columns, needs, request.dropna, rows);
    out.data = loss_form_data(runs);
    out.dropped = runs.dropped;
    out.dropped_lines = runs.dropped_lines;
    out.y_column = runs.loss_column;
    out.description = "N = '" + runs.n_column + "', D: " + runs.d_source +
                      (runs.loss_column.empty() ? "" : ", loss = '" + runs.loss_column + "'") +
                      (runs.unique_column.empty() ? "" : ", U_D = '" + runs.unique_column + "'");
    return out;
}

namespace {

// Rows to fit after the exclusion, refused (naming the loss column and the
// file's last line) when fewer than the free parameters + 1.
void require_enough_rows(const CsvTable& table, const TableFitRequest& request, const FormRows& rows) {
    const std::size_t k = request.exclude_top_loss;
    const auto names = loss_form_parameters(request.form);
    std::size_t fixed = 0;
    for (const auto& n : names)
        for (const auto& [f, v] : request.form.fixed)
            if (f == n) ++fixed;
    std::size_t free = names.size() - fixed;
    if (request.form.tie_exponents && request.form.form == LossForm::chinchilla) free -= std::min<std::size_t>(free, 1);
    if (rows.data.size() < free + 1 + k) {
        std::string why = "the " + loss_form_name(request.form.form) + " form has " + std::to_string(free) + " free parameters";
        if (k) why += ", and --exclude-top-loss drops the " + std::to_string(k) + " highest losses first";
        if (rows.dropped) why += "; " + std::to_string(rows.dropped) + " rows with missing values were dropped";
        throw InputError(table.path + ":" + std::to_string(last_line_of(table)) + ": column '" + rows.y_column +
                         "': " + std::to_string(rows.data.size()) + " rows to fit, expected at least " +
                         std::to_string(free + 1 + k) + " (" + why + ")");
    }
}

}  // namespace

void check_table_fit(const CsvTable& table, const TableFitRequest& request, std::span<const std::size_t> rows) {
    validate_fixed_parameters(request.form);
    require_enough_rows(table, request, read_form_rows(table, request, true, rows));
}

TableFit fit_table(const CsvTable& table, const TableFitRequest& request, std::span<const std::size_t> rows,
                   const LossFormData* predict_at) {
    validate_fixed_parameters(request.form);
    TableFit result;
    result.rows = read_form_rows(table, request, true, rows);
    auto& data = result.rows.data;
    const std::size_t k = request.exclude_top_loss;
    require_enough_rows(table, request, result.rows);
    if (k > 0) {
        const auto keep = rows_below_top_losses(data.y, k);
        std::vector<char> kept(data.size(), 0);
        for (std::size_t i : keep) kept[i] = 1;
        for (std::size_t i = 0; i < data.size(); ++i)
            if (!kept[i]) result.excluded_lines.push_back(data.lines[i]);
        result.excluded = data.size() - keep.size();
        data = data.subset(keep);
    }
    result.fit = fit_loss_form(data, request.form);
    if (request.bootstrap) result.bootstrap = bootstrap_loss_form(data, result.fit, request.form, *request.bootstrap, predict_at);
    return result;
}

std::size_t table_fit_peak_bytes(const TableFitRequest& request, std::size_t rows, std::size_t predictions) {
    const BootstrapOptions b = request.bootstrap.value_or(BootstrapOptions{});
    return loss_form_peak_bytes(request.form, rows, predictions, b, request.bootstrap.has_value());
}

}  // namespace sklaws::fitting
