// Memtable: the newest events, in seq order, searchable as soon as they are
// durable. Append-only until the engine freezes it for a flush. Its index
// (memtable_index.h) follows the appends, advanced by IndexMore.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <vector>

#include "core/event.h"
#include "store/engine/memtable_index.h"

namespace vigil {

class Memtable {
 public:
  // rows_per_group: of the segment it will be flushed to (its index's).
  Memtable(uint64_t first_seq, uint32_t rows_per_group)
      : first_seq_(first_seq), index_(rows_per_group) {}
  Memtable(const Memtable&) = delete;
  Memtable& operator=(const Memtable&) = delete;

  // Appends events whose seqs continue this memtable's (checked by the caller).
  // The vector is kept whole as one batch: its (1.1 KB) Events are not moved.
  // Thread-safe against readers.
  void Append(std::vector<Event> events, size_t approximate_bytes);

  uint64_t first_seq() const { return first_seq_; }
  // Seq one past the last event. Thread-safe.
  uint64_t end_seq() const;
  size_t size() const;
  size_t approximate_bytes() const;
  int64_t min_time_ms() const;  // meaningful when size() > 0
  int64_t max_time_ms() const;

  // Calls fn(event) for events [begin, end) by position (clamped), under a
  // shared lock: fn must be quick and must not call back into the memtable.
  void ForEach(size_t begin, size_t end, const std::function<void(const Event&)>& fn) const;
  // Calls fn(position, event) for each position in `positions` (ascending,
  // each < size()), under a shared lock like ForEach.
  void ForEachAt(std::span<const uint32_t> positions,
                 const std::function<void(uint32_t, const Event&)>& fn) const;
  // Copies events [begin, end) by position (clamped) into out.
  void Copy(size_t begin, size_t end, std::vector<Event>* out) const;
  // The event with this seq, if held here.
  bool Get(uint64_t seq, Event* out) const;

  // Indexes up to max_rows more events (from index().rows() on); returns
  // how many remain unindexed. Thread-safe; concurrent callers index
  // different rows, one after the other.
  size_t IndexMore(size_t max_rows);
  const MemtableIndex& index() const { return index_; }
  // Indexes every remaining event and serializes the index (MemtableIndex::Finish).
  // Precondition: frozen.
  Result<std::string> FinishIndex();

  // Every event in seq order, for a flush. Precondition: the memtable is
  // frozen (no more Appends); the pointers live as long as the memtable.
  std::vector<const Event*> FrozenRows() const;

 private:
  // The batch holding position i and i's index in it; requires i < size_.
  std::pair<size_t, size_t> Locate(size_t i) const;

  const uint64_t first_seq_;
  std::mutex indexing_mu_;  // one IndexMore at a time
  MemtableIndex index_;
  mutable std::shared_mutex mu_;
  std::vector<std::vector<Event>> batches_;  // guarded by mu_; none empty
  std::vector<size_t> batch_ends_;           // guarded by mu_; position past each batch
  size_t size_ = 0;                          // guarded by mu_
  size_t bytes_ = 0;                         // guarded by mu_
  int64_t min_time_ms_ = 0;                  // guarded by mu_
  int64_t max_time_ms_ = 0;                  // guarded by mu_
};

}  // namespace vigil
