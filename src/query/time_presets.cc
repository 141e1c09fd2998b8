#include "query/time_presets.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <string>

#include "core/timestamp.h"
#include "query/message_text.h"

namespace vigil {
namespace {

constexpr std::array<std::string_view, 12> kPresetNames = {
    "today",     "yesterday", "last-24h",   "last-7d",    "last-30d",     "last-90d",
    "this-week", "last-week", "this-month", "last-month", "this-quarter", "last-quarter",
};

TimeRange Clamp(int64_t from, int64_t to) {
  return {std::clamp(from, kMinTimeMs, kMaxTimeMs + 1), std::clamp(to, kMinTimeMs, kMaxTimeMs + 1)};
}

// last-N(m|h|d): a rolling window ending at now (inclusive).
Result<TimeRange> Rolling(std::string_view spec, int64_t now_ms) {
  auto bad = [&] {
    return Status::InvalidArgument(fmt::format(
        "'last-{}' is not a rolling window; write last-N followed by m, h or d, as in last-7d",
        ShortForMessage(spec, 32)));
  };
  if (spec.size() < 2 || spec.size() > 10) return bad();
  int64_t unit = 0;
  switch (spec.back()) {
    case 'm':
      unit = kMsPerMinute;
      break;
    case 'h':
      unit = kMsPerHour;
      break;
    case 'd':
      unit = kMsPerDay;
      break;
    default:
      return bad();
  }
  int64_t n = 0;
  for (char c : spec.substr(0, spec.size() - 1)) {
    if (c < '0' || c > '9') return bad();
    n = n * 10 + (c - '0');
  }
  if (n == 0) return Status::InvalidArgument("a rolling window needs a length of at least 1");
  return Clamp(now_ms - n * unit, now_ms + 1);  // n < 1e9: no overflow
}

}  // namespace

Result<TimeRange> ResolveTimePreset(std::string_view name, int64_t now_ms) {
  if (now_ms < kMinTimeMs || now_ms > kMaxTimeMs) {
    return Status::InvalidArgument(fmt::format("now ({} ms) is outside 1970..9999", now_ms));
  }
  std::string lower(name.substr(0, 64));
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const int64_t day = StartOfDay(now_ms);
  if (lower == "today") return Clamp(day, day + kMsPerDay);
  if (lower == "yesterday") return Clamp(day - kMsPerDay, day);
  if (lower == "this-week") return Clamp(StartOfWeek(now_ms), StartOfWeek(now_ms) + 7 * kMsPerDay);
  if (lower == "last-week") return Clamp(StartOfWeek(now_ms) - 7 * kMsPerDay, StartOfWeek(now_ms));
  if (lower == "this-month") return Clamp(StartOfMonth(now_ms), StartOfMonth(now_ms, 1));
  if (lower == "last-month") return Clamp(StartOfMonth(now_ms, -1), StartOfMonth(now_ms));
  if (lower == "this-quarter") return Clamp(StartOfQuarter(now_ms), StartOfQuarter(now_ms, 1));
  if (lower == "last-quarter") return Clamp(StartOfQuarter(now_ms, -1), StartOfQuarter(now_ms));
  if (lower.starts_with("last-")) return Rolling(std::string_view(lower).substr(5), now_ms);
  return Status::InvalidArgument(
      fmt::format("unknown time preset '{}' (presets: {}, or last-N with m, h or d)",
                  ShortForMessage(name, 32), fmt::join(kPresetNames, ", ")));
}

std::span<const std::string_view> TimePresetNames() { return kPresetNames; }

}  // namespace vigil
