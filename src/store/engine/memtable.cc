#include "store/engine/memtable.h"

#include <algorithm>
#include <mutex>

namespace vigil {

void Memtable::Append(std::vector<Event> events, size_t approximate_bytes) {
  if (events.empty()) return;
  int64_t lo = events[0].time_ms;
  int64_t hi = lo;
  for (const Event& e : events) {
    lo = std::min(lo, e.time_ms);
    hi = std::max(hi, e.time_ms);
  }
  std::unique_lock lock(mu_);
  min_time_ms_ = size_ == 0 ? lo : std::min(min_time_ms_, lo);
  max_time_ms_ = size_ == 0 ? hi : std::max(max_time_ms_, hi);
  size_ += events.size();
  batch_ends_.push_back(size_);
  batches_.push_back(std::move(events));
  bytes_ += approximate_bytes;
}

std::pair<size_t, size_t> Memtable::Locate(size_t i) const {
  const size_t b = static_cast<size_t>(std::upper_bound(batch_ends_.begin(), batch_ends_.end(), i) -
                                       batch_ends_.begin());
  return {b, i - (b == 0 ? 0 : batch_ends_[b - 1])};
}

std::vector<const Event*> Memtable::FrozenRows() const {
  std::shared_lock lock(mu_);
  std::vector<const Event*> rows;
  rows.reserve(size_);
  for (const std::vector<Event>& batch : batches_) {
    for (const Event& e : batch) rows.push_back(&e);
  }
  return rows;
}

uint64_t Memtable::end_seq() const {
  std::shared_lock lock(mu_);
  return first_seq_ + size_;
}

size_t Memtable::size() const {
  std::shared_lock lock(mu_);
  return size_;
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
  end = std::min(end, size_);
  if (begin >= end) return;
  auto [b, k] = Locate(begin);
  for (size_t i = begin; i < end; ++i, ++k) {
    if (k == batches_[b].size()) {
      ++b;
      k = 0;
    }
    fn(batches_[b][k]);
  }
}

void Memtable::ForEachAt(std::span<const uint32_t> positions,
                         const std::function<void(uint32_t, const Event&)>& fn) const {
  std::shared_lock lock(mu_);
  if (positions.empty()) return;
  size_t b = Locate(positions.front()).first;
  for (uint32_t pos : positions) {
    while (batch_ends_[b] <= pos) ++b;
    fn(pos, batches_[b][pos - (b == 0 ? 0 : batch_ends_[b - 1])]);
  }
}

size_t Memtable::IndexMore(size_t max_rows) {
  std::lock_guard indexing(indexing_mu_);
  std::vector<const Event*> rows;
  size_t total = 0;
  const size_t begin = index_.rows();
  {
    // The Events never move once appended (each batch keeps its vector), so
    // the pointers stay valid without the lock.
    std::shared_lock lock(mu_);
    total = size_;
    const size_t end = begin + std::min(max_rows, total > begin ? total - begin : 0);
    rows.reserve(end > begin ? end - begin : 0);
    if (begin < end) {
      auto [b, k] = Locate(begin);
      for (size_t i = begin; i < end; ++i, ++k) {
        if (k == batches_[b].size()) {
          ++b;
          k = 0;
        }
        rows.push_back(&batches_[b][k]);
      }
    }
  }
  index_.Add(rows);
  return total - begin - rows.size();
}

Result<std::string> Memtable::FinishIndex() {
  while (IndexMore(SIZE_MAX) > 0) {
  }
  std::lock_guard indexing(indexing_mu_);
  return index_.Finish();
}

void Memtable::Copy(size_t begin, size_t end, std::vector<Event>* out) const {
  ForEach(begin, end, [out](const Event& e) { out->push_back(e); });
}

bool Memtable::Get(uint64_t seq, Event* out) const {
  std::shared_lock lock(mu_);
  if (seq < first_seq_ || seq - first_seq_ >= size_) return false;
  auto [b, k] = Locate(static_cast<size_t>(seq - first_seq_));
  *out = batches_[b][k];
  return true;
}

}  // namespace vigil
