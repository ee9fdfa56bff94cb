// CRP(α, β) by the O(1) urn split; see crp_sampler.hpp.
#include <sklaws/validation/crp_sampler.hpp>

#include <sklaws/numerics/errors.hpp>

#include <array>
#include <limits>

namespace sklaws::validation {

namespace {

// Where a customer goes, decided by u uniform on [0, β + n).
struct UrnChoice {
    enum Kind { copy_customer, uniform_table, new_table } kind;
    std::uint64_t index;  // non-first customer (copy) or table (uniform)
};

// n customers at K tables. The three intervals of [0, β+n):
// [0, n−K) copy, [n−K, n−αK) uniform table, [n−αK, β+n) new table.
inline UrnChoice urn_choice(double u, std::uint64_t n, std::uint64_t k, double alpha) {
    const double nonfirst = static_cast<double>(n - k);
    if (u < nonfirst) return {UrnChoice::copy_customer, static_cast<std::uint64_t>(u)};
    const double old_weight = static_cast<double>(n) - alpha * static_cast<double>(k);
    if (u < old_weight) {
        auto table = static_cast<std::uint64_t>((u - nonfirst) / (1.0 - alpha));
        if (table >= k) table = k - 1;  // rounding at the interval's top end
        return {UrnChoice::uniform_table, table};
    }
    return {UrnChoice::new_table, 0};
}

}  // namespace

CrpSampler::CrpSampler(theory::PitmanYorParameters params, std::uint64_t expected_n_hint) : params_(params) {
    params_.validate();
    if (expected_n_hint > 0) nonfirst_table_.reserve(expected_n_hint);
}

std::uint32_t CrpSampler::seat(numerics::RandomStream& rng) {
    // One uniform per customer, always (also for the first), so that the
    // stream position depends only on the number of customers.
    const double u = rng.uniform() * (params_.beta + static_cast<double>(customers_));
    const std::uint64_t n = customers_++;
    const UrnChoice choice = n == 0 ? UrnChoice{UrnChoice::new_table, 0}
                                    : urn_choice(u, n, table_sizes_.size(), params_.alpha);
    std::uint32_t table;
    switch (choice.kind) {
        case UrnChoice::copy_customer: table = nonfirst_table_[choice.index]; break;
        case UrnChoice::uniform_table: table = static_cast<std::uint32_t>(choice.index); break;
        default:
            if (table_sizes_.size() >= std::numeric_limits<std::uint32_t>::max()) {
                throw numerics::DomainError("customers", "CrpSampler: more than 2^32 - 1 tables");
            }
            last_was_new_ = true;
            table_sizes_.push_back(1);
            return static_cast<std::uint32_t>(table_sizes_.size() - 1);
    }
    last_was_new_ = false;
    ++table_sizes_[table];
    nonfirst_table_.push_back(table);
    return table;
}

void CrpSampler::seat_many(std::uint64_t count, numerics::RandomStream& rng) {
    // The copy branch reads a random entry of an array of up to 4n bytes (a
    // cache miss at n = 1e7) and then increments a random table size (a miss
    // once K is large). Customer c+D's uniform is known D steps early, and
    // with it the entry ⌊U(β+c+D)⌋ it copies if it takes the copy branch;
    // entries never change once written. So, two-stage software pipeline:
    // at distance `far` prefetch that entry, at distance `near` read it and
    // prefetch the table size it points to. Uniforms are drawn in the same
    // order as by seat(), hence the identical partition.
    constexpr std::uint64_t far = 32, near = 8, ring = 32;
    static_assert(far <= ring && (ring & (ring - 1)) == 0);
    std::array<double, ring> uniforms{};
    const double beta = params_.beta;
    const std::uint64_t start = customers_;
    // The entry a future customer would copy, or the array's size (nothing to
    // prefetch) when U(β+c) lies beyond it: β = 1e300 puts it past 2^64,
    // where the cast to an integer is undefined (UBSan).
    auto guess = [&](std::uint64_t customer, double uniform) -> std::uint64_t {
        const double entry = uniform * (beta + static_cast<double>(customer));
        const std::size_t size = nonfirst_table_.size();
        return entry < static_cast<double>(size) ? static_cast<std::uint64_t>(entry) : size;
    };
    const std::uint64_t primed = count < far ? count : far;
    for (std::uint64_t i = 0; i < primed; ++i) uniforms[i % ring] = rng.uniform();
    for (std::uint64_t i = 0; i < count; ++i) {
        const double uniform = uniforms[i % ring];
        if (i + far < count) {
            const double u_far = rng.uniform();
            uniforms[(i + far) % ring] = u_far;
            const std::uint64_t g = guess(start + i + far, u_far);
            if (g < nonfirst_table_.size()) __builtin_prefetch(nonfirst_table_.data() + g);
        }
        if (i + near < count) {
            const std::uint64_t g = guess(start + i + near, uniforms[(i + near) % ring]);
            if (g < nonfirst_table_.size()) __builtin_prefetch(table_sizes_.data() + nonfirst_table_[g], 1);
        }
        const std::uint64_t n = customers_++;
        const double u = uniform * (beta + static_cast<double>(n));
        const UrnChoice choice = n == 0 ? UrnChoice{UrnChoice::new_table, 0}
                                        : urn_choice(u, n, table_sizes_.size(), params_.alpha);
        std::uint32_t table;
        if (choice.kind == UrnChoice::copy_customer) [[likely]] {
            table = nonfirst_table_[choice.index];
        } else if (choice.kind == UrnChoice::uniform_table) {
            table = static_cast<std::uint32_t>(choice.index);
        } else {
            if (table_sizes_.size() >= std::numeric_limits<std::uint32_t>::max()) {
                throw numerics::DomainError("customers", "CrpSampler: more than 2^32 - 1 tables");
            }
            last_was_new_ = true;
            table_sizes_.push_back(1);
            continue;
        }
        last_was_new_ = false;
        ++table_sizes_[table];
        nonfirst_table_.push_back(table);
    }
}

std::uint64_t crp_table_count(theory::PitmanYorParameters params, std::uint64_t n, numerics::RandomStream& rng) {
    params.validate();
    if (n == 0) return 0;
    rng.uniform();  // the first customer's uniform (it always opens table 1)
    // New table iff U·(β+m) ≥ m − αK: the same floating-point expression as
    // CrpSampler, so a stream gives the same K_n on both paths, bit for bit.
    // αK is recomputed only when K changes, inside a rarely taken branch, so
    // the loop carries no arithmetic dependency from one customer to the
    // next (m comes from the integer counter, not a running double sum).
    std::uint64_t tables = 1;
    const double beta = params.beta;
    const double alpha = params.alpha;
    double alpha_k = alpha;
    for (std::uint64_t i = 1; i < n; ++i) {
        const double m = static_cast<double>(i);
        if (rng.uniform() * (beta + m) >= m - alpha_k) [[unlikely]] {
            ++tables;
            alpha_k = alpha * static_cast<double>(tables);
        }
    }
    return tables;
}

}  // namespace sklaws::validation
