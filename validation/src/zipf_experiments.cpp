// Experiment zipf-rank-frequency (K4 read as Zipf's rank-frequency law).
//
// Checks, exact (z-test): the number of elements seen at least j times
// against the K4 tail sum Σ_{i≥j} E[M_{i,n}] (theory::expected_block_counts),
// at each j of the list "j". Figure:
//   * the Monte Carlo frequency n_(r) of the r-th most frequent element at
//     the ranks of "ranks", split into the Zipf region (first series: the
//     one the report fits a power law to) and the rest;
//   * the K4 curve (r(j), j), r(j) = Σ_{i≥j} E[M_{i,n}] the expected rank of
//     frequency j, for j on a log grid while r(j) ≥ 1;
//   * the same curve with j scaled by E[S^(1/α)]/E[S]^(1/α) (K5). Why: the
//     points average the frequency at a fixed rank, the K4 curve the rank at
//     a fixed frequency. In the Zipf region n_(r) ≈ n(S/(Γ(1−α) r))^(1/α)
//     (K5 ranked weights) with a random diversity S, so E[n_(r)] carries
//     E[S^(1/α)] while inverting E[N_{≥j}] ∝ E[S] j^(−α) gives E[S]^(1/α):
//     parallel lines, the points higher by that ratio (1.18 at the
//     defaults). Asymptotic, so drawn (dashed), not checked.
// The Zipf region is ranks r ≥ fit-rank-min (the largest few weights are far
// from the asymptotic W_(r) ∝ r^(−1/α) of K5) up to r(fit-frequency-min)
// (below that frequency the integer counts 1, 2, 3 ... flatten the curve).
// There, frequency ∝ r^(−1/α); the report fits the exponent and shows it
// beside its limit 1/α (theory::zipf_exponent). Measured local slopes at
// the defaults: 1.76 at ranks 10-20, 1.93 at 50-100, 1.96-1.99 at
// 100-1000, so the fitted exponent lies ~0.03 below 1/α = 2.
//
// Defaults: α = 0.5, β = 1, n = 1e7 (K ≈ 7100 elements: three decades of
// rank, a Zipf region of ranks 50..~900), 13000 replicates (~17 s of CPU):
// with K_n as control variate every check detects a 1 % error; the one at
// j = 1e5 (~10 elements, the heaviest weights, which K_n hardly predicts:
// variance ratio 0.44) sets the count. Memory: the K4 curve needs E[M_{j,n}] for every j ≤ n, 16n
// bytes (160 MB at the default n).
#include <sklaws/validation/experiment.hpp>
#include <sklaws/validation/control_variate.hpp>
#include <sklaws/validation/resources.hpp>
#include <sklaws/validation/zipf_estimators.hpp>

#include <sklaws/numerics/summation.hpp>
#include <sklaws/theory/block_counts.hpp>
#include <sklaws/theory/diversity.hpp>
#include <sklaws/theory/heaps.hpp>
#include <sklaws/theory/power_law_exponents.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sklaws::validation {

namespace {

using Json = nlohmann::ordered_json;

struct ZipfParameters {
    double alpha = 0.5;
    double beta = 1.0;
    std::uint64_t n = 10000000;
    std::vector<std::uint64_t> ranks{1, 2, 3, 5, 10, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000, 1500, 2000, 3000};
    std::vector<std::uint64_t> j{1, 10, 100, 1000, 10000, 100000};
    std::uint64_t fit_rank_min = 50;
    std::uint64_t fit_frequency_min = 20;
};

// r(j) = Σ_{i≥j} E[M_{i,n}] for j = 1..n (index j − 1), summed from the
// tail so that the small terms are not lost.
std::vector<double> expected_ranks(double alpha, double beta, std::uint64_t n) {
    const std::vector<double> block = theory::expected_block_counts(alpha, beta, n);
    std::vector<double> rank(block.size());
    numerics::NeumaierSum<double> tail;
    for (std::size_t i = block.size(); i-- > 0;) {
        tail.add(block[i]);
        rank[i] = tail.value();
    }
    return rank;
}

ExperimentOutput run_zipf(const ZipfParameters& p, const ExperimentContext& context) {
    const auto estimates =
        estimate_rank_frequency({p.alpha, p.beta}, p.n, p.ranks, p.j, context.replicates, context.options);
    const std::vector<double> rank_of = expected_ranks(p.alpha, p.beta, p.n);

    const double nd = static_cast<double>(p.n);
    const auto tables = theory::expected_tables_e<double>(p.alpha, p.beta, nd);
    const auto singletons = theory::expected_block_count_e<double>(p.alpha, p.beta, nd, 1.0);
    ExperimentOutput out;
    for (std::size_t i = 0; i < p.j.size(); ++i) {
        Json inputs{{"alpha", p.alpha}, {"beta", p.beta}, {"n", p.n}, {"j", p.j[i]}};
        // The control variate (zipf_estimators.hpp): K_n, or M_{1,n} for N_{≥1} = K_n.
        const bool first = p.j[i] == 1;
        const auto& control = first ? singletons : tables;
        const ControlledEstimate controlled =
            control_variate_mean(estimates.moments, estimates.seen_at_least_column(i),
                                 {first ? estimates.singletons_column : estimates.tables_column}, {control.val});
        inputs.update(control_inputs({first ? "M_{1,n} (K4)" : "K_n (K1)"}, {control.val}, controlled));
        // A count of elements: too few expected in all replicates is not a z-test.
        out.checks.push_back(count_check("elements seen >= j times", "K4", rank_of[p.j[i] - 1], controlled.estimate,
                                         inputs, std::fabs(controlled.coefficient[0]) * control.err));
        out.checks.back().point = point_text({{"n", static_cast<double>(p.n)}, {"j", static_cast<double>(p.j[i])}});
    }
    Figure figure{
        "zipf-rank-frequency", "Zipf's law: frequency against rank",
        "Points: Monte Carlo mean number of times the r-th most frequent element was seen (sorted table sizes of "
        "exact CRP partitions). Curve: K4 read as ranks, (r(j), j) with r(j) = Σ_{i≥j} E[M_{i,n}] the expected "
        "number of elements seen at least j times (the table checks r(j) exactly). Since E[M_j] ∝ j^(−1−α), "
        "r(j) ∝ j^(−α): frequency ∝ rank^(−1/α), a line of slope −1/α on these axes. The points average the "
        "frequency at a fixed rank, the curve the rank at a fixed frequency; with the random diversity S (K5) they "
        "differ by the factor E[S^(1/α)]/E[S]^(1/α) (dashed curve) but have the same slope. The dotted line is the "
        "power law fitted to the Monte Carlo points of the Zipf region, its slope to be compared with −1/α.",
        {"rank r (elements, most frequent first)", Scale::log},
        {"frequency n_(r) (times seen in n draws)", Scale::log}};
    const double rank_max = rank_of[p.fit_frequency_min - 1];
    Series zipf{"Monte Carlo n_(r), Zipf region (fitted)", SeriesRole::monte_carlo, {}, {}, {}};
    Series rest{"Monte Carlo n_(r), not fitted", SeriesRole::monte_carlo, {}, {}, {}};
    for (std::size_t i = 0; i < p.ranks.size(); ++i) {
        const double r = static_cast<double>(p.ranks[i]);
        Series& s = p.ranks[i] >= p.fit_rank_min && r <= rank_max ? zipf : rest;
        add_point(s, r, estimates.frequency_at_rank[i]);
    }
    // K4: (r(j), j) on a log grid of j, drawn in increasing rank; a
    // parametric curve, so given as points (at least curve_points of them).
    Series k4{"K4: expected rank of frequency j", SeriesRole::exact, {}, {}, {}};
    std::uint64_t last = 0;
    const std::size_t steps = 4 * curve_points;
    for (std::size_t k = 0; k <= steps; ++k) {
        const auto j = static_cast<std::uint64_t>(
            std::llround(std::pow(static_cast<double>(p.n), static_cast<double>(k) / static_cast<double>(steps))));
        if (j == last || j > p.n || rank_of[j - 1] < 1.0) continue;
        last = j;
        k4.x.push_back(rank_of[j - 1]);
        k4.y.push_back(static_cast<double>(j));
    }
    std::reverse(k4.x.begin(), k4.x.end());
    std::reverse(k4.y.begin(), k4.y.end());
    const bool fitted = !zipf.x.empty();
    figure.series = {std::move(zipf), std::move(rest), k4};
    if (p.alpha > 0) {  // S exists for α > 0 only
        const double factor = theory::diversity_moment<double>(p.alpha, p.beta, 1.0 / p.alpha) /
                              std::pow(theory::diversity_moment<double>(p.alpha, p.beta, 1.0), 1.0 / p.alpha);
        Series scaled = k4;
        scaled.name = fmt::format("K4 × E[S^(1/α)]/E[S]^(1/α) = {:.3g} (K5)", factor);
        scaled.role = SeriesRole::asymptote;
        for (double& y : scaled.y) y *= factor;
        figure.series.push_back(std::move(scaled));
        if (fitted) {
            figure.fits.push_back(FitRequest{.series = 0,
                                             .direction = LawDirection::decaying,
                                             .exponent = "Zipf exponent s",
                                             .theory = theory::zipf_exponent(p.alpha),
                                             .legend_as_slope = true});
        }
    }
    out.figures.push_back(std::move(figure));
    return out;
}

ResourceEstimate zipf_resources(const ZipfParameters& p, std::size_t replicates, unsigned threads) {
    const double n = static_cast<double>(p.n);
    // Per worker: one partition's table sizes (~n^α of them, 8 bytes each,
    // bounded by n) and the sorted copy.
    const double tables = std::min(n, 10 * std::pow(n, std::max(p.alpha, 0.1)) * (1 + p.beta));
    // CPU: the construction and sort of E[K_n] sizes, 1.4e-8·K·log2 K s a
    // replicate (measured 1.3 ms at K ≈ 7100, the defaults: 13000 replicates
    // ~17 s; the memory bound above takes ~9x more tables than that).
    const double k = std::min(n, theory::expected_tables<double>(p.alpha, p.beta, n));
    const std::size_t rows = p.ranks.size() + p.j.size() + 2;
    return {resources::process_baseline_bytes + 16 * n + resources::streamed_rows_bytes(rows, threads, true) +
                threads * 16 * tables,
            4e-9 * n + 1.4e-8 * k * std::log2(k + 2) * static_cast<double>(replicates)};
}

const RegisterExperiment<ZipfParameters> zipf{{
    .name = "zipf-rank-frequency",
    .summary = "frequency of the r-th most frequent element against rank r (Zipf)",
    .labels = {"K4"},
    .claim = "heaps-zipf",
    .replicates = 13000,  // 1 % detectable at j = 1e5 (~17 s of CPU)
    .parameters = {alpha_parameter(&ZipfParameters::alpha), beta_parameter(&ZipfParameters::beta),
                   count(&ZipfParameters::n, "n", "draws", {.low = 1, .high = 1e8}),
                   counts(&ZipfParameters::ranks, "ranks", "ranks r at which the frequency n_(r) is recorded",
                          {.low = 1, .high = 1e8, .increasing = true}),
                   counts(&ZipfParameters::j, "j", "frequencies j at which elements seen >= j times are checked",
                          {.low = 1, .high = 1e8, .increasing = true}),
                   count(&ZipfParameters::fit_rank_min, "fit-rank-min", "smallest rank of the fitted Zipf region",
                         {.low = 1, .high = 1e8}),
                   count(&ZipfParameters::fit_frequency_min, "fit-frequency-min",
                         "the fitted Zipf region ends at the expected rank of this frequency", {.low = 1, .high = 1e8})},
    .validate =
        [](const ZipfParameters& p) {
            require_pitman_yor(p.alpha, p.beta);
            numerics::require(p.ranks.back() <= p.n, "ranks", p.ranks.back(), "ranks <= n");
            numerics::require(p.j.back() <= p.n, "j", p.j.back(), "j <= n");
            numerics::require(p.fit_rank_min <= p.n, "fit-rank-min", p.fit_rank_min, "fit-rank-min <= n");
            numerics::require(p.fit_frequency_min <= p.n, "fit-frequency-min", p.fit_frequency_min,
                              "fit-frequency-min <= n");
        },
    .run = run_zipf,
    .resources = zipf_resources,
}};

}  // namespace

}  // namespace sklaws::validation
