#include "store/engine/snapshot_reader.h"

#include <absl/container/flat_hash_map.h>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <map>

#include "core/event_fields.h"
#include "core/timestamp.h"
#include "store/cursor.h"
#include "store/histogram_interval.h"

namespace vigil {
namespace {

// Page order: true when a comes before b.
bool Before(Order order, int64_t ta, uint64_t sa, int64_t tb, uint64_t sb) {
  if (order == Order::kNewestFirst) return ta > tb || (ta == tb && sa > sb);
  return ta < tb || (ta == tb && sa < sb);
}

struct Candidate {
  int64_t time_ms;
  uint64_t seq;
  size_t source;
  uint32_t row;
};

// The value a facet counts for an event, by facet name (query-language names
// and dotted event field names). Empty when the event has none.
using FacetGetter = std::function<std::string_view(const Event&)>;

Result<std::pair<FacetGetter, ColumnSet>> FacetFieldFor(std::string_view name) {
  using C = SegmentColumn;
  auto string_field = [](StringField f) -> std::pair<FacetGetter, ColumnSet> {
    return {[f](const Event& e) { return GetField(e, f); }, ColumnSet{ColumnForStringField(f)}};
  };
  if (name == "status") {
    return std::pair<FacetGetter, ColumnSet>{
        [](const Event& e) { return EventStatusName(e.status); }, ColumnSet{C::kStatus}};
  }
  if (name == "actor") {
    return std::pair<FacetGetter, ColumnSet>{[](const Event& e) -> std::string_view {
                                               if (!e.actor.email.empty()) return e.actor.email;
                                               if (!e.actor.id.empty()) return e.actor.id;
                                               return e.actor.name;
                                             },
                                             ColumnSet{C::kActorEmail, C::kActorId, C::kActorName}};
  }
  static const std::map<std::string_view, StringField> kAliases = {
      {"workspace", StringField::kWorkspaceId},
      {"target", StringField::kTargetId},
      {"method", StringField::kMethod},
      {"path", StringField::kPath},
      {"ip", StringField::kIp},
      {"country", StringField::kGeoCountry},
      {"user_agent", StringField::kUserAgent},
  };
  if (auto it = kAliases.find(name); it != kAliases.end()) return string_field(it->second);
  std::optional<StringField> f = StringFieldByName(name);
  if (!f || *f == StringField::kDescription || *f == StringField::kChanges ||
      *f == StringField::kMetadata) {
    return Status::InvalidArgument(fmt::format(
        "fields: cannot count values of '{}'; use a field such as action, actor, status, "
        "workspace, environment, category, operation, method, country, actor.role",
        name));
  }
  return string_field(*f);
}

}  // namespace

Result<bool> Snapshot::GetBySeq(uint64_t seq, Event* out) const {
  if (seq >= end_seq) return false;
  if (imm && imm->Get(seq, out)) return true;
  if (mem && seq >= mem->first_seq() && seq - mem->first_seq() < mem_visible) {
    return mem->Get(seq, out);
  }
  const OpenSegment* seg = segments->FindBySeq(seq);
  if (seg == nullptr) return false;
  std::vector<Event> rows;
  uint32_t row = static_cast<uint32_t>(seq - seg->info().first_seq);
  RETURN_IF_ERROR(seg->reader->ReadRows(ColumnSet::All(), {&row, 1}, &rows));
  *out = std::move(rows.front());
  return true;
}

Status Snapshot::ReadSeqRange(uint64_t first, uint64_t end, std::vector<Event>* out) const {
  if (end > end_seq) {
    return Status::InvalidArgument(
        fmt::format("seqs [{}, {}) reach past the snapshot's end {}", first, end, end_seq));
  }
  uint64_t seq = first;
  while (seq < end) {
    if (const OpenSegment* seg = segments->FindBySeq(seq)) {
      const SegmentInfo& info = seg->info();
      const uint64_t stop = std::min(end, info.last_seq + 1);
      std::vector<Event> rows;  // ReadRange replaces its output
      RETURN_IF_ERROR(seg->reader->ReadRange(ColumnSet::All(), seq - info.first_seq,
                                             stop - info.first_seq, &rows));
      std::move(rows.begin(), rows.end(), std::back_inserter(*out));
      seq = stop;
      continue;
    }
    bool found = false;
    ForEachMemtable([&](const Memtable& m, size_t visible) {
      if (found || seq < m.first_seq() || seq - m.first_seq() >= visible) return;
      const size_t begin = static_cast<size_t>(seq - m.first_seq());
      const size_t stop = static_cast<size_t>(std::min<uint64_t>(end - m.first_seq(), visible));
      m.Copy(begin, stop, out);
      seq = m.first_seq() + stop;
      found = true;
    });
    if (!found) return Status::Internal(fmt::format("seq {} is in no segment or memtable", seq));
  }
  return Status::Ok();
}

ColumnSet SnapshotReader::ColumnsFor(const Filter& filter) {
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

std::vector<SnapshotReader::Source> SnapshotReader::SourcesFor(const ReadScope& scope,
                                                               const TimeRange& range) const {
  std::vector<Source> out;
  if (range.Empty()) return out;
  for (const OpenSegment& seg : snap_->segments->segments()) {
    const SegmentInfo& info = seg.info();
    if (!range.Overlaps(info.min_time_ms, info.max_time_ms)) continue;
    if (!scope.tenant.empty() &&
        !std::binary_search(info.tenants.begin(), info.tenants.end(), scope.tenant)) {
      continue;
    }
    out.push_back({&seg, nullptr, 0, info.min_time_ms, info.max_time_ms});
  }
  snap_->ForEachMemtable([&](const Memtable& m, size_t visible) {
    if (visible == 0) return;
    // Memtable min/max may include events beyond the visible prefix: still a valid bound.
    if (!range.Overlaps(m.min_time_ms(), m.max_time_ms())) return;
    out.push_back({nullptr, &m, visible, m.min_time_ms(), m.max_time_ms()});
  });
  return out;
}

Status SnapshotReader::ForEachMatch(const Source& source, const ReadScope& scope,
                                    const TimeRange& range, const ColumnSet& columns,
                                    FilterMatcher& matcher,
                                    const std::function<void(const Event&, uint32_t row)>& fn) {
  auto consider = [&](const Event& e, uint32_t row) {
    if (!scope.tenant.empty() && e.tenant != scope.tenant) return;
    if (!range.Contains(e.time_ms)) return;
    if (!matcher.Matches(e)) return;
    fn(e, row);
  };
  if (source.memtable != nullptr) {
    uint32_t pos = 0;
    source.memtable->ForEach(0, source.visible, [&](const Event& e) { consider(e, pos++); });
    return Status::Ok();
  }
  // One row group at a time: memory stays bounded whatever the segment size.
  return ForEachGroup(*source.segment, columns,
                      [&](const std::vector<Event>& rows, uint64_t first) {
                        for (size_t i = 0; i < rows.size(); ++i)
                          consider(rows[i], static_cast<uint32_t>(first + i));
                        return Status::Ok();
                      });
}

Result<SearchPage> SnapshotReader::Search(const SearchRequest& req) {
  if (req.limit == 0 || req.limit > kMaxSearchLimit) {
    return Status::InvalidArgument(
        fmt::format("limit: must be between 1 and {}, got {}", kMaxSearchLimit, req.limit));
  }
  std::optional<CursorPosition> cursor;
  if (!req.cursor.empty()) {
    ASSIGN_OR_RETURN(CursorPosition c, DecodeCursor(req.cursor, req.order));
    cursor = c;
  }
  const TimeRange range = req.scope.range.Intersect(TimeBoundsOf(req.scope.filter));
  std::vector<Source> sources = SourcesFor(req.scope, range);
  // Visit the sources most likely to hold the first events of the page first,
  // so the candidate set fills early and later sources can be skipped whole.
  std::stable_sort(sources.begin(), sources.end(), [&](const Source& a, const Source& b) {
    return req.order == Order::kNewestFirst ? a.max_time_ms > b.max_time_ms
                                            : a.min_time_ms < b.min_time_ms;
  });

  const Order order = req.order;
  const size_t keep = req.limit + 1;  // one extra tells whether a next page exists
  auto worse = [order](const Candidate& a, const Candidate& b) {
    return Before(order, a.time_ms, a.seq, b.time_ms, b.seq);  // max-heap of the worst
  };
  std::vector<Candidate> heap;  // the best `keep` so far; heap.front() is the worst
  FilterMatcher matcher(req.scope.filter);
  const ColumnSet columns = ColumnsFor(req.scope.filter);

  for (size_t s = 0; s < sources.size(); ++s) {
    const Source& src = sources[s];
    if (cursor) {
      // Skip sources whose every event is at or before the cursor in page order.
      bool all_before = order == Order::kNewestFirst ? src.min_time_ms > cursor->time_ms
                                                     : src.max_time_ms < cursor->time_ms;
      if (all_before) continue;
    }
    if (heap.size() == keep) {
      const Candidate& w = heap.front();
      bool cannot_beat =
          order == Order::kNewestFirst ? src.max_time_ms < w.time_ms : src.min_time_ms > w.time_ms;
      if (cannot_beat) continue;
    }
    RETURN_IF_ERROR(
        ForEachMatch(src, req.scope, range, columns, matcher, [&](const Event& e, uint32_t row) {
          if (cursor && !IsAfter(*cursor, e.time_ms, e.seq)) return;
          Candidate c{e.time_ms, e.seq, s, row};
          if (heap.size() < keep) {
            heap.push_back(c);
            std::push_heap(heap.begin(), heap.end(), worse);
          } else if (worse(c, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), worse);
            heap.back() = c;
            std::push_heap(heap.begin(), heap.end(), worse);
          }
        }));
  }

  std::sort(heap.begin(), heap.end(), worse);  // page order
  SearchPage page;
  if (heap.size() > req.limit) {
    heap.resize(req.limit);
    const Candidate& last = heap.back();
    page.next_cursor = EncodeCursor({order, last.time_ms, last.seq});
  }
  // Materialize: full rows, one read per segment.
  std::map<size_t, std::vector<uint32_t>> rows_by_source;
  for (const Candidate& c : heap) rows_by_source[c.source].push_back(c.row);
  absl::flat_hash_map<uint64_t, Event> by_seq;
  for (auto& [s, rows] : rows_by_source) {
    std::sort(rows.begin(), rows.end());
    const Source& src = sources[s];
    if (src.memtable != nullptr) {
      for (uint32_t pos : rows) {
        Event e;
        if (src.memtable->Get(src.memtable->first_seq() + pos, &e))
          by_seq.emplace(e.seq, std::move(e));
      }
      continue;
    }
    std::vector<Event> full;
    RETURN_IF_ERROR(src.segment->reader->ReadRows(ColumnSet::All(), rows, &full));
    for (Event& e : full) by_seq.emplace(e.seq, std::move(e));
  }
  page.events.reserve(heap.size());
  for (const Candidate& c : heap) {
    auto it = by_seq.find(c.seq);
    if (it == by_seq.end()) {
      return Status::Internal(fmt::format("event seq {} vanished while reading a page", c.seq));
    }
    page.events.push_back(std::move(it->second));
  }
  return page;
}

Result<Histogram> SnapshotReader::ComputeHistogram(const HistogramRequest& req) {
  const TimeRange range = req.scope.range.Intersect(TimeBoundsOf(req.scope.filter));
  std::vector<Source> sources = SourcesFor(req.scope, range);
  Histogram h;
  // Bucket over the requested range. Open ends are closed by the extent of
  // the matching events, found by a first pass (the UI always sends a range;
  // API callers without one pay for two passes).
  int64_t from = range.from_ms, to = range.to_ms;
  const bool open =
      from == std::numeric_limits<int64_t>::min() || to == std::numeric_limits<int64_t>::max();
  FilterMatcher matcher(req.scope.filter);
  const ColumnSet columns = ColumnsFor(req.scope.filter);
  if (open) {
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    for (const Source& src : sources) {
      RETURN_IF_ERROR(
          ForEachMatch(src, req.scope, range, columns, matcher, [&](const Event& e, uint32_t) {
            lo = std::min(lo, e.time_ms);
            hi = std::max(hi, e.time_ms);
          }));
    }
    if (lo > hi) {  // nothing matches
      lo = hi = 0;
      from = to;
    } else {
      if (from == std::numeric_limits<int64_t>::min()) from = lo;
      if (to == std::numeric_limits<int64_t>::max()) to = hi + 1;
    }
  }
  if (from >= to) {
    h.interval_ms = req.interval_ms > 0 ? req.interval_ms : kMsPerDay;
    return h;
  }
  if (req.interval_ms > 0) {
    RETURN_IF_ERROR(ValidateInterval(req.interval_ms, from, to, kMaxBuckets));
    h.interval_ms = req.interval_ms;
  } else {
    h.interval_ms = AutoInterval(from, to, kMaxAutoBuckets);
  }
  const int64_t first = BucketStart(from, h.interval_ms);
  for (int64_t t = first; t < to; t += h.interval_ms) h.buckets.push_back({t, 0, 0});
  const TimeRange counted{from, to};
  for (const Source& src : sources) {
    RETURN_IF_ERROR(
        ForEachMatch(src, req.scope, counted, columns, matcher, [&](const Event& e, uint32_t) {
          size_t b =
              static_cast<size_t>((BucketStart(e.time_ms, h.interval_ms) - first) / h.interval_ms);
          if (b >= h.buckets.size()) return;
          ++h.buckets[b].count;
          if (e.status == EventStatus::kError) ++h.buckets[b].errors;
        }));
  }
  return h;
}

Result<std::vector<FacetResult>> SnapshotReader::ComputeFacets(const FacetRequest& req) {
  if (req.fields.empty()) return Status::InvalidArgument("fields: name at least one field");
  if (req.top == 0 || req.top > 1000) {
    return Status::InvalidArgument(fmt::format("top: must be between 1 and 1000, got {}", req.top));
  }
  std::vector<FacetGetter> getters;
  ColumnSet columns = ColumnsFor(req.scope.filter);
  for (const std::string& name : req.fields) {
    ASSIGN_OR_RETURN(auto field, FacetFieldFor(name));
    getters.push_back(std::move(field.first));
    columns = columns | field.second;
  }
  const TimeRange range = req.scope.range.Intersect(TimeBoundsOf(req.scope.filter));
  std::vector<absl::flat_hash_map<std::string, uint64_t>> counts(getters.size());
  std::vector<uint64_t> missing(getters.size(), 0);
  FilterMatcher matcher(req.scope.filter);
  for (const Source& src : SourcesFor(req.scope, range)) {
    RETURN_IF_ERROR(
        ForEachMatch(src, req.scope, range, columns, matcher, [&](const Event& e, uint32_t) {
          for (size_t f = 0; f < getters.size(); ++f) {
            std::string_view v = getters[f](e);
            if (v.empty()) {
              ++missing[f];
            } else {
              // absl::string_view may differ from std's.
              auto& m = counts[f];
              absl::string_view key(v.data(), v.size());
              auto it = m.find(key);
              if (it == m.end()) {
                m.emplace(std::string(v), 1);
              } else {
                ++it->second;
              }
            }
          }
        }));
  }
  std::vector<FacetResult> out;
  for (size_t f = 0; f < getters.size(); ++f) {
    FacetResult r;
    r.field = req.fields[f];
    r.missing = missing[f];
    for (auto& [value, count] : counts[f]) r.values.push_back({value, count});
    std::sort(r.values.begin(), r.values.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (r.values.size() > req.top) {
      for (size_t i = req.top; i < r.values.size(); ++i) r.other += r.values[i].count;
      r.values.resize(req.top);
    }
    out.push_back(std::move(r));
  }
  return out;
}

Status SnapshotReader::Scan(const ScanRequest& req,
                            const std::function<Status(const Event&)>& visit) {
  const TimeRange range = req.scope.range.Intersect(TimeBoundsOf(req.scope.filter));
  FilterMatcher matcher(req.scope.filter);
  for (const Source& src : SourcesFor(req.scope, range)) {
    if (src.segment != nullptr && src.segment->info().last_seq < req.from_seq) continue;
    if (src.memtable != nullptr) {
      // Copy in small chunks so a slow visitor never holds the memtable lock.
      constexpr size_t kChunk = 1024;
      const uint64_t first = src.memtable->first_seq();
      const size_t start =
          req.from_seq > first
              ? static_cast<size_t>(std::min<uint64_t>(req.from_seq - first, src.visible))
              : 0;
      for (size_t begin = start; begin < src.visible; begin += kChunk) {
        std::vector<Event> chunk;
        src.memtable->Copy(begin, std::min(begin + kChunk, src.visible), &chunk);
        for (const Event& e : chunk) {
          if (e.seq < req.from_seq) continue;
          if (!req.scope.tenant.empty() && e.tenant != req.scope.tenant) continue;
          if (!range.Contains(e.time_ms) || !matcher.Matches(e)) continue;
          RETURN_IF_ERROR(visit(e));
        }
      }
      continue;
    }
    RETURN_IF_ERROR(
        ForEachGroup(*src.segment, ColumnSet::All(), [&](const std::vector<Event>& rows, uint64_t) {
          for (const Event& e : rows) {
            if (e.seq < req.from_seq) continue;
            if (!req.scope.tenant.empty() && e.tenant != req.scope.tenant) continue;
            if (!range.Contains(e.time_ms) || !matcher.Matches(e)) continue;
            RETURN_IF_ERROR(visit(e));
          }
          return Status::Ok();
        }));
  }
  return Status::Ok();
}

Result<std::optional<Event>> SnapshotReader::FindById(std::string_view tenant,
                                                      std::string_view id) {
  // A one-event search: decodes the id column, then materializes one row.
  SearchRequest req;
  req.scope.tenant = std::string(tenant);
  req.scope.filter = FilterNode::Term(FilterField::kId, {FilterValue::Exact(std::string(id))});
  req.order = Order::kOldestFirst;
  req.limit = 1;
  ASSIGN_OR_RETURN(SearchPage page, Search(req));
  if (page.events.empty()) return std::optional<Event>();
  return std::optional<Event>(std::move(page.events.front()));
}

}  // namespace vigil
