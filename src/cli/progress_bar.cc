#include "cli/progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace vigil::cli {

std::string HumanCount(double n) {
  if (n >= 1e9) return fmt::format("{:.1f}G", n / 1e9);
  if (n >= 1e6) return fmt::format("{:.1f}M", n / 1e6);
  if (n >= 1e4) return fmt::format("{:.0f}k", n / 1e3);
  return fmt::format("{:.0f}", n);
}

ProgressBar::ProgressBar(std::string label, std::string unit, uint64_t total_bytes)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_bytes_(total_bytes),
      enabled_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(uint64_t count, uint64_t bytes_done) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? static_cast<double>(count) / secs : 0;
  std::string line = fmt::format("{} {} {}  {}/s", label_, HumanCount(static_cast<double>(count)),
                                 unit_, HumanCount(rate));
  if (total_bytes_ > 0 && bytes_done > 0) {
    double frac =
        std::min(1.0, static_cast<double>(bytes_done) / static_cast<double>(total_bytes_));
    int eta = frac > 0 ? static_cast<int>(secs / frac - secs) : 0;
    constexpr int kWidth = 24;
    int filled = static_cast<int>(frac * kWidth);
    line += fmt::format(
        "  [{}{}] {:3.0f}%  ETA {}:{:02}", std::string(static_cast<size_t>(filled), '#'),
        std::string(static_cast<size_t>(kWidth - filled), '.'), frac * 100, eta / 60, eta % 60);
  }
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace vigil::cli
