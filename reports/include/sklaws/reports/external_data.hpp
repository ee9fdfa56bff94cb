// The report's section on the user's own scaling-law data (--data FILE).
//
// The CSV needs a model-size column (N; also "params", "parameters",
// "model size"), a loss column ("loss", "L") and either a token column
// (D; "tokens", "data") or a training-compute column ("C", "flops",
// "training flop"), from which D = C/(6N) (the usual 6·N·D FLOP count).
// Names are matched case-insensitively. The joint law
//     L(N, D) = E + A N^(−a) + B D^(−b)
// is fitted with fitting::fit_joint_law (Besiroglu et al.'s Huber/LSE
// objective, multi-start L-BFGS), the interval of each exponent by a
// percentile bootstrap over the runs (each resample refined from the point
// estimate, as Besiroglu et al. did). docs/theory.md X1 reads α off each
// exponent: α = 1 − b from the data exponent and α = 1/(1 + a) from the
// model exponent, which the section compares with the α of the simulation.
#pragma once

#include "sklaws/reports/report_config.hpp"
#include "sklaws/reports/report_document.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace sklaws::reports {

// Appends the section (and its figure) to `report`. `simulated_alpha` is the
// model's α; `fitted` the exponents fitted to the simulation ("a_D", "a_M").
// Bad files throw fitting::InputError (file, line, column, what was expected).
void add_external_data(ReportDocument& report, const std::filesystem::path& file, const ReportConfig& config,
                       double simulated_alpha, const std::map<std::string, FittedExponent>& fitted);

}  // namespace sklaws::reports
