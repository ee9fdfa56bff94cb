// Random streams keyed by (seed, stream id).
//
// Reproducibility across thread counts needs randomness that belongs to the
// work item, not to the thread: replicate r of a run with seed s always draws
// from RandomStream(s, r), whichever thread executes it. The key is mixed
// into a 256-bit xoshiro256++ state by SplitMix64 (Steele, Lea, Flood 2014;
// Blackman & Vigna 2018), whose state-to-state map is a bijection, so
// distinct keys give statistically independent streams for every practical
// purpose (the stream sub-sequences are 2^128 apart with overwhelming
// probability). Generation costs ~1 ns per 64-bit word.
//
// RandomStream satisfies UniformRandomBitGenerator, but prefer its own
// uniform()/below() — std:: distributions are not specified bit-for-bit.
#pragma once

#include "errors.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace sklaws::numerics {

class RandomStream {
public:
    using result_type = std::uint64_t;

    RandomStream(std::uint64_t seed, std::uint64_t stream_id) {
        std::uint64_t x = seed ^ 0x6a09e667f3bcc908ULL;
        std::uint64_t mixed_id = splitmix(stream_id ^ 0xbb67ae8584caa73bULL);
        for (auto& s : state_) {
            x += mixed_id;
            s = splitmix(x);
        }
        if ((state_[0] | state_[1] | state_[2] | state_[3]) == 0) state_[0] = 1;
    }

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    result_type operator()() { return next(); }

    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[0] + state_[3], 23) + state_[0];
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform on the open interval (0, 1), 53 random bits; never 0 or 1, so
    // log(uniform()) is always finite.
    double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }

    // Uniform integer in [0, n), n ≥ 1, unbiased (Lemire's multiply-shift
    // with rejection: of the 2^64 products' low words, the (2^64 mod n)
    // smallest are redrawn, so every result has exactly floor(2^64/n) preimages).
    std::uint64_t below(std::uint64_t n) {
        if (n == 0) throw DomainError("n", "n = 0 is outside the domain n >= 1 of RandomStream::below");
        __uint128_t m = static_cast<__uint128_t>(next()) * n;
        auto low = static_cast<std::uint64_t>(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (low < threshold) {
                m = static_cast<__uint128_t>(next()) * n;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }

    // Standard normal by the polar Box–Muller method (deterministic, portable).
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u, v, s;
        do {
            u = 2.0 * uniform() - 1.0;
            v = 2.0 * uniform() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        const double f = std::sqrt(-2.0 * std::log(s) / s);
        spare_ = v * f;
        has_spare_ = true;
        return u * f;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix(std::uint64_t z) {
        z += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::uint64_t state_[4];
    double spare_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace sklaws::numerics
