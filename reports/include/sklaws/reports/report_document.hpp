// The validation report as data: what every renderer (HTML, Markdown, JSON,
// CSV, SVG, PDF) prints, so the outputs hold the same numbers.
//
// A claim of the Syntax-Knowledge theory (docs/theory.md §3) is checked by one or
// more comparisons, of three kinds:
//   * z-test: a closed-form value θ next to a Monte Carlo estimate θ̂ with
//     standard error SE, z = (θ̂ − θ)/SE; it passes when |z| ≤ z_max, the
//     run's threshold (stated in every criterion cell), and states the
//     smallest relative error it can detect, z_max·SE/|θ|;
//   * limit: an asymptotic form (S2, the M1 asymptote, a fitted exponent
//     against its limit, ...) shown beside the estimate with the relative
//     distance between them — never passed or failed;
//   * interval (the --data section): a value the simulation gives, tested
//     for lying inside the confidence interval that the user's data give.
// A claim passes when every z-test and interval comparison passes; a claim
// with only limits has no verdict. The report passes when every claim and
// section does (sklaws report exits 3 otherwise).
#pragma once

#include "sklaws/reports/figure.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sklaws::reports {

struct FittedExponent {
    std::string name;          // e.g. "a_D"
    double value = 0;
    double ci_low = 0;         // bootstrap confidence interval
    double ci_high = 0;
    double confidence = 0.95;
    double theory = 0;         // the exponent the closed form predicts (a limit)
    double tolerance = 0;      // absolute slack added to the interval (interval comparisons)
    // The theory value lies in the interval (widened by the tolerance).
    bool contains_theory() const { return theory >= ci_low - tolerance && theory <= ci_high + tolerance; }
};

enum class ComparisonKind { z_test, limit, interval, not_applicable };

// "z-test", "limit", "interval", "not applicable".
const char* comparison_kind_name(ComparisonKind kind);

struct Comparison {
    std::string quantity;           // with its point, e.g. "E[K_n] (n = 1e4)"
    std::string label;              // docs/theory.md label, e.g. "K1"
    std::optional<double> theory;
    std::optional<double> estimate;
    std::optional<double> se;
    std::optional<double> z;
    std::optional<FittedExponent> exponent;
    std::string criterion;          // how it was judged, e.g. "|z| <= 4", or "limit (not a test)"
    bool pass = false;              // the verdict of a z-test or interval comparison
    ComparisonKind kind = ComparisonKind::z_test;
    nlohmann::ordered_json inputs = nlohmann::ordered_json::object();  // what was compared (n, alpha, ...)
    std::optional<double> detectable_error{};           // z-tests: z_max·SE
    std::optional<double> detectable_relative_error{};  // z-tests: z_max·SE/|θ| (none when θ = 0)
    std::optional<double> relative_distance{};          // (θ̂ − θ)/|θ|

    bool has_verdict() const { return kind != ComparisonKind::limit && kind != ComparisonKind::not_applicable; }
    bool fails() const { return has_verdict() && !pass; }
};

struct Claim {
    std::string id;        // anchor, e.g. "data-scaling"
    std::string title;     // e.g. "Data scaling law"
    std::string labels;    // e.g. "D1"
    std::string closed_form;  // the formula, plain text with Unicode
    std::string explanation;  // what the comparison shows
    std::vector<Comparison> comparisons;
    std::vector<std::string> figure_ids;
    // true/false when it has z-tests or interval comparisons (all pass /
    // some fail); nullopt when it has only limits.
    std::optional<bool> verdict() const;
};

// One row of the report's parameter table (derived from the declarations).
struct ParameterRow {
    std::string experiment;
    std::string name;
    std::string value;          // as run
    std::string default_value;
    std::string type;           // "real", "list of integers", ...
    std::string domain;         // "0 <= alpha < 1"
    std::string doc;
};

struct RunInfo {
    std::string version;
    std::string git_commit;
    std::uint64_t seed = 0;
    unsigned threads = 0;        // threads per rank
    unsigned ranks = 1;          // MPI ranks (1 without mpirun/srun)
    bool quick = false;
    double z_threshold = 4.0;
    double run_seconds = 0;
    std::string started_utc;     // ISO 8601
    std::string config_source;   // "embedded default" or the file path
    nlohmann::ordered_json parameters = nlohmann::ordered_json::object();
    std::vector<ParameterRow> parameter_table;
};

// A free-form section (e.g. the fit of the user's --data file).
struct Section {
    std::string id;
    std::string title;
    std::vector<std::string> paragraphs;
    nlohmann::ordered_json values = nlohmann::ordered_json::object();  // every number the paragraphs quote
    std::vector<Comparison> comparisons;
    std::vector<std::string> figure_ids;
};

struct ReportDocument {
    RunInfo info;
    std::vector<Claim> claims;
    std::vector<Section> sections;   // after the claims
    std::vector<Figure> figures;
    std::vector<std::string> notes;  // warnings (e.g. an experiment that could not run)

    const Figure* figure(const std::string& id) const;
    // Every z-test and interval comparison (claims and sections) passes, and
    // there is at least one.
    bool all_pass() const;
    // Every comparison that fails, with the title of its claim or section.
    std::vector<std::pair<std::string, const Comparison*>> failures() const;
};

}  // namespace sklaws::reports
