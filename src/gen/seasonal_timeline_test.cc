#include "gen/seasonal_timeline.h"

#include <gtest/gtest.h>

#include "core/timestamp.h"

namespace vigil::gen {
namespace {

constexpr int64_t kMonday = 1767571200000;  // 2026-01-05T00:00:00Z, a Monday

TEST(SeasonalTimelineTest, WorkingHoursOnWeekdaysWeighMost) {
  const uint32_t monday_noon = SeasonalTimeline::WeightAt(kMonday + 12 * kMsPerHour);
  const uint32_t monday_night = SeasonalTimeline::WeightAt(kMonday + 3 * kMsPerHour);
  const uint32_t sunday_noon = SeasonalTimeline::WeightAt(kMonday - 12 * kMsPerHour);
  EXPECT_GT(monday_noon, 4 * monday_night);
  EXPECT_GT(monday_noon, 3 * sunday_noon);
}

TEST(SeasonalTimelineTest, TimesStayInTheSpanAndMostlyIncrease) {
  const int64_t start = kMonday - 30 * kMsPerDay;
  const uint64_t count = 100'000;
  SeasonalTimeline timeline(start, kMonday, count);
  int64_t previous = start;
  uint64_t decreases = 0;
  for (uint64_t i = 0; i < count; ++i) {
    SplitMix64 rng(i);
    const int64_t t = timeline.TimeOf(i, rng);
    ASSERT_GE(t, start);
    ASSERT_LE(t, kMonday);
    decreases += t < previous;
    EXPECT_GT(t, previous - kMsPerMinute) << i;  // late by seconds, never by minutes
    previous = t;
  }
  EXPECT_GT(decreases, 0u);          // a few out of order…
  EXPECT_LT(decreases, count / 20);  // …but only a few
}

TEST(SeasonalTimelineTest, IndexesPastCountGetTheEnd) {
  SeasonalTimeline timeline(kMonday - kMsPerDay, kMonday, 10);
  SplitMix64 rng(1);
  EXPECT_EQ(timeline.TimeOf(10, rng), kMonday);
  EXPECT_EQ(timeline.TimeOf(1'000'000, rng), kMonday);
}

TEST(SeasonalTimelineTest, TinyAndHugeSpans) {
  SplitMix64 rng(1);
  SeasonalTimeline point(kMonday, kMonday, 5);
  for (uint64_t i = 0; i < 5; ++i) {
    EXPECT_EQ(point.TimeOf(i, rng), kMonday);
  }
  // 300 years: buckets grow past an hour to bound the table.
  const int64_t start = kMonday - 300 * 365 * kMsPerDay;
  SeasonalTimeline long_span(start < 0 ? 0 : start, kMonday, 1000);
  int64_t t = long_span.TimeOf(999, rng);
  EXPECT_GT(t, kMonday - 365 * kMsPerDay);
}

}  // namespace
}  // namespace vigil::gen
