// The report's section on the user's own scaling-law data (--data FILE).
//
// The runs are read and fitted by fitting::fit_table — the implementation
// behind `sklaws fit --form chinchilla` — with the same column options:
// --N, --D, --flops, --loss name the columns (unnamed, they are found by
// the usual names, case-insensitively: N/params/model size, D/tokens,
// C/flops/training flop with D = C/(6N), loss/L/final_loss), --delimiter,
// --dropna (drop rows with a missing value and say how many) and
// --exclude-top-loss K (default 5: Besiroglu et al. drop the 5 highest of
// Chinchilla's 245 runs; `fit` does the same). The joint law
//     L(N, D) = E + A N^(−a) + B D^(−b)
// is fitted with Besiroglu et al.'s Huber/LSE objective from the 4500-start
// grid, each exponent's interval by a percentile bootstrap over the runs
// (each resample refined from the point estimate, as they did).
// docs/theory.md X1 reads α off each exponent: α = 1 − b from the data
// exponent and α = 1/(1 + a) from the model exponent, which the section
// compares with the α of the simulation (interval comparisons: a FAIL counts
// in the report's verdict).
//
// Figures: observed against fitted loss; loss against N and against D on
// log–log axes with the fitted surface's slices (L(N, D) at three D, resp.
// three N, spanning the data) and the compute-optimal frontier
// (N_opt(C), D_opt(C) = C/(6 N_opt), L(N_opt, D_opt)) over the data's
// compute range.
#pragma once

#include "sklaws/reports/report_config.hpp"
#include "sklaws/reports/report_document.hpp"

#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/run_table.hpp>
#include <sklaws/fitting/text_file.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace sklaws::reports {

struct ExternalDataOptions {
    std::filesystem::path file;
    fitting::RunColumns columns;   // N, D, flops, loss; unset: the usual names
    fitting::CsvOptions csv;       // delimiter
    bool dropna = false;
    std::optional<std::size_t> exclude_top_loss;  // unset: the config's [fit] data_drop_highest
    fitting::InputLimits input_limits;             // --max-input-bytes
};

// Reads and checks the file as add_external_data will (the input guard,
// columns, values, enough rows), without fitting, so a bad or missing
// --data file is refused before the report's computation rather than after
// it. Throws fitting::InputError (file, line, column, what was expected).
void check_external_data(const ExternalDataOptions& data, const ReportConfig& config);

// Appends the section (and its figures) to `report`. `simulated_alpha` is
// the model's α; `fitted` the exponents fitted to the simulation ("a_D",
// "a_M"). Bad files throw fitting::InputError (file, line, column, what was
// expected).
void add_external_data(ReportDocument& report, const ExternalDataOptions& data, const ReportConfig& config,
                       double simulated_alpha, const std::map<std::string, FittedExponent>& fitted);

}  // namespace sklaws::reports
