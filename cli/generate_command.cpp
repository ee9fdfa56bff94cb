// `sklaws generate`: write a Syntax-Knowledge corpus (docs/theory.md §2).
//
// DIR/corpus.txt holds one rendered sentence per line, streamed as generated
// (memory O(K·R), independent of N); DIR/manifest.json holds the true
// parameters, θ, the template texts, the element table sizes, names and
// facts, and the split ("split": the training file and the query set);
// DIR/queries.jsonl the probe set of the train–evaluate loop
// (validation/query_set.hpp: one JSON object per line with id, element,
// entity, relation, question, prompt, answer, weight, mentions, ...), read
// back by `sklaws evaluate`. DIR is published like a report
// (reports/staging_directory.hpp): reserved and locked before any work,
// written into .DIR.partial-<pid> beside it and swapped in atomically, so a
// reader never sees a half-written corpus and a previous DIR stays complete
// until then; Ctrl-C or kill leaves it untouched. A non-empty DIR is
// replaced only with --force.
// Exit status: 0 written, 2 bad input (one line on stderr), 1 I/O failure,
// 130 interrupted.
#include "command_registry.hpp"
#include "options.hpp"

#include <sklaws/reports/staging_directory.hpp>
#include <sklaws/validation/query_set.hpp>
#include <sklaws/validation/sentence_generator.hpp>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>

namespace sklaws::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

struct GenerateRequest {
    validation::CorpusParameters corpus;
    std::uint64_t sentences = 0;
    std::uint64_t seed = 0;
    fs::path out;
    bool force = false;
    validation::QueryOptions queries;
};

GenerateRequest parse_request(const ParsedOptions& args) {
    GenerateRequest r;
    r.corpus.knowledge.alpha = args.required_real("alpha");
    r.corpus.knowledge.beta = args.required_real("beta");
    r.corpus.templates = static_cast<unsigned>(args.required_count("templates", 1000000));
    r.sentences = args.required_count("n", 1000000000000ULL);
    r.seed = args.required_count("seed", ~0ULL);
    r.out = args.required_text("out");
    r.corpus.prior = args.real_or("prior", 1.0);
    r.corpus.names = args.count_or("names", 1000000);
    r.corpus.values = args.count_or("values", 1000);
    r.corpus.relations = static_cast<std::uint32_t>(args.count_or("relations", 1, 65536));
    r.corpus.noise = args.real_or("noise", 0.0);
    r.force = args.flag("force");
    r.queries.queries = args.count_or("queries", 1000, 1000000000);
    r.queries.unseen = args.count_or("unseen-queries", 0, 1000000000);
    const std::string sampling = args.text("query-sampling").value_or("uniform");
    if (sampling == "frequency") r.queries.sampling = validation::QuerySampling::frequency;
    else if (sampling != "uniform")
        throw UsageError("option --query-sampling expects uniform or frequency, got '" + sampling + "'");
    if (r.sentences == 0) throw UsageError("option --n must be at least 1");
    if (r.out.empty()) throw UsageError("option --out must name a directory");
    r.corpus.validate();  // DomainError names the bad parameter (exit 2)
    return r;
}

// Generate's replace policy: DIR's parent must exist; DIR may be absent or
// empty; a directory with anything in it is replaced only with --force; a
// file never.
reports::ReplacePolicy replace_policy(bool force) {
    return [force](const fs::path& out) {
        std::error_code ec;
        if (!fs::is_directory(out.parent_path(), ec)) {
            throw reports::OutputDirectoryError("--out " + out.string() + ": directory " + out.parent_path().string() +
                                                " does not exist");
        }
        const auto status = fs::status(out, ec);
        if (!fs::exists(status)) return;
        if (!fs::is_directory(status)) throw reports::OutputDirectoryError("--out " + out.string() + " exists and is not a directory");
        if (!force && !fs::is_empty(out, ec)) {
            throw reports::OutputDirectoryError("--out " + out.string() + " is not empty (use --force to replace it)");
        }
    };
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

// Streams N rendered sentences into `path` (tallying the facts they mention
// for the queries); returns the number of mentions that did not state the
// true fact. A signal stops it between sentences (Interrupted), so Ctrl-C on
// a multi-GB corpus is prompt.
std::uint64_t write_corpus(validation::SentenceGenerator& generator, validation::FactTally& tally,
                           std::uint64_t sentences, const fs::path& path, const reports::StagingDirectory& staging) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "w"));
    if (!file) throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
    std::uint64_t noisy = 0;
    std::string line;
    for (std::uint64_t i = 0; i < sentences; ++i) {
        staging.throw_if_interrupted();
        const validation::Sentence s = generator.next();
        noisy += s.states_true_fact ? 0 : 1;
        tally.add(s);
        line.clear();
        validation::render_sentence(s, line);
        line.push_back('\n');
        if (std::fwrite(line.data(), 1, line.size(), file.get()) != line.size()) {
            throw std::runtime_error("write failed on " + path.string() + ": " + std::strerror(errno));
        }
    }
    if (std::fclose(file.release()) != 0) throw std::runtime_error("cannot finish " + path.string());
    return noisy;
}

// queries.jsonl, one query per line; the query set drawn after the corpus.
void write_queries(const validation::QuerySet& queries, const fs::path& path) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "w"));
    if (!file) throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
    for (const auto& q : queries.queries) {
        std::string line = validation::query_json_line(q);
        line.push_back('\n');
        if (std::fwrite(line.data(), 1, line.size(), file.get()) != line.size())
            throw std::runtime_error("write failed on " + path.string() + ": " + std::strerror(errno));
    }
    if (std::fclose(file.release()) != 0) throw std::runtime_error("cannot finish " + path.string());
}

Json split_json(const GenerateRequest& r, const validation::QuerySet* queries) {
    Json split{{"train", {{"file", "corpus.txt"}, {"sentences", r.sentences}}}};
    if (!queries) {
        split["queries"] = nullptr;
        return split;
    }
    std::uint64_t seen = 0;
    for (const auto& q : queries->queries) seen += q.seen;
    split["queries"] = {
        {"file", "queries.jsonl"},
        {"queries", queries->queries.size()},
        {"seen", seen},
        {"unseen", queries->queries.size() - seen},
        {"sampling", r.queries.sampling == validation::QuerySampling::frequency ? "frequency" : "uniform"},
        {"seen_facts", queries->seen_facts},
        {"unseen_mass", queries->unseen_mass},
        {"about", r.queries.sampling == validation::QuerySampling::frequency
                      ? "facts drawn with replacement like the corpus (element with probability n_k/n, relation "
                        "uniform), plus unseen elements' facts"
                      : "distinct facts of the seen elements drawn uniformly without replacement, plus unseen "
                        "elements' facts"},
        {"weights", "true weights: Dirichlet(n_k - alpha, ..., beta + K alpha) given the corpus (validation/query_set.hpp)"}};
    return split;
}

Json manifest(const GenerateRequest& r, const validation::SentenceGenerator& g, std::uint64_t noisy,
              const validation::QuerySet* queries) {
    const auto& c = r.corpus;
    Json params = {{"alpha", c.knowledge.alpha}, {"beta", c.knowledge.beta}, {"templates", c.templates},
                   {"prior", c.prior},           {"names", c.names},         {"values", c.values},
                   {"relations", c.relations},   {"noise", c.noise},         {"n", r.sentences},
                   {"seed", r.seed}};
    Json templates = Json::array();
    for (unsigned s = 0; s < c.templates; ++s) templates.push_back(validation::template_text(s));
    Json names = Json::array(), facts = Json::array();
    for (const auto& e : g.elements()) {
        names.push_back(e.name);
        facts.push_back(e.facts);
    }
    const auto sizes = g.element_mentions();
    return Json{{"model", "syntax-knowledge (docs/theory.md section 2)"},
                {"corpus", "corpus.txt"},
                {"parameters", params},
                {"syntax", {{"theta", std::vector<double>(g.syntax().theta().begin(), g.syntax().theta().end())},
                            {"templates", templates}}},
                {"knowledge",
                 {{"elements", sizes.size()},
                  {"table_sizes", std::vector<std::uint64_t>(sizes.begin(), sizes.end())},
                  {"names", names},
                  {"facts", facts},
                  {"noisy_mentions", noisy}}},
                {"split", split_json(r, queries)}};
}

int run_generate(const CLI::App& app) {
    const ParsedOptions args(app);
    GenerateRequest r = parse_request(args);
    try {
        // DIR is checked, locked and reserved before any work (and before the
        // generator's tables are built): staging_directory.hpp.
        reports::StagingDirectory staging(r.out, replace_policy(r.force));
        validation::SentenceGenerator generator(r.corpus, r.seed);
        staging.begin_writing();
        validation::FactTally tally(r.corpus.relations);
        const std::uint64_t noisy = write_corpus(generator, tally, r.sentences, staging.path() / "corpus.txt", staging);
        std::optional<validation::QuerySet> queries;
        if (r.queries.queries + r.queries.unseen > 0) {
            queries = validation::draw_queries(generator, tally, r.queries, r.seed);
            write_queries(*queries, staging.path() / "queries.jsonl");
        }
        staging.write_file("manifest.json", manifest(r, generator, noisy, queries ? &*queries : nullptr).dump(1) + "\n");
        staging.commit();
        std::cout << "wrote " << r.sentences << " sentences (" << generator.elements().size()
                  << " knowledge elements) to " << r.out.string() << "\n";
        return 0;
    } catch (const reports::OutputDirectoryError& e) {
        throw UsageError(e.what());
    } catch (const reports::Interrupted& e) {
        std::cerr << "sklaws generate: " << e.what() << "\n";
        return 130;
    }
}

std::function<int()> setup_generate(CLI::App& app) {
    app.description(
        "Writes DIR/corpus.txt (N sentences, one per line) and DIR/manifest.json (true parameters, theta, table "
        "sizes, names and facts) from the Syntax-Knowledge model: templates from Dirichlet(a)-Categorical(theta), "
        "knowledge elements from CRP(alpha, beta), names uniform over M, facts uniform over V values for R "
        "relations, noise e: a mention states a uniform value instead of the fact. Also DIR/queries.jsonl, the "
        "probe set for `sklaws evaluate`: one JSON object per line with id, element, entity, relation, question "
        "(a sentence of the corpus's templates with its value left out as ___), prompt, answer (the true value), "
        "weight (the element's true weight), mentions (how often the corpus states that fact), true_mentions, "
        "element_mentions and seen; the manifest's \"split\" says which file is for training and how the queries "
        "were drawn. DIR is written atomically; a non-empty DIR is replaced only with --force.");
    real_option(app, "alpha", "Pitman-Yor discount alpha of the knowledge model")->required();
    real_option(app, "beta", "Pitman-Yor concentration beta (beta > -alpha)")->required();
    count_option(app, "templates", "number of sentence templates S", 1000000)->required();
    count_option(app, "n", "number of sentences N", 1000000000000ULL)->required();
    count_option(app, "seed", "random seed", ~0ULL)->required();
    text_option(app, "out", "output directory DIR")->required();
    real_option(app, "prior", "symmetric Dirichlet prior a of the templates")->default_str("1");
    count_option(app, "names", "number of names M")->default_str("1000000");
    count_option(app, "values", "number of values V per relation")->default_str("1000");
    count_option(app, "relations", "relations R per element", 65536)->default_str("1");
    real_option(app, "noise", "probability e that a mention states a uniform value")->default_str("0");
    count_option(app, "queries", "queries.jsonl: Q queries about facts of seen elements (0 with "
                                 "--unseen-queries 0: no queries.jsonl)", 1000000000)
        ->default_str("1000");
    text_option(app, "query-sampling", "queries drawn uniformly over the seen facts (without replacement) or by "
                                       "frequency, like the corpus (with replacement)")
        ->default_str("uniform");
    count_option(app, "unseen-queries", "U more queries about elements the corpus never mentions", 1000000000)
        ->default_str("0");
    flag_option(app, "force", "replace a non-empty DIR");
    app.footer("Exit status: 0 written, 2 bad input (one line on stderr), 1 I/O failure, 130 interrupted.");
    return [&app] { return run_generate(app); };
}

const RegisterCommand registration{
    {"generate", "write a Syntax-Knowledge corpus, its manifest and its probe queries (queries.jsonl)", setup_generate}};

}  // namespace
}  // namespace sklaws::cli
