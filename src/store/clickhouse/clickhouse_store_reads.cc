// ClickHouseStore's reads: each is one or two SELECTs over `events` (or
// `event_ids`) with the conditions of filter_sql.h, results in RowBinary.
#include <fmt/format.h>

#include <limits>

#include "core/event_parser.h"
#include "core/timestamp.h"
#include "store/clickhouse/clickhouse_store.h"
#include "store/clickhouse/event_reader.h"
#include "store/clickhouse/event_row.h"
#include "store/clickhouse/filter_sql.h"
#include "store/clickhouse/row_binary.h"
#include "store/clickhouse/sql_text.h"
#include "store/cursor.h"
#include "store/facet_field.h"
#include "store/histogram_interval.h"

namespace vigil::clickhouse {
namespace {

// A cursor's seq for an event: its node in the top 16 bits, so that pages
// of several nodes' events order by (time, node, seq) with the shared
// cursor format. Node 0's cursors equal the embedded engine's.
uint64_t CursorKey(uint16_t node, uint64_t seq) { return (uint64_t{node} << 48) | seq; }

}  // namespace

Status ClickHouseStore::DecodeEvents(std::string_view rows, std::vector<Event>* out) {
  EventParser parser;
  RowBinaryReader r(rows);
  while (!r.done()) RETURN_IF_ERROR(DecodeEventRow(r, parser, out));
  return Status::Ok();
}

Result<SearchPage> ClickHouseStore::Search(const SearchRequest& req) {
  RETURN_IF_ERROR(CheckOpen());
  if (req.limit == 0 || req.limit > kMaxSearchLimit) {
    return Status::InvalidArgument(
        fmt::format("limit: must be between 1 and {}, got {}", kMaxSearchLimit, req.limit));
  }
  const bool newest = req.order == Order::kNewestFirst;
  std::string where = ScopeSql(req.scope);
  if (!req.cursor.empty()) {
    ASSIGN_OR_RETURN(CursorPosition c, DecodeCursor(req.cursor, req.order));
    const uint64_t node = c.seq >> 48, seq = c.seq & ((uint64_t{1} << 48) - 1);
    where += fmt::format(" AND time_ms {} {} AND (time_ms, node, seq) {} ({}, {}, {})",
                         newest ? "<=" : ">=", c.time_ms, newest ? "<" : ">", c.time_ms, node, seq);
  }
  const char* dir = newest ? "DESC" : "ASC";
  ASSIGN_OR_RETURN(std::string rows,
                   client_.Query(fmt::format("SELECT {} FROM events WHERE {} ORDER BY time_ms {}, "
                                             "node {}, seq {} LIMIT {} FORMAT RowBinary",
                                             kEventColumns, where, dir, dir, dir, req.limit + 1)));
  SearchPage page;
  EventParser parser;
  RowBinaryReader r(rows);
  while (!r.done()) RETURN_IF_ERROR(DecodeEventRow(r, parser, &page.events));
  if (page.events.size() > req.limit) {
    page.events.resize(req.limit);
    const Event& last = page.events.back();
    page.next_cursor = EncodeCursor({req.order, last.time_ms, CursorKey(last.node, last.seq)});
  }
  return page;
}

Result<std::optional<Event>> ClickHouseStore::Get(std::string_view tenant, std::string_view id) {
  RETURN_IF_ERROR(CheckOpen());
  std::string where = "id = " + Quote(id);
  if (!tenant.empty()) where = "tenant = " + Quote(tenant) + " AND " + where;
  ASSIGN_OR_RETURN(std::string key,
                   client_.Query(fmt::format("SELECT tenant, time_ms, node, seq FROM event_ids "
                                             "WHERE {} ORDER BY node, seq LIMIT 1 FORMAT RowBinary",
                                             where)));
  if (key.empty()) return std::optional<Event>();
  RowBinaryReader k(key);
  ASSIGN_OR_RETURN(std::string_view t, k.String());
  ASSIGN_OR_RETURN(int64_t time_ms, k.Int64());
  ASSIGN_OR_RETURN(uint16_t node, k.UInt16());
  ASSIGN_OR_RETURN(uint64_t seq, k.UInt64());
  ASSIGN_OR_RETURN(std::string rows,
                   client_.Query(fmt::format("SELECT {} FROM events WHERE tenant = {} AND time_ms "
                                             "= {} AND node = {} AND seq = {} LIMIT 1 FORMAT "
                                             "RowBinary",
                                             kEventColumns, Quote(t), time_ms, node, seq)));
  std::vector<Event> events;
  RETURN_IF_ERROR(DecodeEvents(rows, &events));
  if (events.empty()) {
    return Status::Internal(
        fmt::format("ClickHouse: event_ids lists {} (node {} seq {}) but events has no such row",
                    id, node, seq));
  }
  return std::optional<Event>(std::move(events.front()));
}

Result<Histogram> ClickHouseStore::ComputeHistogram(const HistogramRequest& req) {
  RETURN_IF_ERROR(CheckOpen());
  const std::string where = ScopeSql(req.scope);
  Histogram h;
  // As the embedded engine: an open end of the asked range is closed by the
  // extent of the matching events.
  const TimeRange asked = req.scope.Asked();
  int64_t from = asked.from_ms, to = asked.to_ms;
  if (from == std::numeric_limits<int64_t>::min() || to == std::numeric_limits<int64_t>::max()) {
    ASSIGN_OR_RETURN(std::string ext,
                     client_.Query(fmt::format("SELECT count(), min(time_ms), max(time_ms) FROM "
                                               "events WHERE {} FORMAT RowBinary",
                                               where)));
    RowBinaryReader r(ext);
    ASSIGN_OR_RETURN(uint64_t n, r.UInt64());
    ASSIGN_OR_RETURN(int64_t lo, r.Int64());
    ASSIGN_OR_RETURN(int64_t hi, r.Int64());
    if (n == 0) {
      from = to;
    } else {
      if (from == std::numeric_limits<int64_t>::min()) from = lo;
      if (to == std::numeric_limits<int64_t>::max()) to = hi + 1;
    }
  }
  ASSIGN_OR_RETURN(h, EmptyHistogram(from, to, req.interval_ms));
  if (h.buckets.empty()) return h;
  const int64_t first = h.buckets.front().start_ms;
  // Buckets are aligned like `first` (BucketStart), so a time's bucket is
  // its distance from `first` in whole intervals.
  ASSIGN_OR_RETURN(std::string rows,
                   client_.Query(fmt::format(
                       "SELECT toUInt64(intDiv(time_ms - {}, {})) AS b, count(), countIf(status = "
                       "'error') FROM events WHERE {} AND time_ms >= {} AND time_ms < {} GROUP BY "
                       "b FORMAT RowBinary",
                       first, h.interval_ms, where, from, to)));
  RowBinaryReader r(rows);
  while (!r.done()) {
    ASSIGN_OR_RETURN(uint64_t b, r.UInt64());
    ASSIGN_OR_RETURN(uint64_t n, r.UInt64());
    ASSIGN_OR_RETURN(uint64_t errors, r.UInt64());
    if (b >= h.buckets.size()) continue;
    h.buckets[b].count += n;
    h.buckets[b].errors += errors;
  }
  return h;
}

namespace {

// The SQL expression of a facet field's value ("" when the event has none).
std::string FacetExpression(const FacetFieldSpec& spec) {
  switch (spec.kind) {
    case FacetFieldSpec::Kind::kStatus:
      return "status";
    case FacetFieldSpec::Kind::kActor: {
      const std::string email = *StringFieldColumn(StringField::kActorEmail);
      const std::string id = *StringFieldColumn(StringField::kActorId);
      const std::string name = *StringFieldColumn(StringField::kActorName);
      return fmt::format("if({} != '', {}, if({} != '', {}, {}))", email, email, id, id, name);
    }
    case FacetFieldSpec::Kind::kString:
      break;
  }
  return *StringFieldColumn(spec.field);
}

}  // namespace

Result<std::vector<FacetResult>> ClickHouseStore::ComputeFacets(const FacetRequest& req) {
  RETURN_IF_ERROR(CheckOpen());
  if (req.fields.empty()) return Status::InvalidArgument("fields: name at least one field");
  if (req.top == 0 || req.top > 1000) {
    return Status::InvalidArgument(fmt::format("top: must be between 1 and 1000, got {}", req.top));
  }
  std::vector<std::string> exprs;
  for (const std::string& name : req.fields) {
    ASSIGN_OR_RETURN(FacetFieldSpec spec, ResolveFacetField(name));
    exprs.push_back(FacetExpression(spec));
  }
  const std::string where = ScopeSql(req.scope);
  // Totals: matching events, and per field those without a value.
  std::string totals = "count()";
  for (const std::string& e : exprs) totals += fmt::format(", countIf({} = '')", e);
  ASSIGN_OR_RETURN(
      std::string t,
      client_.Query(fmt::format("SELECT {} FROM events WHERE {} FORMAT RowBinary", totals, where)));
  RowBinaryReader tr(t);
  ASSIGN_OR_RETURN(uint64_t total, tr.UInt64());
  std::vector<FacetResult> out;
  for (size_t f = 0; f < exprs.size(); ++f) {
    FacetResult r;
    r.field = req.fields[f];
    ASSIGN_OR_RETURN(r.missing, tr.UInt64());
    out.push_back(std::move(r));
  }
  if (total == 0) return out;
  for (size_t f = 0; f < exprs.size(); ++f) {
    FacetResult& r = out[f];
    ASSIGN_OR_RETURN(std::string rows,
                     client_.Query(fmt::format(
                         "SELECT v, count() AS n FROM (SELECT {} AS v FROM events WHERE {}) WHERE "
                         "v != '' GROUP BY v ORDER BY n DESC, v ASC LIMIT {} FORMAT RowBinary",
                         exprs[f], where, req.top)));
    RowBinaryReader rr(rows);
    uint64_t counted = 0;
    while (!rr.done()) {
      ASSIGN_OR_RETURN(std::string_view v, rr.String());
      ASSIGN_OR_RETURN(uint64_t n, rr.UInt64());
      r.values.push_back({std::string(v), n});
      counted += n;
    }
    r.other = total - r.missing - counted;
  }
  return out;
}

Status ClickHouseStore::Scan(const ScanRequest& req,
                             const std::function<Status(const Event&)>& visit) {
  RETURN_IF_ERROR(CheckOpen());
  // Seq order within each node's log, nodes one after another.
  return ScanEvents(
      client_,
      fmt::format("{} AND seq >= {}{}", ScopeSql(req.scope), req.from_seq,
                  req.node ? fmt::format(" AND node = {}", *req.node) : std::string()),
      visit);
}

Result<StoreStats> ClickHouseStore::Stats() {
  RETURN_IF_ERROR(CheckOpen());
  StoreStats st;
  ASSIGN_OR_RETURN(
      std::string ev,
      client_.Query("SELECT count(), uniqExact(tenant), min(time_ms), max(time_ms) FROM "
                    "events FORMAT RowBinary"));
  RowBinaryReader r(ev);
  ASSIGN_OR_RETURN(st.events, r.UInt64());
  ASSIGN_OR_RETURN(st.tenants, r.UInt64());
  ASSIGN_OR_RETURN(st.min_time_ms, r.Int64());
  ASSIGN_OR_RETURN(st.max_time_ms, r.Int64());
  if (st.events == 0) st.min_time_ms = st.max_time_ms = 0;
  ASSIGN_OR_RETURN(
      std::string parts,
      client_.Query(fmt::format(
          "SELECT count(), sum(bytes_on_disk) FROM {} WHERE database = {} AND active "
          "FORMAT RowBinary",
          options_.cluster.empty() ? std::string("system.parts")
                                   : fmt::format("cluster({}, system, parts)", options_.cluster),
          Quote(options_.client.database))));
  RowBinaryReader p(parts);
  ASSIGN_OR_RETURN(st.segments, p.UInt64());
  ASSIGN_OR_RETURN(st.bytes_on_disk, p.UInt64());
  st.next_seq = EndSeq();
  return st;
}

}  // namespace vigil::clickhouse
