#include "store/engine/memtable.h"

#include <algorithm>
#include <mutex>

namespace vigil {

void Memtable::Append(std::vector<Event> events, size_t approximate_bytes) {
  std::unique_lock lock(mu_);
  for (Event& e : events) {
    if (events_.empty()) {
      min_time_ms_ = max_time_ms_ = e.time_ms;
    } else {
      min_time_ms_ = std::min(min_time_ms_, e.time_ms);
      max_time_ms_ = std::max(max_time_ms_, e.time_ms);
    }
    events_.push_back(std::move(e));
  }
  bytes_ += approximate_bytes;
}

uint64_t Memtable::end_seq() const {
  std::shared_lock lock(mu_);
  return first_seq_ + events_.size();
}

size_t Memtable::size() const {
  std::shared_lock lock(mu_);
  return events_.size();
}

size_t Memtable::approximate_bytes() const {
  std::shared_lock lock(mu_);
  return bytes_;
}

int64_t Memtable::min_time_ms() const {
  std::shared_lock lock(mu_);
  return min_time_ms_;
}

int64_t Memtable::max_time_ms() const {
  std::shared_lock lock(mu_);
  return max_time_ms_;
}

void Memtable::ForEach(size_t begin, size_t end,
                       const std::function<void(const Event&)>& fn) const {
  std::shared_lock lock(mu_);
  end = std::min(end, events_.size());
  for (size_t i = begin; i < end; ++i) fn(events_[i]);
}

void Memtable::Copy(size_t begin, size_t end, std::vector<Event>* out) const {
  std::shared_lock lock(mu_);
  end = std::min(end, events_.size());
  for (size_t i = begin; i < end; ++i) out->push_back(events_[i]);
}

bool Memtable::Get(uint64_t seq, Event* out) const {
  std::shared_lock lock(mu_);
  if (seq < first_seq_ || seq - first_seq_ >= events_.size()) return false;
  *out = events_[seq - first_seq_];
  return true;
}

}  // namespace vigil
