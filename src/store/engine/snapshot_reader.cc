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
#include "store/facet_field.h"
#include "store/histogram_interval.h"
#include "store/index/index_key.h"

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

// A countable field (query-language names and dotted event field names):
// the value counted for an event (empty when it has none), the columns that
// hold it, and the index key whose terms are exactly its values when it has
// one value per event.
struct FacetField {
  std::function<std::string_view(const Event&)> get;
  ColumnSet columns;
  std::optional<index::IndexKey> key;
};

std::optional<index::IndexKey> SingleValuedKey(StringField f) {
  using K = index::IndexKey;
  switch (f) {
    case StringField::kTenant:
      return K::kTenant;
    case StringField::kEnvironment:
      return K::kEnvironment;
    case StringField::kAction:
      return K::kAction;
    case StringField::kCategory:
      return K::kCategory;
    case StringField::kOperation:
      return K::kOperation;
    case StringField::kActorRole:
      return K::kActorRole;
    case StringField::kActorType:
      return K::kActorType;
    case StringField::kTargetId:
      return K::kTarget;
    case StringField::kTargetType:
      return K::kTargetType;
    case StringField::kMethod:
      return K::kMethod;
    case StringField::kPath:
      return K::kPath;
    case StringField::kIp:
      return K::kIp;
    case StringField::kGeoCountry:
      return K::kCountry;
    default:
      return std::nullopt;
  }
}

Result<FacetField> FacetFieldFor(std::string_view name) {
  using C = SegmentColumn;
  ASSIGN_OR_RETURN(FacetFieldSpec spec, ResolveFacetField(name));
  auto get = [spec](const Event& e) { return FacetFieldValue(spec, e); };
  switch (spec.kind) {
    case FacetFieldSpec::Kind::kStatus:
      return FacetField{get, ColumnSet{C::kStatus}, index::IndexKey::kStatus};
    case FacetFieldSpec::Kind::kActor:
      return FacetField{get, ColumnSet{C::kActorEmail, C::kActorId, C::kActorName}, std::nullopt};
    case FacetFieldSpec::Kind::kString:
      break;
  }
  return FacetField{get, ColumnSet{ColumnForStringField(spec.field)}, SingleValuedKey(spec.field)};
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

std::vector<ReadSource> SnapshotReader::SourcesFor(const ReadScope& scope,
                                                   const TimeRange& range) const {
  std::vector<ReadSource> out;
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
  const TimeRange range = req.scope.Bounds();
  std::vector<ReadSource> sources = SourcesFor(req.scope, range);
  // Visit the sources most likely to hold the first events of the page first,
  // so the candidate set fills early and later sources can be skipped whole.
  std::stable_sort(sources.begin(), sources.end(), [&](const ReadSource& a, const ReadSource& b) {
    return req.order == Order::kNewestFirst ? a.max_time_ms > b.max_time_ms
                                            : a.min_time_ms < b.min_time_ms;
  });

  const Order order = req.order;
  const size_t keep = req.limit + 1;  // one extra tells whether a next page exists
  auto worse = [order](const Candidate& a, const Candidate& b) {
    return Before(order, a.time_ms, a.seq, b.time_ms, b.seq);  // max-heap of the worst
  };
  std::vector<Candidate> heap;  // the best `keep` so far; heap.front() is the worst
  MatchScan scan(req.scope.filter, req.scope.tenant, range, ColumnSet::None());

  for (size_t s = 0; s < sources.size(); ++s) {
    const ReadSource& src = sources[s];
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
    const uint64_t first_seq =
        src.segment != nullptr ? src.segment->info().first_seq : src.memtable->first_seq();
    RETURN_IF_ERROR(scan.Run(src, [&](const MatchBatch& b) {
      for (size_t i = 0; i < b.rows.size(); ++i) {
        const Candidate c{b.times[i], first_seq + b.rows[i], s, b.rows[i]};
        if (cursor && !IsAfter(*cursor, c.time_ms, c.seq)) continue;
        if (heap.size() < keep) {
          heap.push_back(c);
          std::push_heap(heap.begin(), heap.end(), worse);
        } else if (worse(c, heap.front())) {
          std::pop_heap(heap.begin(), heap.end(), worse);
          heap.back() = c;
          std::push_heap(heap.begin(), heap.end(), worse);
        }
      }
      return Status::Ok();
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
    const ReadSource& src = sources[s];
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
  const TimeRange range = req.scope.Bounds();
  std::vector<ReadSource> sources = SourcesFor(req.scope, range);
  Histogram h;
  // Bucket over the requested range. Open ends are closed by the extent of
  // the matching events, found by a first pass (the UI always sends a range;
  // API callers without one pay for two passes, each reading times only).
  // The online bound narrows what is counted, not the buckets asked for.
  const TimeRange asked = req.scope.Asked();
  int64_t from = asked.from_ms, to = asked.to_ms;
  const bool open =
      from == std::numeric_limits<int64_t>::min() || to == std::numeric_limits<int64_t>::max();
  if (open) {
    // The extent: the earliest match from the sources in order of their
    // earliest event, the latest in order of their latest, skipping every
    // source that cannot hold an earlier (later) one: with time-ordered
    // segments this reads the first and last few, not all.
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    MatchScan scan(req.scope.filter, req.scope.tenant, range, ColumnSet::None());
    auto extent = [&](const MatchBatch& b) {
      for (int64_t t : b.times) {
        lo = std::min(lo, t);
        hi = std::max(hi, t);
      }
      return Status::Ok();
    };
    std::vector<const ReadSource*> order;
    for (const ReadSource& src : sources) order.push_back(&src);
    std::vector<bool> scanned(sources.size(), false);
    std::stable_sort(order.begin(), order.end(), [](const ReadSource* a, const ReadSource* b) {
      return a->min_time_ms < b->min_time_ms;
    });
    for (const ReadSource* src : order) {
      if (src->min_time_ms >= lo) break;  // sorted: none after can hold an earlier match
      scanned[static_cast<size_t>(src - sources.data())] = true;
      RETURN_IF_ERROR(scan.Run(*src, extent));
    }
    std::stable_sort(order.begin(), order.end(), [](const ReadSource* a, const ReadSource* b) {
      return a->max_time_ms > b->max_time_ms;
    });
    for (const ReadSource* src : order) {
      if (src->max_time_ms <= hi) break;
      if (scanned[static_cast<size_t>(src - sources.data())]) continue;
      RETURN_IF_ERROR(scan.Run(*src, extent));
    }
    if (lo > hi) {  // nothing matches
      lo = hi = 0;
      from = to;
    } else {
      if (from == std::numeric_limits<int64_t>::min()) from = lo;
      if (to == std::numeric_limits<int64_t>::max()) to = hi + 1;
    }
  }
  ASSIGN_OR_RETURN(h, EmptyHistogram(from, to, req.interval_ms));
  if (h.buckets.empty()) return h;
  const int64_t first = h.buckets.front().start_ms;
  MatchScan scan(req.scope.filter, req.scope.tenant, TimeRange{from, to}.Intersect(range),
                 ColumnSet::None());
  auto bucket_of = [&](int64_t t) {
    return static_cast<size_t>((BucketStart(t, h.interval_ms) - first) / h.interval_ms);
  };
  // A row group within one bucket is counted from the index without reading
  // its times (segments are in time order, so most are).
  const std::function<bool(int64_t, int64_t)> one_bucket = [&](int64_t lo, int64_t hi) {
    return bucket_of(lo) == bucket_of(hi);
  };
  const std::function<void(const GroupCount&)> add_group = [&](const GroupCount& c) {
    const size_t b = bucket_of(c.min_time);
    if (b >= h.buckets.size()) return;
    h.buckets[b].count += c.count;
    h.buckets[b].errors += c.errors;
  };
  for (const ReadSource& src : sources) {
    RETURN_IF_ERROR(scan.Count(src, one_bucket, add_group, [&](const MatchBatch& batch) {
      for (size_t i = 0; i < batch.times.size(); ++i) {
        const size_t b = bucket_of(batch.times[i]);
        if (b >= h.buckets.size()) continue;
        ++h.buckets[b].count;
        h.buckets[b].errors += batch.errors[i];
      }
      return Status::Ok();
    }));
  }
  return h;
}

Result<std::vector<FacetResult>> SnapshotReader::ComputeFacets(const FacetRequest& req) {
  if (req.fields.empty()) return Status::InvalidArgument("fields: name at least one field");
  if (req.top == 0 || req.top > 1000) {
    return Status::InvalidArgument(fmt::format("top: must be between 1 and 1000, got {}", req.top));
  }
  std::vector<FacetField> fields;
  for (const std::string& name : req.fields) {
    ASSIGN_OR_RETURN(FacetField field, FacetFieldFor(name));
    fields.push_back(std::move(field));
  }
  const TimeRange range = req.scope.Bounds();
  std::vector<absl::flat_hash_map<std::string, uint64_t>> counts(fields.size());
  std::vector<uint64_t> missing(fields.size(), 0);
  auto add = [&](size_t f, std::string_view v, uint64_t n) {
    if (v.empty()) {
      missing[f] += n;
      return;
    }
    auto& m = counts[f];
    absl::string_view key(v.data(), v.size());  // absl::string_view may differ from std's
    auto it = m.find(key);
    if (it == m.end()) {
      m.emplace(std::string(v), n);
    } else {
      it->second += n;
    }
  };
  // Per source: fields whose counts come from the index's bitmaps, when the
  // selection is exact (a single-valued key's postings are exact: only text
  // keeps row groups), over the row groups wholly within the range; the
  // other fields, and those fields in groups the range cuts, from decoded
  // columns of the matching rows.
  for (const ReadSource& src : SourcesFor(req.scope, range)) {
    const OpenSegment* seg = src.segment;
    std::vector<size_t> by_bitmap, by_column;
    std::vector<bool> inside;  // by row group: counted from the bitmaps
    uint32_t rows_per_group = 1;
    if (seg != nullptr && seg->index != nullptr) {
      const index::SegmentIndex& ix = *seg->index;
      const RowSelection sel = SelectRows(ix, req.scope.tenant, req.scope.filter);
      if (sel.rows.isEmpty()) continue;
      for (size_t f = 0; f < fields.size(); ++f) {
        (sel.exact && fields[f].key ? by_bitmap : by_column).push_back(f);
      }
      if (!by_bitmap.empty()) {
        rows_per_group = ix.rows_per_group();
        inside.resize(ix.row_groups());
        index::Bitmap in_groups;
        for (uint32_t g = 0; g < ix.row_groups(); ++g) {
          const index::GroupRange t = ix.group_range(g);
          inside[g] = range.Contains(t.min_time) && range.Contains(t.max_time);
          if (inside[g]) {
            in_groups.addRange(uint64_t{g} * rows_per_group,
                               std::min<uint64_t>(ix.rows(), uint64_t{g + 1} * rows_per_group));
          }
        }
        const index::Bitmap selected = sel.rows & in_groups;
        const uint64_t n = selected.cardinality();
        for (size_t f : by_bitmap) {
          uint64_t counted = 0;
          auto count = [&](std::string_view term, uint64_t c) {
            if (c == 0) return;
            add(f, term, c);
            counted += c;
          };
          if (n == ix.rows()) {  // every row: a posting's size is its count
            ix.ForEachTermCount(*fields[f].key, count);
          } else {
            ix.ForEachTerm(*fields[f].key, [&](std::string_view term, const index::Rows& rows) {
              count(term, selected.and_cardinality(rows.rows));
            });
          }
          missing[f] += n - counted;  // single-valued key: the rest have no value
        }
      }
    } else {
      for (size_t f = 0; f < fields.size(); ++f) by_column.push_back(f);
    }
    // The rest from columns. With only bitmap fields, the groups counted
    // already are skipped without being read.
    ColumnSet columns;
    for (const FacetField& field : fields) columns = columns | field.columns;
    MatchScan scan(req.scope.filter, req.scope.tenant, range, columns);
    const std::function<bool(int64_t, int64_t)> skip = [&](int64_t, int64_t) {
      return by_column.empty();
    };
    const std::function<void(const GroupCount&)> counted = [](const GroupCount&) {};
    RETURN_IF_ERROR(scan.Count(src, skip, counted, [&](const MatchBatch& b) {
      for (size_t k = 0; k < b.events.size(); ++k) {
        const Event& e = *b.events[k];
        for (size_t f : by_column) add(f, fields[f].get(e), 1);
        if (!by_bitmap.empty() && inside[b.rows[k] / rows_per_group]) continue;
        for (size_t f : by_bitmap) add(f, fields[f].get(e), 1);
      }
      return Status::Ok();
    }));
  }
  std::vector<FacetResult> out;
  for (size_t f = 0; f < fields.size(); ++f) {
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
  if (req.node && *req.node != 0) return Status::Ok();  // one ledger, node 0's
  const TimeRange range = req.scope.Bounds();
  FilterMatcher matcher(req.scope.filter);
  MatchScan scan(req.scope.filter, req.scope.tenant, range, ColumnSet::All());
  for (const ReadSource& src : SourcesFor(req.scope, range)) {
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
    RETURN_IF_ERROR(scan.Run(src, [&](const MatchBatch& b) {
      for (const Event* e : b.events) {
        if (e->seq >= req.from_seq) RETURN_IF_ERROR(visit(*e));
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
