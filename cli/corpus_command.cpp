// `sklaws corpus FILE`: Heaps and Zipf exponents of a text's type–token curve
// (fitting/type_token.hpp; docs/theory.md §5, K1, K5) and the Pitman-Yor maximum
// likelihood (α, β) of its type counts (fitting/pitman_yor_fit.hpp).
//
// Tokens are whitespace-separated. Output: a table, or with --json
// {"tokens", "types", "heaps": {"estimate", "ci", "scale", "points"},
//  "zipf": {...}, "implied_alpha": {"from_heaps", "from_zipf", "pitman_yor"},
//  "pitman_yor": {"alpha", "beta"}}. Exit status 2 for a missing file, a
// directory, binary data or a text too short to fit (one line on stderr).
#include "command_registry.hpp"
#include "options.hpp"
#include "resource_guard.hpp"

#include <sklaws/fitting/pitman_yor_fit.hpp>
#include <sklaws/fitting/text_file.hpp>
#include <sklaws/fitting/type_token.hpp>
#include <sklaws/reports/number_format.hpp>
#include <sklaws/validation/monte_carlo.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <sstream>

namespace sklaws::cli {
namespace {

using Json = nlohmann::ordered_json;
using namespace sklaws::fitting;

Json exponent(const ExponentEstimate& e) {
    Json j{{"estimate", e.estimate}};
    j["ci"] = e.ci_available ? Json{e.ci.lo, e.ci.hi} : Json(nullptr);
    j["points"] = e.points;
    return j;
}

// "[lo, hi]", or why there is none (too few resamples gave a finite fit).
std::string interval_text(const ExponentEstimate& e) {
    if (!e.ci_available) return "(no interval: fewer than 2 resamples gave a finite fit)";
    return fmt::format("[{}, {}]", reports::format_number(e.ci.lo), reports::format_number(e.ci.hi));
}

int run(const CLI::App& app) {
    const ParsedOptions args(app);
    CorpusOptions o;
    o.points = static_cast<std::size_t>(args.count_or("points", 50, 100000));
    if (o.points < 4) throw UsageError("--points expects at least 4");
    o.bootstrap.resamples = static_cast<std::size_t>(args.count_or("bootstrap", 200, 10000000));
    // A percentile interval needs two values (one resample printed [nan, nan]).
    if (o.bootstrap.resamples < 2) {
        throw UsageError("--bootstrap expects at least 2 resamples (a percentile interval needs two), got " +
                         std::to_string(o.bootstrap.resamples));
    }
    o.bootstrap.seed = args.count_or("seed", 1, ~0ULL);
    o.bootstrap.threads = static_cast<std::size_t>(args.count_or("threads", 0, 4096));
    const bool json = args.flag("json");
    const auto given = args.positional("FILE");
    if (!given) throw UsageError("expects exactly one FILE (see sklaws corpus --help)");
    const std::string file = *given;
    const std::string text = read_text_file(file, input_limits(args));
    {
        // Each bootstrap resample refits the type-token curve's points: about
        // 4e-6 s per point and resample on one core (measured, GCC 12 -O3).
        const double cpu = 4e-6 * static_cast<double>(o.points) * static_cast<double>(o.bootstrap.resamples) +
                           1e-7 * static_cast<double>(text.size());
        const unsigned threads = validation::resolved_threads(static_cast<unsigned>(o.bootstrap.threads));
        announce_time("corpus", "the fit", cpu / std::max(1u, threads),
                      std::to_string(o.points) + " curve points x " + std::to_string(o.bootstrap.resamples) +
                          " bootstrap resamples; --points and --bootstrap set them");
    }
    CorpusExponents r;
    try {
        r = corpus_exponents(text, o);
    } catch (const numerics::DomainError& e) {
        throw InputError(file + ": " + e.what());  // name the file: the text is too short
    }
    const auto py = fit_pitman_yor(r.curve.frequencies);

    Json j;
    j["file"] = file;
    j["tokens"] = r.curve.total_tokens;
    j["types"] = r.curve.frequencies.size();
    j["heaps"] = exponent(r.heaps);
    j["heaps"]["scale"] = r.heaps_scale;
    j["zipf"] = exponent(r.zipf);
    Json pyj{{"alpha", {{"estimate", py.alpha}}}, {"beta", {{"estimate", py.beta}}}};
    if (py.information_ok) {
        pyj["alpha"]["ci"] = {py.alpha_lo, py.alpha_hi};
        pyj["alpha"]["se"] = py.se_alpha;
        pyj["beta"]["ci"] = {py.beta_lo, py.beta_hi};
        pyj["beta"]["se"] = py.se_beta;
    }
    j["pitman_yor"] = pyj;
    j["implied_alpha"] = {{"from_heaps", r.heaps.estimate},
                          {"from_zipf", r.zipf.estimate > 0 ? Json(1 / r.zipf.estimate) : Json(nullptr)},
                          {"pitman_yor", py.alpha}};
    j["bootstrap"] = {{"resamples", o.bootstrap.resamples}, {"seed", o.bootstrap.seed},
                      {"method", "percentile over the fitted curve points (fit uncertainty, not corpus sampling)"}};
    std::ostringstream out;
    if (json) {
        out << j.dump(2) << "\n";
    } else {
        using reports::format_number;
        out << fmt::format("sklaws corpus {}\n  tokens {}, types {}\n", file, r.curve.total_tokens, r.curve.frequencies.size())
            << fmt::format("  {:<10} {}  {}\n", "Heaps h", format_number(r.heaps.estimate), interval_text(r.heaps))
            << fmt::format("  {:<10} {}  {}\n", "Zipf s", format_number(r.zipf.estimate), interval_text(r.zipf))
            << fmt::format("  {:<10} {} (SE {}), beta {} (SE {})\n", "PY alpha", format_number(py.alpha),
                           format_number(py.se_alpha), format_number(py.beta), format_number(py.se_beta));
    }
    std::cout << out.str() << std::flush;
    return 0;
}

std::function<int()> setup(CLI::App& app) {
    app.description(
        "Heaps exponent h of K(n) = c n^h (types K among the first n whitespace-separated tokens, at log-spaced n) "
        "and Zipf slope s of f(r) = A r^-s (rank-frequency, ranks with count >= 2), with percentile-bootstrap "
        "intervals over the fitted curve points, and the Pitman-Yor maximum-likelihood (alpha, beta) of the type "
        "counts. For a PY(alpha) source h ~ alpha and s ~ 1/alpha.");
    positional_option(app, "FILE", "text file (whitespace-separated tokens)");
    count_option(app, "points", "log-spaced points of the type-token curve (at least 4)", 100000)->default_str("50");
    count_option(app, "bootstrap", "bootstrap resamples (at least 2)", 10000000)->default_str("200");
    count_option(app, "seed", "bootstrap seed", ~0ULL)->default_str("1");
    count_option(app, "threads", "worker threads (0 = all cores)", 4096)->default_str("0");
    flag_option(app, "json", "print the result as JSON");
    resource_options(app, /*reads_files=*/true);
    app.footer("Exit status: 0 fitted, 2 a missing file, a directory, binary data or a text too short to fit.");
    return [&app] { return run(app); };
}

const RegisterCommand registration{
    {"corpus", "Heaps/Zipf exponents and Pitman-Yor fit of a text file's type-token curve", setup, /*distributed=*/true}};

}  // namespace
}  // namespace sklaws::cli
