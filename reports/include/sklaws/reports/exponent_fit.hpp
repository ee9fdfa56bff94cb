// Fitted power-law exponents of Monte Carlo curves, with bootstrap intervals.
//
// A decaying law y = A·x^(−a) (data and model scaling, D1/M1) is fitted
// directly with fitting::fit_power_law, offset E fixed at 0 because the
// curves are already excess losses / missing masses that vanish as x → ∞.
// A growing law y = A·x^(+a) (Heaps, K1) is the same fit in u = 1/x, since
// A·x^a = A·u^(−a); Heaps' E[K_n] ≈ Γ(β+1)/(αΓ(β+α)) n^α − β/α has a constant
// offset, so it is fitted with a free E (fit_offset) to read α unbiased. Points are weighted by 1/SE² (a χ² fit), so the precise
// points dominate as they should. The interval is fitting::bootstrap_percentile
// over the points (case resampling, RandomStream(seed, r) per resample, so
// identical for any thread count). The fitted curve is returned as a dotted
// series (role fit, validation::curve_points points over the data's range)
// for the figure, its legend naming the exponent and interval. The exponent
// the theory predicts is a limit: the report shows the two side by side and
// never passes or fails a finite-size fit against it.
#pragma once

#include "sklaws/reports/report_document.hpp"

#include <sklaws/validation/figures.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sklaws::reports {

using LawDirection = validation::LawDirection;

struct ExponentFitSettings {
    std::size_t bootstrap = 200;
    double confidence = 0.95;
    std::uint64_t seed = 1;
    unsigned threads = 0;
    bool fit_offset = false;  // y = E + A x^(∓a): for curves with a known constant offset (K1: −β/α)
};

struct ExponentFitResult {
    FittedExponent exponent;
    double amplitude = 0;  // A
    double offset = 0;     // E (0 unless fit_offset)
    Series curve;          // the fitted law over the range of x (dashed)
};

// Fits y ≈ A x^(∓a) to points with standard errors `se` (may be empty:
// unweighted). Needs ≥ 3 points with x > 0, y > 0; throws numerics::DomainError
// otherwise. `name` is the exponent's name (e.g. "a_D"), `theory` the value the
// closed form predicts.
ExponentFitResult fit_exponent(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& se,
                               LawDirection direction, const std::string& name, double theory,
                               const ExponentFitSettings& settings);

}  // namespace sklaws::reports
