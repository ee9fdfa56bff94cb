// The train–evaluate loop through the commands: `sklaws generate` writes
// queries.jsonl and the manifest's split, `sklaws evaluate` scores answers
// files — truthful (accuracy 1, hallucination 0 in every band), constant
// wrong (0 and 1), those of sklaws's own A2 count learner (its capacity
// inside the fitted interval) and of the unlimited learner (A1 by z-test) —
// and refuses unknown ids, duplicate ids and malformed lines with file:line.
#include "../support/run_sklaws.hpp"
#include "../support/scratch_directory.hpp"

#include <catch2/catch.hpp>

#include <sklaws/validation/count_learner.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using sklaws::test::run_sklaws;
using Json = nlohmann::json;

namespace {

// This file's directory, removed at exit.
const sklaws::test::ScratchDirectory& directory() {
    static const sklaws::test::ScratchDirectory dir("evaluate-cli");
    return dir;
}
const fs::path& scratch() { return directory().path(); }

std::vector<Json> read_lines(const fs::path& p) {
    std::ifstream in(p);
    std::vector<Json> out;
    std::string line;
    while (std::getline(in, line)) out.push_back(Json::parse(line));
    return out;
}

fs::path write_answers(const std::string& name, const std::vector<Json>& answers) {
    const auto p = scratch() / name;
    std::ofstream out(p);
    for (const auto& a : answers) out << a.dump() << "\n";
    return p;
}

// generate → DIR; the options of the loop's tests
fs::path generate(const std::string& name, const std::string& options) {
    const auto dir = scratch() / name;
    const auto r = run_sklaws("generate --out '" + dir.string() + "' " + options);
    INFO(r.err);
    REQUIRE(r.status == 0);
    return dir;
}

Json evaluate(const fs::path& dir, const fs::path& answers) {
    const auto r = run_sklaws("evaluate --generated '" + dir.string() + "' --answers '" + answers.string() + "' --json");
    INFO(r.err);
    REQUIRE(r.status == 0);
    return Json::parse(r.out);
}

}  // namespace

TEST_CASE("evaluate cli: generate writes queries.jsonl and the split", "[fitting][cli][loop]") {
    const auto dir = generate("split", "--alpha 0.5 --beta 5 --templates 4 --n 20000 --seed 3 --names 1e12 --values 10 "
                                       "--relations 2 --queries 500 --query-sampling frequency --unseen-queries 40");
    const auto queries = read_lines(dir / "queries.jsonl");
    REQUIRE(queries.size() == 540);
    std::ifstream manifest_in(dir / "manifest.json");
    const auto manifest = Json::parse(manifest_in);
    CHECK(manifest["split"]["train"]["file"] == "corpus.txt");
    CHECK(manifest["split"]["train"]["sentences"] == 20000);
    CHECK(manifest["split"]["queries"]["file"] == "queries.jsonl");
    CHECK(manifest["split"]["queries"]["seen"] == 500);
    CHECK(manifest["split"]["queries"]["unseen"] == 40);
    CHECK(manifest["split"]["queries"]["sampling"] == "frequency");
    for (const char* field : {"id", "element", "relation", "question", "answer", "weight", "mentions"})
        CHECK(queries[0].contains(field));
    CHECK(queries.back()["seen"] == false);
    CHECK(queries.back()["mentions"] == 0);
    // the facts a query names appear in the corpus as often as it says
    std::ifstream corpus(dir / "corpus.txt");
    std::string text((std::istreambuf_iterator<char>(corpus)), std::istreambuf_iterator<char>());
    const auto& q = queries[0];
    std::size_t count = 0;
    std::istringstream lines(text);
    std::string line;
    const std::string entity = " " + q["entity"].get<std::string>() + " ", relation = " " + q["relation"].get<std::string>() + " ";
    while (std::getline(lines, line))
        if ((" " + line + " ").find(entity) != std::string::npos && (" " + line + " ").find(relation) != std::string::npos) ++count;
    CHECK(count == q["mentions"].get<std::size_t>());
}

TEST_CASE("evaluate cli: truthful and constant wrong answers; bad answer files refused", "[fitting][cli][loop]") {
    const auto dir = generate("score", "--alpha 0.6 --beta 2 --templates 3 --n 30000 --seed 5 --names 1e12 --values 20 "
                                       "--queries 1000 --unseen-queries 50");
    const auto queries = read_lines(dir / "queries.jsonl");
    std::vector<Json> truth, wrong;
    for (const auto& q : queries) {
        truth.push_back({{"id", q["id"]}, {"answer", q["answer"]}});
        wrong.push_back({{"id", q["id"]}, {"answer", "value-none"}, {"abstain", false}});
    }
    const auto t = evaluate(dir, write_answers("truth.jsonl", truth));
    const auto w = evaluate(dir, write_answers("wrong.jsonl", wrong));
    REQUIRE(t["bands"].size() >= 5);
    for (const auto& b : t["bands"]) {
        CHECK(b["accuracy"] == 1.0);
        CHECK(b["hallucination"] == 0.0);
        CHECK(b["abstained"] == 0.0);
        CHECK(b.contains("a1_accuracy"));
    }
    for (const auto& b : w["bands"]) {
        CHECK(b["accuracy"] == 0.0);
        CHECK(b["hallucination"] == 1.0);
    }
    CHECK(t.contains("capacity_fit"));
    // refusals: exit 2, one line, file:line
    const auto check_refused = [&](const std::string& name, const std::string& content, const std::string& where,
                                   const std::string& what) {
        const auto p = scratch() / name;
        std::ofstream(p) << content;
        const auto r = run_sklaws("evaluate --generated '" + dir.string() + "' --answers '" + p.string() + "'");
        INFO(name << ": " << r.err);
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find(p.string() + ":" + where + ":") != std::string::npos);
        CHECK(r.err.find(what) != std::string::npos);
    };
    check_refused("unknown.jsonl", "{\"id\": 1, \"answer\": \"value1\"}\n{\"id\": 999999, \"answer\": \"value1\"}\n", "2", "unknown query id");
    check_refused("duplicate.jsonl", "{\"id\": 1, \"answer\": \"value1\"}\n\n{\"id\": 1, \"answer\": \"value2\"}\n", "3", "duplicate");
    check_refused("malformed.jsonl", "{\"id\": 1, \"answer\": \"value1\"}\n{\"id\": 2, \"answer\": \n", "2", "JSON object");
    check_refused("type.jsonl", "{\"id\": 1, \"answer\": 7}\n", "1", "must be a string");
    check_refused("confidence.jsonl", "{\"id\": 1, \"answer\": \"value1\", \"confidence\": 1.5}\n", "1", "[0, 1]");
    check_refused("abstain.jsonl", "{\"id\": 1, \"abstain\": \"yes\"}\n", "1", "true or false");
}

// sklaws's own A2 count learner reads corpus.txt and answers; `evaluate`
// recovers its capacity. The unlimited learner matches A1 by z-test.
TEST_CASE("evaluate cli: the count learners' answers against A2 and A1", "[fitting][cli][loop]") {
    const auto dir = generate("learners", "--alpha 0.5 --beta 10 --templates 2 --n 200000 --seed 3 --names 1e12 "
                                          "--values 10 --queries 1e6");
    const auto queries = read_lines(dir / "queries.jsonl");
    std::ifstream corpus(dir / "corpus.txt");
    const sklaws::validation::CountLearner learner(corpus);
    const double capacity = 600;
    std::vector<Json> a2, a1;
    for (const auto& q : queries) {
        const std::string e = q["entity"], r = q["relation"];
        const sklaws::validation::LearnerQuery lq{q["id"].get<std::uint64_t>(), std::stoull(e.substr(6)),
                                                  static_cast<std::uint32_t>(std::stoul(r.substr(8)))};
        const auto x = learner.answer_with_capacity(lq, {0.5, 10.0}, capacity, 10, 0.0, 7);
        a2.push_back({{"id", x.id}, {"answer", x.answer}});
        const auto y = learner.answer(lq, 10, 0.0, 7);
        a1.push_back({{"id", y.id}, {"answer", y.answer}, {"confidence", *y.confidence}});
    }
    const auto e2 = evaluate(dir, write_answers("a2.jsonl", a2));
    const auto& fit = e2["capacity_fit"];
    INFO(fit.dump());
    REQUIRE(fit["available"] == true);
    CHECK(fit["ci"][0].get<double>() <= capacity);
    CHECK(capacity <= fit["ci"][1].get<double>());
    const auto e1 = evaluate(dir, write_answers("a1.jsonl", a1));
    for (const auto& b : e1["bands"])
        if (!b["a1_z"].is_null()) CHECK(std::abs(b["a1_z"].get<double>()) < 4);
    CHECK(e1["capacity_fit"]["at_upper_limit"] == true);
    CHECK(e1.contains("model_threshold"));
}
