#include "sklaws/reports/report_writers.hpp"

#include <cmath>

namespace sklaws::reports {
namespace {

using nlohmann::ordered_json;

ordered_json number(std::optional<double> v) {
    if (!v || !std::isfinite(*v)) return nullptr;
    return *v;
}

ordered_json verdict_json(std::optional<bool> verdict) { return verdict ? ordered_json(*verdict) : ordered_json(nullptr); }

ordered_json exponent_json(const FittedExponent& e) {
    return ordered_json{{"name", e.name},       {"value", number(e.value)},
                        {"ci_low", number(e.ci_low)}, {"ci_high", number(e.ci_high)},
                        {"confidence", e.confidence}, {"theory", number(e.theory)},
                        {"tolerance", e.tolerance}};
}

ordered_json comparison_json(const Comparison& c) {
    ordered_json j{{"quantity", c.quantity}, {"label", c.label},     {"theory", number(c.theory)},
                   {"estimate", number(c.estimate)}, {"se", number(c.se)}, {"z", number(c.z)}};
    j["exponent"] = c.exponent ? exponent_json(*c.exponent) : ordered_json(nullptr);
    j["criterion"] = c.criterion;
    j["kind"] = comparison_kind_name(c.kind);
    // A limit is shown, never judged: its pass is null.
    j["pass"] = c.has_verdict() ? ordered_json(c.pass) : ordered_json(nullptr);
    j["z_test"] = c.kind == ComparisonKind::z_test;
    j["detectable_error"] = number(c.detectable_error);
    j["detectable_relative_error"] = number(c.detectable_relative_error);
    j["relative_distance"] = number(c.relative_distance);
    j["inputs"] = c.inputs;
    return j;
}

ordered_json figure_json(const Figure& f) {
    ordered_json series = ordered_json::array();
    for (const auto& s : f.series) {
        ordered_json x = ordered_json::array(), y = ordered_json::array(), e = ordered_json::array();
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            x.push_back(number(s.x[i]));
            y.push_back(number(s.y[i]));
            if (!s.y_err.empty()) e.push_back(number(s.y_err[i]));
        }
        series.push_back(ordered_json{{"name", s.name},
                                      {"style", style_name(s.style)},
                                      {"role", validation::series_role_name(s.role)},
                                      {"x", x},
                                      {"y", y},
                                      {"y_err", e}});
    }
    return ordered_json{{"id", f.id},
                        {"title", f.title},
                        {"caption", f.caption},
                        {"csv", f.id + ".csv"},
                        {"svg", f.id + ".svg"},
                        {"pdf", f.id + ".pdf"},
                        {"interval", {{"level", interval_level}, {"se_multiple", interval_z}}},
                        {"x_axis", {{"label", f.x.label}, {"scale", f.x.scale == Scale::log ? "log" : "linear"}}},
                        {"y_axis", {{"label", f.y.label}, {"scale", f.y.scale == Scale::log ? "log" : "linear"}}},
                        {"series", series}};
}

}  // namespace

nlohmann::ordered_json report_to_json(const ReportDocument& report) {
    const auto& info = report.info;
    ordered_json j;
    j["generator"] = "sklaws report";
    j["run"] = ordered_json{{"version", info.version},     {"git_commit", info.git_commit},
                            {"seed", info.seed},           {"threads", info.threads},
                            {"ranks", info.ranks},         {"quick", info.quick},         {"z_threshold", info.z_threshold},
                            {"run_seconds", info.run_seconds}, {"started_utc", info.started_utc},
                            {"config", info.config_source}};
    j["parameters"] = info.parameters;
    ordered_json table = ordered_json::array();
    for (const auto& row : info.parameter_table) {
        table.push_back(ordered_json{{"experiment", row.experiment}, {"name", row.name},   {"value", row.value},
                                     {"default", row.default_value}, {"type", row.type}, {"domain", row.domain},
                                     {"doc", row.doc}});
    }
    j["parameter_table"] = table;
    j["all_pass"] = report.all_pass();
    ordered_json summary = ordered_json::array();
    ordered_json claims = ordered_json::array();
    for (const auto& c : report.claims) {
        summary.push_back(ordered_json{{"claim", c.title}, {"id", c.id}, {"labels", c.labels}, {"pass", verdict_json(c.verdict())}});
        ordered_json comparisons = ordered_json::array();
        for (const auto& cmp : c.comparisons) comparisons.push_back(comparison_json(cmp));
        claims.push_back(ordered_json{{"id", c.id},
                                      {"title", c.title},
                                      {"labels", c.labels},
                                      {"closed_form", c.closed_form},
                                      {"explanation", c.explanation},
                                      {"pass", verdict_json(c.verdict())},
                                      {"comparisons", comparisons},
                                      {"figures", c.figure_ids}});
    }
    j["summary"] = summary;
    ordered_json failing = ordered_json::array();
    for (const auto& [where, c] : report.failures()) failing.push_back(ordered_json{{"in", where}, {"comparison", comparison_json(*c)}});
    j["failing"] = failing;
    j["claims"] = claims;
    ordered_json sections = ordered_json::array();
    for (const auto& s : report.sections) {
        ordered_json comparisons = ordered_json::array();
        for (const auto& cmp : s.comparisons) comparisons.push_back(comparison_json(cmp));
        sections.push_back(ordered_json{{"id", s.id},
                                        {"title", s.title},
                                        {"paragraphs", s.paragraphs},
                                        {"values", s.values},
                                        {"comparisons", comparisons},
                                        {"figures", s.figure_ids}});
    }
    j["sections"] = sections;
    ordered_json figures = ordered_json::array();
    for (const auto& f : report.figures) figures.push_back(figure_json(f));
    j["figures"] = figures;
    j["notes"] = report.notes;
    return j;
}

}  // namespace sklaws::reports
