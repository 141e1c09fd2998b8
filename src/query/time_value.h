// Values of the `time:` field: a preset, a day, an instant or a range.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/filter.h"

namespace vigil {

// Parses, into a half-open range [from_ms, to_ms) (an open end is
// TimeRange's default, INT64_MIN or INT64_MAX):
//   a preset                  today, last-7d, ... (time_presets.h)
//   YYYY-MM-DD                that whole day (UTC)
//   an RFC 3339 timestamp     that millisecond: [t, t + 1 ms)
//   A..B, A.., ..B            A and B each a date or an RFC 3339 timestamp.
//                             A date as the start means its midnight; as the
//                             end it is inclusive (to = the next midnight).
//                             A timestamp as the end is exclusive.
// The range must not be empty. Errors are InvalidArgument with the reason
// only ("month 13 out of range").
Result<TimeRange> ParseTimeValue(std::string_view text, int64_t now_ms);

// Writes a range so that ParseTimeValue reads it back unchanged: a bound on a
// UTC midnight is written as a date (the end as the day before), any other as
// an RFC 3339 timestamp ("2026-11-01..2026-11-21",
// "2026-11-21T09:30:00.000Z..", "2026-11-21"). InvalidArgument when the range
// is empty, fully open, or outside 1970..9999.
Result<std::string> FormatTimeRange(const TimeRange& range);

}  // namespace vigil
