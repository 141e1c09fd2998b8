// Clock: the source of "now", injectable so tests control time.
#pragma once

#include <atomic>
#include <cstdint>

namespace vigil {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC. Thread-safe.
  virtual int64_t NowMs() const = 0;
};

// The system's real-time clock. Thread-safe; a process-wide instance.
class SystemClock final : public Clock {
 public:
  static SystemClock* Get();
  int64_t NowMs() const override;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_ms) : now_ms_(now_ms) {}
  int64_t NowMs() const override { return now_ms_.load(std::memory_order_relaxed); }
  void Set(int64_t now_ms) { now_ms_.store(now_ms, std::memory_order_relaxed); }
  void Advance(int64_t delta_ms) { now_ms_.fetch_add(delta_ms, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace vigil
