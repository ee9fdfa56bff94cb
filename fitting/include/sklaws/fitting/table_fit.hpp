// Fitting a loss form to the rows of a CSV table: column selection, missing
// values, the exclusion of the highest losses, the fit, the bootstrap and
// predictions — the one implementation behind `sklaws fit` and
// `sklaws report --data` (and the Python module), so the same file with the
// same options gives the same numbers everywhere.
//
// Columns: power reads x, y and optionally weights (or sigma, weight 1/σ²);
// the other loss forms read runs (run_table.hpp: N, D or compute, loss,
// unique tokens for data-constrained). `exclude_top_loss` K drops the K
// highest losses first (rows_below_top_losses: Besiroglu et al. drop 5 of
// the 245 Chinchilla runs); then at least one row more than the free
// parameters is needed, refused with the file's last line otherwise.
#pragma once

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/loss_forms.hpp>
#include <sklaws/fitting/run_table.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sklaws::fitting {

struct PowerColumns {
    std::string x = "x", y = "y";
    std::optional<std::string> weights, sigma;  // at most one
};

struct TableFitRequest {
    LossFormOptions form;
    RunColumns runs;          // every form but power
    PowerColumns power;       // power
    bool dropna = false;
    std::size_t exclude_top_loss = 0;
    std::optional<BootstrapOptions> bootstrap;  // unset: no bootstrap
};

// The rows of `table` (all when `rows` is empty) as the form's data.
// `need_y`: the loss (or y) column must be there (false for prediction rows,
// whose loss, if present, is read for relative errors).
struct FormRows {
    LossFormData data;
    std::size_t dropped = 0;                 // missing values (dropna)
    std::vector<std::size_t> dropped_lines;
    std::string y_column;                    // the loss (or y) column as found, for messages
    std::string description;                 // which columns, e.g. "N = 'Model Size', D = C/(6N) from column 'Training FLOP', loss = 'loss'"
};
FormRows read_form_rows(const CsvTable& table, const TableFitRequest& request, bool need_y,
                        std::span<const std::size_t> rows = {});

struct TableFit {
    FormRows rows;                           // after the exclusion
    std::size_t excluded = 0;                // highest losses dropped
    std::vector<std::size_t> excluded_lines;
    LossFormFit fit;
    std::optional<BootstrapResult> bootstrap;  // quantities, then prediction[i] for `predict_at`
};

// Throws InputError / numerics::DomainError for bad input.
TableFit fit_table(const CsvTable& table, const TableFitRequest& request, std::span<const std::size_t> rows = {},
                   const LossFormData* predict_at = nullptr);

// Every check fit_table makes before fitting (columns, values, fixed
// parameters, enough rows), without the fit: for a caller that must refuse
// bad input before other work (report --data). Throws as fit_table does.
void check_table_fit(const CsvTable& table, const TableFitRequest& request, std::span<const std::size_t> rows = {});

// Peak memory of fit_table on `rows` rows (the table itself excluded).
std::size_t table_fit_peak_bytes(const TableFitRequest& request, std::size_t rows, std::size_t predictions);

}  // namespace sklaws::fitting
