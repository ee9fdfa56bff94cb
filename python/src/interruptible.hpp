// Long C++ work called from Python: run without the GIL, and let Ctrl-C
// (KeyboardInterrupt) stop it cleanly.
//
// Python runs its SIGINT handler only in the main thread, between bytecodes;
// C++ running in that thread would not notice it for minutes. So the work
// runs on a helper thread while the calling thread waits without the GIL and
// asks Python every 50 ms whether a signal arrived (PyErr_CheckSignals). On
// KeyboardInterrupt it raises the work's cancellation flag, waits for the
// work to stop, and re-raises: the work checks the flag through the progress
// callbacks it already reports (validation::RunOptions::progress, the report's
// stages) and, in every fit the work makes, before each bootstrap resample,
// each start and each Ceres iteration (the worker thread's
// fitting::CancellationScope), throwing Cancelled, so nothing is left
// half-done and no thread is left running. Called from another Python thread, PyErr_CheckSignals does
// nothing and the call simply runs to the end.
#pragma once

#include "errors.hpp"

#include <sklaws/fitting/cancellation.hpp>

#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

namespace sklaws::python {

// Set when the Python caller was interrupted; long work polls it.
struct CancelFlag {
    std::atomic<bool> requested{false};
    void throw_if_requested() const {
        if (requested.load(std::memory_order_relaxed)) throw Cancelled();
    }
};

// Runs work(flag) as described above and returns its result; an exception of
// the work is rethrown in the caller (and translated to Python by errors.cpp).
// Must be called with the GIL held.
template <class Work>
auto interruptible(Work&& work) {
    using Result = std::invoke_result_t<Work&, const CancelFlag&>;
    CancelFlag flag;
    std::mutex mutex;
    std::condition_variable finished_cv;
    bool finished = false;
    std::exception_ptr error;
    std::conditional_t<std::is_void_v<Result>, bool, std::optional<Result>> result{};
    std::thread worker([&] {
        const fitting::CancellationScope fits([&flag] { flag.throw_if_requested(); });
        try {
            if constexpr (std::is_void_v<Result>) {
                work(flag);
            } else {
                result.emplace(work(flag));
            }
        } catch (...) {
            error = std::current_exception();
        }
        std::lock_guard<std::mutex> lock(mutex);
        finished = true;
        finished_cv.notify_all();
    });
    bool interrupted = false;
    for (;;) {
        {
            pybind11::gil_scoped_release release;
            std::unique_lock<std::mutex> lock(mutex);
            if (finished_cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return finished; })) break;
        }
        if (PyErr_CheckSignals() != 0) {  // KeyboardInterrupt (or a handler's exception) is now set
            interrupted = true;
            flag.requested = true;
            break;
        }
    }
    {
        pybind11::gil_scoped_release release;
        worker.join();
    }
    if (interrupted) throw pybind11::error_already_set();
    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<Result>) return std::move(*result);
}

}  // namespace sklaws::python
