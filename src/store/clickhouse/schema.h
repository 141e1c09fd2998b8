// The ClickHouse schema Vigil uses and its versioned migrations
// (docs/scale-out.md "Schema"). Every node applies the missing migrations on
// start; each statement is idempotent (IF NOT EXISTS), so nodes starting
// together converge.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "store/clickhouse/clickhouse_client.h"

namespace vigil::clickhouse {

// The newest schema version this build knows.
inline constexpr uint32_t kSchemaVersion = 1;

// Creates the database named in the client's options when missing, then
// applies every migration newer than the one recorded in schema_migrations.
// FailedPrecondition when the database was migrated by a newer Vigil (its
// version is above kSchemaVersion): an older node must not write there.
Status Migrate(ClickHouseClient& client);

}  // namespace vigil::clickhouse
