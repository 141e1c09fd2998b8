// RFC 3339 timestamps at millisecond precision, and calendar helpers.
// All times are milliseconds since the Unix epoch, UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace vigil {

inline constexpr int64_t kMsPerSecond = 1000;
inline constexpr int64_t kMsPerMinute = 60 * kMsPerSecond;
inline constexpr int64_t kMsPerHour = 60 * kMsPerMinute;
inline constexpr int64_t kMsPerDay = 24 * kMsPerHour;

// Earliest and latest times Vigil accepts: 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z.
inline constexpr int64_t kMinTimeMs = 0;
inline constexpr int64_t kMaxTimeMs = 253402300799999;

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)" (RFC 3339 §5.6; 't', 'z'
// and a space instead of 'T' are accepted). Digits past milliseconds are
// truncated. Errors say what is wrong ("month 13 out of range").
Result<int64_t> ParseRfc3339(std::string_view text);

// Parses a date "YYYY-MM-DD" as midnight UTC of that day.
Result<int64_t> ParseDate(std::string_view text);

// Formats as "YYYY-MM-DDTHH:MM:SS.mmmZ" (always UTC, always three fraction digits).
// Precondition: kMinTimeMs <= ms <= kMaxTimeMs.
std::string FormatRfc3339(int64_t ms);
void AppendRfc3339(int64_t ms, std::string* out);

// Midnight UTC of the day containing ms.
int64_t StartOfDay(int64_t ms);
// Midnight UTC of the Monday of the ISO week containing ms.
int64_t StartOfWeek(int64_t ms);
// Midnight UTC of the first day of the month containing ms, shifted by delta months.
int64_t StartOfMonth(int64_t ms, int delta_months = 0);
// Midnight UTC of the first day of the quarter containing ms, shifted by delta quarters.
int64_t StartOfQuarter(int64_t ms, int delta_quarters = 0);

}  // namespace vigil
