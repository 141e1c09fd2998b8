#include "store/clickhouse/schema.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "store/clickhouse/event_row.h"
#include "store/clickhouse/sql_text.h"

namespace vigil::clickhouse {
namespace {

// One of Vigil's tables: its columns and MergeTree clauses, and how a
// Distributed table spreads its rows over shards.
struct Table {
  std::string name;
  std::string columns;
  std::string merge_tree;  // PARTITION BY / ORDER BY
  std::string shard_key;
};

struct Migration {
  uint32_t version;
  std::string description;
  std::vector<Table> tables;
};

Table EventsTable() {
  std::string columns;
  for (const ColumnDef& c : EventColumns()) {
    if (!columns.empty()) columns += ",\n  ";
    columns += c.name + " " + c.type;
  }
  // Month partitions (retention drops or moves whole months); the key serves
  // tenant-and-time reads and orders a node's events of one instant by seq.
  // An event and its id row go to the same shard.
  return {"events", columns,
          "PARTITION BY toYYYYMM(toDateTime(intDiv(time_ms, 1000)))\n"
          "ORDER BY (tenant, time_ms, node, seq)",
          "cityHash64(tenant, id)"};
}

std::vector<Migration> Migrations() {
  return {
      {1,
       "events, event ids, nodes, ledger leaves and tiles",
       {
           EventsTable(),
           // Lookups by id (Get, and duplicates at ingest) without scanning events.
           {"event_ids", "tenant String, id String, node UInt16, seq UInt64, time_ms Int64",
            "ORDER BY (tenant, id)", "cityHash64(tenant, id)"},
           // Which node id each Vigil node uses (ids must be unique per node).
           {"nodes", "node UInt16, name String, registered_ms Int64", "ORDER BY node", "node"},
           // Each node's Merkle log: every leaf hash, and the root of every
           // complete tile of 16 leaves (ledger/log_tree.h). A node's log
           // lives on one shard.
           {"ledger_leaves", "node UInt16, seq UInt64, hash FixedString(32)",
            "ORDER BY (node, seq)", "node"},
           {"ledger_tiles", "node UInt16, tile UInt64, root FixedString(32)",
            "ORDER BY (node, tile)", "node"},
       }},
      {2,
       "each node's signed checkpoints",
       {
           // The C2SP signed note of each checkpoint a node signed (also in
           // its data directory): a node that lost its directory still
           // refuses to serve a log shorter than what it signed.
           {"ledger_checkpoints", "node UInt16, size UInt64, note String, written_ms Int64",
            "ORDER BY (node, size)", "node"},
       }},
      {3,
       "each node's checkpoint verifier key",
       {
           // The note verifier key each node signs its checkpoints with
           // (ledger/note.h), so that any node can serve and check another
           // node's checkpoints and proofs. A node adds a row when its key
           // is not the newest one recorded; the newest row is its key.
           {"ledger_keys", "node UInt16, verifier_key String, written_ms Int64",
            "ORDER BY (node, written_ms)", "node"},
       }},
      {4,
       "settings every node shares",
       {
           // API keys (their hashes) and tenants' catalogs: a row per
           // write, the newest per (kind, id) counts (Store::Settings).
           {"shared_settings", "kind String, id String, body String, written_ms Int64",
            "ORDER BY (kind, id, written_ms)", "cityHash64(kind, id)"},
       }},
  };
}

std::vector<std::string> CreateStatements(const Table& t, const std::string& db,
                                          const std::string& cluster) {
  if (cluster.empty()) {
    return {fmt::format("CREATE TABLE IF NOT EXISTS {} ({}) ENGINE = MergeTree() {}", t.name,
                        t.columns, t.merge_tree)};
  }
  const std::string local = LocalTable(t.name, cluster);
  return {fmt::format("CREATE TABLE IF NOT EXISTS {} ({}) ENGINE = MergeTree() {}", local,
                      t.columns, t.merge_tree),
          fmt::format("CREATE TABLE IF NOT EXISTS {} AS {} ENGINE = Distributed({}, {}, {}, {})",
                      t.name, local, cluster, db, local, t.shard_key)};
}

// The engine the events table has must match the layout asked for: a
// database made for one server is not silently used as a cluster's.
Status CheckLayout(ClickHouseClient& client, const std::string& cluster) {
  const std::string& db = client.options().database;
  ASSIGN_OR_RETURN(std::string engine,
                   client.Query(fmt::format("SELECT engine FROM system.tables WHERE database = "
                                            "{} AND name = 'events' FORMAT TabSeparated",
                                            Quote(db))));
  const std::string want = cluster.empty() ? "MergeTree\n" : "Distributed\n";
  if (engine == want) return Status::Ok();
  return Status::FailedPrecondition(fmt::format(
      "ClickHouse database '{}' at {}:{} has an events table of engine '{}', but {}: use "
      "another database, or the setting it was made with",
      db, client.options().host, client.options().port, engine.substr(0, engine.find('\n')),
      cluster.empty() ? "clickhouse_cluster is not set (one server)"
                      : "clickhouse_cluster is '" + cluster + "' (a Distributed table)"));
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

std::string LocalTable(std::string_view table, std::string_view cluster) {
  return cluster.empty() ? std::string(table) : std::string(table) + "_local";
}

Status Migrate(ClickHouseClient& client, const std::string& cluster) {
  const std::string& db = client.options().database;
  RETURN_IF_ERROR(CheckIdentifier("clickhouse_database", db));
  if (!cluster.empty()) RETURN_IF_ERROR(CheckIdentifier("clickhouse_cluster", cluster));
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
    for (const Table& t : m.tables) {
      for (const std::string& sql : CreateStatements(t, db, cluster)) {
        RETURN_IF_ERROR(client.Query(sql).status());
      }
    }
    RETURN_IF_ERROR(client
                        .Query(fmt::format("INSERT INTO schema_migrations VALUES ({}, {}, "
                                           "toInt64(toUnixTimestamp(now())) * 1000)",
                                           m.version, Quote(m.description)))
                        .status());
  }
  return CheckLayout(client, cluster);
}

}  // namespace vigil::clickhouse
