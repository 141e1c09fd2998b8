// MemtableIndex: the index of a memtable's rows (positions 0, 1, …), built
// behind the appends by the engine's indexer (Memtable::IndexMore) so that
// reads of the newest events use postings like reads of segments do
// (match_scan.h); the rows not indexed yet are scanned. When its memtable is
// frozen and every row indexed, Finish serializes it as the memtable's
// segment's index file: a flush does not tokenize the events again.
//
// Thread-safe: one adder at a time (Add), any number of readers (Read).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>

#include "core/event.h"
#include "core/status.h"
#include "store/index/row_index.h"
#include "store/index/segment_index_builder.h"

namespace vigil {

class MemtableIndex {
 public:
  // rows_per_group: the memtable's segment's row-group size.
  explicit MemtableIndex(uint32_t rows_per_group);
  MemtableIndex(const MemtableIndex&) = delete;
  MemtableIndex& operator=(const MemtableIndex&) = delete;

  // Indexes rows as the next ones, from rows() on. A no-op after Finish.
  // Holds the readers off while it runs: callers add a few hundred at a time.
  void Add(std::span<const Event* const> rows);
  // How many rows are indexed.
  uint32_t rows() const;

  // Calls fn with the index of rows [0, its rows()) under a shared lock;
  // fn must not call back into this index.
  void Read(const std::function<void(const index::RowIndex&)>& fn) const;

  // The index file's bytes (docs/format/segment-index.md) for the rows
  // added, the same bytes WriteSegmentIndex builds from those rows. Reads
  // go on afterwards, answered from the serialized index. Call once.
  Result<std::string> Finish();

 private:
  mutable std::shared_mutex mu_;
  index::SegmentIndexBuilder builder_;               // guarded by mu_
  std::unique_ptr<const index::RowIndex> finished_;  // guarded by mu_; set by Finish
};

}  // namespace vigil
