// `sklaws evaluate`: score a model's answers to the queries of a generated
// corpus against the theory — the last step of generate → train → evaluate
// (fitting/knowledge_evaluation.hpp says what each column is).
//
//   sklaws evaluate --generated DIR --answers FILE [--level 0.95] [--json]
//
// DIR is what `sklaws generate` wrote (manifest.json, queries.jsonl); FILE
// holds the model's answers, one JSON object per line:
//   {"id": 17, "answer": "value3"}   {"id": 18, "abstain": true}
//   {"id": 19, "answer": "value0", "confidence": 0.42}
// Output: per band of expected mentions n·w/R and of actual mentions m, the
// queries, accuracy, hallucination rate (wrong answers per query) and
// abstention rate beside A1's prediction (unlimited capacity, with z), A2/H1's
// at the capacity C fitted by maximum likelihood (with its interval), H2's
// calibration columns when confidences are given, and the α the corpus
// implies. Exit status: 0 evaluated, 2 bad input (file:line: what), 1
// runtime failure.
#include "command_registry.hpp"
#include "options.hpp"
#include "resource_guard.hpp"

#include <sklaws/fitting/knowledge_evaluation.hpp>
#include <sklaws/reports/number_format.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace sklaws::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using namespace sklaws::fitting;

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json band_json(const EvaluationBand& b) {
    Json j{{"by", b.by == "weight" ? "expected_mentions" : "mentions"}};
    if (b.unseen) j["unseen"] = true;
    else j["band"] = {b.lo, number_or_null(b.hi)};
    j["queries"] = b.queries;
    j["accuracy"] = b.accuracy;
    j["hallucination"] = b.hallucination;
    j["abstained"] = b.abstention;
    j["correct"] = b.correct;
    j["hallucinated"] = b.hallucinated;
    j["abstentions"] = b.abstained;
    j["a1_accuracy"] = b.a1.available ? number_or_null(b.a1.accuracy) : Json(nullptr);
    j["a1_hallucination"] = b.a1.available ? number_or_null(b.a1.hallucination) : Json(nullptr);
    j["a1_z"] = b.a1.available ? number_or_null(b.a1.z) : Json(nullptr);
    j["a2_accuracy"] = b.a2.available ? number_or_null(b.a2.accuracy) : Json(nullptr);
    j["a2_hallucination"] = b.a2.available ? number_or_null(b.a2.hallucination) : Json(nullptr);
    j["a2_z"] = b.a2.available ? number_or_null(b.a2.z) : Json(nullptr);
    if (b.has_confidence) {
        j["mean_confidence"] = number_or_null(b.mean_confidence);
        j["h2_answered"] = number_or_null(b.h2_answered);
        j["h2_hallucination"] = number_or_null(b.h2_hallucination);
    }
    return j;
}

Json evaluation_json(const KnowledgeEvaluation& e, const GeneratedRun& run, const std::string& dir, const std::string& answers) {
    Json j;
    j["generated"] = dir;
    j["answers"] = answers;
    j["run"] = {{"n", run.sentences}, {"alpha", run.alpha}, {"beta", run.beta}, {"values", run.values},
                {"relations", run.relations}, {"noise", run.noise}};
    j["queries"] = e.queries;
    j["answered"] = e.answered;
    j["correct"] = e.correct;
    j["hallucinated"] = e.hallucinated;
    j["abstained"] = e.abstained;
    j["missing"] = e.missing;
    j["accuracy"] = static_cast<double>(e.correct) / static_cast<double>(e.queries);
    j["hallucination"] = static_cast<double>(e.hallucinated) / static_cast<double>(e.queries);
    Json bands = Json::array();
    for (const auto& b : e.bands) bands.push_back(band_json(b));
    j["bands"] = bands;
    const auto& c = e.capacity;
    Json fit{{"available", c.available}};
    if (c.available) {
        fit["capacity"] = c.capacity;
        fit["ci"] = {c.lo, c.at_upper_limit ? Json(nullptr) : Json(c.hi)};
        fit["level"] = c.level;
        fit["at_upper_limit"] = c.at_upper_limit;
        fit["upper_limit"] = c.upper_limit;
        fit["threshold_weight"] = c.threshold_weight;
        fit["log_likelihood"] = c.log_likelihood;
        fit["queries"] = c.queries;
        fit["method"] = "maximum likelihood over the answered seen queries (A2's count rule), profile-likelihood interval";
    }
    if (!c.note.empty()) fit["note"] = c.note;
    j["capacity_fit"] = fit;
    if (e.model_threshold) j["model_threshold"] = *e.model_threshold;
    if (e.implied_alpha_available) {
        const auto& a = e.implied_alpha;
        j["implied_alpha"] = {{"estimate", a.alpha},
                              {"ci", a.information_ok ? Json{a.alpha_lo, a.alpha_hi} : Json(nullptr)},
                              {"true", run.alpha},
                              {"method", "PY(alpha, beta) maximum likelihood of the manifest's element table sizes"}};
    }
    return j;
}

std::string cell(const Json& v, int digits = 4) {
    if (v.is_number()) return reports::format_number(v.get<double>(), digits);
    if (v.is_null()) return "—";
    return v.is_string() ? v.get<std::string>() : v.dump();
}

void print_text(const Json& j, std::ostream& out) {
    out << fmt::format("sklaws evaluate  {}  ({} queries: {} answered, {} abstained, {} missing)\n",
                       j["answers"].get<std::string>(), cell(j["queries"]), cell(j["answered"]), cell(j["abstained"]),
                       cell(j["missing"]));
    out << fmt::format("  accuracy {}   hallucination {}\n", cell(j["accuracy"]), cell(j["hallucination"]));
    // One layout for the header and every band row.
    const auto row = [&out](const auto&... cells) {
        out << fmt::format("  {:>16} {:>8} {:>9} {:>9} {:>9} {:>9} {:>8} {:>9} {:>8}\n", cells...);
    };
    for (const char* by : {"expected_mentions", "mentions"}) {
        out << fmt::format("\n  by {}:\n", std::string(by) == "mentions" ? "the fact's mentions m" : "expected mentions n w/R");
        row("band", "queries", "accuracy", "halluc.", "abstained", "A1 acc", "A1 z", "A2 acc", "A2 z");
        for (const auto& b : j["bands"]) {
            if (b["by"] != by) continue;
            const std::string band = b.contains("unseen") ? "unseen" : fmt::format("[{}, {})", cell(b["band"][0], 3), cell(b["band"][1], 3));
            row(band, cell(b["queries"]), cell(b["accuracy"]), cell(b["hallucination"]), cell(b["abstained"]),
                cell(b["a1_accuracy"]), cell(b["a1_z"], 3), cell(b["a2_accuracy"]), cell(b["a2_z"], 3));
        }
    }
    const auto& c = j["capacity_fit"];
    out << "\n";
    if (c["available"].get<bool>())
        out << fmt::format("  capacity C = {}  {} % interval [{}, {}]  (w*(C) = {}, {} queries)\n", cell(c["capacity"], 6),
                           cell(Json(100 * c["level"].get<double>()), 3), cell(c["ci"][0], 6),
                           c["ci"][1].is_null() ? "inf" : cell(c["ci"][1], 6), cell(c["threshold_weight"], 4), cell(c["queries"]));
    if (c.contains("note")) out << "  capacity fit: " << c["note"].get<std::string>() << "\n";
    if (j.contains("implied_alpha"))
        out << fmt::format("  implied alpha {} (corpus table sizes; true {})\n", cell(j["implied_alpha"]["estimate"], 5),
                           cell(j["implied_alpha"]["true"], 5));
}

int run(const CLI::App& app) {
    const ParsedOptions args(app);
    const fs::path dir = args.required_text("generated");
    const std::string answers_file = args.required_text("answers");
    EvaluationOptions options;
    options.level = args.real_or("level", 0.95);
    if (!(options.level > 0 && options.level < 1)) throw UsageError("--level expects a number in (0, 1)");
    const fitting::InputLimits inputs = input_limits(args);
    const auto run_info = read_generated_run(dir / "manifest.json", inputs);
    const auto queries = read_queries(dir / "queries.jsonl", inputs);
    const auto answers = read_answers(answers_file, queries, inputs);
    const auto evaluation = evaluate_answers(run_info, queries, answers, options);
    const Json j = evaluation_json(evaluation, run_info, dir.string(), answers_file);
    std::ostringstream text;
    if (args.flag("json")) text << j.dump(2) << "\n";
    else print_text(j, text);
    std::cout << text.str() << std::flush;
    if (evaluation.missing > 0 && !args.flag("json"))
        std::cerr << "sklaws evaluate: " << evaluation.missing << " queries have no answer line (scored as abstentions)\n";
    return 0;
}

std::function<int()> setup(CLI::App& app) {
    app.description(
        "Scores a model's answers to DIR/queries.jsonl (written by sklaws generate) against the theory: per band of "
        "expected mentions n w/R and of actual mentions m, accuracy, hallucination rate (answered and wrong) and "
        "abstention rate, beside A1's prediction (unlimited capacity, with z), A2/H1's at the capacity C fitted by "
        "maximum likelihood (with its profile-likelihood interval), H2's calibration columns when answers carry "
        "confidences, and the alpha the corpus implies. FILE: one JSON object per line, {\"id\": 17, \"answer\": "
        "\"value3\"}, optional \"abstain\": true/false and \"confidence\" in [0, 1]; an unknown or repeated id, a "
        "line that is not a JSON object or a field of the wrong type is refused as file:line.");
    text_option(app, "generated", "the directory sklaws generate wrote (manifest.json, queries.jsonl)")->required();
    text_option(app, "answers", "the model's answers (JSON lines)")->required();
    real_option(app, "level", "level of the capacity interval, in (0, 1)")->default_str("0.95");
    flag_option(app, "json", "print the result as JSON: {\"bands\": [...], \"capacity_fit\": {...}, ...}");
    resource_options(app, /*reads_files=*/true);
    app.footer("Exit status: 0 evaluated, 2 bad input (one line on stderr: file:line: what), 1 runtime failure.");
    return [&app] { return run(app); };
}

const RegisterCommand registration{
    {"evaluate", "score a model's answers to a generated corpus's queries against A1, A2/H1 and H2", setup}};

}  // namespace
}  // namespace sklaws::cli
