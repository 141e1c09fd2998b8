// Compaction: merging runs of adjacent small segments into one segment, so
// that restarts, explicit flushes and quiet periods (each of which writes a
// small segment) do not leave a data directory of many tiny files, each with
// its own footer, index and per-read overhead. The engine's Compact
// (embedded_store_compaction.cc) writes each run with WriteSegmentCopy and
// swaps it in; docs/format/data-dir.md "Compaction".
#pragma once

#include <cstdint>
#include <vector>

#include "store/engine/data_dir.h"
#include "store/engine/segment_set.h"

namespace vigil {

// The widest span of event time a merge may make a segment cover: retention
// moves and deletes whole segments once their newest event is old enough, so
// merging a quiet store's new segments into its old ones would keep the old
// events from ever aging out. Ingest in time order makes segments of
// adjacent times, which merge as before.
inline constexpr int64_t kCompactionMaxSpanMs = 24 * 3600 * 1000;

// Seqs first_seq..last_seq, now in `segments` adjacent segments of one tier.
struct CompactionRun {
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  size_t segments = 0;  // >= 2
  uint64_t rows = 0;
  bool archived = false;
  int64_t min_time_ms = 0;  // of the merged events
  int64_t max_time_ms = 0;
  bool operator==(const CompactionRun&) const = default;
};

// What a call of EmbeddedStore::Compact did.
struct CompactionResult {
  uint64_t runs = 0;             // merged segments written
  uint64_t segments_merged = 0;  // input segments they replaced
  uint64_t events = 0;
  uint64_t bytes_before = 0;  // of the inputs
  uint64_t bytes_after = 0;   // of the merged segments
};

// The runs to merge: from the oldest segment on, greedily, maximal runs of
// two or more adjacent segments (in seqs: no deleted one between) of the
// same tier whose rows add up to at most max_rows (a segment of max_rows or
// more is never merged) and whose events' times lie within max_span_ms.
// Nothing when max_rows is 0.
std::vector<CompactionRun> PlanCompaction(const SegmentSet& set, uint64_t max_rows,
                                          int64_t max_span_ms = kCompactionMaxSpanMs);

// Segment files whose seqs another file covers, found on open: the inputs of
// a merge or archive move that a crash interrupted after its output was
// durable. Sorted by first seq, then widest first, an archived file before
// an online one of the same seqs (so the covering file comes first).
struct CoveringGroup {
  SegmentFile cover;
  std::vector<SegmentFile> covered;  // non-empty
};
// Splits files into those no other file covers (kept, in seq order) and
// the groups of a covering file and what it covers (nested covers belong to
// the outermost).
void GroupCoveredFiles(std::vector<SegmentFile> files, std::vector<SegmentFile>* kept,
                       std::vector<CoveringGroup>* groups);

}  // namespace vigil
