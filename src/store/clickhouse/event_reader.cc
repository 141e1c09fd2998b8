#include "store/clickhouse/event_reader.h"

#include <fmt/format.h>

#include <string>

namespace vigil::clickhouse {
namespace {

// ClickHouse sorts a large scan on disk past this many bytes.
constexpr uint64_t kExternalSortBytes = uint64_t{256} << 20;

struct RawRow {
  std::string_view canonical;
  uint16_t node = 0;
  uint64_t seq = 0;
};

// The next (canonical, node, seq) row; an error when the bytes run out.
Result<RawRow> ReadRow(RowBinaryReader& r) {
  RawRow row;
  ASSIGN_OR_RETURN(row.canonical, r.String());
  ASSIGN_OR_RETURN(row.node, r.UInt16());
  ASSIGN_OR_RETURN(row.seq, r.UInt64());
  return row;
}

Result<Event> ParseRow(const RawRow& row, EventParser& parser) {
  ParseOptions stored;
  stored.stored_form = true;
  Result<Event> e = parser.Parse(row.canonical, stored);
  if (!e.ok()) {
    return Status::Corruption(fmt::format("ClickHouse events: node {} seq {}: {}", row.node,
                                          row.seq, e.status().message()));
  }
  e->seq = row.seq;
  e->node = row.node;
  return e;
}

}  // namespace

Status DecodeEventRow(RowBinaryReader& r, EventParser& parser, std::vector<Event>* out) {
  ASSIGN_OR_RETURN(RawRow row, ReadRow(r));
  ASSIGN_OR_RETURN(Event e, ParseRow(row, parser));
  out->push_back(std::move(e));
  return Status::Ok();
}

Status ScanEvents(ClickHouseClient& client, std::string_view where,
                  const std::function<Status(const Event&)>& visit) {
  const std::string sql = fmt::format(
      "SELECT {} FROM events WHERE {} ORDER BY node, seq SETTINGS "
      "max_bytes_before_external_sort = {} FORMAT RowBinary",
      kEventColumns, where, kExternalSortBytes);
  std::string pending;  // bytes of a row split across chunks
  EventParser parser;
  RETURN_IF_ERROR(client.QueryStream(sql, [&](std::string_view chunk) -> Status {
    pending.append(chunk);
    RowBinaryReader r(pending);
    size_t consumed = 0;
    while (!r.done()) {
      Result<RawRow> row = ReadRow(r);
      if (!row.ok()) break;  // the rest of the row comes with the next chunk
      consumed = r.position();
      ASSIGN_OR_RETURN(Event e, ParseRow(*row, parser));
      RETURN_IF_ERROR(visit(e));
    }
    pending.erase(0, consumed);
    return Status::Ok();
  }));
  if (pending.empty()) return Status::Ok();
  // What is left is not a whole row: the error ClickHouse appended, named
  // in the reader's message.
  RowBinaryReader r(pending);
  return ReadRow(r).status();
}

}  // namespace vigil::clickhouse
