// ApiDeps: what the handlers use, owned elsewhere (by the serve command) and
// outliving every request.
#pragma once

#include <cstddef>

#include "api/self_audit.h"
#include "core/clock.h"
#include "core/ulid.h"
#include "store/store.h"

namespace vigil {
class EventEnricher;
namespace enrich {
class CatalogRegistry;
}  // namespace enrich
}  // namespace vigil

namespace vigil::api {

class CheckpointLog;
class RetentionRunner;
class ServerMetrics;
class SettingsSync;

struct ApiLimits {
  size_t max_decoded_body_bytes = 16 << 20;  // after Content-Encoding: the batch limit
  size_t max_page_limit = 1000;              // GET /v1/events limit
  size_t default_page_limit = 50;
  std::chrono::seconds stream_heartbeat{15};
};

struct ApiDeps {
  Store* store = nullptr;
  SelfAudit* audit = nullptr;
  ServerMetrics* metrics = nullptr;  // may be null (tests)
  const Clock* clock = nullptr;
  UlidGenerator* ids = nullptr;  // ids for events without one
  // Signed ledger checkpoints; null where no ledger is served (unit tests).
  CheckpointLog* checkpoints = nullptr;
  // The ingest pipeline's enrich step (ua, geo, diff, catalog); null: events
  // are stored as sent (unit tests).
  const EventEnricher* enricher = nullptr;
  // Each tenant's event catalog (the enricher reads the same one); null:
  // /v1/catalog answers 501.
  enrich::CatalogRegistry* catalogs = nullptr;
  // The online window of default reads (read_scope_builder.h); null: every
  // read covers both tiers.
  const RetentionPolicy* retention = nullptr;
  // Retention runs on demand (/v1/admin/retention); null: 404.
  RetentionRunner* retention_runner = nullptr;
  // Shares key and catalog changes with other nodes (a store that
  // SharesSettings); woken after each change made through the API. May be
  // null.
  SettingsSync* settings = nullptr;
  ApiLimits limits;
};

}  // namespace vigil::api
