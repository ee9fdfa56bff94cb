// `sklaws report`: runs every registered Monte Carlo experiment of
// validation/, fits the exponents its figures ask for with fitting/, and
// assembles the ReportDocument that the writers render — one claim of
// docs/theory.md §3 per section (the claims and experiments declared in
// validation/), summary first. Every z-test is judged at the configured
// z_threshold; asymptotic forms and fitted exponents are shown as limits;
// the X1 claim compares the α each fitted exponent implies with the model's.
//
// Reproducibility: every experiment runs with the configured seed (so
// `sklaws simulate <experiment> --seed S` reproduces its numbers exactly);
// bootstrap resamples use seed S as well; results are bit-identical for any
// thread count because validation/ and fitting/ are. Only run time and the
// start timestamp differ between two runs.
#pragma once

#include "sklaws/reports/progress_bar.hpp"
#include "sklaws/reports/external_data.hpp"
#include "sklaws/reports/report_config.hpp"
#include "sklaws/reports/report_document.hpp"
#include "sklaws/reports/staging_directory.hpp"

#include <sklaws/validation/experiments.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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
    std::optional<ExternalDataOptions> data;           // --data: external scaling-law CSV and its column options
    std::vector<std::string> only;                     // --only: run just these experiments (empty: all)
    BuildInfo build;
};

// The experiments a request runs (all registered ones, or those of
// `only`; an unknown name is a ConfigError listing the known ones).
std::vector<const validation::Experiment*> selected_experiments(const ReportRequest& request);

// Number of progress stages: those build_report() begins, plus one for
// the caller's final "writing" stage.
std::size_t report_stages(const ReportRequest& request);

// What the report will need, from the experiments' declared estimates
// (validation/experiment.hpp) at the replicates it will run: the peak is the
// largest experiment's (they run one after another), the CPU time their sum.
// `heaviest` names the experiment with the largest peak.
struct ReportResources {
    validation::ResourceEstimate total;
    std::string heaviest;
    double heaviest_peak_bytes = 0;
};
ReportResources report_resources(const ReportRequest& request);

// Runs everything; `progress` may be null. Throws ConfigError (with the
// config line) when an experiment rejects a configured value.
ReportDocument build_report(const ReportRequest& request, ProgressBar* progress);

// Writes the report into `staging` (reserved before the report was built,
// so a bad --out fails in a second, not after the computation) and
// publishes it onto its destination (see staging_directory.hpp).
void publish_report(const ReportDocument& report, StagingDirectory& staging);
// The same, reserving `out` only now.
void publish_report(const ReportDocument& report, const std::filesystem::path& out);

}  // namespace sklaws::reports
