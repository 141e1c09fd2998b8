// SegmentCursor: repeated reads of the same columns of one open segment. It
// keeps what does not change between reads: the columns' dictionaries
// (decoded once per segment and shared by all its cursors, see
// SegmentReader::LoadDictionary) and a zstd context. Use one to
// stream a segment a row group at a time (export), or to read several pages
// of a segment (a query); SegmentReader's own reads make a cursor per call.
//
// Created by SegmentReader::NewCursor. Must not outlive its reader. Not
// thread-safe: one cursor per thread (the reader itself is shared).
//
// Reads fill a caller's vector of Events: fields of the cursor's columns are
// set, every other field is left default. Events already in the vector are
// reused (their strings keep their capacity), so streaming through one vector
// allocates almost nothing after the first group. Errors are as for
// SegmentReader; on any error *out is left empty.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/event_fields.h"
#include "core/status.h"
#include "store/segment/block_compression.h"
#include "store/segment/column_set.h"
#include "store/segment/segment_info.h"

namespace vigil {

class SegmentReader;

// A string column's dictionary, decoded: entries view raw.
struct SegmentDictionary {
  std::string raw;
  std::vector<std::string_view> entries;
};

class SegmentCursor {
 public:
  SegmentCursor(const SegmentCursor&) = delete;
  SegmentCursor& operator=(const SegmentCursor&) = delete;

  const ColumnSet& columns() const { return columns_; }

  // Makes *out rows [begin, end) (begin <= end <= rows; else
  // InvalidArgument): out[k] is row begin + k. Reads only the row groups
  // holding them; a group read to its end is checked to its end.
  Status ReadRange(uint64_t begin, uint64_t end, std::vector<Event>* out);

  // Makes *out the rows with the given indexes (strictly ascending, each <
  // rows; else InvalidArgument): out[k] is row rows[k]. Reads only the row
  // groups holding them, each up to its last selected row.
  Status ReadRows(std::span<const uint32_t> rows, std::vector<Event>* out);

  // Makes *out the values of integer column c (a delta-varint column: seq,
  // time, received_at) for every row of `group`, without building Events:
  // what aggregations over times read. Any column, in the cursor's set or
  // not. InvalidArgument for a group past the last or another encoding.
  Status ReadIntegers(SegmentColumn c, uint32_t group, std::vector<int64_t>* out);

 private:
  friend class SegmentReader;
  SegmentCursor(const SegmentReader* reader, const ColumnSet& columns);

  // Which rows a read wants: a range, or (rows != nullptr) a list.
  struct Selection {
    uint64_t begin = 0;
    uint64_t end = 0;
    const std::span<const uint32_t>* rows = nullptr;
  };

  Status Read(const Selection& selection, std::vector<Event>* out);
  Status LoadDictionaries();
  // Decodes rows [first, stop) of `group` (group-relative), filling the ones
  // `wanted` (group-relative, ascending; all of them when wanted is null)
  // into dest[0], dest[1], …
  Status ReadGroup(uint32_t group, size_t first, size_t stop, const std::vector<uint32_t>* wanted,
                   Event* dest);

  const SegmentReader* reader_;
  const ColumnSet columns_;
  // The columns not read, reset in reused Events: strings by field (looked up
  // once here, not per row), the others by column.
  std::vector<StringField> reset_strings_;
  std::vector<SegmentColumn> reset_;
  bool dictionaries_loaded_ = false;
  // By column id; shared with the reader (SegmentReader::LoadDictionary).
  std::array<std::shared_ptr<const SegmentDictionary>, kSegmentColumnCount> dictionaries_;
  segment::BlockDecompressor decompressor_;
  std::string stored_;  // scratch
  std::string raw_;     // scratch of ReadIntegers
};

}  // namespace vigil
