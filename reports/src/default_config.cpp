// The configuration `sklaws report` runs without --config. Every experiment
// parameter not named here keeps validation/'s default (chosen so that each
// experiment runs in seconds on two cores and passes at z = 4).
#include "sklaws/reports/report_config.hpp"

namespace sklaws::reports {

const std::string& default_config_text() {
    static const std::string text = R"(# sklaws report configuration (the embedded default; print it with
# `sklaws report --print-config`, edit, and pass it back with --config FILE).

[run]
seed = 20250409                 # every experiment and bootstrap uses this seed
threads = 0                     # 0 = all cores; results do not depend on it
z_threshold = 4.0               # a Monte Carlo check passes when |z| <= this
quick_replicate_fraction = 0.1  # --quick: replicates = max(min, fraction x default)
quick_min_replicates = 100

[fit]
bootstrap = 200                 # resamples behind each exponent's interval
confidence = 0.95               # of those intervals
exponent_tolerance = 0.05       # absolute slack for finite-size bias of fitted exponents
data_drop_highest = 0           # --data: drop this many highest-loss runs first

# One Syntax-Knowledge model for the whole report: these keys reach every
# experiment that has them, so all claims are about the same alpha.
[model]
alpha = 0.5
beta = 1.0

# Per-experiment overrides (report.json lists every experiment's parameters,
# under parameters.experiments). Heaps' law gets a denser grid of n, so that its exponent can be
# fitted with a bootstrap interval.
[experiments.tables]
n = [10, 30, 100, 300, 1000, 3000, 10000, 30000]
)";
    return text;
}

}  // namespace sklaws::reports
