#include "query/time_value.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "core/timestamp.h"

namespace vigil {
namespace {

constexpr int64_t kOpenFrom = std::numeric_limits<int64_t>::min();
constexpr int64_t kOpenTo = std::numeric_limits<int64_t>::max();

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

const int64_t kNow = T("2026-11-21T15:30:45.123Z");

void ExpectRange(std::string_view text, int64_t from, int64_t to) {
  auto r = ParseTimeValue(text, kNow);
  ASSERT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  EXPECT_EQ(r->from_ms, from) << text;
  EXPECT_EQ(r->to_ms, to) << text;
}

std::string Error(std::string_view text) {
  auto r = ParseTimeValue(text, kNow);
  EXPECT_FALSE(r.ok()) << text;
  return r.status().message();
}

TEST(TimeValueTest, DatesAndDateRanges) {
  ExpectRange("2026-11-21", D("2026-11-21"), D("2026-11-22"));
  ExpectRange("2026-11-01..2026-11-21", D("2026-11-01"), D("2026-11-22"));  // end day inclusive
  ExpectRange("2026-11-21..2026-11-21", D("2026-11-21"), D("2026-11-22"));
  ExpectRange("2026-12-31..2026-12-31", D("2026-12-31"), D("2027-01-01"));
  ExpectRange("2026-11-01..", D("2026-11-01"), kOpenTo);
  ExpectRange("..2026-11-21", kOpenFrom, D("2026-11-22"));
  ExpectRange("9999-12-31", D("9999-12-31"), kMaxTimeMs + 1);
}

TEST(TimeValueTest, TimestampsAndMixedRanges) {
  ExpectRange("2026-11-21T10:00:00Z", T("2026-11-21T10:00:00Z"), T("2026-11-21T10:00:00Z") + 1);
  ExpectRange("2026-11-21T10:00:00Z..2026-11-21T11:00:00Z", T("2026-11-21T10:00:00Z"),
              T("2026-11-21T11:00:00Z"));  // end exclusive
  ExpectRange("2026-11-21T10:00:00+02:00..", T("2026-11-21T08:00:00Z"), kOpenTo);
  ExpectRange("..2026-11-21T10:00:00.250Z", kOpenFrom, T("2026-11-21T10:00:00.250Z"));
  ExpectRange("2026-11-20..2026-11-21T10:00:00Z", D("2026-11-20"), T("2026-11-21T10:00:00Z"));
  ExpectRange("2026-11-20T10:00:00Z..2026-11-21", T("2026-11-20T10:00:00Z"), D("2026-11-22"));
}

TEST(TimeValueTest, Presets) {
  ExpectRange("today", D("2026-11-21"), D("2026-11-22"));
  ExpectRange("last-7d", kNow - 7 * kMsPerDay, kNow + 1);
}

TEST(TimeValueTest, Errors) {
  EXPECT_EQ(Error("2026-13-01"), "month 13 out of range");
  EXPECT_EQ(Error("2026-02-30"), "day 30 out of range for 2026-02");
  EXPECT_EQ(Error(".."), "a range needs at least one end, as in 2026-11-01..");
  EXPECT_EQ(Error("2026-11-21..2026-11-01"), "the range ends before it starts");
  EXPECT_EQ(Error("2026-11-21T10:00:00Z..2026-11-21T10:00:00Z"), "the range ends before it starts");
  EXPECT_EQ(Error("1969-12-31"), "year 1969 is before 1970");
  EXPECT_NE(Error("2026-11-21T10:00:00").find("missing time of day or offset"), std::string::npos);
  EXPECT_NE(Error("2026-11-21T10:00:00.000").find("missing UTC offset"), std::string::npos);
  EXPECT_NE(Error("2026-11-01..2026-11-21..2026-11-30").find("not an RFC 3339"), std::string::npos);
  EXPECT_NE(Error("yesteday").find("unknown time preset 'yesteday'"), std::string::npos);
  EXPECT_EQ(ParseTimeValue("yesterday", 0).status().message(), "the range is empty (before 1970)");
}

TEST(TimeValueTest, FormatWritesDatesOnMidnights) {
  auto format = [](int64_t from, int64_t to) {
    auto r = FormatTimeRange({from, to});
    return r.ok() ? *r : "error: " + r.status().message();
  };
  EXPECT_EQ(format(D("2026-11-21"), D("2026-11-22")), "2026-11-21");
  EXPECT_EQ(format(D("2026-11-01"), D("2026-11-22")), "2026-11-01..2026-11-21");
  EXPECT_EQ(format(D("2026-11-01"), kOpenTo), "2026-11-01..");
  EXPECT_EQ(format(kOpenFrom, D("2026-11-22")), "..2026-11-21");
  EXPECT_EQ(format(T("2026-11-21T10:00:00Z"), T("2026-11-21T10:00:00Z") + 1),
            "2026-11-21T10:00:00.000Z");
  EXPECT_EQ(format(D("2026-11-21"), D("2026-11-21") + 1), "2026-11-21T00:00:00.000Z");
  EXPECT_EQ(format(kNow - kMsPerDay, kNow + 1),
            "2026-11-20T15:30:45.123Z..2026-11-21T15:30:45.124Z");
  EXPECT_EQ(format(kOpenFrom, 0), "..1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format(D("9999-12-31"), kMaxTimeMs + 1), "9999-12-31");
  EXPECT_EQ(format(kOpenFrom, kOpenTo),
            "error: time range [-9223372036854775808, "
            "9223372036854775807) cannot be written");
  EXPECT_EQ(format(5, 5), "error: time range [5, 5) cannot be written");
  EXPECT_EQ(format(-5, 5), "error: time range [-5, 5) cannot be written");
  EXPECT_EQ(format(0, kMaxTimeMs + 2), "error: time range [0, 253402300800001) cannot be written");
}

TEST(TimeValueTest, FormatThenParseIsIdentity) {
  const int64_t points[] = {0,
                            1,
                            D("2026-11-21"),
                            D("2026-11-21") + 1,
                            kNow,
                            D("2026-11-22"),
                            T("2027-01-01T00:00:00Z"),
                            kMaxTimeMs,
                            kMaxTimeMs + 1};
  for (int64_t from : points) {
    for (int64_t to : points) {
      for (int open = 0; open < 3; ++open) {
        TimeRange r{open == 1 ? kOpenFrom : from, open == 2 ? kOpenTo : to};
        auto text = FormatTimeRange(r);
        if (!text.ok()) continue;
        auto back = ParseTimeValue(*text, kNow);
        ASSERT_TRUE(back.ok()) << *text << ": " << back.status().ToString();
        EXPECT_EQ(back->from_ms, r.from_ms) << *text;
        EXPECT_EQ(back->to_ms, r.to_ms) << *text;
      }
    }
  }
}

}  // namespace
}  // namespace vigil
