// Data-constrained scaling law of Muennighoff et al. 2023 ("Scaling
// Data-Constrained Language Models", arXiv 2305.16264; docs/theory.md §5).
//
// With U_D unique tokens seen for D ≥ U_D tokens in all, the repeated epochs
// R_D = D/U_D − 1 are worth less than new data; the effective data is
//
//     D' = U_D + U_D·R_D*·(1 − exp(−R_D/R_D*)),
//
// and likewise parameters beyond those U_D can use: U_N = min(N, N_opt(U_D)),
// R_N = N/U_N − 1, N' = U_N + U_N·R_N*·(1 − exp(−R_N/R_N*)). N_opt(U) is the
// compute-optimal size of the base law for U tokens (at fixed C = 6ND the
// optimum satisfies a·A·N^(−a) = b·B·D^(−b)):
//
//     N_opt(U) = (a·A/(b·B))^(1/a) · U^(b/a).
//
// The loss is the Chinchilla form in the effective quantities,
//     L = E + A·N'^(−a) + B·D'^(−b),
// fitted exactly like joint_law_fit.hpp: Huber (δ = 1e−3) on
// ln L − LSE(e − a ln N', f − b ln D', ε), summed, L-BFGS (Ceres, gradient by
// automatic differentiation) from a grid of starts, best converged kept; the
// parameters are fitted as e = ln A, f = ln B, ε = ln E, a, b,
// ρ_D = ln R_D*, ρ_N = ln R_N*. Muennighoff et al. fix the base law (E, A,
// B, a, b from single-epoch runs) and fit R_D*, R_N* only: hold any subset
// fixed with DataConstrainedConstraints. Default grid (only the free
// parameters' axes are visited): e, f ∈ {0, 5, 10, 15, 20}, ε ∈ {−1, 0, 1},
// a, b ∈ {0.25, 0.5, 1}, ρ_D, ρ_N ∈ {1, 3} (2700 starts when all are free,
// 4 when only R_D*, R_N* are). The min() in U_N makes F piecewise smooth; a
// single-epoch run (D = U_D) has D' = U_D exactly.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace sklaws::fitting {

struct DataConstrainedConstraints {
    std::optional<double> E, A, B, a, b, R_D, R_N;  // natural units; E, A, B, R_D, R_N > 0
};

// θ = (e, f, ε, a, b, ρ_D, ρ_N).
using DataConstrainedTheta = std::array<double, 7>;

struct DataConstrainedGrid {
    std::vector<double> e{0, 5, 10, 15, 20}, f{0, 5, 10, 15, 20}, epsilon{-1, 0, 1}, a{0.25, 0.5, 1},
        b{0.25, 0.5, 1}, rho_d{1, 3}, rho_n{1, 3};
};

struct DataConstrainedOptions {
    double huber_delta = 1e-3;
    DataConstrainedConstraints constraints{};
    DataConstrainedGrid grid{};
    std::size_t threads = 0;
    int max_iterations = 2000;
    double function_tolerance = 1e-10, gradient_tolerance = 1e-10;
    std::optional<DataConstrainedTheta> start{};  // one start instead of the grid
};

struct DataConstrainedData {
    std::vector<double> log_n, log_d, log_u, log_loss;
    std::size_t size() const { return log_loss.size(); }
};

struct DataConstrainedFit {
    DataConstrainedTheta theta{};
    double E = 0, A = 0, B = 0, a = 0, b = 0, R_D = 0, R_N = 0;
    DataConstrainedConstraints constraints{};
    double objective = 0;
    std::size_t starts = 0, converged = 0;
    bool best_converged = false;
};

// Validates (finite, > 0, D ≥ U_D, equal lengths) and takes logs. Throws
// numerics::DomainError naming the first bad point.
DataConstrainedData make_data_constrained_data(std::span<const double> n, std::span<const double> d,
                                               std::span<const double> unique_tokens, std::span<const double> loss);

// F(θ) (Huber sum as above); gradient (7 entries) may be null.
double data_constrained_objective(const DataConstrainedData& data, const DataConstrainedTheta& theta, double huber_delta,
                                  double* gradient = nullptr);

DataConstrainedFit fit_data_constrained(const DataConstrainedData& data, const DataConstrainedOptions& options = {});

// L at (N, D, U_D) of a fit; effective N' and D' too.
double data_constrained_value(const DataConstrainedFit& fit, double n, double d, double unique_tokens);
struct EffectiveSizes {
    double n = 0, d = 0;
};
EffectiveSizes data_constrained_effective(const DataConstrainedFit& fit, double n, double d, double unique_tokens);

}  // namespace sklaws::fitting
