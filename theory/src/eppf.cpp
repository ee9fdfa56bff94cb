// Pitman-Yor EPPF log-likelihood and gradient (docs/theory.md §2); formulas in
// eppf.hpp.
#include "sklaws/theory/eppf.hpp"

#include "sklaws/theory/pitman_yor_parameters.hpp"

#include <sklaws/numerics/errors.hpp>
#include <sklaws/numerics/special_functions.hpp>
#include <sklaws/numerics/summation.hpp>

#include <algorithm>
#include <vector>

namespace sklaws::theory {

EppfValue eppf_log_likelihood(double alpha, double beta, std::span<const std::uint64_t> counts) {
    PitmanYorParameters{alpha, beta}.validate();
    numerics::require(!counts.empty(), "counts", counts.size(), "(at least one block)");
    std::vector<std::uint64_t> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end());
    numerics::require(sorted.front() >= 1, "counts", sorted.front(), "(every block count >= 1)");

    numerics::NeumaierSum<double> log_likelihood;
    numerics::NeumaierSum<double> d_alpha;
    numerics::NeumaierSum<double> d_beta;
    std::uint64_t n = 0;

    // Π_k (1−α)_{n_k−1}: grouped by distinct count, one lgr and one ψ each.
    const double psi_one_minus_alpha = numerics::digamma(1.0 - alpha);
    for (std::size_t start = 0; start < sorted.size();) {
        std::size_t end = start;
        while (end < sorted.size() && sorted[end] == sorted[start]) ++end;
        const double multiplicity = static_cast<double>(end - start);
        const double size = static_cast<double>(sorted[start]);
        n += sorted[start] * (end - start);
        if (sorted[start] > 1) {
            log_likelihood.add(multiplicity * numerics::log_gamma_ratio(1.0 - alpha, size - 1.0));
            d_alpha.add(multiplicity * (psi_one_minus_alpha - numerics::digamma(size - alpha)));
        }
        start = end;
    }

    // Π_{i=1}^{K−1} (β + iα).
    const std::size_t blocks = sorted.size();
    for (std::size_t i = 1; i < blocks; ++i) {
        const double id = static_cast<double>(i);
        const double factor = beta + id * alpha;
        log_likelihood.add(std::log(factor));
        d_alpha.add(id / factor);
        d_beta.add(1.0 / factor);
    }

    // 1 / (β+1)_{n−1}.
    const double nd = static_cast<double>(n);
    log_likelihood.add(-numerics::log_gamma_ratio(beta + 1.0, nd - 1.0));
    d_beta.add(-(numerics::digamma(beta + nd) - numerics::digamma(beta + 1.0)));

    return {log_likelihood.value(), d_alpha.value(), d_beta.value()};
}

}  // namespace sklaws::theory
