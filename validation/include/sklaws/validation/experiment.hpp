// How to declare a Monte Carlo experiment.
//
// An experiment checks closed forms of docs/theory.md §3 by simulation. It lives
// in one file of validation/src/ named <something>_experiment(s).cpp (or, for
// tests, in any file compiled into the program) and declares, once:
//
//   1. its parameters: a struct whose members carry the defaults, and for
//      each member its name, one-line doc and domain;
//   2. its run function: typed parameters in, checks and figures out;
//   3. its resource estimate: peak memory and CPU time from the typed
//      parameters, the replicate count and the worker threads, so that a command can refuse a
//      request that would not fit before it starts;
//   4. its name, summary, docs/theory.md labels, the claim it belongs to and its
//      default replicate count;
// and registers itself with a RegisterExperiment object. Nothing else needs
// an edit: `sklaws simulate <name>` gets one option per parameter (--alpha),
// the report's configuration one key per parameter ([experiments.<name>]
// alpha = ...), the JSON output one field per parameter, and the report a
// section (its claim), a parameter table and the figures. Example:
//
//   struct HeapsParameters {
//       double alpha = 0.5;
//       double beta = 1.0;
//       std::vector<std::uint64_t> n{10, 100, 1000};
//   };
//
//   ExperimentOutput run_heaps(const HeapsParameters& p, const ExperimentContext& context) {
//       const auto estimates = estimate_table_counts({p.alpha, p.beta}, p.n, context.replicates, context.options);
//       ExperimentOutput out;
//       for (...) out.checks.push_back(z_check("E[K_n]", "K1", theory, estimate, inputs, theory_error));
//       Figure figure{"heaps", "Heaps' law", "caption", {"tokens n", Scale::log}, {"E[K_n]", Scale::log}};
//       Series mc{"Monte Carlo E[K_n]", SeriesRole::monte_carlo};
//       for (...) add_point(mc, n, estimate);
//       figure.series.push_back(std::move(mc));
//       figure.curves.push_back(Curve{"K1 E[K_n]", SeriesRole::exact,
//                                     [=](double n) { return theory::expected_tables<double>(p.alpha, p.beta, n); }});
//       out.figures.push_back(std::move(figure));
//       return out;
//   }
//
//   const RegisterExperiment<HeapsParameters> heaps{{
//       .name = "heaps",
//       .summary = "number of distinct elements K_n after n draws",
//       .labels = {"K1"},
//       .claim = "heaps-zipf",
//       .replicates = 2000,
//       .parameters = {alpha_parameter(&HeapsParameters::alpha), beta_parameter(&HeapsParameters::beta),
//                      counts(&HeapsParameters::n, "n", "sample sizes", {.low = 1, .high = 1e7, .increasing = true})},
//       .validate = [](const HeapsParameters& p) { require_pitman_yor(p.alpha, p.beta); },
//       .run = run_heaps,
//       .resources = [](const HeapsParameters& p, std::size_t replicates, unsigned threads) {
//           return ResourceEstimate{...};  // from resources.hpp's pieces
//       },
//   }};
//
// Rules the framework enforces or relies on:
//   * Parameter names are [a-z0-9-], unique within the experiment; the same
//     quantity has the same name in every experiment and in `sklaws theory`
//     (--alpha --beta --n --names --values --capacity --templates --prior
//     --noise --lambda --weight). Model parameters (alpha_parameter(), ...
//     or .model()) have the same kind everywhere.
//   * The run function never picks a z threshold: it makes z_check()s and
//     limit_check()s (check.hpp) and run_experiment() applies the user's
//     threshold to every z-test. An asymptotic form is a limit_check, never a
//     test with a tolerance.
//   * Figures name their series by role and give closed forms as functions of
//     x evaluated by theory/ (figures.hpp); figure ids start with the
//     experiment's name. reports/ only renders.
//   * Checks and figures must be the same for any thread count: draw only
//     through run_replicates (monte_carlo.hpp) with context.options (or
//     context.phase(i, k) for phase i of k).
//   * `validate` throws numerics::DomainError naming a parameter for a
//     combination the domains cannot express (β > −α, j-max ≤ n, ...).
//   * The resource estimate is a real model of the run (calibrated against
//     measured peak RSS), not a constant.
#pragma once

#include "experiments.hpp"

#include <sklaws/numerics/errors.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace sklaws::validation {

// One member of a parameter struct P, with its ParameterSpec.
template <class P>
struct Parameter {
    ParameterSpec spec;  // default_value filled in from P{} on registration
    std::function<ParameterValue(const P&)> get;
    std::function<void(P&, const ParameterValue&)> set;

    // Marks it a parameter of the Syntax-Knowledge model (settable in the
    // report's [model] table for every experiment that has it).
    Parameter model() && {
        spec.model = true;
        return std::move(*this);
    }
};

namespace detail {
template <class P, class T>
Parameter<P> member_parameter(T P::*field, std::string name, std::string doc, Domain domain, ParameterKind kind) {
    Parameter<P> p;
    p.spec.name = std::move(name);
    p.spec.kind = kind;
    p.spec.doc = std::move(doc);
    p.spec.domain = domain;
    p.get = [field](const P& values) { return ParameterValue(values.*field); };
    p.set = [field](P& values, const ParameterValue& v) { values.*field = std::get<T>(v); };
    return p;
}
}  // namespace detail

// A real parameter (double member).
template <class P>
Parameter<P> real(double P::*field, std::string name, std::string doc, Domain domain = {}) {
    return detail::member_parameter(field, std::move(name), std::move(doc), domain, ParameterKind::real);
}
// A non-negative integer parameter (std::uint64_t member).
template <class P>
Parameter<P> count(std::uint64_t P::*field, std::string name, std::string doc, Domain domain = {.low = 0}) {
    return detail::member_parameter(field, std::move(name), std::move(doc), domain, ParameterKind::count);
}
// A non-empty list of reals (std::vector<double> member).
template <class P>
Parameter<P> reals(std::vector<double> P::*field, std::string name, std::string doc, Domain domain = {}) {
    return detail::member_parameter(field, std::move(name), std::move(doc), domain, ParameterKind::real_list);
}
// A non-empty list of integers (std::vector<std::uint64_t> member).
template <class P>
Parameter<P> counts(std::vector<std::uint64_t> P::*field, std::string name, std::string doc,
                    Domain domain = {.low = 0}) {
    return detail::member_parameter(field, std::move(name), std::move(doc), domain, ParameterKind::count_list);
}

// The knowledge model's Pitman-Yor pair, named and documented the same way
// in every experiment. `positive` excludes α = 0 (laws that need α > 0).
template <class P>
Parameter<P> alpha_parameter(double P::*field, bool positive = false) {
    return real(field, "alpha", positive ? "Pitman-Yor discount α of the knowledge model (power laws need α > 0)"
                                         : "Pitman-Yor discount α of the knowledge model",
                {.low = 0, .high = 1, .low_open = positive, .high_open = true})
        .model();
}
template <class P>
Parameter<P> beta_parameter(double P::*field) {
    return real(field, "beta", "Pitman-Yor concentration β of the knowledge model (β > −α)",
                {.low = -1, .low_open = true})
        .model();
}
// β > −α (and β > 0 at α = 0): throws DomainError("beta") otherwise.
void require_pitman_yor(double alpha, double beta);

template <class P>
struct ExperimentDeclaration {
    std::string name;     // [a-z0-9-], the `simulate` sub-command and [experiments.<name>]
    std::string summary;  // one line
    std::vector<std::string> labels;  // docs/theory.md labels checked, e.g. {"K1", "K2"}
    std::string claim;    // id of the ClaimDeclaration its checks and figures belong to
    std::size_t replicates = 0;  // default replicate count (≥ 2)
    std::vector<Parameter<P>> parameters;
    std::function<void(const P&)> validate{};  // optional cross-parameter constraints
    std::function<ExperimentOutput(const P&, const ExperimentContext&)> run;
    // Peak memory and CPU time of a run with these parameters, replicates and
    // worker threads (resolved: ≥ 1); see resources.hpp for the pieces.
    std::function<ResourceEstimate(const P&, std::size_t replicates, unsigned threads)> resources;
};

// Registers the experiment at static initialisation (see the file comment).
template <class P>
struct RegisterExperiment {
    explicit RegisterExperiment(ExperimentDeclaration<P> d) {
        const P defaults{};
        Experiment::Info info{d.name, d.summary, d.labels, d.claim, d.replicates, {}};
        for (auto& p : d.parameters) {
            p.spec.default_value = p.get(defaults);
            info.parameters.push_back(p.spec);
        }
        auto typed = [parameters = d.parameters, validate = d.validate](const ParameterValues& values) {
            P p{};
            for (const auto& parameter : parameters) parameter.set(p, values.at(parameter.spec.name));
            if (validate) validate(p);
            return p;
        };
        Experiment::Validator check = [typed](const ParameterValues& values) { typed(values); };
        Experiment::Runner run = [typed, run = d.run](const ParameterValues& values, const ExperimentContext& context) {
            return run(typed(values), context);
        };
        Experiment::Estimator estimate = [typed, resources = d.resources](
                                             const ParameterValues& values, std::size_t replicates, unsigned threads) {
            return resources(typed(values), replicates, threads);
        };
        detail::register_experiment(Experiment(std::move(info), std::move(check), std::move(run), std::move(estimate)));
    }
};

// Appends a Monte Carlo point (x, mean) with its standard error to a series.
inline void add_point(Series& series, double x, const Estimate& estimate) {
    series.x.push_back(x);
    series.y.push_back(estimate.mean);
    series.se.push_back(estimate.se);
}

struct RegisterClaim {
    explicit RegisterClaim(ClaimDeclaration claim) { detail::register_claim(std::move(claim)); }
};

}  // namespace sklaws::validation
