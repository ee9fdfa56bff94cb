// Joint scaling law in model size N and data D (docs/theory.md §5, "Chinchilla form"):
//
//     L(N, D) = E + A·N^(−a) + B·D^(−b)
//
// fitted the way Hoffmann et al. (2022, approach 3) and Besiroglu et al.
// (2024, "Chinchilla scaling: a replication attempt") did. With the log
// parameters e = ln A, f = ln B, ε = ln E the model's log loss is
//
//     m_i = LSE(e − a·ln N_i, f − b·ln D_i, ε)        (LSE = log-sum-exp)
//
// and the objective is the plain sum of Huber losses of the log residuals
//
//     F = Σ_i Huber_δ(ln L_i − m_i),  Huber_δ(r) = r²/2 (|r| ≤ δ),
//                                                 δ(|r| − δ/2) otherwise,
//
// δ = 1e−3 — exactly Besiroglu et al.'s objective (scipy.special.huber summed,
// no 1/n), whose best value on their 240 Chinchilla points is 0.0010182740.
// Because F is non-convex it is minimised by L-BFGS (Ceres GradientProblem,
// analytic gradient) from every point of a grid of starts — by default the
// published 4500-point grid a, b ∈ {0, 0.5, 1, 1.5, 2}, ε ∈ {−1, −0.5, 0,
// 0.5, 1}, e, f ∈ {0, 5, …, 25} — run in parallel with TBB; the lowest final
// objective among converged starts is kept (ties: lowest grid index, so the
// result does not depend on the thread count).
//
// Reading the exponents (docs/theory.md X1): a is the model-size exponent a_M and
// b the data exponent a_D; see implied_alpha.hpp.
//
// Constrained fits (JointLawConstraints): any of E, A, B, a, b may be held
// at a given value (E, A, B > 0), and the exponents may be tied (a = b, the
// form of Gadre et al.'s over-training law and of Muennighoff et al.'s base
// law). The minimisation then runs over the free parameters only — fixed
// ones are constants of the objective, a tied pair is one variable whose
// gradient is the sum of both — from the grid restricted to the free
// parameters (row-major in the order e, f, ε, a, b as above), so an
// unconstrained fit is exactly the published procedure.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sklaws::fitting {

// One point of the joint law in log parameters.
struct JointLawParameters {
    double e = 0;        // ln A
    double f = 0;        // ln B
    double epsilon = 0;  // ln E
    double a = 0;        // model-size exponent
    double b = 0;        // data exponent
};

struct JointLawGrid {
    std::vector<double> a{0, 0.5, 1, 1.5, 2};
    std::vector<double> b{0, 0.5, 1, 1.5, 2};
    std::vector<double> epsilon{-1, -0.5, 0, 0.5, 1};
    std::vector<double> e{0, 5, 10, 15, 20, 25};
    std::vector<double> f{0, 5, 10, 15, 20, 25};
    std::size_t size() const { return a.size() * b.size() * epsilon.size() * e.size() * f.size(); }
    JointLawParameters start(std::size_t index) const;  // row-major over (e, f, ε, a, b)
};

// Parameters held fixed (natural units) and the exponent tie.
struct JointLawConstraints {
    std::optional<double> E, A, B, a, b;
    bool tie_exponents = false;  // a = b (fixing either fixes both)
    bool any() const { return E || A || B || a || b || tie_exponents; }
};

struct JointLawOptions {
    double huber_delta = 1e-3;
    JointLawConstraints constraints{};
    JointLawGrid grid{};
    std::size_t threads = 0;             // 0: TBB's default (all cores)
    int max_iterations = 2000;           // per start
    // Convergence: relative change of F per iteration, max-norm of the
    // gradient. 1e-10 reproduces the best objective of a 1e-15-tolerance run
    // (and of tight scipy L-BFGS-B) to ~1e-13 relative on the Chinchilla data.
    double function_tolerance = 1e-10;
    double gradient_tolerance = 1e-10;
};

struct JointLawFit {
    JointLawParameters log_parameters;
    double E = 0, A = 0, B = 0, a = 0, b = 0;
    JointLawConstraints constraints{};  // what was held fixed / tied
    double objective = 0;          // F at the estimate
    std::size_t starts = 0;        // grid points tried
    std::size_t converged = 0;     // starts whose L-BFGS met a convergence test
    bool best_converged = false;   // whether the kept start converged
};

// The data of a joint-law fit: ln N, ln D, ln L per point (all > 0 before logs).
struct JointLawData {
    std::vector<double> log_n, log_d, log_loss;
    std::size_t size() const { return log_loss.size(); }
};

// Validates (finite, > 0, equal lengths, ≥ 6 points for 5 parameters) and
// takes logs. Throws numerics::DomainError.
JointLawData make_joint_law_data(std::span<const double> n, std::span<const double> d, std::span<const double> loss);

// F(θ) and its gradient (gradient may be null). Order of `gradient`: e, f, ε, a, b.
double joint_law_objective(const JointLawData& data, const JointLawParameters& p, double huber_delta,
                           double* gradient = nullptr);

// Full multi-start fit.
JointLawFit fit_joint_law(std::span<const double> n, std::span<const double> d, std::span<const double> loss,
                          const JointLawOptions& options = {});
JointLawFit fit_joint_law(const JointLawData& data, const JointLawOptions& options = {});

// One L-BFGS run from `start` (used by the bootstrap, which restarts each
// resample from the point estimate as Besiroglu et al. did). Fixed
// parameters take their fixed values whatever `start` holds. Throws
// numerics::DomainError for inconsistent constraints (a non-positive fixed
// E, A or B; tied exponents fixed at two different values).
JointLawFit refine_joint_law(const JointLawData& data, const JointLawParameters& start,
                             const JointLawOptions& options = {});

// L(N, D) of the fitted law.
double joint_law_value(const JointLawFit& fit, double n, double d);

// Rows to keep when the K highest losses are dropped (Besiroglu et al. drop
// the 5 highest of 245): indices i with loss_i < the K-th largest loss, in
// their original order. K = 0 keeps all.
std::vector<std::size_t> rows_below_top_losses(std::span<const double> loss, std::size_t k);

}  // namespace sklaws::fitting
