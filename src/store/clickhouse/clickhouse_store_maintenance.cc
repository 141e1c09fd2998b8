// ClickHouseStore's maintenance: redaction and retention (docs/scale-out.md
// "Redaction and retention"). Both change stored rows through ClickHouse
// mutations (ALTER TABLE … UPDATE / DELETE) on every server's local tables
// and return once ClickHouse has applied them. Neither touches
// ledger_leaves or ledger_tiles, so every root, proof and checkpoint stays
// valid.
#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "core/event_fields.h"
#include "core/event_json.h"
#include "ledger/seal.h"
#include "store/clickhouse/clickhouse_store.h"
#include "store/clickhouse/event_row.h"
#include "store/clickhouse/row_binary.h"
#include "store/clickhouse/schema.h"
#include "store/clickhouse/sql_text.h"

namespace vigil::clickhouse {
namespace {

// Events read per statement while redacting, and the size at which a
// redaction's UPDATE statement is sent (under the client's max_query_size).
constexpr size_t kRedactionReadEvents = 2000;
constexpr size_t kMutationSqlBytes = 4u << 20;
// Seq ranges per DELETE statement, and at most per delete-after run (the
// rest waits for the next run: the announcement lists them all).
constexpr size_t kRangesPerDelete = 500;
constexpr size_t kMaxRangesPerRun = 10'000;

// An event's new values after ledger::Redact: what the UPDATE writes.
struct RedactedRow {
  uint64_t seq = 0;
  std::string canonical;
  std::string text_tokens;
};

// The string columns Redact emptied. Every column it changes in any event
// must be empty in every redacted event, so that one `column = ''` serves
// them all; anything else is a bug here (Internal).
Status CollectClearedColumns(const Event& before, const Event& after,
                             std::set<std::string>* cleared) {
  for (const StringFieldInfo& f : AllStringFields()) {
    std::optional<std::string> column = StringFieldColumn(f.field);
    if (!column || f.field == StringField::kTenant) continue;
    if (GetField(before, f.field) == GetField(after, f.field)) continue;
    cleared->insert(*column);
  }
  for (const std::string& column : *cleared) {
    for (const StringFieldInfo& f : AllStringFields()) {
      if (StringFieldColumn(f.field) == column && !GetField(after, f.field).empty()) {
        return Status::Internal(fmt::format("redaction left {} = '{}' in event {}", f.name,
                                            GetField(after, f.field), after.id));
      }
    }
  }
  return Status::Ok();
}

// ALTER TABLE … UPDATE for one node's redacted rows.
std::string RedactionUpdate(std::string_view table, std::string_view tenant, uint16_t node,
                            const std::set<std::string>& cleared,
                            const std::vector<RedactedRow>& rows) {
  std::string seqs, canonicals, tokens;
  for (const RedactedRow& r : rows) {
    const char* sep = seqs.empty() ? "" : ",";
    seqs += fmt::format("{}{}", sep, r.seq);
    canonicals += sep + Quote(r.canonical);
    tokens += sep + Quote(r.text_tokens);
  }
  std::string set;
  for (const std::string& column : cleared) set += column + " = '', ";
  if (cleared.count("context_ip") != 0) {
    set += "ip_family = 0, ip_bytes = toFixedString('', 16), ";
  }
  return fmt::format(
      "ALTER TABLE {} UPDATE {}text_tokens = transform(seq, [{}], [{}], text_tokens), canonical = "
      "transform(seq, [{}], [{}], canonical) WHERE tenant = {} AND node = {} AND seq IN ({})",
      table, set, seqs, tokens, seqs, canonicals, Quote(tenant), node, seqs);
}

// SQL for the time before which an event of its tenant is past its
// delete-after age at now_ms (the minimum Int64 for tenants never deleted).
std::string DeleteCutoffSql(const RetentionPolicy& policy, int64_t now_ms) {
  auto cutoff = [&](int64_t age) {
    return age > 0 ? now_ms - age : std::numeric_limits<int64_t>::min();
  };
  std::string sql = "multiIf(";
  for (const auto& [tenant, age] : policy.delete_after_ms_by_tenant) {
    sql += fmt::format("tenant = {}, toInt64({}), ", Quote(tenant), cutoff(age));
  }
  if (policy.delete_after_ms_by_tenant.empty()) sql += "0, toInt64(0), ";
  return sql + fmt::format("toInt64({}))", cutoff(policy.delete_after_ms));
}

std::string SeqRangesSql(uint16_t node, const SeqRange* first, const SeqRange* last) {
  std::string ranges;
  for (const SeqRange* r = first; r != last; ++r) {
    ranges +=
        fmt::format("{}(seq >= {} AND seq <= {})", ranges.empty() ? "" : " OR ", r->first, r->last);
  }
  return fmt::format("node = {} AND ({})", node, ranges);
}

}  // namespace

Result<RedactionResult> ClickHouseStore::RedactActor(std::string_view tenant,
                                                     std::string_view actor_id) {
  if (tenant.empty()) return Status::InvalidArgument("tenant: required");
  if (actor_id.empty()) return Status::InvalidArgument("actor: required");
  RETURN_IF_ERROR(CheckOpen());
  std::lock_guard write(write_mu_);  // appends wait: none of the actor's slips past
  if (spooling_) {
    return Status::Unavailable(
        "redaction: batches wait in the local spool for ClickHouse, and the spool's files may "
        "hold the values to erase; retry once they are forwarded (GET /healthz)");
  }
  RedactionResult result;
  const std::string actor_where =
      fmt::format("tenant = {} AND actor_id = {}", Quote(tenant), Quote(actor_id));
  uint16_t last_node = 0;
  uint64_t last_seq = 0;
  for (bool first = true;; first = false) {
    // The actor's events in (node, seq) order, a page at a time.
    std::string where = actor_where;
    if (!first) {
      where += fmt::format(" AND (node > {} OR (node = {} AND seq > {}))", last_node, last_node,
                           last_seq);
    }
    ASSIGN_OR_RETURN(std::string rows,
                     client_.Query(fmt::format("SELECT canonical, node, seq FROM events WHERE {} "
                                               "ORDER BY node, seq LIMIT {} FORMAT RowBinary",
                                               where, kRedactionReadEvents)));
    std::vector<Event> events;
    RETURN_IF_ERROR(DecodeEvents(rows, &events));
    if (events.empty()) break;
    last_node = events.back().node;
    last_seq = events.back().seq;

    std::set<std::string> cleared;
    std::map<uint16_t, std::vector<RedactedRow>> by_node;
    std::set<std::pair<uint16_t, uint64_t>> seen;  // a row a retried insert stored twice
    for (const Event& e : events) {
      if (!HasPersonalValue(e) || !seen.emplace(e.node, e.seq).second) continue;
      Event redacted = e;
      RETURN_IF_ERROR(ledger::Redact(&redacted));
      RETURN_IF_ERROR(CollectClearedColumns(e, redacted, &cleared));
      by_node[e.node].push_back({e.seq, CanonicalEvent(redacted), TextTokens(redacted)});
      ++result.events;
    }
    for (const auto& [node, redacted] : by_node) {
      std::vector<RedactedRow> part;
      size_t bytes = 0;
      auto send = [&]() -> Status {
        for (ClickHouseClient* server : Servers()) {
          const std::string sql =
              RedactionUpdate(LocalTable("events", options_.cluster), tenant, node, cleared, part);
          RETURN_IF_ERROR(server->Query(sql).status().WithPrefix(fmt::format(
              "redaction stopped after {} events (calling it again completes it)", result.events)));
          ++result.segments;
        }
        part.clear();
        bytes = 0;
        return Status::Ok();
      };
      for (const RedactedRow& r : redacted) {
        part.push_back(r);
        bytes += r.canonical.size() * 2 + r.text_tokens.size() * 2 + 64;
        if (bytes >= kMutationSqlBytes) RETURN_IF_ERROR(send());
      }
      if (!part.empty()) RETURN_IF_ERROR(send());
    }
    if (events.size() < kRedactionReadEvents) break;
  }
  if (result.segments != 0) RETURN_IF_ERROR(WaitForMutations("redacting"));
  return result;
}

// The archive tier is a bound on default reads (ReadScope::online_from_ms,
// applied in filter_sql.cc); the rows stay where ClickHouse keeps them, so
// there is nothing to move. docs/scale-out.md "Redaction and retention".
Result<RetentionResult> ClickHouseStore::RunRetention(const RetentionPolicy& policy, int64_t,
                                                      const std::atomic<bool>*) {
  RETURN_IF_ERROR(policy.Validate());
  RETURN_IF_ERROR(CheckOpen());
  return RetentionResult{};
}

Result<std::vector<SeqRange>> ClickHouseStore::SegmentsPastDeleteAge(const RetentionPolicy& policy,
                                                                     int64_t now_ms) {
  RETURN_IF_ERROR(policy.Validate());
  RETURN_IF_ERROR(CheckOpen());
  if (!policy.deletes()) return std::vector<SeqRange>{};
  // This node's events past their tenant's age, as runs of consecutive
  // seqs: within a run, seq minus the row's rank is constant.
  ASSIGN_OR_RETURN(
      std::string rows,
      client_.Query(fmt::format(
          "SELECT min(seq) AS first, max(seq) AS last FROM (SELECT seq, seq - "
          "rowNumberInAllBlocks() AS run FROM (SELECT DISTINCT seq FROM events WHERE node = {} "
          "AND time_ms < {} ORDER BY seq)) GROUP BY run ORDER BY first LIMIT {} FORMAT RowBinary",
          options_.node_id, DeleteCutoffSql(policy, now_ms), kMaxRangesPerRun)));
  std::vector<SeqRange> out;
  RowBinaryReader r(rows);
  while (!r.done()) {
    SeqRange range;
    ASSIGN_OR_RETURN(range.first, r.UInt64());
    ASSIGN_OR_RETURN(range.last, r.UInt64());
    out.push_back(range);
  }
  return out;
}

Result<RetentionResult> ClickHouseStore::DeleteSegments(const std::vector<SeqRange>& ranges,
                                                        uint64_t, const std::atomic<bool>* cancel) {
  RETURN_IF_ERROR(CheckOpen());
  RetentionResult result;
  for (size_t begin = 0; begin < ranges.size(); begin += kRangesPerDelete) {
    if (cancel != nullptr && cancel->load()) break;
    const size_t end = std::min(ranges.size(), begin + kRangesPerDelete);
    const std::string where =
        SeqRangesSql(options_.node_id, ranges.data() + begin, ranges.data() + end);
    ASSIGN_OR_RETURN(std::string n,
                     client_.Query(fmt::format("SELECT uniqExact(seq) FROM events WHERE {} FORMAT "
                                               "TabSeparated",
                                               where)));
    // The ids first: should a crash come between the two, the events left
    // are listed again by the next run and deleted then.
    for (const char* table : {"event_ids", "events"}) {
      for (ClickHouseClient* server : Servers()) {
        RETURN_IF_ERROR(server
                            ->Query(fmt::format("ALTER TABLE {} DELETE WHERE {}",
                                                LocalTable(table, options_.cluster), where))
                            .status());
      }
    }
    RETURN_IF_ERROR(WaitForMutations("deleting events past their delete-after age"));
    result.segments_deleted += end - begin;
    uint64_t count = 0;
    if (std::from_chars(n.data(), n.data() + n.size(), count).ec != std::errc()) {
      return Status::Internal(fmt::format("ClickHouse: unexpected count '{}'", n));
    }
    result.events_deleted += count;
  }
  return result;
}

}  // namespace vigil::clickhouse
