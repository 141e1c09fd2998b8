// GeneratorOptions: what `vigil gen` produces. See event_generator.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/status.h"
#include "core/timestamp.h"

namespace vigil {

struct GeneratorOptions {
  // Same options, same events, byte for byte.
  uint64_t seed = 1;
  // Event times lie in [end_ms - span_ms, end_ms] (the start is clamped at
  // 1970). Required: the CLI passes the current time or --end.
  int64_t end_ms = 0;
  int64_t span_ms = 90 * kMsPerDay;
  // How many events the run will produce. Times spread over the whole span
  // for exactly this many events: event count-1 lands near end_ms. Events
  // past count are still valid, with times at end_ms.
  uint64_t count = 1'000'000;
  // Organizations. Their activity is Zipf-distributed: the busiest has about
  // a third of all events when there are 20.
  size_t tenants = 20;
  // Members of the busiest tenant; a tenant of rank r has about
  // 2 * members / (r + 2) (at least 4). Within a tenant a few members are
  // much more active than the rest (Zipf).
  size_t members = 150;
  // How often actions fail, in per mille for a typical action (query runs,
  // logins and imports fail more, in proportion). Failed logins of disabled
  // accounts and the actions that always fail (user.login.failed, bounced
  // emails) come on top. The default gives about 4 % failed events; 0 leaves
  // only the latter.
  uint32_t error_per_mille = 20;
  // Include a client `id` (a ULID of the event time) in every event, so that
  // re-sending a file is idempotent. By default the server assigns ids.
  bool with_ids = false;

  // InvalidArgument naming the option when a value is out of range:
  // end_ms outside 1970..9999, span_ms < 1, count, tenants or members 0,
  // tenants > 100000, members > 100000, error_per_mille > 1000.
  Status Validate() const;
};

}  // namespace vigil
