// BatchRows: one append's rows as ClickHouse inserts them (RowBinary), built
// once by the store and then either sent at once or kept in the local spool
// (spool.h) and sent later. Sending is idempotent up to the commit point: the
// ledger leaves go last (docs/scale-out.md "Durability and atomicity").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace vigil::clickhouse {

struct BatchRows {
  uint64_t first_seq = 0;  // the node's seqs [first_seq, first_seq + count)
  uint64_t count = 0;
  // Rows of the events table, one string per month partition: each is sent
  // as one insert, which ClickHouse writes as one part, atomically.
  std::vector<std::string> events_by_month;
  std::string ids;     // rows of event_ids
  std::string leaves;  // rows of ledger_leaves: the commit point

  uint64_t end_seq() const { return first_seq + count; }
  size_t bytes() const;
};

// A self-delimiting encoding of rows, the payload of a spool record.
std::string EncodeBatchRows(const BatchRows& rows);
// The inverse; Corruption naming what is wrong for bytes EncodeBatchRows did
// not write.
Result<BatchRows> DecodeBatchRows(std::string_view bytes);

}  // namespace vigil::clickhouse
