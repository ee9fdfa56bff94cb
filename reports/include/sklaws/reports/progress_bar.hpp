// The one progress bar of sklaws' long commands (report, simulate), on stderr.
//
// The run is a sequence of stages (one per experiment, then fits and
// writing); each stage reports its own completed fraction in [0, 1] and the
// bar shows the overall fraction, the stage name and the elapsed time. On a
// terminal the line is redrawn in place (carriage return) at most ~10 times a
// second; when stderr is not a terminal (CI logs, tests) one line is printed
// per stage and per 10% of the whole, so logs stay readable. Nothing is shown
// before `delay_seconds` have passed (a quick run prints nothing). Thread-safe:
// Monte Carlo workers may call update() concurrently. It never touches
// stdout or the results.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>

namespace sklaws::reports {

class ProgressBar {
public:
    // `interactive`: redraw in place (a terminal); otherwise lines.
    ProgressBar(std::ostream& out, std::size_t stages, bool interactive, bool enabled = true,
                double delay_seconds = 0.0);
    ~ProgressBar();

    void begin_stage(const std::string& name);  // starts the next stage at fraction 0
    void update(double fraction);                // fraction of the current stage
    void finish();                               // completes the bar and ends the line
    void clear();                                // erases the bar (terminal) and stops drawing

private:
    void draw(bool force);

    std::ostream& out_;
    std::size_t stages_;
    bool interactive_;
    bool enabled_;
    double delay_seconds_;
    bool shown_ = false;
    int last_decile_ = -1;
    std::size_t stage_ = 0;  // 1-based once begun
    double fraction_ = 0;
    std::string name_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
    std::mutex mutex_;
};

// Whether stderr is a terminal.
bool stderr_is_terminal();

}  // namespace sklaws::reports
