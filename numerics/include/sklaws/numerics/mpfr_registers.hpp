// Per-thread MPFR scratch registers, one set per precision in use, and the
// process-wide constant tables they read, one per precision.
//
// The raw-MPFR kernels (fast_log.hpp, fast_exp.hpp, stirling_difference_mp.hpp)
// run on a struct of mpfr_t that they keep between calls: at 50–60 digits
// initialising and freeing registers costs as much as the arithmetic. The set
// is thread_local (MPFR values are not shared between threads) and rebuilt
// only when the precision changes, which in practice is once per evaluation
// precision.
#pragma once

#include <mpfr.h>

#include <map>
#include <memory>
#include <mutex>

namespace sklaws::numerics::detail {

// The thread's Registers at `bits` of precision (Registers(bits) builds them).
template <class Registers>
Registers& per_thread_registers(mpfr_prec_t bits) {
    thread_local mpfr_prec_t current = 0;
    thread_local std::unique_ptr<Registers> held;
    if (current != bits) {
        held = std::make_unique<Registers>(bits);
        current = bits;
    }
    return *held;
}

// The process's Table at `bits` of precision, built once (Table(bits)) and
// kept until exit; the lock makes the first build safe from any thread, and
// the tables are read-only afterwards.
template <class Table>
const Table& per_precision_table(mpfr_prec_t bits) {
    static std::mutex mutex;
    static std::map<mpfr_prec_t, std::unique_ptr<Table>> tables;
    std::lock_guard<std::mutex> lock(mutex);
    auto& slot = tables[bits];
    if (!slot) slot = std::make_unique<Table>(bits);
    return *slot;
}

}  // namespace sklaws::numerics::detail
