// A toy experiment, declared the way every experiment is
// (validation/experiment.hpp) and compiled only into the test program
// sklaws_with_toy: the CLI test checks that it appears in `simulate --help`,
// in the report's configuration schema and in the report, with no edit
// anywhere else. The check is real: the largest of k Uniform(0, width)
// draws has mean width·k/(k+1) exactly, z-tested at every k.
#include <sklaws/validation/experiment.hpp>
#include <sklaws/validation/resources.hpp>

#include <algorithm>

namespace {

using namespace sklaws::validation;

const RegisterClaim toy_claim{{
    .id = "toy-maximum",
    .title = "Toy: the maximum of uniform draws",
    .labels = {"T1"},
    .closed_form = "E[max(U_1, ..., U_k)] = width·k/(k+1),  U_i ~ Uniform(0, width)",
    .explanation = "A claim that exists only in the test program.",
    .order = 1000,
}};

struct ToyParameters {
    double width = 2.0;
    std::vector<std::uint64_t> k{1, 3, 10, 30};
};

ExperimentOutput run_toy(const ToyParameters& p, const ExperimentContext& context) {
    const auto rows = run_replicates(context.replicates, context.options, [&](sklaws::numerics::RandomStream& rng, std::size_t) {
        std::vector<double> maxima;
        double largest = 0;
        std::uint64_t drawn = 0;
        for (std::uint64_t k : p.k) {
            for (; drawn < k; ++drawn) largest = std::max(largest, p.width * rng.uniform());
            maxima.push_back(largest);
        }
        return maxima;
    });
    const auto estimates = estimate_columns(rows);
    ExperimentOutput out;
    Figure figure{"toy-maximum", "Toy: the maximum of k uniform draws", "The largest of k draws against its mean.",
                  {"draws k", Scale::log}, {"E[max] (width units)", Scale::linear}};
    Series mc{"Monte Carlo E[max]", SeriesRole::monte_carlo, {}, {}, {}};
    for (std::size_t i = 0; i < p.k.size(); ++i) {
        const double k = static_cast<double>(p.k[i]);
        out.checks.push_back(z_check("E[max]", "T1", p.width * k / (k + 1), estimates[i], {{"k", p.k[i]}}));
        out.checks.back().point = point_text({{"k", k}});
        add_point(mc, k, estimates[i]);
    }
    figure.series.push_back(std::move(mc));
    figure.curves.push_back(Curve{"width·k/(k+1)", SeriesRole::exact, [w = p.width](double k) { return w * k / (k + 1); }, 1.0});
    out.figures.push_back(std::move(figure));
    return out;
}

const RegisterExperiment<ToyParameters> toy{{
    .name = "toy-maximum",
    .summary = "largest of k uniform draws (a test-only experiment)",
    .labels = {"T1"},
    .claim = "toy-maximum",
    .replicates = 400,
    .parameters = {real(&ToyParameters::width, "width", "width of the uniform distribution", {.low = 0, .low_open = true}),
                   counts(&ToyParameters::k, "k", "numbers of draws k", {.low = 1, .high = 1e6, .increasing = true})},
    .run = run_toy,
    .resources =
        [](const ToyParameters& p, std::size_t replicates, unsigned) {
            return ResourceEstimate{resources::process_baseline_bytes + resources::replicate_rows_bytes(replicates, p.k.size()),
                                    1e-8 * static_cast<double>(p.k.back() * replicates)};
        },
}};

}  // namespace
