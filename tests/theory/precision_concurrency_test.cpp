// No theory evaluation changes another thread's state: double and
// multiprecision evaluations at different working precisions run at once from
// TBB tasks and every result is bit-identical to the same evaluation run alone
// (the evaluations are deterministic at a given precision, so any difference
// is precision leaking between threads). Before the precision became per
// thread (numerics/precision.hpp) this failed: Boost 1.74 kept one process-wide
// default that every WorkingPrecision and every mixed-precision operation wrote.
#include <sklaws/numerics/precision.hpp>
#include <sklaws/theory/pitman_yor.hpp>

#include <catch2/catch.hpp>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <thread>
#include <string>
#include <vector>

using namespace sklaws;
using numerics::mp_real;
using numerics::WorkingPrecision;

namespace {

// One evaluation: a quantity at a precision (0 = the double API, whose
// cancelling inputs fall back to multiprecision internally).
struct Job {
    int quantity;
    unsigned digits;
    std::string alpha, beta, n;
};

// Result as text at 2 digits beyond the precision (exact comparison of values).
std::string evaluate(const Job& job) {
    if (job.digits == 0) {
        const double a = std::stod(job.alpha), b = std::stod(job.beta), n = std::stod(job.n);
        numerics::Evaluation<double> e{};
        switch (job.quantity) {
            case 0: e = theory::expected_tables_e(a, b, n); break;
            case 1: e = theory::tables_variance_e(a, b, n); break;
            case 2: e = theory::p_new_e(a, b, n); break;
            case 3: e = theory::knowledge_entropy_e(a, b); break;
            default: e = theory::expected_block_count_e(a, b, n, std::floor(n / 3)); break;
        }
        char text[64];
        std::snprintf(text, sizeof text, "%a %a", e.val, e.err);
        return text;
    }
    WorkingPrecision precision(job.digits);
    if (numerics::working_digits<mp_real>() != job.digits) return "precision not set";
    const mp_real a(job.alpha), b(job.beta), n(job.n);
    numerics::Evaluation<mp_real> e{};
    switch (job.quantity) {
        case 0: e = theory::expected_tables_e(a, b, n); break;
        case 1: e = theory::tables_variance_e(a, b, n); break;
        case 2: e = theory::p_new_e(a, b, n); break;
        case 3: e = theory::knowledge_entropy_e(a, b); break;
        default: e = theory::expected_block_count_e(a, b, n, mp_real(floor(n / 3))); break;
    }
    // The task's precision is still its own after the evaluation.
    if (numerics::working_digits<mp_real>() != job.digits) return "precision changed";
    return e.val.str(job.digits + 2, std::ios_base::scientific) + " " + e.err.str(4, std::ios_base::scientific) +
           " p" + std::to_string(e.val.precision());
}

}  // namespace

TEST_CASE("double and multiprecision theory evaluations run concurrently from TBB tasks",
          "[theory][precision][concurrency]") {
    // Inputs where double cancels (β near −α, small α: the double API falls
    // back to multiprecision) next to ordinary and large-n ones.
    const std::vector<std::array<std::string, 3>> points = {
        {"0.5", "1", "1000"},           {"0.3", "-0.2999999", "1e6"}, {"1e-9", "2.5", "1e12"},
        {"0.9", "100", "12345"},        {"0.1", "-0.09", "77"},       {"0.75", "0.5", "1e18"},
    };
    std::vector<Job> jobs;
    for (int q = 0; q < 5; ++q)
        for (const auto& p : points)
            for (unsigned d : {0u, 20u, 33u, 50u, 90u}) jobs.push_back({q, d, p[0], p[1], p[2]});

    // References: each job alone, on this thread.
    std::vector<std::string> expected;
    for (const Job& j : jobs) expected.push_back(evaluate(j));
    for (const auto& e : expected) REQUIRE(e.find("precision") == std::string::npos);

    const unsigned main_digits = numerics::working_digits<mp_real>();
    WorkingPrecision main_precision(main_digits + 7);  // a different precision on the main thread
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 4);
    constexpr int rounds = 12;
    std::vector<std::string> got(jobs.size() * rounds);
    // Interleave the jobs so that neighbouring tasks use different precisions.
    tbb::parallel_for(std::size_t(0), got.size(), std::size_t(1), [&](std::size_t i) {
        const std::size_t job = (i * 7919) % jobs.size();
        got[i] = evaluate(jobs[job]);
    });
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const std::size_t job = (i * 7919) % jobs.size();
        if (got[i] != expected[job]) {
            ++mismatches;
            if (mismatches <= 5) {
                INFO("quantity " << jobs[job].quantity << " digits " << jobs[job].digits << " alpha " << jobs[job].alpha
                                 << " beta " << jobs[job].beta << " n " << jobs[job].n);
                CHECK(got[i] == expected[job]);
            }
        }
    }
    CHECK(mismatches == 0);
    // The main thread's precision is untouched by the workers.
    CHECK(numerics::working_digits<mp_real>() == main_digits + 7);
}

TEST_CASE("a new thread starts at the initial working precision whatever another thread set",
          "[theory][precision][concurrency]") {
    WorkingPrecision here(123);
    std::atomic<unsigned> seen{0};
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 2);
    std::thread other([&] { seen = numerics::working_digits<mp_real>(); });
    other.join();
    CHECK(seen == numerics::initial_working_digits);
    CHECK(numerics::working_digits<mp_real>() == 123);
}
