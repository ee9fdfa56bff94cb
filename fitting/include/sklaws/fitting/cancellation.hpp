// Stopping a long fit from outside (Ctrl-C in Python, a GUI's Cancel button).
//
// A fit of a million rows, a 2700-start grid or a bootstrap of 10^4 refits
// runs for minutes inside one call. A caller that may want to abandon it
// installs, on the thread that makes the call, a check that throws when the
// work should stop:
//
//     fitting::CancellationScope scope([&] { if (stop) throw Stopped(); });
//     auto fit = fitting::fit_joint_law(data, options);   // may throw Stopped
//
// Every fit and bootstrap started on that thread calls the check between
// units of work, on whichever thread runs them: before each bootstrap
// resample, before each start of a multi-start grid, and after each Ceres
// iteration (through an IterationCallback that ends the solve, after which
// the fit rethrows the check's exception). Parallel work hands the check to
// its TBB tasks explicitly, so it reaches them on any worker thread. The
// check's exception leaves the fit unchanged and nothing keeps running after
// it: TBB cancels the loop's remaining tasks. A check must be sticky (once it
// threw, it throws on every later call) and safe to call concurrently.
//
// Without a scope a fit costs nothing extra: no callback is attached.
// Scopes nest; the innermost one on the thread applies.
#pragma once

#include <functional>

namespace sklaws::fitting {

using CancelCheck = std::function<void()>;

class CancellationScope {
public:
    explicit CancellationScope(CancelCheck check);
    ~CancellationScope();
    CancellationScope(const CancellationScope&) = delete;
    CancellationScope& operator=(const CancellationScope&) = delete;

private:
    CancelCheck previous_;
};

// The check of this thread's innermost scope (empty if none).
const CancelCheck& current_cancel_check();

// Calls the current check, if any (throws what it throws).
void poll_cancellation();

}  // namespace sklaws::fitting
