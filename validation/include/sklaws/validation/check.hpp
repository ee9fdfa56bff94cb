// Comparing a Monte Carlo estimate with theory: the two kinds of check.
//
// z-test (CheckKind::z_test), for exact finite-size values (K1, K2, K4, K6,
// K7, S1, R1, A1, H1, ...): with θ the closed form and θ̂ ± SE the estimate,
//     z = (θ̂ − θ) / SE_eff,   SE_eff = max(SE, SE floor),
// and the check passes when |z| ≤ z_threshold. The threshold is the user's
// (`sklaws simulate --z`, the report's run.z_threshold); an experiment never
// picks it: run_experiment() applies it to every z-check of the run
// (apply_z_threshold). The SE floor is the larger of the closed form's own
// error bound (Evaluation::err, `theory_error`) and a few ulps of the values
// compared, so an estimate without sampling noise (SE = 0) is compared
// exactly: equal values give z = 0, different ones a large finite z — never
// an undefined 0/0. Each z-check states the smallest relative error it can
// detect, z_threshold·SE_eff/|θ| (`detectable_relative_error`; the absolute
// z_threshold·SE_eff is `detectable_error`, e.g. for a paired difference
// whose exact value is 0): a check with a large one says little, whatever
// its verdict.
//
// Limit (CheckKind::limit), for asymptotic forms (S2, the M1 asymptote, the
// D1/M1/Zipf/Heaps exponents, plug-in approximations): an asymptotic law is
// not the finite-size expectation, so no tolerance can make it a test. A
// limit comparison is shown, never passed or failed: it records the limit,
// the estimate and the relative distance (θ̂ − θ)/|θ| between them (and z,
// for information). Its `pass` is false and means nothing; reports show
// "limit" instead of a verdict.
//
// Not applicable (CheckKind::not_applicable), for a z-test whose normal
// approximation does not hold at the run's parameters: `count_check` makes
// one when the expected number of events, replicates·θ for a mean of
// nonnegative integer counts, is below `min_expected_events` (25: a Poisson
// count's |z| ≤ 4 false-alarm rate is then at most 1.1e-4, under twice the
// normal's 6.3e-5; at 5 events it is 7e-4 and at 0.1 the sum is 0 in 90 %
// of runs, SE = 0). It records why (`reason`), carries no verdict, and is
// shown as "not applicable" beside the passes and failures.
//
// Not applicable too (`skewed_mean_check`), for the mean of a positive,
// heavy-tailed quantity such as a tail mass T_C at small α (T_C spans many
// decades: at α = 0.1, β = −0.05, C = 20 the log of T_C has SD ~ 5 and 400
// replicates estimated E[T_C] at a sixth of M2's value, z = −6): the sample
// mean is far from normal, and its sample SE too small, until the rare large
// values are sampled. The log of such a value is close to normal and its SD
// s is estimated well from the replicates, even when the mean is not; a
// lognormal of that s has skewness γ(s) = (e^{s²} + 2)√(e^{s²} − 1), and the
// mean of R replicates γ/√R. The z-test is made when γ/√R ≤
// max_mean_skewness (1: a proxy bound, not an Edgeworth one — a tail mass
// is bounded by 1 and lighter-tailed than the lognormal of its log's SD; at
// the defaults s ≈ 1 (proxy 0.3 at 400 replicates) and every mc-grid point
// with s ≤ 1.1 passed, while s = 21 at alpha 0.1, beta −0.05 failed by
// z = −6 to −61), otherwise the check is not applicable, the reason naming s
// and γ/√R.
//
// Test hook: SKLAWS_CHECK_PERTURBATION=x (read once, in check.cpp alone)
// multiplies every z-test's exact value by 1 + x before it is compared, so a
// test can show that each check detects an error of that size in its theory
// value. Unset (production) it does nothing.
//
// Every check records its inputs, so a report can show what was compared.
#pragma once

#include "monte_carlo.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace sklaws::validation {

// The default z threshold: a false alarm rate of 6e-5 per check for a normal
// estimate.
inline constexpr double default_z_threshold = 4.0;

enum class CheckKind { z_test, limit, not_applicable };

// The fewest expected events for which count_check makes a z-test (see the top).
inline constexpr double min_expected_events = 25.0;

struct Check {
    std::string quantity;  // e.g. "E[K_n]"
    std::string label;     // docs/theory.md label, e.g. "K1"
    std::string point;     // where on its curve, e.g. "n = 1000" (empty for a single value)
    // The claim (report section) it belongs to when not its experiment's:
    // X1 (exponent-consistency) reads checks of both scaling experiments.
    std::string claim;
    CheckKind kind = CheckKind::z_test;
    double theory = 0.0;        // the exact value (z-test) or the limit (limit)
    double theory_error = 0.0;  // bound on the closed form's own error
    double estimate = 0.0;
    double se = 0.0;            // Monte Carlo standard error of the estimate
    double se_floor = 0.0;      // SE_eff = max(se, se_floor)
    double z = 0.0;             // (estimate − theory)/SE_eff
    double z_threshold = default_z_threshold;
    bool pass = false;          // z-test: |z| ≤ z_threshold; limit: always false (no verdict)
    double detectable_error = 0.0;           // z_threshold·SE_eff: the smallest |error| a z-test detects
    double detectable_relative_error = 0.0;  // detectable_error/|theory| (inf, JSON null, when theory = 0)
    double relative_distance = 0.0;          // (estimate − theory)/|theory| (inf when theory = 0)
    std::string reason;                      // not applicable: why
    nlohmann::ordered_json inputs = nlohmann::ordered_json::object();

    bool is_z_test() const { return kind == CheckKind::z_test; }
    bool is_not_applicable() const { return kind == CheckKind::not_applicable; }
};

// A z-test of `estimate` against the exact value `theory` (± theory_error),
// judged at the default threshold until run_experiment() applies the run's.
Check z_check(std::string quantity, std::string label, double theory, const Estimate& estimate,
              nlohmann::ordered_json inputs = nlohmann::ordered_json::object(), double theory_error = 0.0);

// A z-test of the mean of a nonnegative integer count (or an indicator) per
// replicate against its exact mean `theory`, when replicates·theory ≥
// min_expected_events; otherwise not applicable, the reason naming the
// expected number of events.
Check count_check(std::string quantity, std::string label, double theory, const Estimate& estimate,
                  nlohmann::ordered_json inputs = nlohmann::ordered_json::object(), double theory_error = 0.0);

// The largest skewness of a replicate mean for which skewed_mean_check makes a z-test.
inline constexpr double max_mean_skewness = 1.0;

// Skewness of a lognormal whose log has standard deviation log_sd.
double lognormal_skewness(double log_sd);

// A z-test of the mean of a positive quantity whose log has sample SD
// `log_sd` over the replicates, when the mean's lognormal skewness
// γ(log_sd)/√R ≤ max_mean_skewness; otherwise not applicable (see the top).
Check skewed_mean_check(std::string quantity, std::string label, double theory, const Estimate& estimate,
                        double log_sd, nlohmann::ordered_json inputs = nlohmann::ordered_json::object(),
                        double theory_error = 0.0);

// A check that cannot be a z-test at this run, with the reason (no verdict).
Check not_applicable_check(std::string quantity, std::string label, double theory, const Estimate& estimate,
                           std::string reason, nlohmann::ordered_json inputs = nlohmann::ordered_json::object());

// A comparison of `estimate` with the asymptotic `limit` (never a verdict).
Check limit_check(std::string quantity, std::string label, double limit, const Estimate& estimate,
                  nlohmann::ordered_json inputs = nlohmann::ordered_json::object());

// Sets the threshold of a z-test and decides it (limits are left alone).
// Throws DomainError unless z_threshold > 0.
void apply_z_threshold(Check& check, double z_threshold);

// z_check + apply_z_threshold, for direct use (tests, one-off comparisons).
Check compare(std::string quantity, std::string label, double theory, const Estimate& estimate,
              double z_threshold = default_z_threshold,
              nlohmann::ordered_json inputs = nlohmann::ordered_json::object());

// "n = 1000, j = 3": the point of a curve a check belongs to.
std::string point_text(std::initializer_list<std::pair<const char*, double>> coordinates);

// "z-test", "limit" or "not applicable".
const char* check_kind_name(CheckKind kind);

// {"quantity","label","point","kind","estimate","se","theory","theory_error","z",
//  "z_threshold","pass" (null for a limit),"detectable_error","detectable_relative_error",
//  "relative_distance","inputs"} (+ "reason" when not applicable); non-finite
// numbers become null.
nlohmann::ordered_json to_json(const Check& check);

// Every z-test passes (limits and not-applicable checks do not count).
bool all_pass(const std::vector<Check>& checks);

}  // namespace sklaws::validation
