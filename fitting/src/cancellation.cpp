#include <sklaws/fitting/cancellation.hpp>

#include "ceres_cancellation.hpp"

#include <utility>

namespace sklaws::fitting {
namespace {

CancelCheck& thread_check() {
    thread_local CancelCheck check;
    return check;
}

}  // namespace

CancellationScope::CancellationScope(CancelCheck check) : previous_(std::exchange(thread_check(), std::move(check))) {}

CancellationScope::~CancellationScope() { thread_check() = std::move(previous_); }

const CancelCheck& current_cancel_check() { return thread_check(); }

void poll_cancellation() {
    if (const CancelCheck& check = thread_check()) check();
}

namespace detail {

CeresCancellation::CeresCancellation() : check_(current_cancel_check()) {}

ceres::CallbackReturnType CeresCancellation::operator()(const ceres::IterationSummary&) {
    try {
        check_();
    } catch (...) {
        error_ = std::current_exception();
        return ceres::SOLVER_ABORT;
    }
    return ceres::SOLVER_CONTINUE;
}

void CeresCancellation::rethrow() const {
    if (error_) std::rethrow_exception(error_);
}

}  // namespace detail
}  // namespace sklaws::fitting
