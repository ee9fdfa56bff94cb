// The replicate executor across MPI layouts (tests/mpi/probe/
// executor_probe.cpp runs it the ways sklaws does): identical bytes for one
// process and every rank × thread layout, and a failing or dying rank ends
// the whole run with a non-zero status and a message naming it.
#include <catch2/catch.hpp>

#include "mpi_run_support.hpp"

#include <chrono>

using namespace sklaws::test;

namespace {
Run probe(const Layout& layout, const std::string& environment = "") {
    return run_shell(environment + " " + launcher(layout.ranks) + "'" + SKLAWS_EXECUTOR_PROBE + "' " +
                     std::to_string(layout.threads));
}
}  // namespace

TEST_CASE("executor: identical results for 1 process, -np 2 x 1/2 threads and -np 3", "[mpi]") {
    const Run alone = probe(kLayouts[0]);
    INFO(alone.err);
    REQUIRE(alone.status == 0);
    REQUIRE(alone.out.find("rows 600 values 1800") != std::string::npos);
    for (const auto& layout : kLayouts) {
        if (layout.ranks == 0) continue;
        const Run run = probe(layout);
        INFO(layout.name() << "\n" << run.err);
        CHECK(run.status == 0);
        CHECK(run.out == alone.out);  // also: ranks other than 0 printed nothing
    }
}

TEST_CASE("executor: a replicate failing on rank 1 fails the run on every rank, rank 0 names it", "[mpi]") {
    const Run run = probe({2, 1}, "SKLAWS_TEST_FAIL_RANK=1");
    INFO(run.err);
    CHECK(run.status != 0);
    CHECK(run.out.empty());
    CHECK(run.err.find("executor_probe: error: rank 1: injected failure (SKLAWS_TEST_FAIL_RANK=1)") != std::string::npos);
}

TEST_CASE("executor: a rank that dies ends the run with a non-zero status naming it", "[mpi]") {
    const Run run = probe({2, 1}, "PROBE_DIE_RANK=1");
    INFO(run.err);
    CHECK(run.status != 0);
    CHECK(run.out.empty());
    // mpirun's own report of the dead process.
    CHECK(run.err.find("rank 1") != std::string::npos);
}

TEST_CASE("executor: a rank failing alone after the last call: rank 0 prints that rank's error", "[mpi]") {
    const Run run = probe({3, 1}, "PROBE_LATE_FAIL_RANK=2");
    INFO(run.err);
    CHECK(run.status != 0);
    CHECK(run.err.find("sklaws: rank 2: executor_probe: error: late failure on this rank alone") != std::string::npos);
}

TEST_CASE("executor: a rank failing alone while the others wait for it aborts the job instead of hanging", "[mpi]") {
    // The others wait in the first replicate-parallel call for a rank that
    // never comes; it gives them the grace period (shortened here), then
    // names itself and aborts the job.
    const auto start = std::chrono::steady_clock::now();
    const Run run = probe({2, 1}, "PROBE_EARLY_FAIL_RANK=1 SKLAWS_TEST_GRACE_SECONDS=2");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(run.err);
    CHECK(run.status != 0);
    CHECK(run.err.find("sklaws: rank 1: executor_probe: error: early failure on this rank alone") != std::string::npos);
    CHECK(seconds < 60.0);
}
