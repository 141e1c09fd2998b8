// RetentionPolicy: how long events stay in the online tier, in which default
// reads look (DESIGN.md §4 "Retention"; docs/retention.md). Older events are
// in the archive tier: still stored, exported and verifiable, read only when
// a query asks for the archive. Store::RunRetention moves the segments whose
// events have all left the online window to the archive (recompressed).
// Optionally, events past a second age, delete-after, are deleted
// (Store::DeleteSegments) while the ledger stays verifiable.
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
  // Age past which events are deleted, for every tenant without its own;
  // 0: never (the default). When set, at least the tenant's online window.
  int64_t delete_after_ms = 0;
  // Tenants with a delete-after age of their own (each > 0).
  std::map<std::string, int64_t, std::less<>> delete_after_ms_by_tenant;

  // The tenant's online window. For the empty tenant (an operator's read of
  // every tenant) the widest window of all, so no tenant's online events
  // are left out.
  int64_t OnlineMs(std::string_view tenant) const;
  // The oldest time a default read of the tenant covers at now_ms: events
  // with time < OnlineFrom(…) are in the archive.
  int64_t OnlineFrom(std::string_view tenant, int64_t now_ms) const {
    return now_ms - OnlineMs(tenant);
  }
  // The tenant's delete-after age; 0: its events are never deleted.
  int64_t DeleteAfterMs(std::string_view tenant) const;
  bool deletes() const { return delete_after_ms > 0 || !delete_after_ms_by_tenant.empty(); }
  // InvalidArgument naming the tenant when a window is not positive, or a
  // delete-after age is negative or shorter than the tenant's online window.
  Status Validate() const;
};

// Seqs first..last, both included.
struct SeqRange {
  uint64_t first = 0;
  uint64_t last = 0;
  uint64_t count() const { return last - first + 1; }
  bool Contains(const SeqRange& r) const { return first <= r.first && r.last <= last; }
  friend bool operator==(const SeqRange&, const SeqRange&) = default;
};

// What one retention run did.
struct RetentionResult {
  uint64_t segments_archived = 0;  // segments moved to the archive tier by this run
  uint64_t events_archived = 0;    // events in them
  uint64_t bytes_before = 0;       // their size in the online tier
  uint64_t bytes_after = 0;        // their size in the archive (recompressed)
  uint64_t segments_deleted = 0;   // segments deleted past delete-after
  uint64_t events_deleted = 0;     // events in them
  uint64_t bytes_deleted = 0;      // their size on disk
  bool changed() const { return segments_archived != 0 || segments_deleted != 0; }
};

}  // namespace vigil
