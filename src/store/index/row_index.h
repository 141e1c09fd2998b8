// RowIndex: what a read asks of an index over numbered rows — the rows
// holding a term, the terms of a key, each row group's time and duration
// ranges. Two kinds answer it: a segment's index file (SegmentIndex) and
// the index of the rows added so far to a SegmentIndexBuilder (the
// memtable's, store/engine/memtable_index.h). store/engine/row_selection.h
// turns a filter into rows through it.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "store/index/index_key.h"
#include "store/index/posting_codec.h"

namespace vigil::index {

// What a lookup found.
struct Rows {
  Bitmap rows;
  // false when a posting counted row groups: rows then holds every row of
  // those groups, a superset of the rows holding the term.
  bool exact = true;
};

// The least and greatest time (epoch ms) and context.duration_ms of a row
// group's rows.
struct GroupRange {
  int64_t min_time = 0;
  int64_t max_time = 0;
  double min_duration = 0;  // +inf when no row of the group has a duration
  double max_duration = 0;  // -inf then
  bool has_durations() const { return min_duration <= max_duration; }
};

class RowIndex {
 public:
  virtual ~RowIndex() = default;

  // Rows are numbered 0 .. rows() - 1, in groups of rows_per_group().
  virtual uint32_t rows() const = 0;
  virtual uint32_t rows_per_group() const = 0;
  uint32_t row_groups() const { return (rows() + rows_per_group() - 1) / rows_per_group(); }
  // Row group g's ranges; g < row_groups().
  virtual GroupRange group_range(uint32_t g) const = 0;

  // The rows holding exactly `term`.
  virtual Rows Exact(IndexKey k, std::string_view term) const = 0;
  // The rows holding a term that starts with `prefix` (any term for an
  // empty prefix).
  virtual Rows Prefix(IndexKey k, std::string_view prefix) const = 0;
  // Calls f(term, rows) once for each term of k (CIDR queries over kIp,
  // facet counts); a SegmentIndex goes in term order, a builder in the
  // order terms first appeared.
  virtual void ForEachTerm(IndexKey k,
                           const std::function<void(std::string_view, const Rows&)>& f) const = 0;
};

}  // namespace vigil::index
