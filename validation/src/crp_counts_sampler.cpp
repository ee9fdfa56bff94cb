// CRP(α, β) with memory O(K): Fenwick tree over the integer counts n_k − 1.
#include <sklaws/validation/crp_counts_sampler.hpp>

namespace sklaws::validation {

CrpCountsSampler::CrpCountsSampler(theory::PitmanYorParameters params) : params_(params) {
    params_.validate();
    rebuild_tree(64);
}

void CrpCountsSampler::rebuild_tree(std::size_t capacity) {
    // O(K) build: each node passes its partial sum to its Fenwick parent.
    tree_.assign(capacity + 1, 0);
    for (std::size_t i = 1; i <= sizes_.size(); ++i) tree_[i] += sizes_[i - 1] - 1;
    for (std::size_t i = 1; i <= capacity; ++i) {
        const std::size_t parent = i + (i & (~i + 1));
        if (parent <= capacity) tree_[parent] += tree_[i];
    }
}

void CrpCountsSampler::add_table() {
    sizes_.push_back(1);  // contributes n_k − 1 = 0 to the tree
    if (sizes_.size() + 1 > tree_.size()) rebuild_tree(2 * (tree_.size() - 1));
}

void CrpCountsSampler::add_customer(std::size_t table) {
    ++sizes_[table];
    const std::size_t capacity = tree_.size() - 1;
    for (std::size_t i = table + 1; i <= capacity; i += i & (~i + 1)) ++tree_[i];
}

std::size_t CrpCountsSampler::find_by_extra_count(std::uint64_t target) const {
    // Largest position whose prefix sum is ≤ target; the table after it holds
    // the target-th (0-based) non-first customer.
    const std::size_t capacity = tree_.size() - 1;
    std::size_t position = 0;
    for (std::size_t step = capacity; step > 0; step >>= 1) {
        if (position + step <= capacity && tree_[position + step] <= target) {
            position += step;
            target -= tree_[position];
        }
    }
    return position;
}

std::uint64_t CrpCountsSampler::seat(numerics::RandomStream& rng) {
    // Same urn split and the same single uniform as CrpSampler.
    const double u = rng.uniform() * (params_.beta + static_cast<double>(customers_));
    const std::uint64_t n = customers_++;
    const std::uint64_t k = sizes_.size();
    if (n > 0) {
        const double nonfirst = static_cast<double>(n - k);
        std::size_t table = 0;
        bool old = true;
        if (u < nonfirst) {
            table = find_by_extra_count(static_cast<std::uint64_t>(u));
        } else if (u < static_cast<double>(n) - params_.alpha * static_cast<double>(k)) {
            table = static_cast<std::size_t>((u - nonfirst) / (1.0 - params_.alpha));
            if (table >= k) table = k - 1;
        } else {
            old = false;
        }
        if (old) {
            add_customer(table);
            last_was_new_ = false;
            return table;
        }
    }
    add_table();
    last_was_new_ = true;
    return k;
}

}  // namespace sklaws::validation
