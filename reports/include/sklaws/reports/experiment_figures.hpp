// Turning a Monte Carlo experiment's result (validation/) into report
// material: each check becomes a Comparison row, each group of series that
// share axes becomes a Figure.
//
// Series with standard errors are Monte Carlo points (drawn with ±1 SE
// bars); series without are curves (closed forms). An axis is drawn
// logarithmic when all its values are positive and span at least two
// decades — the scaling laws are power laws, straight on log-log axes.
#pragma once

#include "sklaws/reports/report_document.hpp"

#include <sklaws/validation/experiments.hpp>

#include <string>
#include <vector>

namespace sklaws::reports {

Comparison comparison_from_check(const validation::Check& check);

// Figures of one experiment: ids "<experiment>" or "<experiment>-<k>" when
// its series use more than one pair of axes.
std::vector<Figure> figures_from_experiment(const validation::ExperimentResult& result, const std::string& title);

// The scale an axis holding these values should use (see above).
Scale choose_scale(const std::vector<double>& values);

}  // namespace sklaws::reports
