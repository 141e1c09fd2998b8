// Segment redaction: erasing one actor's personal values from a segment file
// by rewriting it whole (segments are immutable; docs/format/data-dir.md
// "Redaction"). The engine's RedactActor calls these for each segment while
// no flush or append runs.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"
#include "store/engine/segment_set.h"
#include "store/fs/file_system.h"

namespace vigil {

// Which events a redaction erases: tenant == tenant, actor.id == actor_id,
// and still sealed with a key (personal values not yet erased).
struct RedactionTarget {
  std::string_view tenant;
  std::string_view actor_id;
};

// The number of the segment's events that match target. Reads only the
// tenant, actor.id and seal.key columns (none when the footer's tenant list
// lacks the tenant).
Result<uint64_t> CountRedactable(const OpenSegment& segment, const RedactionTarget& target);

struct RedactedSegment {
  OpenSegment segment;  // the new file, opened
  uint64_t events = 0;  // events redacted in it
  // OK, or why the directory could not be synced after the rename: the new
  // file is in place but a crash may still bring back the old one.
  Status dir_sync;
};

// Rewrites segment.path with the matching events redacted (ledger::Redact):
// reads every event, checks that each redacted event's leaf hash is unchanged
// (Internal otherwise, and nothing is written), writes `<path>.tmp` with the
// same seqs (and the zstd level of its tier), fsyncs it, renames it over
// `path` and fsyncs the directory.
// Errors before the rename leave the old file in place (and remove the temp
// file); the old reader stays valid either way, because on POSIX a file
// renamed over stays readable through descriptors opened before.
// Memory: every event of the segment. Not thread-safe for the same path.
Result<RedactedSegment> RewriteRedacted(FileSystem* fs, const OpenSegment& segment,
                                        const RedactionTarget& target);

}  // namespace vigil
