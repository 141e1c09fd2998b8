#include "core/timestamp.h"

#include <fmt/format.h>

#include <chrono>

#include "core/ascii.h"

namespace vigil {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

bool ParseDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  return sys_days(year_month_day(year(y), month(m), day(d))).time_since_epoch().count();
}

year_month_day CivilFromMs(int64_t ms) {
  int64_t d = ms >= 0 ? ms / kMsPerDay : (ms - kMsPerDay + 1) / kMsPerDay;
  return year_month_day(sys_days(days(d)));
}

Result<int64_t> ParseDateAt(std::string_view text, std::string_view what) {
  int y, mo, d;
  if (text.size() < 10 || !ParseDigits(text, 0, 4, &y) || text[4] != '-' ||
      !ParseDigits(text, 5, 2, &mo) || text[7] != '-' || !ParseDigits(text, 8, 2, &d)) {
    return Status::InvalidArgument(
        fmt::format("'{}' is not {} (expected YYYY-MM-DD…)", EscapeControlBytes(text), what));
  }
  if (mo < 1 || mo > 12) return Status::InvalidArgument(fmt::format("month {} out of range", mo));
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) {
    return Status::InvalidArgument(fmt::format("day {} out of range for {:04}-{:02}", d, y, mo));
  }
  return DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kMsPerDay;
}

}  // namespace

Result<int64_t> ParseDate(std::string_view text) {
  if (text.size() != 10) {
    return Status::InvalidArgument(
        fmt::format("'{}' is not a date (expected YYYY-MM-DD)", EscapeControlBytes(text)));
  }
  Result<int64_t> ms = ParseDateAt(text, "a date");
  if (ms.ok() && *ms < kMinTimeMs) {
    return Status::InvalidArgument(fmt::format("year {} is before 1970", text.substr(0, 4)));
  }
  return ms;
}

Result<int64_t> ParseRfc3339(std::string_view text) {
  constexpr std::string_view kWhat = "an RFC 3339 timestamp";
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument(fmt::format("'{}' is not {} ({}; e.g. 2026-11-21T09:30:00.000Z)",
                                               EscapeControlBytes(text), kWhat, why));
  };
  auto date = ParseDateAt(text, kWhat);
  if (!date.ok()) return date.status();
  if (text.size() < 20) return bad("missing time of day or offset");
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return bad("expected 'T' after date");
  int h, mi, s;
  if (!ParseDigits(text, 11, 2, &h) || text[13] != ':' || !ParseDigits(text, 14, 2, &mi) ||
      text[16] != ':' || !ParseDigits(text, 17, 2, &s)) {
    return bad("expected HH:MM:SS");
  }
  if (h > 23) return bad("hour out of range");
  if (mi > 59) return bad("minute out of range");
  if (s > 60) return bad("second out of range");
  if (s == 60) s = 59;  // leap second: clamp, as most systems do
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad("empty fraction of a second");
    for (size_t i = digits; i < 3; ++i) millis *= 10;
  }
  int64_t offset_ms = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh, om;
    if (!ParseDigits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ParseDigits(text, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return bad("bad UTC offset, expected ±HH:MM");
    }
    offset_ms = (oh * kMsPerHour + om * kMsPerMinute) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad("missing UTC offset ('Z' or ±HH:MM)");
  }
  if (pos != text.size()) return bad("unexpected characters after the offset");
  int64_t ms = *date + h * kMsPerHour + mi * kMsPerMinute + s * kMsPerSecond + millis - offset_ms;
  // The range is checked on the instant, not the written date: an offset can
  // move a 1969 local date into 1970 UTC.
  if (ms < kMinTimeMs) return bad("before 1970-01-01T00:00:00Z");
  if (ms > kMaxTimeMs) return bad("after 9999-12-31T23:59:59.999Z");
  return ms;
}

void AppendRfc3339(int64_t ms, std::string* out) {
  // Hand-rolled (not fmt): exports and canonical serialization call this per event.
  year_month_day ymd = CivilFromMs(ms);
  const int64_t in_day = ms - StartOfDay(ms);
  char b[25] = "0000-00-00T00:00:00.000Z";
  auto put = [&](size_t pos, int64_t v, int digits) {
    for (int i = digits - 1; i >= 0; --i) {
      b[pos + static_cast<size_t>(i)] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  put(0, static_cast<int>(ymd.year()), 4);
  put(5, static_cast<unsigned>(ymd.month()), 2);
  put(8, static_cast<unsigned>(ymd.day()), 2);
  put(11, in_day / kMsPerHour, 2);
  put(14, (in_day / kMsPerMinute) % 60, 2);
  put(17, (in_day / kMsPerSecond) % 60, 2);
  put(20, in_day % 1000, 3);
  out->append(b, 24);
}

std::string FormatRfc3339(int64_t ms) {
  std::string out;
  AppendRfc3339(ms, &out);
  return out;
}

int64_t StartOfDay(int64_t ms) {
  int64_t d = ms >= 0 ? ms / kMsPerDay : (ms - kMsPerDay + 1) / kMsPerDay;
  return d * kMsPerDay;
}

int64_t StartOfWeek(int64_t ms) {
  int64_t day_start = StartOfDay(ms);
  std::chrono::weekday wd{sys_days(days(day_start / kMsPerDay))};
  int64_t since_monday = (wd.c_encoding() + 6) % 7;  // Monday = 0
  return day_start - since_monday * kMsPerDay;
}

int64_t StartOfMonth(int64_t ms, int delta_months) {
  year_month_day ymd = CivilFromMs(ms);
  int total = static_cast<int>(ymd.year()) * 12 + static_cast<int>(unsigned(ymd.month())) - 1 +
              delta_months;
  int y = total >= 0 ? total / 12 : (total - 11) / 12;
  unsigned m = static_cast<unsigned>(total - y * 12) + 1;
  return DaysFromCivil(y, m, 1) * kMsPerDay;
}

int64_t StartOfQuarter(int64_t ms, int delta_quarters) {
  year_month_day ymd = CivilFromMs(ms);
  int month_in_quarter = static_cast<int>((unsigned(ymd.month()) - 1) % 3);
  return StartOfMonth(ms, -month_in_quarter + 3 * delta_quarters);
}

}  // namespace vigil
