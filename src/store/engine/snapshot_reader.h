// SnapshotReader: answers reads (search, histogram, facets, scan, get) over
// one Snapshot by scanning: segments are pruned by time range and tenant
// (footer min/max time and tenant list), only the columns the filter needs
// are decoded, and FilterMatcher decides each row. Full events are decoded
// only for the rows of the returned page.
//
// Not thread-safe; create one per read (cheap).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/engine/snapshot.h"
#include "store/filter_matcher.h"
#include "store/segment/column_set.h"
#include "store/store.h"

namespace vigil {

class SnapshotReader {
 public:
  explicit SnapshotReader(std::shared_ptr<const Snapshot> snapshot) : snap_(std::move(snapshot)) {}

  Result<SearchPage> Search(const SearchRequest& request);
  Result<Histogram> ComputeHistogram(const HistogramRequest& request);
  Result<std::vector<FacetResult>> ComputeFacets(const FacetRequest& request);
  Status Scan(const ScanRequest& request, const std::function<Status(const Event&)>& visit);
  // The first event with this id, in any tenant when tenant is empty (a scan).
  Result<std::optional<Event>> FindById(std::string_view tenant, std::string_view id);

  // The columns a filter reads (plus seq, time, tenant and status, always).
  static ColumnSet ColumnsFor(const Filter& filter);

 private:
  // A segment or memtable that may hold matching events.
  struct Source {
    const OpenSegment* segment = nullptr;  // exactly one of segment / memtable
    const Memtable* memtable = nullptr;
    size_t visible = 0;  // memtable: events visible in the snapshot
    int64_t min_time_ms = 0;
    int64_t max_time_ms = 0;
  };

  // The sources that can hold events of the scope, in seq order.
  std::vector<Source> SourcesFor(const ReadScope& scope, const TimeRange& range) const;

  // Calls fn(event, row) for each row of the source that passes tenant, range
  // and filter. For segments, `event` holds only `columns`; row is the row
  // index (segment) or position (memtable).
  Status ForEachMatch(const Source& source, const ReadScope& scope, const TimeRange& range,
                      const ColumnSet& columns, FilterMatcher& matcher,
                      const std::function<void(const Event&, uint32_t row)>& fn);

  std::shared_ptr<const Snapshot> snap_;
};

}  // namespace vigil
