// Named time ranges relative to now, for `time:` terms, the UI's preset menu
// and the CLI. All calendar boundaries are UTC midnights; weeks are ISO
// weeks (Monday to Monday). Every range is half-open [from_ms, to_ms).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/status.h"
#include "store/filter.h"

namespace vigil {

// Resolves a preset (ASCII case-insensitive) against now_ms:
//   today         [start of today, start of tomorrow)
//   yesterday     [start of yesterday, start of today)
//   this-week     [Monday of this ISO week, next Monday)
//   last-week     [Monday of the previous ISO week, Monday of this week)
//   this-month    [1st of this month, 1st of next month)
//   last-month    [1st of the previous month, 1st of this month)
//   this-quarter  [1st of this quarter (Jan, Apr, Jul, Oct), 1st of the next)
//   last-quarter  [1st of the previous quarter, 1st of this quarter)
//   last-Nm, last-Nh, last-Nd (N in 1..999999999 minutes, hours, days; e.g.
//   last-15m, last-24h, last-7d, last-30d, last-90d)
//                 [now - N units, now + 1 ms): rolling, up to and including now
// Ranges are clamped to [kMinTimeMs, kMaxTimeMs + 1]. Errors are
// InvalidArgument with the reason only ("unknown time preset 'lastweek'");
// now_ms must lie in kMinTimeMs..kMaxTimeMs.
Result<TimeRange> ResolveTimePreset(std::string_view name, int64_t now_ms);

// The fixed preset names and a few common rolling ones, in menu order:
// today, yesterday, last-24h, last-7d, last-30d, last-90d, this-week,
// last-week, this-month, last-month, this-quarter, last-quarter.
std::span<const std::string_view> TimePresetNames();

}  // namespace vigil
