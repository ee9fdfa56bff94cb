// Parameters of the Pitman-Yor knowledge model PY(α, β, H).
//
//   discount     0 ≤ α < 1   (α = 0 is the Dirichlet process, its own limit)
//   concentration β > −α
//
// Every theory/, validation/ and fitting/ entry point taking (α, β) validates
// them here, so the error message is the same everywhere.
#pragma once

#include <sklaws/numerics/errors.hpp>

namespace sklaws::theory {

struct PitmanYorParameters {
    double alpha = 0.5;
    double beta = 1.0;

    void validate() const {
        numerics::require_finite("alpha", alpha);
        numerics::require_finite("beta", beta);
        numerics::require(alpha >= 0.0 && alpha < 1.0, "alpha", alpha, "0 <= alpha < 1");
        numerics::require(beta > -alpha, "beta", beta, "beta > -alpha");
    }
};

}  // namespace sklaws::theory
