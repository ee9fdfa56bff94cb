// The figures an experiment declares (see experiment.hpp): what is drawn,
// in which role, on which axes — reports/ only renders them.
//
// A figure holds
//   * data series, each with a role:
//       monte_carlo  estimates with their standard errors (drawn as points
//                    with 95% intervals, ±1.96 SE);
//       prediction   a value per point that the theory predicts from the same
//                    random draws (e.g. A2 per band, averaged over each
//                    replicate's own weights): hollow markers, no line;
//   * curves: closed forms of theory/ given as functions of x, which
//     run_experiment() samples at `curve_points` (≥ 200) points spread over
//     the plotted range (log-spaced on a log axis) and appends to the series
//     with role exact (solid) or asymptote (dashed). A closed form is thus
//     never drawn as segments through the simulation's x values. A curve
//     that is naturally parametric (e.g. K4 read as ranks, (r(j), j)) is
//     added to `series` already evaluated, with role exact and at least
//     curve_points points;
//   * fit requests: "fit a power law to this Monte Carlo series" — the
//     report fits it (fitting/, bootstrap interval) and draws the fitted law
//     (role fit, labelled with the exponent and its interval); the exponent
//     theory predicts is given here, from theory/, and is compared as a
//     limit, never passed or failed.
// Axis scales are declared: every power law is drawn on log–log axes.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace sklaws::validation {

enum class Scale { linear, log };

struct Axis {
    std::string label;  // quantity and unit, e.g. "tokens n" or "E[T_C] (probability mass)"
    Scale scale = Scale::linear;
};

// observed and reference are for figures of measured data (the report's
// --data section): a user's runs, and a guide line such as y = x.
enum class SeriesRole { monte_carlo, prediction, exact, asymptote, fit, observed, reference };

// "monte_carlo", "prediction", "exact", "asymptote", "fit", "observed", "reference".
const char* series_role_name(SeriesRole role);

struct Series {
    std::string name;  // legend entry
    SeriesRole role = SeriesRole::monte_carlo;
    std::vector<double> x{};
    std::vector<double> y{};
    std::vector<double> se{};  // one standard error per point (monte_carlo), else empty
};

// The number of points a curve is sampled at.
inline constexpr std::size_t curve_points = 256;

struct Curve {
    std::string name;
    SeriesRole role = SeriesRole::exact;  // exact or asymptote
    std::function<double(double x)> f;    // evaluated by theory/; may throw DomainError outside its domain
    // Where f is defined: the sampled range is the plotted range (the data's,
    // or the figure's x_low..x_high) clipped to [x_min, x_max]; with neither
    // it is [x_min, x_max] itself.
    double x_min = -std::numeric_limits<double>::infinity();
    double x_max = std::numeric_limits<double>::infinity();
};

enum class LawDirection { decaying, growing };  // y ∝ x^(−a) or y ∝ x^(+a)

// Which X1 exponent a fit measures (the report derives α from both).
enum class ExponentRole { none, data_exponent, model_exponent };

struct FitRequest {
    std::size_t series = 0;  // index in Figure::series of a monte_carlo series
    LawDirection direction = LawDirection::decaying;
    std::string exponent;    // its symbol, e.g. "a_D"
    double theory = 0;       // the limit the theory predicts for it
    bool fit_offset = false; // y = E + A x^(∓a) (K1 has the offset −β/α)
    ExponentRole x1 = ExponentRole::none;
    bool legend_as_slope = false;  // label the line by its log–log slope (Zipf)
};

struct Figure {
    std::string id;       // "<experiment>" or "<experiment>-<suffix>", [a-z0-9-]
    std::string title;
    std::string caption;  // what to look for
    Axis x;
    Axis y;
    std::vector<Series> series{};
    // The plotted x range when the data do not set it (e.g. curves against n
    // with the Monte Carlo at a single n); x_low < x_high, else unset.
    double x_low = 0;
    double x_high = 0;
    std::vector<Curve> curves{};  // emptied by run_experiment() once sampled into `series`
    std::vector<FitRequest> fits{};
};

// Samples every curve of `figure` into a series (see above) and clears the
// curves. Points where a curve throws DomainError or is not finite are left
// out (a gap, never an invented value).
void sample_curves(Figure& figure);

// The points of a sampled grid over [low, high]: log-spaced on a log axis.
std::vector<double> sample_grid(double low, double high, Scale scale, std::size_t points = curve_points);

}  // namespace sklaws::validation
