// SnapshotReader: answers reads (search, histogram, facets, scan, get) over
// one Snapshot: segments are pruned by time range and tenant (footer min/max
// time and tenant list), then MatchScan narrows each by its index and
// decodes only what the read needs (times for pages and histograms; facet
// counts of single-valued fields come from the index's bitmaps). Full
// events are decoded only for the rows of the returned page.
//
// Not thread-safe; create one per read (cheap).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/engine/match_scan.h"
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

 private:
  // The sources that can hold events of the scope, in seq order.
  std::vector<ReadSource> SourcesFor(const ReadScope& scope, const TimeRange& range) const;

  std::shared_ptr<const Snapshot> snap_;
};

}  // namespace vigil
