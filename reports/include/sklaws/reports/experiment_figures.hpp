// Turning a Monte Carlo experiment's result (validation/) into report
// material: each check becomes a Comparison row, each declared figure a
// Figure to render (styles from the series' roles; the caption states the
// interval drawn around the Monte Carlo points, the seed and replicates).
// Nothing here looks at names or labels: the declaration says it all.
#pragma once

#include "sklaws/reports/report_document.hpp"

#include <sklaws/validation/experiments.hpp>

namespace sklaws::reports {

Comparison comparison_from_check(const validation::Check& check);

Figure figure_from_experiment(const validation::Figure& figure, const validation::ExperimentResult& result);

}  // namespace sklaws::reports
