// RowSelection: the rows of one segment (or memtable) that can hold events
// of a read, from its index alone (store/index RowIndex), before any column
// is decoded or event looked at. Terms become posting bitmaps; AND intersects, OR unites, NOT
// complements an exact child. Keys whose bitmaps count row groups, phrases
// of several words (adjacency is not indexed), ids, durations and times
// cannot be answered exactly: they give a superset (durations and times:
// the row groups whose least and greatest value meet the range), and the
// caller confirms each candidate with FilterMatcher.
#pragma once

#include <string_view>

#include "store/filter.h"
#include "store/index/row_index.h"

namespace vigil {

struct RowSelection {
  index::Bitmap rows;  // candidate rows, 0-based within the segment
  // Every candidate belongs to the tenant and matches the filter, so only
  // the time range remains to check (times are not indexed).
  bool exact = false;
};

// The rows indexed by ix holding events of tenant (any when
// empty) that may match filter: a superset of the matching rows, equal to
// them when exact is set.
RowSelection SelectRows(const index::RowIndex& ix, std::string_view tenant, const Filter& filter);

}  // namespace vigil
