// ProgressBar: one status line on stderr for long-running commands — count,
// rate and, when the total is known, percent and ETA. Draws only when stderr
// is a terminal (quiet when piped), at most ten times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace vigil::cli {

class ProgressBar {
 public:
  // unit: what is counted ("events"); total_bytes: input size, 0 when unknown.
  ProgressBar(std::string label, std::string unit, uint64_t total_bytes);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Update(uint64_t count, uint64_t bytes_done);
  // Erases the bar line (if drawn).
  void Finish();

  bool enabled() const { return enabled_; }

 private:
  std::string label_;
  std::string unit_;
  uint64_t total_bytes_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// "1.2M", "350k", "999": short counts for people.
std::string HumanCount(double n);

}  // namespace vigil::cli
