// Compute-optimal allocation for a fitted joint law (Hoffmann et al. 2022, eq. 4).
//
// With L(N, D) = E + A N^(−a) + B D^(−b) and training compute C = 6·N·D,
// minimising L along C = const gives
//
//     N_opt(C) = G · (C/6)^(b/(a+b)),   D_opt(C) = G^(−1) · (C/6)^(a/(a+b)),
//     G = (a·A / (b·B))^(1/(a+b)).
//
// So the optimal model grows as C^(b/(a+b)) and the data as C^(a/(a+b)):
// "scale N and D equally" is the statement a = b. THEORY.md X1 links the
// exponents to the Pitman-Yor discount (a = a_M = (1−α)/α, b = a_D = 1−α).
// Domain: A, B, a, b > 0, finite; throws numerics::DomainError otherwise.
#pragma once

namespace sklaws::fitting {

struct ComputeOptimalSplit {
    double G = 0;           // N_opt at C = 6
    double n_exponent = 0;  // b/(a+b)
    double d_exponent = 0;  // a/(a+b)
    double n_opt(double compute) const;  // G (C/6)^(b/(a+b))
    double d_opt(double compute) const;  // (C/6)/N_opt
};

ComputeOptimalSplit compute_optimal_split(double A, double B, double a, double b);

}  // namespace sklaws::fitting
