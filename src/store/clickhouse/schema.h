// The ClickHouse schema Vigil uses and its versioned migrations
// (docs/scale-out.md "Schema"). Every node applies the missing migrations on
// start; each statement is idempotent (IF NOT EXISTS), so nodes starting
// together converge.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/clickhouse/clickhouse_client.h"

namespace vigil::clickhouse {

// The newest schema version this build knows.
inline constexpr uint32_t kSchemaVersion = 4;

// Creates the database named in the client's options when missing, then
// applies every migration newer than the one recorded in schema_migrations.
// FailedPrecondition when the database was migrated by a newer Vigil (its
// version is above kSchemaVersion): an older node must not write there.
//
// With a cluster (a name in the servers' <remote_servers>), each table T is
// a MergeTree T_local on this server and a Distributed table T over every
// shard's T_local; run Migrate on every server of the cluster. Without one,
// T is the MergeTree. FailedPrecondition when the database was made for the
// other layout.
Status Migrate(ClickHouseClient& client, const std::string& cluster = "");

// The MergeTree table holding T's rows on one server: T without a cluster,
// T_local with one (mutations and system.parts name it).
std::string LocalTable(std::string_view table, std::string_view cluster);

}  // namespace vigil::clickhouse
