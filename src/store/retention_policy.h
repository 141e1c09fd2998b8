// RetentionPolicy: how long events stay in the online tier, in which default
// reads look (DESIGN.md §4 "Retention"; docs/retention.md). Older events are
// in the archive tier: still stored, exported and verifiable, read only when
// a query asks for the archive. Store::RunRetention moves the segments whose
// events have all left the online window to the archive (recompressed).
//
// A value type; thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace vigil {

inline constexpr int64_t kMsPerRetentionDay = 24 * 3600 * 1000;

struct RetentionPolicy {
  // The online window of every tenant without its own (> 0).
  int64_t online_ms = 90 * kMsPerRetentionDay;
  // Tenants with a window of their own (each > 0).
  std::map<std::string, int64_t, std::less<>> online_ms_by_tenant;

  // The tenant's online window. For the empty tenant (an operator's read of
  // every tenant) the widest window of all, so no tenant's online events
  // are left out.
  int64_t OnlineMs(std::string_view tenant) const;
  // The oldest time a default read of the tenant covers at now_ms: events
  // with time < OnlineFrom(…) are in the archive.
  int64_t OnlineFrom(std::string_view tenant, int64_t now_ms) const {
    return now_ms - OnlineMs(tenant);
  }
  // InvalidArgument naming the tenant when a window is not positive.
  Status Validate() const;
};

// What one retention run did.
struct RetentionResult {
  uint64_t segments_archived = 0;  // segments moved to the archive tier by this run
  uint64_t events_archived = 0;    // events in them
  uint64_t bytes_before = 0;       // their size in the online tier
  uint64_t bytes_after = 0;        // their size in the archive (recompressed)
  bool changed() const { return segments_archived != 0; }
};

}  // namespace vigil
