// SegmentInfo: what a segment's footer says about it, for pruning and
// planning without reading any block. A value type.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "store/segment/segment_column.h"
#include "store/segment/segment_format.h"

namespace vigil {

// One entry of the block directory: where a block is stored and how to read
// it (docs/format/segment.md "Block directory"). A block is one column of one
// row group, or a column's dictionary (group == kDictionarySlot).
struct SegmentColumnBlock {
  static constexpr uint32_t kDictionarySlot = UINT32_MAX;

  uint32_t group = 0;
  SegmentColumn column = SegmentColumn::kSeq;
  segment::ColumnEncoding encoding = segment::ColumnEncoding::kDeltaVarint;
  segment::BlockCompression compression = segment::BlockCompression::kNone;
  uint32_t crc = 0;          // zlib crc32 of the stored bytes
  uint64_t offset = 0;       // of the stored bytes, from the start of the file
  uint64_t stored_size = 0;  // bytes in the file
  uint64_t raw_size = 0;     // bytes after decompression
  bool operator==(const SegmentColumnBlock&) const = default;
};

struct SegmentInfo {
  uint32_t format_version = 0;
  uint64_t rows = 0;  // >= 1
  // Seqs are contiguous: row i holds seq first_seq + i; last_seq = first_seq + rows - 1.
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  int64_t min_time_ms = 0;  // over all rows (times need not be sorted)
  int64_t max_time_ms = 0;
  int64_t min_received_at_ms = 0;
  int64_t max_received_at_ms = 0;
  // Row group g holds rows [g * rows_per_group, min(rows, (g + 1) * rows_per_group)).
  uint32_t rows_per_group = 0;
  uint32_t row_groups = 0;
  std::vector<std::string> tenants;  // distinct tenants of the rows, sorted bytewise
  // The block directory. Each column's dictionary slot, by column id
  // (encoding kStringDictionary for a string column with a dictionary, else
  // an empty kNone entry):
  std::vector<SegmentColumnBlock> dictionaries;
  // The row groups' blocks, group-major: blocks[g * kSegmentColumnCount + column id].
  std::vector<SegmentColumnBlock> blocks;
  uint64_t file_bytes = 0;  // size of the whole file

  const SegmentColumnBlock& block(uint32_t group, SegmentColumn c) const {
    return blocks[group * kSegmentColumnCount + ColumnId(c)];
  }
  uint64_t GroupFirstRow(uint32_t group) const { return uint64_t{group} * rows_per_group; }
  uint64_t GroupRows(uint32_t group) const {
    return std::min<uint64_t>(rows_per_group, rows - GroupFirstRow(group));
  }
  bool HasDictionary(SegmentColumn c) const {
    return dictionaries[ColumnId(c)].encoding == segment::ColumnEncoding::kStringDictionary;
  }
  // Stored bytes of a column: its dictionary and all its group blocks.
  uint64_t ColumnStoredBytes(SegmentColumn c) const {
    uint64_t n = dictionaries[ColumnId(c)].stored_size;
    for (uint32_t g = 0; g < row_groups; ++g) n += block(g, c).stored_size;
    return n;
  }
  bool operator==(const SegmentInfo&) const = default;
};

}  // namespace vigil
