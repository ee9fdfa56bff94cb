// Scoring a model's answers to the queries of a generated corpus against the
// theory (docs/theory.md A1, A2, H1, H2): the last step of the loop
// generate → train anything → `sklaws evaluate`.
//
// Inputs (formats in the README):
//   manifest.json  the run: n sentences, PY(α, β), V values, R relations,
//                  noise ε, the element table sizes;
//   queries.jsonl  one query per line (id, element, relation, question,
//                  answer, weight, mentions, element_mentions, seen);
//   answers        JSON lines {"id": …, "answer": "value7", "abstain": false,
//                  "confidence": 0.93}; abstain and confidence optional.
// Every problem is an InputError "file:line: what" — a line that is not a
// JSON object, an id that is not a query's (or given twice), an answer that
// is not a string, abstain not a boolean, a confidence outside [0, 1].
// Queries without an answer line are counted as `missing` and scored as
// abstentions.
//
// Per query: correct (answered, equal to the true value), hallucinated
// (answered and wrong), abstained. Bands: by the fact's expected mentions
// n·w/R (decades: < 0.1, [0.1, 1), [1, 10), …) and by its actual mentions m
// (0, 1, 2–3, 4–7, …). Per band: queries, accuracy (correct/queries),
// hallucination (hallucinated/queries), abstained (rate), and the theory:
//
//   A1 (unlimited capacity, the majority-vote learner). For a band by
//   weight, a seen fact of weight w is right with probability
//     E[A(F) | w, seen] = (Acc(n, w/R) − (1 − w)^n/V) / (1 − (1 − w)^n),
//   (Acc = theory::fact_accuracy; F ~ Binomial(n, w/R) the fact's mentions,
//   conditioned on its element being in the corpus); for a band by mentions
//   A(m) (theory::accuracy_given_mentions); an unseen fact 1/V. The band's
//   prediction is the mean over its queries, with
//     z = (correct − Σp)/√Σp(1 − p),
//   the queries independent given their weights.
//
//   A2/H1 (capacity C, A2's count rule: an element is stored iff its
//   mentions M exceed n·w*(C), w*(C) = theory::capacity_threshold_weight):
//   stored facts are answered as A1's learner, unstored ones are guessed,
//     p(C) = s·E[A(F) | w, seen] + (1 − s)/V,
//     s = P(M > n·w* | w, M ≥ 1) = P(Binomial(n, w) > n·w*)/P(M ≥ 1)
//   (1 when n·w* < 1), and hallucination 1 − p (H1: an answered unstored
//   query is a uniform guess). Exact for R = 1, ε = 0; otherwise it also
//   treats a stored fact's mentions as independent of its storage. C is
//   fitted by maximum likelihood to the answered queries (each a Bernoulli
//   with probability p_q(C) given its weight; abstained ones are left out),
//   over ln C ≥ ln C_min (theory::capacity_threshold_min_capacity: below it
//   A2's w*(C) is no C-th largest weight) by golden-section search after a
//   grid, and its interval is the
//   profile-likelihood one, {C : 2(ℓ(Ĉ) − ℓ(C)) ≤ χ²₁(level)}. The rule
//   compares integer counts with n·w*(C), so ℓ is constant while ⌊n·w*(C)⌋
//   is: C is identified up to that plateau, and the interval is at least the
//   plateau of Ĉ. Beyond
//   C_max, where n·w*(C_max) = 1, every seen element is stored and ℓ is
//   flat: an interval reaching it is reported open ("at_upper_limit").
//
//   H2 (where the answers carry confidences): a calibrated learner answers
//   iff its confidence A(m) is ≥ τ. The band reports the mean confidence of
//   its answers beside their accuracy (calibration), and H2's answered
//   fraction and hallucination rate at the model's own threshold τ̂ (the
//   smallest confidence among its answers): by weight,
//   theory::abstention_for_weight_e at the fact's weight w/R conditioned on
//   the element being in the corpus; by mentions, [A(m) ≥ τ̂] and
//   [A(m) ≥ τ̂](1 − A(m)).
//
//   Implied α: PY(α, β) maximum likelihood (pitman_yor_fit.hpp) of the
//   manifest's element table sizes — what the corpus tells about α — beside
//   the α that generated it.
#pragma once

#include <sklaws/fitting/text_file.hpp>
#include <sklaws/fitting/pitman_yor_fit.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sklaws::fitting {

struct GeneratedRun {
    std::uint64_t sentences = 0;  // n
    double alpha = 0, beta = 0;
    std::uint64_t values = 2;     // V
    std::uint32_t relations = 1;  // R
    double noise = 0;             // ε
    std::vector<std::uint64_t> table_sizes;
};

struct EvaluationQuery {
    std::string id;               // decimal, as in queries.jsonl
    std::string answer;           // the true value word
    double weight = 0;
    std::uint64_t mentions = 0, element_mentions = 0;
    bool seen = true;
};

struct ModelAnswer {
    bool present = false;
    std::string answer;
    bool abstain = false;
    std::optional<double> confidence;
};

// Readers; `dir` is the generate output directory (manifest.json, queries.jsonl).
// Each file is read through the input guard (text_file.hpp) with `limits`.
GeneratedRun read_generated_run(const std::filesystem::path& manifest, const InputLimits& limits = {});
std::vector<EvaluationQuery> read_queries(const std::filesystem::path& queries, const InputLimits& limits = {});
// Answers in query order (answers[i] for queries[i]).
std::vector<ModelAnswer> read_answers(const std::filesystem::path& answers, const std::vector<EvaluationQuery>& queries,
                                      const InputLimits& limits = {});

struct TheoryColumn {
    double accuracy = 0, hallucination = 0;
    double z = 0;                 // (correct − Σp)/√Σp(1−p); NaN when the variance is 0
    bool available = false;
};

struct EvaluationBand {
    std::string by;               // "weight" (expected mentions n·w/R) or "mentions"
    double lo = 0, hi = 0;        // band [lo, hi) of n·w/R or of the fact's mentions m
    bool unseen = false;          // the queries about elements never mentioned (by weight)
    std::size_t queries = 0, correct = 0, hallucinated = 0, abstained = 0;
    double accuracy = 0, hallucination = 0, abstention = 0;
    TheoryColumn a1, a2;
    // H2: only with confidences
    bool has_confidence = false;
    double mean_confidence = 0;   // of the answered queries
    double h2_answered = 0;       // H2: answered fraction of a calibrated learner at τ̂
    double h2_hallucination = 0;  // H2: its wrong answers per query
};

struct CapacityFit {
    bool available = false;       // needs α > 0 and answered seen queries
    double capacity = 0, lo = 0, hi = 0, level = 0.95;
    bool at_upper_limit = false;  // ℓ flat from C_max on: the interval (or Ĉ) reaches it
    double upper_limit = 0;       // C_max
    double threshold_weight = 0;  // w*(Ĉ)
    double log_likelihood = 0;
    std::size_t queries = 0;      // answered queries used
    std::string note;
};

struct KnowledgeEvaluation {
    std::size_t queries = 0, answered = 0, correct = 0, hallucinated = 0, abstained = 0, missing = 0;
    std::vector<EvaluationBand> bands;
    CapacityFit capacity;
    std::optional<double> model_threshold;  // τ̂ (with confidences)
    PitmanYorFit implied_alpha;
    bool implied_alpha_available = false;
};

struct EvaluationOptions {
    double level = 0.95;
};

KnowledgeEvaluation evaluate_answers(const GeneratedRun& run, const std::vector<EvaluationQuery>& queries,
                                     const std::vector<ModelAnswer>& answers, const EvaluationOptions& options = {});

// The A1 and A2 per-query probabilities (for tests and figures).
double a1_probability_given_weight(const GeneratedRun& run, double weight);
double a2_probability_given_weight(const GeneratedRun& run, double weight, double capacity);

}  // namespace sklaws::fitting
