#include "store/engine/match_scan.h"

#include <roaring/roaring.h>

#include <optional>

namespace vigil {
namespace {

constexpr size_t kMemtableBatch = 1024;

// Walks a selection a row group at a time (CRoaring's C iterator: bulk
// reads, a jump per group).
class GroupRows {
 public:
  explicit GroupRows(const index::Bitmap& rows)
      : rows_(rows), it_(roaring_create_iterator(&rows.roaring)) {}
  ~GroupRows() { roaring_free_uint32_iterator(it_); }
  GroupRows(const GroupRows&) = delete;
  GroupRows& operator=(const GroupRows&) = delete;

  // Makes *out the selected rows in [begin, end), ascending.
  void Get(uint64_t begin, uint64_t end, std::vector<uint32_t>* out) {
    const uint64_t n = roaring_bitmap_range_cardinality(&rows_.roaring, begin, end);
    out->resize(n);
    if (n == 0) return;
    roaring_move_uint32_iterator_equalorlarger(it_, static_cast<uint32_t>(begin));
    out->resize(roaring_read_uint32_iterator(it_, out->data(), static_cast<uint32_t>(n)));
  }

 private:
  const index::Bitmap& rows_;
  roaring_uint32_iterator_t* it_;
};

}  // namespace

ColumnSet ColumnsForFilter(const Filter& filter) {
  using C = SegmentColumn;
  ColumnSet cols{C::kSeq, C::kTime, C::kTenant, C::kStatus};
  FilterNeeds needs = FilterMatcher::NeedsOf(filter);
  auto need = [&](FilterField f) { return needs.fields[static_cast<size_t>(f)]; };
  if (need(FilterField::kId)) cols.Add(C::kId);
  if (need(FilterField::kEnvironment)) cols.Add(C::kEnvironment);
  if (need(FilterField::kWorkspace)) cols.Add(C::kWorkspaceId).Add(C::kWorkspaceName);
  if (need(FilterField::kAction)) cols.Add(C::kAction);
  if (need(FilterField::kCategory)) cols.Add(C::kCategory);
  if (need(FilterField::kOperation)) cols.Add(C::kOperation);
  if (need(FilterField::kActor)) cols.Add(C::kActorId).Add(C::kActorEmail).Add(C::kActorName);
  if (need(FilterField::kActorRole)) cols.Add(C::kActorRole);
  if (need(FilterField::kActorType)) cols.Add(C::kActorType);
  if (need(FilterField::kActorStatus)) cols.Add(C::kActorStatus);
  if (need(FilterField::kTarget)) cols.Add(C::kTargetId);
  if (need(FilterField::kTargetType)) cols.Add(C::kTargetType);
  if (need(FilterField::kResource)) {
    cols.Add(C::kTargetId).Add(C::kTargetParentId).Add(C::kResources);
  }
  if (need(FilterField::kMethod)) cols.Add(C::kMethod);
  if (need(FilterField::kPath)) cols.Add(C::kPath);
  if (need(FilterField::kIp)) cols.Add(C::kIp);
  if (need(FilterField::kCountry)) cols.Add(C::kGeoCountry);
  if (need(FilterField::kDuration)) cols.Add(C::kDurationMs);
  if (needs.text) {
    for (C c : {C::kDescription, C::kId, C::kWorkspaceId, C::kWorkspaceName, C::kActorId,
                C::kActorName, C::kActorEmail, C::kTargetId, C::kTargetName, C::kTargetParentId,
                C::kTargetParentName, C::kRequestId, C::kSessionId, C::kResources, C::kMetadata}) {
      cols.Add(c);
    }
  }
  return cols;
}

MatchScan::MatchScan(const Filter& filter, std::string tenant, TimeRange range, ColumnSet columns)
    : filter_(filter),
      tenant_(std::move(tenant)),
      range_(range),
      columns_(columns),
      scan_columns_(ColumnsForFilter(filter) | columns),
      matcher_(filter) {}

bool MatchScan::Accepts(const Event& e) {
  if (!tenant_.empty() && e.tenant != tenant_) return false;
  if (!range_.Contains(e.time_ms)) return false;
  return matcher_.Matches(e);
}

Status MatchScan::Run(const ReadSource& source,
                      const std::function<Status(const MatchBatch&)>& fn) {
  if (source.memtable != nullptr) return RunMemtable(source, fn);
  if (source.segment->index != nullptr) return RunIndexed(*source.segment, fn);
  return RunScan(*source.segment, fn);
}

Status MatchScan::Count(const ReadSource& source,
                        const std::function<bool(int64_t, int64_t)>& whole,
                        const std::function<void(const GroupCount&)>& on_group,
                        const std::function<Status(const MatchBatch&)>& fn) {
  if (source.segment != nullptr && source.segment->index != nullptr) {
    return RunIndexed(*source.segment, fn, &whole, &on_group);
  }
  return Run(source, fn);
}

Status MatchScan::RunIndexed(const OpenSegment& segment,
                             const std::function<Status(const MatchBatch&)>& fn,
                             const std::function<bool(int64_t, int64_t)>* whole,
                             const std::function<void(const GroupCount&)>* on_group) {
  const SegmentInfo& info = segment.info();
  const index::SegmentIndex& ix = *segment.index;
  const RowSelection sel = SelectRows(ix, tenant_, filter_);
  if (sel.rows.isEmpty()) return Status::Ok();
  // Error flags from the status bitmap (exact: it counts rows).
  const index::Rows errors = ix.Exact(index::IndexKey::kStatus, "error");
  const bool error_bitmap = errors.exact;
  ColumnSet columns = sel.exact ? columns_ : scan_columns_;
  if (sel.exact && !error_bitmap) columns.Add(SegmentColumn::kStatus);
  const bool decode = !columns.empty();
  std::unique_ptr<SegmentCursor> cursor = segment.reader->NewCursor(columns);
  GroupRows groups(sel.rows);
  GroupRows error_rows(errors.rows);
  // Count: the selected error rows, for groups taken whole (made at the first).
  std::optional<index::Bitmap> selected_errors;
  const bool counting = whole != nullptr && sel.exact && error_bitmap;
  for (uint32_t g = 0; g < info.row_groups; ++g) {
    const index::GroupRange times = ix.group_range(g);
    if (!range_.Overlaps(times.min_time, times.max_time)) continue;
    const uint64_t first = info.GroupFirstRow(g);
    if (counting && range_.Contains(times.min_time) && range_.Contains(times.max_time) &&
        (*whole)(times.min_time, times.max_time)) {
      const uint64_t end = first + info.GroupRows(g);
      GroupCount c{times.min_time, times.max_time,
                   roaring_bitmap_range_cardinality(&sel.rows.roaring, first, end), 0};
      if (c.count == 0) continue;
      if (!selected_errors) selected_errors = sel.rows & errors.rows;
      c.errors = roaring_bitmap_range_cardinality(&selected_errors->roaring, first, end);
      (*on_group)(c);
      continue;
    }
    groups.Get(first, first + info.GroupRows(g), &wanted_);
    if (wanted_.empty()) continue;
    batch_.clear();
    if (decode) RETURN_IF_ERROR(cursor->ReadRows(wanted_, &events_));
    if (sel.exact) {
      RETURN_IF_ERROR(cursor->ReadIntegers(SegmentColumn::kTime, g, &times_));
      if (error_bitmap) {  // the group's error flags, from its few error rows
        group_errors_.assign(info.GroupRows(g), 0);
        error_rows.Get(first, first + info.GroupRows(g), &error_rows_);
        for (uint32_t row : error_rows_) group_errors_[row - first] = 1;
      }
      for (size_t k = 0; k < wanted_.size(); ++k) {
        const uint32_t row = wanted_[k];
        const int64_t t = times_[row - first];
        if (!range_.Contains(t)) continue;
        batch_.rows.push_back(row);
        batch_.times.push_back(t);
        batch_.errors.push_back(error_bitmap ? group_errors_[row - first]
                                             : events_[k].status == EventStatus::kError);
        if (!columns_.empty()) batch_.events.push_back(&events_[k]);
      }
    } else {
      for (size_t k = 0; k < wanted_.size(); ++k) {
        const Event& e = events_[k];
        if (!Accepts(e)) continue;
        batch_.rows.push_back(wanted_[k]);
        batch_.times.push_back(e.time_ms);
        batch_.errors.push_back(e.status == EventStatus::kError);
        if (!columns_.empty()) batch_.events.push_back(&e);
      }
    }
    if (!batch_.rows.empty()) RETURN_IF_ERROR(fn(batch_));
  }
  return Status::Ok();
}

Status MatchScan::RunScan(const OpenSegment& segment,
                          const std::function<Status(const MatchBatch&)>& fn) {
  return ForEachGroup(segment, scan_columns_, [&](const std::vector<Event>& rows, uint64_t first) {
    batch_.clear();
    for (size_t i = 0; i < rows.size(); ++i) {
      const Event& e = rows[i];
      if (!Accepts(e)) continue;
      batch_.rows.push_back(static_cast<uint32_t>(first + i));
      batch_.times.push_back(e.time_ms);
      batch_.errors.push_back(e.status == EventStatus::kError);
      if (!columns_.empty()) batch_.events.push_back(&e);
    }
    return batch_.rows.empty() ? Status::Ok() : fn(batch_);
  });
}

Status MatchScan::RunMemtable(const ReadSource& source,
                              const std::function<Status(const MatchBatch&)>& fn) {
  const Memtable& memtable = *source.memtable;
  // The rows the memtable's index covers are selected through it, like a
  // segment's; the newest few it has not reached yet are matched one by one.
  RowSelection sel;
  size_t indexed = 0;
  memtable.index().Read([&](const index::RowIndex& ix) {
    indexed = std::min<size_t>(ix.rows(), source.visible);
    if (indexed > 0) sel = SelectRows(ix, tenant_, filter_);
  });
  if (indexed > 0) roaring_bitmap_remove_range(&sel.rows.roaring, indexed, uint64_t{1} << 32);
  wanted_.resize(sel.rows.cardinality());
  sel.rows.toUint32Array(wanted_.data());

  // Under the memtable's lock: the callback should only count or keep
  // candidates. After an error the rest is passed over.
  batch_.clear();
  Status status;
  auto keep = [&](uint32_t row, const Event& e) {
    batch_.rows.push_back(row);
    batch_.times.push_back(e.time_ms);
    batch_.errors.push_back(e.status == EventStatus::kError);
    if (!columns_.empty()) batch_.events.push_back(&e);
    if (batch_.rows.size() == kMemtableBatch) {
      status = fn(batch_);
      batch_.clear();
    }
  };
  memtable.ForEachAt(wanted_, [&](uint32_t row, const Event& e) {
    if (!status.ok()) return;
    if (sel.exact ? range_.Contains(e.time_ms) : Accepts(e)) keep(row, e);
  });
  auto pos = static_cast<uint32_t>(indexed);
  memtable.ForEach(indexed, source.visible, [&](const Event& e) {
    const uint32_t row = pos++;
    if (status.ok() && Accepts(e)) keep(row, e);
  });
  if (status.ok() && !batch_.rows.empty()) status = fn(batch_);
  return status;
}

}  // namespace vigil
