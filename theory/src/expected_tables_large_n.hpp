// Private to theory/: K1 at large n, on numerics' 192-bit fixed-point
// kernels instead of MPFR operations.
//
// Same formula as heaps.cpp (docs/theory.md K1), same split into an n-dependent
// and an n-free Gamma ratio:
//   β > 0:      E[K_n] = (β/α)(e^q − 1),   q = lgr(β+n, α) − lgr(β, α),
//   −α < β ≤ 0: E[K_n] = (e^q − β)/α,      q = lgr(β+n, α) + lgr(β+α, 1−α),
// lgr(x, δ) = ln Γ(x+δ) − ln Γ(x). Both Gamma ratios come from
// numerics::fixed::log_gamma_ratio_fixed (the n-free one remembered per
// thread, keyed by the exact (α, β)), and e^q from fixed::exp, each with a
// stated error in units of 2^−192. A new (α, β) then costs one more
// fixed-point ratio (~1 µs) instead of an MPFR Stirling evaluation with a
// shift (20–150 µs), which is what a cold call (a fit's new β on every
// step) used to pay; where the fixed-point n-free bound is too wide (x = β
// or β + α below ~2^−40, whose truncation into 2^−192 steps is amplified by
// 1/x²) the MPFR ratio at 62 digits is used instead.
//
// Applies when α > 0, β + n ≥ 2, β + n + α < 2^61 (n up to ~2e18) and the
// caller asks for ≤ 54 digits; the bound is then checked, and when it does
// not show target + 1 digits (q tiny: e^q − 1 cancels) the caller falls back
// to the general path. Inputs with bits below 2^−192 are truncated into
// fixed point (< 1 ulp) and the truncation is added to the bound through
// ∂lgr/∂δ = ψ(y) ≤ ln y and ∂lgr/∂x = ψ(y) − ψ(x) ≤ δ/(x − 1) ≤ 1. (It was
// limited to β + n ≥ 2^20 at first; below, the MPFR path cost 20–50 µs a
// point at 50 digits, which made a grid from n = 1e3 spend most of its time
// in its first decades.)
#pragma once

#include <sklaws/numerics/evaluation.hpp>
#include <sklaws/numerics/precision.hpp>

#include <optional>

namespace sklaws::theory::detail {

std::optional<numerics::Evaluation<numerics::mp_real>> expected_tables_large_n(const numerics::mp_real& alpha,
                                                                                const numerics::mp_real& beta,
                                                                                const numerics::mp_real& n);

}  // namespace sklaws::theory::detail
