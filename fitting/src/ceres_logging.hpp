// Private to fitting/: Ceres logs through glog, and a multi-start fit makes
// thousands of solver runs. Harmless events — the line search's polynomial
// interpolation degenerating (it falls back to bisection), or a trial step
// from a poor start overflowing exp() (the step is rejected) — are logged as
// WARNINGs and would flood stderr; only errors are kept.
#pragma once

#include <glog/logging.h>

#include <mutex>

namespace sklaws::fitting::detail {

inline void quiet_ceres_warnings() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (FLAGS_minloglevel < google::GLOG_ERROR) FLAGS_minloglevel = google::GLOG_ERROR;
    });
}

}  // namespace sklaws::fitting::detail
