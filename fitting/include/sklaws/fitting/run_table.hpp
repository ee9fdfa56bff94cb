// The training runs of a scaling-law CSV: model size N, tokens D, compute C,
// final loss L and (for the data-constrained law) unique tokens U_D, read
// with the column rules of columns.hpp. One implementation for every form
// and for `sklaws fit`, `sklaws report --data` and the library.
//
// Columns (the option that names each, then the names tried when it is not
// given, case ignored):
//   --N              n, params, parameters, n_params, num_params, model size, model_size
//   --D              d, tokens, d_tokens, num_tokens, data, training tokens, training_tokens
//   --flops          c, flops, flop, compute, training flop, training_flop, training flops, c_flops
//   --loss           loss, l, final_loss, val_loss, eval_loss, validation_loss
//   --unique-tokens  u_d, unique_tokens, unique tokens, unique_data
// D comes from the D column, else D = C/(6N) from the compute column; C from
// the compute column, else C = 6·N·D (the usual 6 FLOPs per parameter and
// token). Naming both --D and --flops uses each for its own quantity.
#pragma once

#include <sklaws/fitting/columns.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sklaws::fitting {

struct RunColumns {
    std::optional<std::string> n, d, flops, loss, unique_tokens;
};

struct RunNeeds {
    bool loss = true;            // false: prediction rows without a loss column are fine
    bool unique_tokens = false;  // the data-constrained law
};

struct RunData {
    std::vector<double> n, d, c, loss, unique_tokens;  // loss/unique_tokens empty when absent
    std::vector<std::size_t> lines;                    // source line of each run
    std::string n_column, loss_column, unique_column;
    std::string d_source, c_source;                    // "column 'D'" or "D = C/(6N) from column 'flops'"
    std::size_t dropped = 0;                           // rows dropped by --dropna
    std::vector<std::size_t> dropped_lines;

    std::size_t size() const { return n.size(); }
    bool has_loss() const { return !loss.empty() || (size() == 0 && !loss_column.empty()); }
    // The runs at `rows` (indices into this RunData), e.g. a group or a bootstrap resample.
    RunData subset(std::span<const std::size_t> rows) const;
};

// Reads the runs of `table` (all rows, or `rows`). Throws InputError.
RunData read_runs(const CsvTable& table, const RunColumns& columns, const RunNeeds& needs, bool dropna,
                  std::span<const std::size_t> rows = {}, std::span<const std::string> also_used = {});

// The candidate lists above (for --help texts and the report's description).
const std::vector<std::string>& run_column_candidates(const std::string& role);

}  // namespace sklaws::fitting
