// Every Monte Carlo check is valid at any valid parameters (issue 13): every
// declared experiment (experiments(), never a list of names kept here) runs
// at α ∈ {0.1, 0.3, 0.6, 0.9} × β ∈ {−α/2, 0.5, 20} (set through the same
// typed ParameterValues the CLI and the report's configuration fill in;
// experiments without α and β run once per seed), and each of its checks is
// a z-test that passes or is "not applicable" with a reason — never a z-test
// with SE 0 and an undefined z, never a NaN.
//
// Sizes. Each experiment runs at its defaults except for the sizes below
// (replicates, n, capacities: small enough for the suite, never α or β);
// a grid point is refused, and listed, only where the experiment itself
// refuses it (its `validate`, a DomainError naming the parameter, as
// `sklaws simulate` would) or where its resource estimate exceeds the
// test's memory limit (1 GiB, as `sklaws simulate --max-memory 1G` would)
// or 20 s of CPU (stick-breaking to 1e-3 at α = 0.9 needs ~1e23 sticks).
// Where a run's cost is its closed forms, not its replicates (acquisition's
// A1 sums, learning-order's curves to 1e6), the full grid runs each point at
// one of the three seeds.
//
// Multiple testing. The report applies the user's z (4 by default, false
// alarm p = 2Φ(−4) = 6.3e-5 per normal z-test) to every z-test of the run;
// the grid makes N z-tests at that same z, so a correct model still sees N·p
// chance failures on average (0.1 at N = 1500). The grid's rule for the
// family, so that it fails by chance with probability at most ~2p like one
// check of the report:
//   * no |z| beyond the family threshold z_N = Φ⁻¹(1 − p/(2N)) (Bonferroni:
//     a chance exceedance anywhere in the grid has probability ≤ p), and
//   * at most k_N of the N z-tests beyond the configured z, k_N the
//     smallest k with P(Poisson(N·p) > k) ≤ p (a bias that moves many
//     checks a little past z fails here even when none reaches z_N).
// Every check beyond the configured z is printed with its grid point.
//
// The suite runs one seed at tiny sizes, each experiment at two of the 12
// points (every point in some experiment; ~12 s of CPU in Release; one point
// each under ASan); the full
// grid at three seeds and larger sizes is hidden ("[.check-grid]", nine
// Catch2 tests: per seed, a third of the experiments each, ~20 s of CPU
// apiece), registered with the ctest label `slow` in tests/CMakeLists.txt.
#include "../support/sanitizer.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/validation/experiments.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>

using namespace sklaws;
using namespace sklaws::validation;

namespace {

// CPU seconds of this process so far (every thread).
double process_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// The experiment's sizes at one grid scale: parameter overrides and a replicate count.
struct Sizes {
    ParameterValues overrides;
    std::size_t replicates = 0;  // 0: the report's --quick rule, max(100, default/10)
    // A run whose cost is its closed forms (seconds of multiprecision sums and
    // curves, whatever the replicates): the full grid runs each (α, β) at one
    // of the three seeds (a third of the points per seed), not at all three.
    bool theory_bound = false;
};

enum class GridScale { tiny, full };

Sizes sizes_for(const Experiment& e, GridScale scale) {
    const bool tiny = scale == GridScale::tiny;
    Sizes s;
    auto counts = [](std::initializer_list<std::uint64_t> v) { return std::vector<std::uint64_t>(v); };
    const std::string& name = e.name();
    if (name == "abstention") {
        s.replicates = 200;
    } else if (name == "acquisition") {
        s.replicates = tiny ? 1000 : 4000;
        s.theory_bound = true;
    } else if (name == "data-scaling") {
        s.overrides.set("names", std::uint64_t{1'000'000'000'000});
        s.overrides.set("values", std::uint64_t{1'000'000});
        s.overrides.set("n", tiny ? counts({100, 316, 1000, 3162}) : counts({100, 316, 1000, 3162, 10000, 31623}));
        s.replicates = tiny ? 40 : 100;
    } else if (name == "fine-tuning") {
        s.overrides.set("n", std::uint64_t{2000});
        s.replicates = 100;
    } else if (name == "hallucination") {
        s.overrides.set("n", std::uint64_t{tiny ? 500u : 2000u});
        s.overrides.set("frequency-n", std::uint64_t{tiny ? 2000u : 20000u});
        s.replicates = tiny ? 200 : 500;
    } else if (name == "tables") {
        s.overrides.set("n", tiny ? counts({10, 100, 1000}) : counts({10, 100, 1000, 10000}));
        s.replicates = tiny ? 200 : 1000;
    } else if (name == "block-counts") {
        s.overrides.set("n", std::uint64_t{tiny ? 300u : 1000u});
        s.replicates = tiny ? 500 : 2000;
    } else if (name == "entropy") {
        s.replicates = tiny ? 200 : 300;
    } else if (name == "p-new") {
        s.overrides.set("n", tiny ? counts({1, 10, 100}) : counts({1, 10, 100, 1000}));
        s.replicates = tiny ? 1000 : 4000;
    } else if (name == "learning-order") {
        s.overrides.set("names", 1e12);
        s.overrides.set("n", tiny ? counts({1, 10, 100}) : counts({1, 3, 10, 100, 1000, 10000}));
        s.replicates = tiny ? 50 : 200;
        s.theory_bound = true;
    } else if (name == "model-scaling") {
        s.overrides.set("capacity", tiny ? counts({10, 32, 100, 316}) : counts({10, 32, 100, 316, 1000, 3162}));
        s.replicates = tiny ? 100 : 400;
    } else if (name == "syntax-redundancy") {
        s.overrides.set("n", tiny ? counts({10, 100}) : counts({10, 100, 1000}));
        s.replicates = tiny ? 200 : 2000;
    } else if (name == "knowledge-redundancy") {
        s.overrides.set("n", tiny ? counts({10, 100, 1000}) : counts({10, 100, 1000, 10000}));
        s.replicates = tiny ? 100 : 500;
    } else if (name == "structure-function") {
        s.overrides.set("sentences", 1e4);
        s.replicates = tiny ? 50 : 200;
    } else if (name == "zipf-rank-frequency") {
        // n = 1e4: the resource estimate (~80 s at n = 1e5, alpha >= 0.6, beta
        // 20; 4 s measured) would refuse larger n at the high-alpha points.
        s.overrides.set("n", std::uint64_t{10000});
        s.overrides.set("ranks", counts({1, 2, 3, 5, 10, 20, 30, 50, 100}));
        s.overrides.set("j", counts({1, 10, 100, 1000}));
        s.overrides.set("fit-rank-min", std::uint64_t{5});
        s.replicates = tiny ? 100 : 500;
    }
    if (s.replicates == 0) s.replicates = std::max<std::size_t>(100, e.default_replicates() / 10);
    return s;
}

// Φ⁻¹(1 − q/2) for small q > 0, by bisection on erfc (|z| ≤ 40).
double two_sided_normal_quantile(double q) {
    double lo = 0, hi = 40;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (std::erfc(mid / std::sqrt(2.0)) > q ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

// The smallest k with P(Poisson(mean) > k) ≤ q.
std::size_t poisson_upper_count(double mean, double q) {
    double term = std::exp(-mean), cdf = term;
    std::size_t k = 0;
    while (1 - cdf > q) {
        ++k;
        term *= mean / static_cast<double>(k);
        cdf += term;
    }
    return k;
}

struct GridOutcome {
    std::size_t runs = 0, refused = 0, z_tests = 0, not_applicable = 0;
    std::vector<std::string> beyond_z;     // |z| > configured z (chance or not)
    std::vector<std::string> defects;      // NaN z, SE 0 with a different value, no reason, ...
    std::vector<double> abs_z;             // every z-test's |z|
    std::vector<std::string> abs_z_where;  // and where
    std::map<std::string, std::size_t> runs_of;
    std::map<std::string, std::size_t> refused_of;
    std::size_t expected_experiments = 0;
};

std::string where(const std::string& experiment, double alpha, double beta, std::uint64_t seed, const Check& c) {
    std::ostringstream s;
    s << experiment << " alpha " << alpha << " beta " << beta << " seed " << seed << ": " << c.quantity << " ["
      << c.label << "] " << c.point << ": MC " << c.estimate << " ± " << c.se << " vs " << c.theory << " z " << c.z;
    return s.str();
}

void run_point(const Experiment& e, const Sizes& sizes, bool has_model, double alpha, double beta,
               std::uint64_t seed, GridOutcome& out) {
    ParameterValues values = sizes.overrides;
    if (has_model) {
        values.set("alpha", alpha);
        values.set("beta", beta);
    }
    std::ostringstream point;
    point << e.name() << " alpha " << alpha << " beta " << beta << " seed " << seed;
    ResourceEstimate needs;
    try {
        e.resolve(values);
        needs = e.resources(values, sizes.replicates, 2);
    } catch (const numerics::DomainError& error) {
        ++out.refused;
        ++out.refused_of[e.name()];
        std::cout << "refused by the experiment: " << point.str() << ": " << error.what() << "\n";
        return;
    }
    if (!(needs.peak_bytes <= 1024.0 * 1024 * 1024) || !(needs.cpu_seconds <= 20)) {
        ++out.refused;
        ++out.refused_of[e.name()];
        std::cout << "refused by its resource estimate: " << point.str() << ": " << needs.peak_bytes / 1e6
                  << " MB, " << needs.cpu_seconds << " s CPU\n";
        return;
    }
    RunOptions options;
    options.seed = seed;
    options.threads = 2;
    options.replicates = sizes.replicates;
    const double start = process_cpu_seconds();
    ExperimentResult result;
    try {
        result = e.run(values, options, default_z_threshold);
    } catch (const numerics::DomainError& error) {
        // A range the experiment's closed forms do not cover, found once it runs.
        ++out.refused;
        ++out.refused_of[e.name()];
        std::cout << "refused by the experiment's run: " << point.str() << ": " << error.what() << "\n";
        return;
    }
    const double seconds = process_cpu_seconds() - start;
    std::cout << point.str() << ": " << result.checks.size() << " checks, " << seconds << " s (estimate "
              << needs.cpu_seconds << " s CPU)\n";
    ++out.runs;
    ++out.runs_of[e.name()];
    for (const Check& c : result.checks) {
        if (c.is_not_applicable()) {
            ++out.not_applicable;
            if (c.reason.empty())
                out.defects.push_back("not applicable without a reason: " + where(e.name(), alpha, beta, seed, c));
            continue;
        }
        if (!c.is_z_test()) continue;
        ++out.z_tests;
        if (!std::isfinite(c.z) || !std::isfinite(c.theory) || !std::isfinite(c.estimate)) {
            out.defects.push_back("z-test without a finite z: " + where(e.name(), alpha, beta, seed, c));
            continue;
        }
        out.abs_z.push_back(std::fabs(c.z));
        out.abs_z_where.push_back(where(e.name(), alpha, beta, seed, c));
        if (std::fabs(c.z) > default_z_threshold) out.beyond_z.push_back(where(e.name(), alpha, beta, seed, c));
    }
}

// The 12 (α, β) points, α-major: (0.1, −0.05), (0.1, 0.5), (0.1, 20), (0.3, −0.15), ...
std::vector<std::pair<double, double>> grid_points() {
    std::vector<std::pair<double, double>> points;
    for (const double alpha : {0.1, 0.3, 0.6, 0.9}) {
        for (const double beta : {-alpha / 2, 0.5, 20.0}) points.emplace_back(alpha, beta);
    }
    return points;
}

// Which experiments and points one test runs.
struct GridSlice {
    GridScale scale = GridScale::tiny;
    std::uint64_t seed = 1;
    // The i-th experiment (experiments() order) runs the points k ≡ i + offset
    // (mod stride): every α and β still appears, each point in some experiment.
    std::size_t stride = 1;
    std::size_t offset = 0;
    // Experiments i ≡ part (mod parts) only.
    std::size_t parts = 1, part = 0;
};

GridOutcome run_grid(const GridSlice& slice) {
    GridOutcome out;
    const auto points = grid_points();
    const auto& all = experiments();
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (i % slice.parts != slice.part) continue;
        const Experiment& e = all[i];
        const Sizes sizes = sizes_for(e, slice.scale);
        ++out.expected_experiments;
        if (!(e.parameter("alpha") && e.parameter("beta"))) {
            run_point(e, sizes, false, 0, 0, slice.seed, out);
            continue;
        }
        // Theory-bound experiments of the full grid: a third of the points per seed.
        const std::size_t stride = sizes.theory_bound && slice.scale == GridScale::full ? 3 : slice.stride;
        for (std::size_t k = (i + slice.offset) % stride; k < points.size(); k += stride)
            run_point(e, sizes, true, points[k].first, points[k].second, slice.seed, out);
    }
    return out;
}

// The family rule of the file comment.
void require_family_passes(const GridOutcome& g, bool allow_refused_only = false) {
    const double p = std::erfc(default_z_threshold / std::sqrt(2.0));
    const double n = static_cast<double>(g.z_tests);
    const double z_family = two_sided_normal_quantile(p / std::max(1.0, n));
    const std::size_t k_max = poisson_upper_count(n * p, p);
    std::cout << g.runs << " runs, " << g.refused << " refused, " << g.z_tests << " z-tests, " << g.not_applicable
              << " not applicable; family threshold " << z_family << ", at most " << k_max << " beyond z = "
              << default_z_threshold << "\n";
    for (const auto& d : g.defects) {
        INFO(d);
        CHECK(false);
    }
    for (std::size_t i = 0; i < g.abs_z.size(); ++i) {
        if (g.abs_z[i] <= z_family) continue;
        INFO(g.abs_z_where[i]);
        CHECK(g.abs_z[i] <= z_family);
    }
    for (const auto& b : g.beyond_z) std::cout << "beyond z: " << b << "\n";
    CHECK(g.beyond_z.size() <= k_max);
    // Every experiment of the slice ran somewhere on it, or (the tiny slice's
    // two points) was refused at both with the reason printed above.
    CHECK(g.runs_of.size() + (allow_refused_only ? g.refused_of.size() : 0) >= g.expected_experiments);
}

}  // namespace

TEST_CASE("every experiment's checks pass by z or are not applicable over alpha x beta at one seed and tiny sizes",
          "[validation][check-grid]") {
    // Under ASan (the sanitizer tree reruns this test) one point per
    // experiment: the code paths at unusual parameters, at a third of the cost.
    const std::size_t stride = sklaws::test_support::kAddressSanitizer ? 12 : 6;
    require_family_passes(
        run_grid({.scale = GridScale::tiny, .seed = 11, .stride = stride, .offset = 0, .parts = 1, .part = 0}), true);
}

// The full grid: seeds 21, 22, 23, each split in three (experiments of index
// 0, 1, 2 mod 3) so that no ctest test exceeds ~30 s of CPU.
namespace {
void full_grid(std::uint64_t seed, std::size_t part) {
    require_family_passes(
        run_grid({.scale = GridScale::full, .seed = seed, .stride = 1, .offset = seed % 3, .parts = 3, .part = part}));
}
}  // namespace

TEST_CASE("check grid seed 21 part a: every check passes by z or is not applicable",
          "[.check-grid][.check-grid-21a]") {
    full_grid(21, 0);
}
TEST_CASE("check grid seed 21 part b: every check passes by z or is not applicable",
          "[.check-grid][.check-grid-21b]") {
    full_grid(21, 1);
}
TEST_CASE("check grid seed 21 part c: every check passes by z or is not applicable",
          "[.check-grid][.check-grid-21c]") {
    full_grid(21, 2);
}
TEST_CASE("check grid seed 22 part a: every check passes by z or is not applicable",
          "[.check-grid][.check-grid-22a]") {
    full_grid(22, 0);
}
TEST_CASE("check grid seed 22 part b: every check passes by z or is not applicable",
          "[.check-grid][.check-grid-22b]") {
    full_grid(22, 1);
}
TEST_CASE("check grid seed 22 part c: every check passes by z or is not applicable",
          "[.check-grid][.check-grid-22c]") {
    full_grid(22, 2);
}
TEST_CASE("check grid seed 23 part a: every check passes by z or is not applicable",
          "[.check-grid][.check-grid-23a]") {
    full_grid(23, 0);
}
TEST_CASE("check grid seed 23 part b: every check passes by z or is not applicable",
          "[.check-grid][.check-grid-23b]") {
    full_grid(23, 1);
}
TEST_CASE("check grid seed 23 part c: every check passes by z or is not applicable",
          "[.check-grid][.check-grid-23c]") {
    full_grid(23, 2);
}
