#include <sklaws/fitting/type_token.hpp>

#include <sklaws/numerics/errors.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace sklaws::fitting {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Distinct integers round(exp(t)) for t on a uniform grid in [0, ln last].
std::vector<std::uint64_t> log_spaced(std::uint64_t last, std::size_t points) {
    std::vector<std::uint64_t> out;
    const double top = std::log(static_cast<double>(last));
    for (std::size_t i = 0; i < points; ++i) {
        const double t = points == 1 ? top : top * static_cast<double>(i) / static_cast<double>(points - 1);
        auto v = static_cast<std::uint64_t>(std::llround(std::exp(t)));
        v = std::clamp<std::uint64_t>(v, 1, last);
        if (out.empty() || v > out.back()) out.push_back(v);
    }
    if (out.back() != last) out.push_back(last);
    return out;
}

// Power-law fit (E ≡ 0, weights 1/y²) with a percentile bootstrap over points.
ExponentEstimate fit_exponent(const std::vector<double>& x, const std::vector<double>& y, const BootstrapOptions& boot,
                              double* scale) {
    std::vector<double> w(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) w[i] = 1.0 / (y[i] * y[i]);
    PowerLawOptions options;
    options.fit_offset = false;
    options.weights = w;
    const PowerLawFit fit = fit_power_law(x, y, options);
    ExponentEstimate e;
    e.estimate = -fit.a;  // K = c n^h is the law with a = −h; Zipf's s = a
    if (scale) *scale = fit.A;
    e.points = x.size();
    const auto result = bootstrap_percentile(
        x.size(),
        [&](std::span<const std::size_t> idx) {
            std::vector<double> bx, by, bw;
            for (auto i : idx) {
                bx.push_back(x[i]);
                by.push_back(y[i]);
                bw.push_back(w[i]);
            }
            PowerLawOptions o = options;
            o.weights = bw;
            return std::vector<double>{-fit_power_law(bx, by, o).a};
        },
        {"exponent"}, boot);
    e.ci = result.intervals[0];
    e.ci_available = result.available[0];
    return e;
}

}  // namespace

TypeTokenCurve type_token_curve(std::string_view text, std::size_t points) {
    numerics::require(points >= 2, "points", points, "(at least 2)");
    std::unordered_map<std::string_view, std::uint64_t> counts;
    std::vector<std::uint64_t> types_after;  // K after each token
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        if (i > start) {
            ++counts[text.substr(start, i - start)];
            types_after.push_back(counts.size());
        }
    }
    numerics::require(!types_after.empty(), "tokens", 0, "(a text with at least one whitespace-separated token)");
    TypeTokenCurve curve;
    curve.total_tokens = types_after.size();
    for (auto n : log_spaced(curve.total_tokens, points)) {
        curve.tokens.push_back(static_cast<double>(n));
        curve.types.push_back(static_cast<double>(types_after[n - 1]));
    }
    for (const auto& [word, c] : counts) curve.frequencies.push_back(c);
    std::sort(curve.frequencies.begin(), curve.frequencies.end(), std::greater<>());
    return curve;
}

CorpusExponents corpus_exponents(std::string_view text, const CorpusOptions& options) {
    CorpusExponents out;
    out.curve = type_token_curve(text, options.points);
    const auto& c = out.curve;
    numerics::require(c.tokens.size() >= 4, "curve points", c.tokens.size(),
                      "(at least 4 distinct log-spaced token counts: the text is too short)");
    out.heaps = fit_exponent(c.tokens, c.types, options.bootstrap, &out.heaps_scale);

    const auto last_repeated = static_cast<std::uint64_t>(
        std::count_if(c.frequencies.begin(), c.frequencies.end(), [](std::uint64_t f) { return f >= 2; }));
    numerics::require(last_repeated >= 4, "types seen twice", last_repeated,
                      "(at least 4 types occurring twice or more, for the Zipf fit)");
    std::vector<double> ranks, freqs;
    for (auto r : log_spaced(last_repeated, options.points)) {
        ranks.push_back(static_cast<double>(r));
        freqs.push_back(static_cast<double>(c.frequencies[r - 1]));
    }
    numerics::require(ranks.size() >= 4, "rank points", ranks.size(), "(at least 4 distinct log-spaced ranks)");
    out.zipf = fit_exponent(ranks, freqs, options.bootstrap, nullptr);
    out.zipf.estimate = -out.zipf.estimate;
    out.zipf.ci = {-out.zipf.ci.hi, -out.zipf.ci.lo};
    return out;
}

}  // namespace sklaws::fitting
