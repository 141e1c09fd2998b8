// SegmentSet: the open segments of a data directory, in seq order. Immutable:
// the engine replaces the whole set (copy-on-write) when a flush adds a
// segment, a redaction rewrites one, retention archives one or compaction
// merges some, so readers holding a shared_ptr keep a consistent view.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/index/segment_index.h"
#include "store/segment/segment_cursor.h"
#include "store/segment/segment_reader.h"

namespace vigil {

struct OpenSegment {
  std::string path;
  std::shared_ptr<const SegmentReader> reader;
  // Its index (segment_index_file.h); null only for segments opened without
  // one (tests of the scan path).
  std::shared_ptr<const index::SegmentIndex> index;
  // In the archive tier (DIR/archive, segment_archive.h) rather than online.
  bool archived = false;
  const SegmentInfo& info() const { return reader->info(); }
};

// Calls fn(rows, first_row) for each row group of the segment in order, with
// the given columns decoded; stops at the first error. Memory: one row group.
Status ForEachGroup(const OpenSegment& segment, const ColumnSet& columns,
                    const std::function<Status(const std::vector<Event>&, uint64_t)>& fn);

class SegmentSet {
 public:
  SegmentSet() = default;
  explicit SegmentSet(std::vector<OpenSegment> segments) : segments_(std::move(segments)) {}

  const std::vector<OpenSegment>& segments() const { return segments_; }
  size_t size() const { return segments_.size(); }
  // One past the last seq held by segments (0 when none). Seqs of deleted
  // segments (deletion_log.h) leave gaps before it; the newest segment is
  // never deleted.
  uint64_t end_seq() const { return segments_.empty() ? 0 : segments_.back().info().last_seq + 1; }
  // The segment holding seq, or nullptr.
  const OpenSegment* FindBySeq(uint64_t seq) const;

  // A new set with one more segment at the end.
  std::shared_ptr<const SegmentSet> With(OpenSegment added) const;
  // A new set with the segment of the same seqs replaced (a redaction's
  // rewrite, an archived copy): Merging a segment that covers only itself.
  std::shared_ptr<const SegmentSet> Replacing(OpenSegment rewritten) const;
  // A new set with the segments whose seqs merged's cover replaced by it (a
  // compaction).
  std::shared_ptr<const SegmentSet> Merging(OpenSegment merged) const;
  // A new set without the segment starting at first_seq (a deletion).
  std::shared_ptr<const SegmentSet> Without(uint64_t first_seq) const;

 private:
  std::vector<OpenSegment> segments_;
};

}  // namespace vigil
