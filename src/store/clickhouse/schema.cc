#include "store/clickhouse/schema.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "store/clickhouse/event_row.h"
#include "store/clickhouse/sql_text.h"

namespace vigil::clickhouse {
namespace {

struct Migration {
  uint32_t version;
  std::string description;
  std::vector<std::string> statements;
};

std::string EventsTable() {
  std::string columns;
  for (const ColumnDef& c : EventColumns()) {
    if (!columns.empty()) columns += ",\n  ";
    columns += c.name + " " + c.type;
  }
  // Month partitions (retention drops or moves whole months); the key serves
  // tenant-and-time reads and orders a node's events of one instant by seq.
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS events (\n  {}\n) ENGINE = MergeTree()\n"
      "PARTITION BY toYYYYMM(toDateTime(intDiv(time_ms, 1000)))\n"
      "ORDER BY (tenant, time_ms, node, seq)",
      columns);
}

std::vector<Migration> Migrations() {
  return {
      {1,
       "events, event ids, nodes, ledger leaves and tiles",
       {
           EventsTable(),
           // Lookups by id (Get, and duplicates at ingest) without scanning events.
           "CREATE TABLE IF NOT EXISTS event_ids (tenant String, id String, node UInt16, "
           "seq UInt64, time_ms Int64) ENGINE = MergeTree() ORDER BY (tenant, id)",
           // Which node id each Vigil node uses (ids must be unique per node).
           "CREATE TABLE IF NOT EXISTS nodes (node UInt16, name String, registered_ms Int64) "
           "ENGINE = MergeTree() ORDER BY node",
           // Each node's Merkle log: every leaf hash, and the root of every
           // complete tile of 16 leaves (ledger/log_tree.h).
           "CREATE TABLE IF NOT EXISTS ledger_leaves (node UInt16, seq UInt64, hash "
           "FixedString(32)) ENGINE = MergeTree() ORDER BY (node, seq)",
           "CREATE TABLE IF NOT EXISTS ledger_tiles (node UInt16, tile UInt64, root "
           "FixedString(32)) ENGINE = MergeTree() ORDER BY (node, tile)",
       }},
  };
}

Result<uint32_t> AppliedVersion(ClickHouseClient& client) {
  ASSIGN_OR_RETURN(std::string text, client.Query("SELECT max(version) FROM schema_migrations"));
  try {
    return static_cast<uint32_t>(std::stoul(text));
  } catch (const std::exception&) {
    return Status::Internal(fmt::format("schema_migrations: unexpected max(version) '{}'", text));
  }
}

}  // namespace

Status Migrate(ClickHouseClient& client) {
  const std::string& db = client.options().database;
  RETURN_IF_ERROR(CheckIdentifier("clickhouse_database", db));
  {
    ClientOptions system = client.options();
    system.database = "system";
    ClickHouseClient bootstrap(system);
    RETURN_IF_ERROR(bootstrap.Query("CREATE DATABASE IF NOT EXISTS " + db).status());
  }
  RETURN_IF_ERROR(client
                      .Query("CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, "
                             "description String, applied_ms Int64) ENGINE = MergeTree() ORDER "
                             "BY version")
                      .status());
  ASSIGN_OR_RETURN(uint32_t applied, AppliedVersion(client));
  if (applied > kSchemaVersion) {
    return Status::FailedPrecondition(fmt::format(
        "ClickHouse database '{}' has schema version {}, newer than this Vigil's {}; upgrade "
        "this node",
        db, applied, kSchemaVersion));
  }
  for (const Migration& m : Migrations()) {
    if (m.version <= applied) continue;
    for (const std::string& sql : m.statements) RETURN_IF_ERROR(client.Query(sql).status());
    RETURN_IF_ERROR(client
                        .Query(fmt::format("INSERT INTO schema_migrations VALUES ({}, {}, "
                                           "toInt64(toUnixTimestamp(now())) * 1000)",
                                           m.version, Quote(m.description)))
                        .status());
  }
  return Status::Ok();
}

}  // namespace vigil::clickhouse
