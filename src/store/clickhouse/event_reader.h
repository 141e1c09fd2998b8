// Reading events back from `events` rows (event_row.h): the columns a read
// selects, their RowBinary decoding into Events (from the canonical bytes,
// with the row's node and seq), and a streamed scan in (node, seq) order.
// Used by ClickHouseStore's reads and by `vigil verify --clickhouse`, which
// reads a node's log without opening a store.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/event_parser.h"
#include "core/status.h"
#include "store/clickhouse/clickhouse_client.h"
#include "store/clickhouse/row_binary.h"

namespace vigil::clickhouse {

// The columns DecodeEventRow reads, in order: for `SELECT {} FROM events`.
inline constexpr std::string_view kEventColumns = "canonical, node, seq";

// Decodes the next row of kEventColumns into *out (appended). Corruption
// naming the node and seq when the canonical bytes do not parse; an error
// when the bytes run out.
Status DecodeEventRow(RowBinaryReader& r, EventParser& parser, std::vector<Event>* out);

// Streams `SELECT kEventColumns FROM events WHERE <where> ORDER BY node, seq`
// to visit, one decoded event at a time: ClickHouse sorts on disk past a few
// hundred MB, and memory here stays at one response chunk and one row.
// Stops at visit's first error, which is returned. `where` is SQL built from
// escaped literals (sql_text.h).
Status ScanEvents(ClickHouseClient& client, std::string_view where,
                  const std::function<Status(const Event&)>& visit);

}  // namespace vigil::clickhouse
