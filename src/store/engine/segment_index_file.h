// The index file of a segment (store/index, docs/format/segment-index.md):
// DIR/segments/F-L.vidx beside F-L.vseg. Written right after its segment at
// flush and at redaction; mapped (not read into memory) and checked after
// the store opens (EmbeddedStore::LoadIndexes). An index is derived data: a missing one is rebuilt
// from its segment, and a damaged one is reported, rebuilt and replaced, so a bad index never stops
// the store from opening or answers a query wrongly.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/status.h"
#include "store/fs/file_system.h"
#include "store/index/segment_index.h"
#include "store/segment/segment_reader.h"

namespace vigil {

// "…/F-L.vidx" for "…/F-L.vseg".
std::string IndexPathFor(std::string_view segment_path);

// Builds the index of rows (the segment's rows in order) and writes it to
// IndexPathFor(segment_path): a temp file, fsync, rename. The caller syncs
// the directory, then opens it with OpenSegmentIndex.
Status WriteSegmentIndex(FileSystem* fs, const std::string& segment_path,
                         std::span<const Event* const> rows, uint32_t rows_per_group);

// Writes index bytes built elsewhere (a memtable's, MemtableIndex::Finish)
// the same way.
Status WriteSegmentIndexBytes(FileSystem* fs, const std::string& segment_path,
                              std::string_view bytes);

// Maps and checks the index of an open segment. NotFound when there is no
// index file; Corruption when it is damaged or describes other rows (a row
// count or row-group size unlike the segment's).
Result<std::shared_ptr<const index::SegmentIndex>> OpenSegmentIndex(FileSystem* fs,
                                                                    const SegmentReader& segment);

// OpenSegmentIndex, or when the file is missing or damaged, a new index
// built from the segment's columns (one row group at a time), written and
// its directory synced. A damaged file is reported through warn (naming the
// file and what is wrong) before it is replaced. Errors: the segment's
// (reading it) and the file system's (writing the index).
Result<std::shared_ptr<const index::SegmentIndex>> LoadSegmentIndex(
    FileSystem* fs, const SegmentReader& segment,
    const std::function<void(const std::string&)>& warn);

}  // namespace vigil
