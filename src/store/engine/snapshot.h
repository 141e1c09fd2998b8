// Snapshot: a consistent view of the store for one read: the segments, the
// frozen memtable being flushed, and the prefix of the live memtable that was
// durable when the snapshot was taken. Events appended later are not seen.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "store/engine/memtable.h"
#include "store/engine/segment_set.h"

namespace vigil {

struct Snapshot {
  std::shared_ptr<const SegmentSet> segments;
  std::shared_ptr<const Memtable> imm;  // may be null
  std::shared_ptr<const Memtable> mem;
  size_t mem_visible = 0;  // events of mem in this snapshot (a prefix)
  uint64_t end_seq = 0;    // one past the newest visible seq

  // The visible memtables, oldest first, with their visible sizes.
  template <typename Fn>
  void ForEachMemtable(Fn&& fn) const {
    if (imm) fn(*imm, imm->size());
    if (mem && mem_visible > 0) fn(*mem, mem_visible);
  }

  // The event with this seq (full), when visible. IO/corruption errors from segments.
  Result<bool> GetBySeq(uint64_t seq, Event* out) const;
  // Appends the full events of seqs [first, end) to *out, in seq order.
  // InvalidArgument when end > end_seq; IO/corruption errors from segments.
  Status ReadSeqRange(uint64_t first, uint64_t end, std::vector<Event>* out) const;
};

}  // namespace vigil
