// Segment archiving: moving a segment from the online tier (DIR/segments) to
// the archive tier (DIR/archive) when retention finds all its events past
// their tenants' online windows (docs/format/data-dir.md "Retention"). The
// engine's RunRetention calls these one segment at a time.
//
// A move is crash-safe in this order: the archive copy is written and synced
// (temp file, fsync, rename, then its index), the archive directory synced,
// the new segment swapped into the set, and only then the online files
// deleted and DIR/segments synced. A crash in between leaves the same
// segment in both tiers, both whole; the next open keeps the archive copy
// and deletes the online one.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "store/engine/segment_copy.h"
#include "store/engine/segment_set.h"
#include "store/fs/file_system.h"
#include "store/retention_policy.h"

namespace vigil {

// The zstd level of archive segments (online ones use
// segment::kDefaultZstdLevel). A segment is archived once and then read
// rarely: docs/benchmarks.md "Archive tier" has the sizes and times of the
// levels measured.
inline constexpr int kArchiveZstdLevel = 15;

// Whether every event of the segment is older than its tenant's online
// window at now_ms. From the footer alone: the segment's newest time against
// the widest window among the tenants it holds.
bool PastOnlineWindow(const SegmentInfo& info, const RetentionPolicy& policy, int64_t now_ms);
// Whether every event of the segment is older than its tenant's delete-after
// age at now_ms: false as soon as one of its tenants is never deleted.
bool PastDeleteAge(const SegmentInfo& info, const RetentionPolicy& policy, int64_t now_ms);

// Writes the segment's events to archive_path recompressed at
// kArchiveZstdLevel, with the same seqs and row groups (WriteSegmentCopy:
// temp file, fsync, rename, then its index), syncs the archive directory
// and opens the copy. The online files are untouched; errors leave no file
// at archive_path.
Result<OpenSegment> WriteArchivedCopy(FileSystem* fs, const OpenSegment& segment,
                                      const std::string& archive_path);

}  // namespace vigil
