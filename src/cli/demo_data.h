// Demo mode (`vigil serve --demo`): realistic generated events in an empty
// store, and an admin key to explore them with.
#pragma once

#include <string>

#include "api/auth/api_key_store.h"
#include "core/clock.h"
#include "core/status.h"
#include "ingest/event_enricher.h"
#include "store/store.h"

namespace vigil::cli {

inline constexpr uint64_t kDemoEvents = 200'000;

// Fills an empty store with kDemoEvents events from `vigil gen` (the 90 days
// up to now, enriched as ingest enriches), then returns the secret of an operator key with every
// scope. The key is created once and its secret kept in DIR/auth/demo-admin.key (mode 0600), so
// every demo start prints the same key — demo mode only; production keys are never stored in clear.
Result<std::string> SeedDemo(Store* store, api::ApiKeyStore* keys, const std::string& data_dir,
                             const EventEnricher& enricher, const Clock* clock);

}  // namespace vigil::cli
