// `sklaws report`: runs every Monte Carlo experiment of validation/, fits the
// scaling exponents with fitting/, and assembles the ReportDocument that the
// writers render — one claim of docs/theory.md §3 per section, summary first.
//
// Reproducibility: every experiment runs with the configured seed (so
// `sklaws simulate <experiment> --seed S` reproduces its numbers exactly);
// bootstrap resamples use seed S as well; results are bit-identical for any
// thread count because validation/ and fitting/ are. Only run time and the
// start timestamp differ between two runs.
#pragma once

#include "sklaws/reports/progress_bar.hpp"
#include "sklaws/reports/report_config.hpp"
#include "sklaws/reports/report_document.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace sklaws::reports {

// Identity of the executable, stamped into the report (the CLI passes its
// SKLAWS_VERSION / SKLAWS_GIT_COMMIT compile definitions).
struct BuildInfo {
    std::string version = "unknown";
    std::string git_commit = "unknown";
};

struct ReportRequest {
    ReportConfig config;
    bool quick = false;                                // fewer replicates (see ReportConfig)
    std::optional<std::filesystem::path> data_file;    // --data: external scaling-law CSV
    BuildInfo build;
};

// Each experiment's defaults, for validating a configuration.
ExperimentDefaults experiment_defaults();

// Number of progress stages: those build_report() begins, plus one for
// the caller's final "writing" stage.
std::size_t report_stages(const ReportRequest& request);

// Runs everything; `progress` may be null. Throws ConfigError (with the
// config line) when an experiment rejects a configured value.
ReportDocument build_report(const ReportRequest& request, ProgressBar* progress);

// Writes the report into a staging directory next to `out` and renames it
// onto `out` (see staging_directory.hpp).
void publish_report(const ReportDocument& report, const std::filesystem::path& out);

}  // namespace sklaws::reports
