// K3 the law of K_n by its one-step recursion (docs/theory.md §3); pruning and
// accuracy in tables_law.hpp.
#include "sklaws/theory/tables_law.hpp"

#include <sklaws/numerics/errors.hpp>

namespace sklaws::theory {

TablesLawRecursion::TablesLawRecursion(PitmanYorParameters parameters)
    : parameters_(parameters), probabilities_{0.0, 1.0} {
    parameters_.validate();
}

void TablesLawRecursion::advance() {
    const double alpha = parameters_.alpha;
    const double beta = parameters_.beta;
    const double nd = static_cast<double>(n_);
    const double total = beta + nd;
    probabilities_.push_back(0.0);  // k = n + 1
    std::vector<double>& p = probabilities_;
    // In place, k descending, so p[k−1] is still P_n(k−1) when p[k] is formed.
    // Table k−1 ≥ 1 opens a new one with (β + (k−1)α)/(β+n) > 0.
    for (std::size_t k = hi_ + 1; k > lo_; --k) {
        const double kd = static_cast<double>(k);
        p[k] = p[k] * ((nd - kd * alpha) / total) + p[k - 1] * ((beta + (kd - 1) * alpha) / total);
    }
    p[lo_] *= (nd - static_cast<double>(lo_) * alpha) / total;
    ++hi_;
    ++n_;
    while (lo_ < hi_ && p[lo_] < prune_threshold) p[lo_++] = 0.0;
    while (hi_ > lo_ && p[hi_] < prune_threshold) p[hi_--] = 0.0;
}

std::vector<double> tables_law(double alpha, double beta, std::uint64_t n) {
    PitmanYorParameters parameters{alpha, beta};
    parameters.validate();
    numerics::require(n >= 1 && n <= 10000000ULL, "n", n, "1 <= n <= 1e7");
    TablesLawRecursion law(parameters);
    while (law.n() < n) law.advance();
    return law.probabilities();
}

}  // namespace sklaws::theory
