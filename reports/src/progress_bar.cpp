#include "sklaws/reports/progress_bar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unistd.h>

namespace sklaws::reports {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::ostream& out, std::size_t stages, bool interactive, bool enabled, double delay_seconds)
    : out_(out), stages_(std::max<std::size_t>(stages, 1)), interactive_(interactive), enabled_(enabled),
      delay_seconds_(delay_seconds), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::begin_stage(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    stage_ = std::min(stage_ + 1, stages_);
    fraction_ = 0;
    name_ = name;
    draw(true);
}

void ProgressBar::update(double fraction) {
    std::lock_guard<std::mutex> lock(mutex_);
    fraction_ = std::clamp(fraction, 0.0, 1.0);
    draw(false);
}

void ProgressBar::finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    stage_ = stages_;
    fraction_ = 1;
    name_ = "done";
    draw(true);
    if (enabled_ && interactive_ && shown_) out_ << "\n" << std::flush;
    enabled_ = false;
}

void ProgressBar::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (enabled_ && interactive_ && shown_) out_ << "\r\x1b[K" << std::flush;
    enabled_ = false;
}

void ProgressBar::draw(bool force) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - start_).count();
    if (seconds < delay_seconds_) return;
    const double overall = (static_cast<double>(stage_ == 0 ? 0 : stage_ - 1) + fraction_) / static_cast<double>(stages_);
    const int decile = static_cast<int>(overall * 10);
    if (interactive_) {
        if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
    } else if (!force && decile == last_decile_) {
        return;
    }
    last_draw_ = now;
    last_decile_ = decile;
    shown_ = true;
    constexpr int width = 30;
    const int filled = static_cast<int>(overall * width + 0.5);
    const std::string line = fmt::format("[{}{}] {:3d}%  {:5.1f} s  {}", std::string(static_cast<std::size_t>(filled), '#'),
                                         std::string(static_cast<std::size_t>(width - filled), '.'),
                                         static_cast<int>(overall * 100 + 0.5), seconds, name_);
    if (interactive_) {
        out_ << "\r" << line << "\x1b[K" << std::flush;
    } else {
        out_ << line << "\n" << std::flush;
    }
}

}  // namespace sklaws::reports
