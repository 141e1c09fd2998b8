// MatchScan: the events of one source (a segment or a memtable) that a read
// selects — tenant, time range and filter — delivered a row group at a time
// as rows and times, with only the columns the caller asks for decoded.
//
// Segments with an index (segment_index_file.h) are narrowed first by
// SelectRows: groups without a candidate are never read, and when the
// selection is exact no filter column is decoded either (the time column
// alone decides the range; error flags come from the status bitmap). Other
// sources decode the filter's columns and ask FilterMatcher row by row.
//
// Not thread-safe; one per read.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/event.h"
#include "store/engine/memtable.h"
#include "store/engine/row_selection.h"
#include "store/engine/segment_set.h"
#include "store/filter.h"
#include "store/filter_matcher.h"
#include "store/segment/column_set.h"

namespace vigil {

// A segment or memtable that may hold matching events.
struct ReadSource {
  const OpenSegment* segment = nullptr;  // exactly one of segment / memtable
  const Memtable* memtable = nullptr;
  size_t visible = 0;  // memtable: events visible in the snapshot
  int64_t min_time_ms = 0;
  int64_t max_time_ms = 0;
};

// Matching events of one row group (or memtable stretch), in row order.
struct MatchBatch {
  std::vector<uint32_t> rows;   // row within the segment, or memtable position
  std::vector<int64_t> times;   // time_ms of each
  std::vector<uint8_t> errors;  // 1 when its status is error
  // When the scan was asked for columns: each row's event with (at least)
  // those fields set. Valid during the callback only.
  std::vector<const Event*> events;
  void clear() {
    rows.clear();
    times.clear();
    errors.clear();
    events.clear();
  }
};

// A row group's matches counted from the index alone: `count` events, of
// which `errors` have status error, all with times in [min_time, max_time].
struct GroupCount {
  int64_t min_time = 0;
  int64_t max_time = 0;
  uint64_t count = 0;
  uint64_t errors = 0;
};

// The columns a filter reads (plus seq, time, tenant and status, always).
ColumnSet ColumnsForFilter(const Filter& filter);

class MatchScan {
 public:
  // filter must outlive the scan. columns: the event fields the callback
  // reads (none for counts and pages).
  MatchScan(const Filter& filter, std::string tenant, TimeRange range, ColumnSet columns);

  // Calls fn for each batch of matches, in row order; stops at the first
  // error (fn's own included).
  Status Run(const ReadSource& source, const std::function<Status(const MatchBatch&)>& fn);

  // Like Run, for counts: a row group of an indexed segment whose matches
  // the index knows exactly (an exact selection, the group's times wholly
  // within the range) and for which whole(min_time, max_time) holds goes to
  // on_group, counted without decoding anything; the other groups' matches
  // go to fn as rows (with the columns asked for).
  Status Count(const ReadSource& source, const std::function<bool(int64_t, int64_t)>& whole,
               const std::function<void(const GroupCount&)>& on_group,
               const std::function<Status(const MatchBatch&)>& fn);

 private:
  // whole and on_group: see Count (both null for Run).
  Status RunIndexed(const OpenSegment& segment, const std::function<Status(const MatchBatch&)>& fn,
                    const std::function<bool(int64_t, int64_t)>* whole = nullptr,
                    const std::function<void(const GroupCount&)>* on_group = nullptr);
  Status RunScan(const OpenSegment& segment, const std::function<Status(const MatchBatch&)>& fn);
  Status RunMemtable(const ReadSource& source, const std::function<Status(const MatchBatch&)>& fn);
  bool Accepts(const Event& e);

  const Filter& filter_;
  const std::string tenant_;
  const TimeRange range_;
  const ColumnSet columns_;       // the caller's
  const ColumnSet scan_columns_;  // the caller's and the filter's
  FilterMatcher matcher_;
  MatchBatch batch_;
  std::vector<Event> events_;          // a group's decoded rows
  std::vector<int64_t> times_;         // a group's times
  std::vector<uint32_t> wanted_;       // a group's candidate rows
  std::vector<uint32_t> error_rows_;   // a group's rows with status error
  std::vector<uint8_t> group_errors_;  // by row within the group
};

}  // namespace vigil
