#include "core/timestamp.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace vigil {
namespace {

// 2026-11-21T00:00:00.000Z, a Saturday.
constexpr int64_t kNov21 = 1'795'219'200'000;

int64_t Ms(std::string_view text) {
  Result<int64_t> r = ParseRfc3339(text);
  EXPECT_TRUE(r.ok()) << text << " → " << r.status().ToString();
  return r.ok() ? *r : -1;
}

std::string ErrorOf(std::string_view text) {
  Result<int64_t> r = ParseRfc3339(text);
  if (r.ok()) {
    ADD_FAILURE() << "accepted: " << text;
    return "<accepted>";
  }
  EXPECT_TRUE(r.status().IsInvalidArgument());
  return r.status().message();
}

// The message for text, of the common form.
std::string Bad(std::string_view text, std::string_view why) {
  return "'" + std::string(text) + "' is not an RFC 3339 timestamp (" + std::string(why) +
         "; e.g. 2026-11-21T09:30:00.000Z)";
}

TEST(ParseRfc3339Test, Utc) {
  EXPECT_EQ(Ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Ms("2026-11-21T00:00:00Z"), kNov21);
  EXPECT_EQ(Ms("2026-11-21T09:30:15Z"), kNov21 + 9 * kMsPerHour + 30 * kMsPerMinute + 15'000);
  EXPECT_EQ(Ms("9999-12-31T23:59:59.999Z"), kMaxTimeMs);
}

TEST(ParseRfc3339Test, Offsets) {
  EXPECT_EQ(Ms("2026-11-21T01:00:00+01:00"), kNov21);
  EXPECT_EQ(Ms("2026-11-20T18:30:00-05:30"), kNov21);
  EXPECT_EQ(Ms("2026-11-21T00:00:00+00:00"), kNov21);
  EXPECT_EQ(Ms("2026-11-21T00:00:00-00:00"), kNov21);
  EXPECT_EQ(Ms("2026-11-21T23:59:00+23:59"), kNov21);
  // The offset moves the instant across a day, a year and the epoch.
  EXPECT_EQ(Ms("2027-01-01T00:30:00+01:00"), Ms("2026-12-31T23:30:00Z"));
  EXPECT_EQ(Ms("1969-12-31T23:30:00-01:00"), 30 * kMsPerMinute);
  EXPECT_EQ(Ms("1970-01-01T01:00:00+01:00"), 0);
}

TEST(ParseRfc3339Test, FractionsAreTruncatedToMilliseconds) {
  EXPECT_EQ(Ms("2026-11-21T00:00:00.1Z"), kNov21 + 100);
  EXPECT_EQ(Ms("2026-11-21T00:00:00.12Z"), kNov21 + 120);
  EXPECT_EQ(Ms("2026-11-21T00:00:00.123Z"), kNov21 + 123);
  EXPECT_EQ(Ms("2026-11-21T00:00:00.1239Z"), kNov21 + 123);
  EXPECT_EQ(Ms("2026-11-21T00:00:00.999999999Z"), kNov21 + 999);  // not rounded up
  EXPECT_EQ(Ms("2026-11-21T00:00:00.000000001Z"), kNov21);
  EXPECT_EQ(Ms("2026-11-21T01:00:00.5+01:00"), kNov21 + 500);
}

TEST(ParseRfc3339Test, AcceptedVariants) {
  EXPECT_EQ(Ms("2026-11-21t00:00:00z"), kNov21);
  EXPECT_EQ(Ms("2026-11-21 00:00:00Z"), kNov21);
  EXPECT_EQ(Ms("2026-11-21 01:00:00.000+01:00"), kNov21);
}

TEST(ParseRfc3339Test, LeapSecondIsClampedTo59) {
  EXPECT_EQ(Ms("2016-12-31T23:59:60Z"), Ms("2016-12-31T23:59:59Z"));
  EXPECT_EQ(Ms("2016-12-31T23:59:60.5Z"), Ms("2016-12-31T23:59:59.5Z"));
  EXPECT_EQ(ErrorOf("2016-12-31T23:59:61Z"), Bad("2016-12-31T23:59:61Z", "second out of range"));
}

TEST(ParseRfc3339Test, CalendarRules) {
  EXPECT_EQ(Ms("2024-02-29T00:00:00Z") + kMsPerDay, Ms("2024-03-01T00:00:00Z"));
  EXPECT_EQ(Ms("2000-02-29T12:00:00Z") % kMsPerDay, 12 * kMsPerHour);
  EXPECT_EQ(ErrorOf("2026-02-29T00:00:00Z"), "day 29 out of range for 2026-02");
  EXPECT_EQ(ErrorOf("2100-02-29T00:00:00Z"), "day 29 out of range for 2100-02");
  EXPECT_EQ(ErrorOf("2026-02-30T00:00:00Z"), "day 30 out of range for 2026-02");
  EXPECT_EQ(ErrorOf("2026-04-31T00:00:00Z"), "day 31 out of range for 2026-04");
  EXPECT_EQ(ErrorOf("2026-01-00T00:00:00Z"), "day 0 out of range for 2026-01");
  EXPECT_EQ(ErrorOf("2026-13-01T00:00:00Z"), "month 13 out of range");
  EXPECT_EQ(ErrorOf("2026-00-01T00:00:00Z"), "month 0 out of range");
}

TEST(ParseRfc3339Test, TimeOfDayRanges) {
  EXPECT_EQ(ErrorOf("2026-11-21T24:00:00Z"), Bad("2026-11-21T24:00:00Z", "hour out of range"));
  EXPECT_EQ(ErrorOf("2026-11-21T23:60:00Z"), Bad("2026-11-21T23:60:00Z", "minute out of range"));
  EXPECT_EQ(ErrorOf("2026-11-21T9:30:00+01:00"),
            Bad("2026-11-21T9:30:00+01:00", "expected HH:MM:SS"));
  EXPECT_EQ(ErrorOf("2026-11-21T09-30-00Z"), Bad("2026-11-21T09-30-00Z", "expected HH:MM:SS"));
  EXPECT_EQ(ErrorOf("2026-11-21T09:30:0xZ"), Bad("2026-11-21T09:30:0xZ", "expected HH:MM:SS"));
}

TEST(ParseRfc3339Test, Malformed) {
  EXPECT_EQ(ErrorOf(""), "'' is not an RFC 3339 timestamp (expected YYYY-MM-DD…)");
  EXPECT_EQ(ErrorOf("yesterday"),
            "'yesterday' is not an RFC 3339 timestamp (expected YYYY-MM-DD…)");
  EXPECT_EQ(ErrorOf("26-11-21T00:00:00Z"),
            "'26-11-21T00:00:00Z' is not an RFC 3339 timestamp (expected YYYY-MM-DD…)");
  EXPECT_EQ(ErrorOf("2026/11/21T00:00:00Z"),
            "'2026/11/21T00:00:00Z' is not an RFC 3339 timestamp (expected YYYY-MM-DD…)");
  EXPECT_EQ(ErrorOf("2026-11-21"), Bad("2026-11-21", "missing time of day or offset"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00Z"),
            Bad("2026-11-21T00:00Z", "missing time of day or offset"));
  EXPECT_EQ(ErrorOf("2026-11-21X00:00:00Z"),
            Bad("2026-11-21X00:00:00Z", "expected 'T' after date"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00"),
            Bad("2026-11-21T00:00:00", "missing time of day or offset"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00.123"),
            Bad("2026-11-21T00:00:00.123", "missing UTC offset ('Z' or ±HH:MM)"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00 UTC"),
            Bad("2026-11-21T00:00:00 UTC", "missing UTC offset ('Z' or ±HH:MM)"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00.Z"),
            Bad("2026-11-21T00:00:00.Z", "empty fraction of a second"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00+0100"),
            Bad("2026-11-21T00:00:00+0100", "bad UTC offset, expected ±HH:MM"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00+01"),
            Bad("2026-11-21T00:00:00+01", "bad UTC offset, expected ±HH:MM"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00+01:0"),
            Bad("2026-11-21T00:00:00+01:0", "bad UTC offset, expected ±HH:MM"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00+24:00"),
            Bad("2026-11-21T00:00:00+24:00", "bad UTC offset, expected ±HH:MM"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00+01:60"),
            Bad("2026-11-21T00:00:00+01:60", "bad UTC offset, expected ±HH:MM"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00ZZ"),
            Bad("2026-11-21T00:00:00ZZ", "unexpected characters after the offset"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00Z "),
            Bad("2026-11-21T00:00:00Z ", "unexpected characters after the offset"));
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00+01:00:00"),
            Bad("2026-11-21T00:00:00+01:00:00", "unexpected characters after the offset"));
  EXPECT_EQ(ErrorOf(" 2026-11-21T00:00:00Z"),
            "' 2026-11-21T00:00:00Z' is not an RFC 3339 timestamp (expected YYYY-MM-DD…)");
}

TEST(ParseRfc3339Test, ControlBytesInMessagesAreEscaped) {
  EXPECT_EQ(ErrorOf("2026-11-21T00:00:00Z\x1b[2J"),
            Bad("2026-11-21T00:00:00Z\\u001b[2J", "unexpected characters after the offset"));
}

TEST(ParseRfc3339Test, OutsideTheSupportedRange) {
  EXPECT_EQ(ErrorOf("1969-12-31T23:59:59.999Z"),
            Bad("1969-12-31T23:59:59.999Z", "before 1970-01-01T00:00:00Z"));
  EXPECT_EQ(ErrorOf("1970-01-01T00:30:00+01:00"),
            Bad("1970-01-01T00:30:00+01:00", "before 1970-01-01T00:00:00Z"));
  EXPECT_EQ(ErrorOf("0000-01-01T00:00:00Z"),
            Bad("0000-01-01T00:00:00Z", "before 1970-01-01T00:00:00Z"));
  EXPECT_EQ(ErrorOf("9999-12-31T23:59:59.999-00:01"),
            Bad("9999-12-31T23:59:59.999-00:01", "after 9999-12-31T23:59:59.999Z"));
}

TEST(ParseDateTest, Dates) {
  EXPECT_EQ(*ParseDate("2026-11-21"), kNov21);
  EXPECT_EQ(*ParseDate("1970-01-01"), 0);
  EXPECT_EQ(ParseDate("2026-11-21T00:00:00Z").status().message(),
            "'2026-11-21T00:00:00Z' is not a date (expected YYYY-MM-DD)");
  EXPECT_EQ(ParseDate("2026-1-21").status().message(),
            "'2026-1-21' is not a date (expected YYYY-MM-DD)");
  EXPECT_EQ(ParseDate("2026-02-30").status().message(), "day 30 out of range for 2026-02");
  EXPECT_EQ(ParseDate("2026-13-01").status().message(), "month 13 out of range");
  EXPECT_EQ(ParseDate("1969-12-31").status().message(), "year 1969 is before 1970");
  EXPECT_EQ(ParseDate("2026x11-21").status().message(),
            "'2026x11-21' is not a date (expected YYYY-MM-DD…)");
}

TEST(FormatRfc3339Test, KnownValues) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1), "1970-01-01T00:00:00.001Z");
  EXPECT_EQ(FormatRfc3339(kNov21 + 9 * kMsPerHour + 30 * kMsPerMinute + 5'042),
            "2026-11-21T09:30:05.042Z");
  EXPECT_EQ(FormatRfc3339(1'700'000'000'000), "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(FormatRfc3339(951'782'400'000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(kMaxTimeMs), "9999-12-31T23:59:59.999Z");
  std::string out = "at ";
  AppendRfc3339(kNov21, &out);
  EXPECT_EQ(out, "at 2026-11-21T00:00:00.000Z");
}

TEST(FormatRfc3339Test, RoundTrip) {
  std::mt19937_64 rng(3339);
  std::uniform_int_distribution<int64_t> any(kMinTimeMs, kMaxTimeMs);
  for (int i = 0; i < 20000; ++i) {
    const int64_t ms = i < 10 ? kMaxTimeMs - i : any(rng);
    const std::string text = FormatRfc3339(ms);
    ASSERT_EQ(text.size(), 24u) << text;
    Result<int64_t> back = ParseRfc3339(text);
    ASSERT_TRUE(back.ok()) << text << " → " << back.status().ToString();
    EXPECT_EQ(*back, ms) << text;
  }
}

TEST(CalendarTest, StartOfDay) {
  EXPECT_EQ(StartOfDay(kNov21), kNov21);
  EXPECT_EQ(StartOfDay(kNov21 + kMsPerDay - 1), kNov21);
  EXPECT_EQ(StartOfDay(kNov21 + kMsPerDay), kNov21 + kMsPerDay);
  EXPECT_EQ(StartOfDay(0), 0);
  EXPECT_EQ(StartOfDay(-1), -kMsPerDay);
}

TEST(CalendarTest, StartOfWeekIsIsoMonday) {
  const int64_t monday = Ms("2026-11-16T00:00:00Z");
  EXPECT_EQ(StartOfWeek(kNov21 + 13 * kMsPerHour), monday);        // Saturday
  EXPECT_EQ(StartOfWeek(Ms("2026-11-22T23:59:59.999Z")), monday);  // Sunday ends the week
  EXPECT_EQ(StartOfWeek(monday), monday);                          // Monday starts it
  EXPECT_EQ(StartOfWeek(Ms("2026-11-23T00:00:00Z")), monday + 7 * kMsPerDay);
  // Across a year boundary: Friday 2027-01-01 belongs to the week of Monday 2026-12-28.
  EXPECT_EQ(StartOfWeek(Ms("2027-01-01T12:00:00Z")), Ms("2026-12-28T00:00:00Z"));
  // 1970-01-01 was a Thursday: its week started on Monday 1969-12-29.
  EXPECT_EQ(StartOfWeek(0), -3 * kMsPerDay);
}

TEST(CalendarTest, StartOfMonth) {
  const int64_t t = Ms("2026-11-21T09:30:00Z");
  EXPECT_EQ(StartOfMonth(t), Ms("2026-11-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(t, 1), Ms("2026-12-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(t, 2), Ms("2027-01-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(t, -1), Ms("2026-10-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(t, -11), Ms("2025-12-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(t, -12), Ms("2025-11-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(t, -23), Ms("2024-12-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(t, 14), Ms("2028-01-01T00:00:00Z"));
  const int64_t jan = Ms("2026-01-31T23:59:59.999Z");
  EXPECT_EQ(StartOfMonth(jan), Ms("2026-01-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(jan, -1), Ms("2025-12-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(jan, -13), Ms("2024-12-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(Ms("2024-02-29T12:00:00Z"), 1), Ms("2024-03-01T00:00:00Z"));
  EXPECT_EQ(StartOfMonth(Ms("1970-01-15T00:00:00Z"), -1), -31 * kMsPerDay);  // 1969-12-01
}

TEST(CalendarTest, StartOfQuarter) {
  const int64_t t = Ms("2026-11-21T09:30:00Z");
  EXPECT_EQ(StartOfQuarter(t), Ms("2026-10-01T00:00:00Z"));
  EXPECT_EQ(StartOfQuarter(t, -1), Ms("2026-07-01T00:00:00Z"));
  EXPECT_EQ(StartOfQuarter(t, 1), Ms("2027-01-01T00:00:00Z"));
  EXPECT_EQ(StartOfQuarter(t, -4), Ms("2025-10-01T00:00:00Z"));
  EXPECT_EQ(StartOfQuarter(t, -5), Ms("2025-07-01T00:00:00Z"));
  EXPECT_EQ(StartOfQuarter(Ms("2026-01-01T00:00:00Z")), Ms("2026-01-01T00:00:00Z"));
  EXPECT_EQ(StartOfQuarter(Ms("2026-03-31T23:59:59.999Z")), Ms("2026-01-01T00:00:00Z"));
  EXPECT_EQ(StartOfQuarter(Ms("2026-04-01T00:00:00Z")), Ms("2026-04-01T00:00:00Z"));
  EXPECT_EQ(StartOfQuarter(Ms("2026-02-14T00:00:00Z"), -1), Ms("2025-10-01T00:00:00Z"));
  EXPECT_EQ(StartOfQuarter(Ms("2026-06-30T00:00:00Z"), 2), Ms("2026-10-01T00:00:00Z"));
}

}  // namespace
}  // namespace vigil
