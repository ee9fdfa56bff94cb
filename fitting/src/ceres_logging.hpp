// Private to fitting/: Ceres logs through glog, and a multi-start fit makes
// thousands of solver runs. Every outcome it logs — the line search's
// polynomial interpolation degenerating (it falls back to bisection), a
// trial step from a poor start overflowing exp() (the step is rejected), a
// start "terminating" after too many invalid steps (an ERROR line, even with
// logging_type = SILENT) — is also in its Solver::Summary, which the fits
// read and report; on stderr those lines only bury the result (30 of them
// for one power-law fit over x from 1e-300 to 1e300). So nothing below FATAL
// is printed.
#pragma once

#include <glog/logging.h>

#include <mutex>

namespace sklaws::fitting::detail {

inline void quiet_ceres_logging() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (FLAGS_minloglevel < google::GLOG_FATAL) FLAGS_minloglevel = google::GLOG_FATAL;
    });
}

}  // namespace sklaws::fitting::detail
