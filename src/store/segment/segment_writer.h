// Writing a segment file: the events of one memtable flush, as immutable
// columns (docs/format/segment.md).
#pragma once

#include <span>
#include <string>

#include "core/event.h"
#include "core/status.h"
#include "store/fs/file_system.h"
#include "store/segment/segment_format.h"
#include "store/segment/segment_info.h"

namespace vigil {

struct SegmentWriteOptions {
  // zstd level of every block (zstd accepts 1..22, and negative fast levels).
  int zstd_level = segment::kDefaultZstdLevel;
  // Rows per row group (>= 1). Reading any row decompresses its group's
  // blocks, so smaller groups make page reads cheaper (and the directory
  // longer).
  uint32_t rows_per_group = segment::kDefaultRowsPerGroup;
};

// Writes events as a new segment file at path, and returns what its footer says
// (what SegmentReader::Open(path)->info() will return).
//
// events: non-empty, at most segment::kMaxRows, in seq order with contiguous
// seqs (events[i].seq == events[0].seq + i), statuses valid; else
// InvalidArgument naming the first bad event, and nothing is written.
// options.rows_per_group == 0 is InvalidArgument. A block or footer larger
// than the format allows gives ResourceExhausted.
// path: must not exist (FailedPrecondition otherwise; the existing file is
// not touched). The check and the create are not atomic: callers give each
// segment a unique name (as the engine's flush does).
//
// Durability: returns OK after the file's bytes are synced (WritableFile::Sync)
// and the file is closed. The directory entry is not synced: the caller
// SyncDir()s, typically after writing under a temporary name and Rename().
// On an error after the file was created, the partial file is removed (best
// effort); a crash mid-write may leave one, which SegmentReader::Open reports
// as Corruption.
//
// Memory: besides the events, about one row group's encoded columns.
// Thread-safety: concurrent calls for different paths are safe; events must
// not change during the call. fs must outlive the call.
Result<SegmentInfo> WriteSegment(FileSystem* fs, const std::string& path,
                                 std::span<const Event* const> events,
                                 const SegmentWriteOptions& options = {});
// The same for events held contiguously (the pointer form above lets the
// memtable pass its batches without copying them; its pointers are non-null).
Result<SegmentInfo> WriteSegment(FileSystem* fs, const std::string& path,
                                 std::span<const Event> events,
                                 const SegmentWriteOptions& options = {});

}  // namespace vigil
