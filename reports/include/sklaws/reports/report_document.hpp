// The validation report as data: what every renderer (HTML, Markdown, JSON,
// CSV) prints, so the four outputs hold the same numbers.
//
// A claim of the Syntax-Knowledge theory (docs/theory.md §3) is checked by one or
// more comparisons. A comparison puts a closed-form value θ next to a Monte
// Carlo estimate θ̂ with standard error SE and reports z = (θ̂ − θ)/SE; it
// passes when |z| ≤ z_max (the threshold is stated in the report). Where the
// closed form is only asymptotic, the comparison instead states a relative
// tolerance |θ̂ − θ|/|θ| ≤ tol. A fitted exponent carries its bootstrap
// confidence interval and the exponent the theory predicts (e.g. the data
// exponent a_D = 1 − α, D1); it passes when the interval, widened by the
// stated tolerance, contains the prediction.
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
    double theory = 0;         // the exponent the closed form predicts
    double tolerance = 0;      // absolute slack added to the interval (finite-size bias)
    bool pass() const { return theory >= ci_low - tolerance && theory <= ci_high + tolerance; }
};

struct Comparison {
    std::string quantity;           // e.g. "E[K_n], n = 10^4"
    std::string label;              // docs/theory.md label, e.g. "K1"
    std::optional<double> theory;
    std::optional<double> estimate;
    std::optional<double> se;
    std::optional<double> z;
    std::optional<FittedExponent> exponent;
    std::string criterion;          // how pass was decided, e.g. "|z| <= 4"
    bool pass = false;
    bool z_test = false;            // pass decided by |z| alone (exact closed form)
    nlohmann::ordered_json inputs = nlohmann::ordered_json::object();  // what was compared (n, alpha, ...)
};

struct Claim {
    std::string id;        // anchor, e.g. "data-scaling"
    std::string title;     // e.g. "Data scaling law"
    std::string labels;    // e.g. "D1"
    std::string closed_form;  // the formula, plain text with Unicode
    std::string explanation;  // what the comparison shows
    std::vector<Comparison> comparisons;
    std::vector<std::string> figure_ids;
    // The claim holds when it has comparisons and every one passes.
    bool pass() const;
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
    bool all_pass() const;
};

}  // namespace sklaws::reports
