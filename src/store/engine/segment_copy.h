// Copying segments into a new segment file: one segment recompressed for the
// archive tier (segment_archive.h), or adjacent segments merged into one by
// compaction (segment_compaction.h). The new file covers the seqs of its
// inputs; the engine swaps it into the set, then deletes the inputs. A
// crash in between leaves both; on open the covering file wins
// (EmbeddedStore's recovery), which is only right because a copy that fails
// after its rename is removed again here.
#pragma once

#include <span>
#include <string>

#include "core/status.h"
#include "store/engine/segment_set.h"
#include "store/fs/file_system.h"
#include "store/segment/segment_writer.h"

namespace vigil {

// Writes the events of inputs (adjacent segments in seq order, at least one)
// to path with options (temp file, fsync, rename), then its index, syncs the
// directory and opens the copy, marked `archived` as given. The inputs are
// untouched. Memory: every event of the inputs.
// Errors leave no file at path (the copy and its index are removed again
// when a step after the rename fails; if that removal fails too, the error
// says which file to delete).
Result<OpenSegment> WriteSegmentCopy(FileSystem* fs, std::span<const OpenSegment* const> inputs,
                                     const std::string& path, const SegmentWriteOptions& options,
                                     bool archived);

// Deletes a segment file and its index (when present), then syncs their
// directory.
Status RemoveSegmentFiles(FileSystem* fs, const std::string& segment_path);

}  // namespace vigil
