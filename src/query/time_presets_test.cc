#include "query/time_presets.h"

#include <gtest/gtest.h>

#include <string>

#include "core/timestamp.h"

namespace vigil {
namespace {

int64_t T(std::string_view rfc3339) {
  auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.ok()) << rfc3339;
  return t.ok() ? *t : 0;
}

int64_t D(std::string_view date) {
  auto t = ParseDate(date);
  EXPECT_TRUE(t.ok()) << date;
  return t.ok() ? *t : 0;
}

// Resolves and prints the range as "from..to" in RFC 3339, for readable failures.
std::string Resolve(std::string_view name, int64_t now) {
  auto r = ResolveTimePreset(name, now);
  if (!r.ok()) return "error: " + r.status().message();
  return FormatRfc3339(r->from_ms) + ".." + FormatRfc3339(r->to_ms);
}

std::string Range(int64_t from, int64_t to) {
  return FormatRfc3339(from) + ".." + FormatRfc3339(to);
}

TEST(TimePresetsTest, CalendarPresetsMidMonth) {
  const int64_t now = T("2026-11-21T15:30:45.123Z");  // a Saturday, ISO week 47
  EXPECT_EQ(Resolve("today", now), Range(D("2026-11-21"), D("2026-11-22")));
  EXPECT_EQ(Resolve("yesterday", now), Range(D("2026-11-20"), D("2026-11-21")));
  EXPECT_EQ(Resolve("this-week", now), Range(D("2026-11-16"), D("2026-11-23")));
  EXPECT_EQ(Resolve("last-week", now), Range(D("2026-11-09"), D("2026-11-16")));
  EXPECT_EQ(Resolve("this-month", now), Range(D("2026-11-01"), D("2026-12-01")));
  EXPECT_EQ(Resolve("last-month", now), Range(D("2026-10-01"), D("2026-11-01")));
  EXPECT_EQ(Resolve("this-quarter", now), Range(D("2026-10-01"), D("2027-01-01")));
  EXPECT_EQ(Resolve("last-quarter", now), Range(D("2026-07-01"), D("2026-10-01")));
}

TEST(TimePresetsTest, RollingWindowsEndAtNowInclusive) {
  const int64_t now = T("2026-11-21T15:30:45.123Z");
  EXPECT_EQ(Resolve("last-24h", now), Range(T("2026-11-20T15:30:45.123Z"), now + 1));
  EXPECT_EQ(Resolve("last-7d", now), Range(T("2026-11-14T15:30:45.123Z"), now + 1));
  EXPECT_EQ(Resolve("last-30d", now), Range(T("2026-10-22T15:30:45.123Z"), now + 1));
  EXPECT_EQ(Resolve("last-90d", now), Range(T("2026-08-23T15:30:45.123Z"), now + 1));
  EXPECT_EQ(Resolve("last-15m", now), Range(T("2026-11-21T15:15:45.123Z"), now + 1));
  EXPECT_EQ(Resolve("last-1h", now), Range(T("2026-11-21T14:30:45.123Z"), now + 1));
  EXPECT_EQ(Resolve("last-36h", now), Range(T("2026-11-20T03:30:45.123Z"), now + 1));
  EXPECT_EQ(Resolve("last-007d", now), Resolve("last-7d", now));
}

TEST(TimePresetsTest, NamesAreCaseInsensitive) {
  const int64_t now = T("2026-11-21T15:30:45.123Z");
  EXPECT_EQ(Resolve("Today", now), Resolve("today", now));
  EXPECT_EQ(Resolve("LAST-7D", now), Resolve("last-7d", now));
  EXPECT_EQ(Resolve("Last-Month", now), Resolve("last-month", now));
}

TEST(TimePresetsTest, YearRollover) {
  const int64_t now = T("2027-01-01T00:00:00.000Z");  // Friday of ISO week 2026-W53
  EXPECT_EQ(Resolve("today", now), Range(D("2027-01-01"), D("2027-01-02")));
  EXPECT_EQ(Resolve("yesterday", now), Range(D("2026-12-31"), D("2027-01-01")));
  EXPECT_EQ(Resolve("this-week", now), Range(D("2026-12-28"), D("2027-01-04")));
  EXPECT_EQ(Resolve("last-week", now), Range(D("2026-12-21"), D("2026-12-28")));
  EXPECT_EQ(Resolve("this-month", now), Range(D("2027-01-01"), D("2027-02-01")));
  EXPECT_EQ(Resolve("last-month", now), Range(D("2026-12-01"), D("2027-01-01")));
  EXPECT_EQ(Resolve("this-quarter", now), Range(D("2027-01-01"), D("2027-04-01")));
  EXPECT_EQ(Resolve("last-quarter", now), Range(D("2026-10-01"), D("2027-01-01")));
  EXPECT_EQ(Resolve("last-24h", now), Range(D("2026-12-31"), now + 1));
}

TEST(TimePresetsTest, LastWeekCrossesTheYear) {
  const int64_t monday = T("2027-01-04T08:00:00.000Z");  // ISO 2027-W01 starts here
  EXPECT_EQ(Resolve("this-week", monday), Range(D("2027-01-04"), D("2027-01-11")));
  EXPECT_EQ(Resolve("last-week", monday), Range(D("2026-12-28"), D("2027-01-04")));
  // The last millisecond of a Sunday still belongs to the week before.
  const int64_t sunday = T("2027-01-03T23:59:59.999Z");
  EXPECT_EQ(Resolve("this-week", sunday), Range(D("2026-12-28"), D("2027-01-04")));
  EXPECT_EQ(Resolve("last-week", sunday), Range(D("2026-12-21"), D("2026-12-28")));
}

TEST(TimePresetsTest, MonthAndQuarterBoundaries) {
  const int64_t end_of_march = T("2026-03-31T23:59:59.999Z");
  EXPECT_EQ(Resolve("today", end_of_march), Range(D("2026-03-31"), D("2026-04-01")));
  EXPECT_EQ(Resolve("last-month", end_of_march), Range(D("2026-02-01"), D("2026-03-01")));
  EXPECT_EQ(Resolve("this-quarter", end_of_march), Range(D("2026-01-01"), D("2026-04-01")));
  EXPECT_EQ(Resolve("last-quarter", end_of_march), Range(D("2025-10-01"), D("2026-01-01")));
  const int64_t start_of_april = end_of_march + 1;
  EXPECT_EQ(Resolve("yesterday", start_of_april), Range(D("2026-03-31"), D("2026-04-01")));
  EXPECT_EQ(Resolve("last-month", start_of_april), Range(D("2026-03-01"), D("2026-04-01")));
  EXPECT_EQ(Resolve("last-quarter", start_of_april), Range(D("2026-01-01"), D("2026-04-01")));
  const int64_t leap = T("2024-03-15T12:00:00Z");
  EXPECT_EQ(Resolve("last-month", leap), Range(D("2024-02-01"), D("2024-03-01")));
  EXPECT_EQ(Resolve("yesterday", T("2024-03-01T00:00:00Z")),
            Range(D("2024-02-29"), D("2024-03-01")));
}

TEST(TimePresetsTest, ClampedToTheValidTimeRange) {
  const int64_t early = T("1970-01-03T12:00:00Z");
  EXPECT_EQ(Resolve("last-7d", early), Range(0, early + 1));
  EXPECT_EQ(Resolve("last-quarter", early), Range(0, 0));
  const int64_t late = T("9999-12-31T12:00:00Z");
  auto r = ResolveTimePreset("this-month", late);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->to_ms, kMaxTimeMs + 1);
  EXPECT_EQ(Resolve("last-999999999d", late), Range(0, late + 1));
}

TEST(TimePresetsTest, Errors) {
  const int64_t now = T("2026-11-21T15:30:45.123Z");
  EXPECT_EQ(Resolve("lastweek", now),
            "error: unknown time preset 'lastweek' (presets: today, yesterday, last-24h, "
            "last-7d, last-30d, last-90d, this-week, last-week, this-month, last-month, "
            "this-quarter, last-quarter, or last-N with m, h or d)");
  EXPECT_EQ(Resolve("last-0d", now), "error: a rolling window needs a length of at least 1");
  EXPECT_EQ(Resolve("last-7w", now),
            "error: 'last-7w' is not a rolling window; write last-N followed by m, h or d, as in "
            "last-7d");
  EXPECT_TRUE(Resolve("last-d", now).starts_with("error: 'last-d' is not a rolling"));
  EXPECT_TRUE(Resolve("last-1000000000d", now).starts_with("error: 'last-1000000000d' is not a"));
  EXPECT_TRUE(Resolve("last--1d", now).starts_with("error: 'last--1d' is not a"));
  EXPECT_EQ(Resolve("today", -1), "error: now (-1 ms) is outside 1970..9999");
}

TEST(TimePresetsTest, EveryListedNameResolves) {
  for (std::string_view name : TimePresetNames()) {
    EXPECT_TRUE(ResolveTimePreset(name, T("2026-11-21T15:30:45.123Z")).ok()) << name;
  }
}

}  // namespace
}  // namespace vigil
