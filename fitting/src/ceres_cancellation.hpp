// Private to fitting/: the cancellation check (cancellation.hpp) inside a
// Ceres solve. Ceres calls an IterationCallback after every iteration; this
// one calls the thread's check and, when it throws, keeps the exception and
// ends the solve (SOLVER_ABORT: an exception must not cross Ceres' frames).
// After Solve, rethrow() raises it in the fit.
//
//     detail::CeresCancellation cancel;
//     cancel.attach(options);   // nothing when the thread has no check
//     ceres::Solve(options, ...);
//     cancel.rethrow();
#pragma once

#include <sklaws/fitting/cancellation.hpp>

#include <ceres/iteration_callback.h>

#include <exception>

namespace sklaws::fitting::detail {

class CeresCancellation final : public ceres::IterationCallback {
public:
    CeresCancellation();  // takes the calling thread's current check
    ceres::CallbackReturnType operator()(const ceres::IterationSummary&) override;
    template <class SolverOptions>
    void attach(SolverOptions& options) {
        if (check_) options.callbacks.push_back(this);
    }
    void rethrow() const;

private:
    CancelCheck check_;
    std::exception_ptr error_;
};

}  // namespace sklaws::fitting::detail
