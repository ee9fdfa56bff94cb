// Heaps and Zipf exponents of a text (docs/theory.md §5; K1 and K4 for the law
// they estimate).
//
// Tokens are the maximal runs of non-whitespace bytes (no case folding, no
// punctuation stripping: the tokeniser is the simplest that is well defined).
//
// Heaps: K(n) = number of distinct types among the first n tokens, recorded at
// `points` log-spaced n from 1 to the total (duplicates merged). For a
// Pitman-Yor source E[K_n] ~ c·n^α (K1), so the fitted K(n) = c·n^h reads α off
// h. The fit is fit_power_law with E ≡ 0 and weights 1/K², i.e. least
// squares on relative error ≈ on log K, so every decade counts equally.
//
// Zipf: the rank–frequency curve f(r) of the types sorted by decreasing count
// is fitted as f = A·r^(−s) at log-spaced ranks from 1 to the last rank with
// count ≥ 2 (the plateau of once-seen types is excluded), same weighting. For a
// PY(α) source f(r) ∝ r^(−1/α) (K5 ranked weights), so 1/s is a second
// reading of α.
//
// Intervals: percentile bootstrap (bootstrap.hpp) over the fitted curve
// points. They measure how well a single power law describes this one
// curve — not the sampling variability of the corpus, which a single text
// cannot reveal (its curve points are strongly dependent).
#pragma once

#include <sklaws/fitting/bootstrap.hpp>
#include <sklaws/fitting/power_law_fit.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sklaws::fitting {

struct TypeTokenCurve {
    std::vector<double> tokens;  // n at the recorded points
    std::vector<double> types;   // K(n)
    std::vector<std::uint64_t> frequencies;  // type counts, decreasing
    std::uint64_t total_tokens = 0;
};

// Tokenises `text` and records the curve at up to `points` log-spaced n
// (points ≥ 2). Throws numerics::DomainError for a text with no tokens.
TypeTokenCurve type_token_curve(std::string_view text, std::size_t points = 50);

struct CorpusOptions {
    std::size_t points = 50;
    BootstrapOptions bootstrap{200, 1, 0, 0.95};
};

struct ExponentEstimate {
    double estimate = 0;
    Interval ci{};
    bool ci_available = false;
    std::size_t points = 0;  // curve points fitted
};

struct CorpusExponents {
    ExponentEstimate heaps;   // h of K(n) = c n^h
    double heaps_scale = 0;   // c
    ExponentEstimate zipf;    // s of f(r) = A r^(−s)
    TypeTokenCurve curve;
};

// Throws numerics::DomainError when the text is too small for either fit
// (fewer than 3 distinct curve points, or no type seen twice).
CorpusExponents corpus_exponents(std::string_view text, const CorpusOptions& options = {});

}  // namespace sklaws::fitting
