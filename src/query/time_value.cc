#include "query/time_value.h"

#include <fmt/format.h>

#include <limits>

#include "core/timestamp.h"
#include "query/time_presets.h"

namespace vigil {
namespace {

constexpr int64_t kOpenFrom = std::numeric_limits<int64_t>::min();
constexpr int64_t kOpenTo = std::numeric_limits<int64_t>::max();

bool IsDate(std::string_view s) { return s.size() == 10; }

// A date (its midnight, or the next midnight when is_end) or an RFC 3339 timestamp.
Result<int64_t> ParseBound(std::string_view s, bool is_end) {
  if (IsDate(s)) {
    ASSIGN_OR_RETURN(int64_t midnight, ParseDate(s));
    return is_end ? midnight + kMsPerDay : midnight;
  }
  return ParseRfc3339(s);
}

bool IsMidnight(int64_t ms) { return ms % kMsPerDay == 0; }

std::string FormatDate(int64_t midnight) { return FormatRfc3339(midnight).substr(0, 10); }

}  // namespace

Result<TimeRange> ParseTimeValue(std::string_view text, int64_t now_ms) {
  if (text.empty()) return Status::InvalidArgument("empty time");
  size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    if (text[0] < '0' || text[0] > '9') {
      ASSIGN_OR_RETURN(TimeRange preset, ResolveTimePreset(text, now_ms));
      // Only near 1970, where clamping leaves nothing (yesterday on 1970-01-01).
      if (preset.Empty()) return Status::InvalidArgument("the range is empty (before 1970)");
      return preset;
    }
    if (IsDate(text)) {
      ASSIGN_OR_RETURN(int64_t midnight, ParseDate(text));
      return TimeRange{midnight, midnight + kMsPerDay};
    }
    ASSIGN_OR_RETURN(int64_t t, ParseRfc3339(text));
    return TimeRange{t, t + 1};
  }
  std::string_view from_text = text.substr(0, dots);
  std::string_view to_text = text.substr(dots + 2);
  if (from_text.empty() && to_text.empty()) {
    return Status::InvalidArgument("a range needs at least one end, as in 2026-11-01..");
  }
  TimeRange range;
  if (!from_text.empty()) {
    ASSIGN_OR_RETURN(range.from_ms, ParseBound(from_text, /*is_end=*/false));
  }
  if (!to_text.empty()) {
    ASSIGN_OR_RETURN(range.to_ms, ParseBound(to_text, /*is_end=*/true));
  }
  if (range.Empty()) return Status::InvalidArgument("the range ends before it starts");
  return range;
}

Result<std::string> FormatTimeRange(const TimeRange& range) {
  const bool from_open = range.from_ms == kOpenFrom;
  const bool to_open = range.to_ms == kOpenTo;
  if ((from_open && to_open) || range.Empty() ||
      (!from_open && (range.from_ms < kMinTimeMs || range.from_ms > kMaxTimeMs)) ||
      (!to_open && (range.to_ms < kMinTimeMs || range.to_ms > kMaxTimeMs + 1))) {
    return Status::InvalidArgument(
        fmt::format("time range [{}, {}) cannot be written", range.from_ms, range.to_ms));
  }
  if (!from_open && !to_open) {
    if (IsMidnight(range.from_ms) && range.to_ms - range.from_ms == kMsPerDay) {
      return FormatDate(range.from_ms);
    }
    if (range.to_ms - range.from_ms == 1) return FormatRfc3339(range.from_ms);
  }
  std::string out;
  if (!from_open) {
    out = IsMidnight(range.from_ms) ? FormatDate(range.from_ms) : FormatRfc3339(range.from_ms);
  }
  out += "..";
  if (!to_open) {
    // The end's day is written inclusively: to = next midnight.
    if (IsMidnight(range.to_ms) && range.to_ms - kMsPerDay >= kMinTimeMs) {
      out += FormatDate(range.to_ms - kMsPerDay);
    } else if (range.to_ms <= kMaxTimeMs) {
      out += FormatRfc3339(range.to_ms);
    } else {
      return Status::InvalidArgument("time range end past 9999 cannot be written");
    }
  }
  return out;
}

}  // namespace vigil
