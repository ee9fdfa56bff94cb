// Reading the Pitman-Yor discount α off fitted exponents (docs/theory.md X1).
//
// The theory predicts a data exponent a_D = 1 − α (D1) and a model exponent
// a_M = (1 − α)/α (M1), so each fitted exponent implies an α:
//
//     α from a_D = 1 − a_D        (defined for 0 < a_D ≤ 1)
//     α from a_M = 1/(1 + a_M)    (defined for a_M > 0)
//
// and the X1 consistency gap α(a_D) − α(a_M) is zero when both exponents come
// from one PY source. For the Chinchilla form L = E + A N^(−a) + B D^(−b),
// N is model size and D data, so a is read as a_M and b as a_D. The inverse
// formulas and the compute-optimal split live in theory/scaling_laws.hpp
// (one concept, one place); this file only packages them for fits and their
// bootstrap replicates, where an exponent outside a formula's domain yields
// "undefined" (NaN inside a replicate vector, reported as null) instead of an
// exception.
//
// Compute-optimal split (Hoffmann et al. 2022 eq. 4, via theory's X1 split
// with F = C/6 = N·D): N_opt = G·(C/6)^(b/(a+b)), D_opt = G^(−1)·(C/6)^(a/(a+b)),
// G = (a·A/(b·B))^(1/(a+b)).
#pragma once

#include <sklaws/fitting/joint_law_fit.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sklaws::fitting {

// nullopt when the exponent is outside the formula's domain.
std::optional<double> implied_alpha_from_data_exponent(double data_exponent);
std::optional<double> implied_alpha_from_model_exponent(double model_exponent);

struct JointLawDerived {
    std::optional<double> alpha_from_a;  // a read as the model exponent a_M
    std::optional<double> alpha_from_b;  // b read as the data exponent a_D
    std::optional<double> gap;           // alpha_from_b − alpha_from_a (X1)
    std::optional<double> n_opt_exponent;  // b/(a+b)
    std::optional<double> d_opt_exponent;  // a/(a+b)
    std::optional<double> n_opt_constant;  // G
};

JointLawDerived joint_law_derived(const JointLawFit& fit);

// Everything a joint-law bootstrap replicate reports, in a fixed order:
// E, A, B, a, b, alpha_from_a, alpha_from_b, alpha_gap, n_opt_exponent,
// d_opt_exponent, n_opt_constant (NaN where undefined).
std::vector<std::string> joint_law_quantity_names();
std::vector<double> joint_law_quantities(const JointLawFit& fit);

}  // namespace sklaws::fitting
