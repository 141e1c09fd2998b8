#include "store/histogram_interval.h"

#include <gtest/gtest.h>

#include "core/timestamp.h"

namespace vigil {
namespace {

TEST(HistogramIntervalTest, AutoPicksTheSmallestNiceInterval) {
  EXPECT_EQ(AutoInterval(0, 60 * kMsPerSecond, 120), kMsPerSecond);
  EXPECT_EQ(AutoInterval(0, kMsPerHour, 120), 30 * kMsPerSecond);  // exactly 120 buckets
  EXPECT_EQ(AutoInterval(0, kMsPerHour + 1, 120), kMsPerMinute);
  EXPECT_EQ(AutoInterval(0, kMsPerDay, 120), 30 * kMsPerMinute);
  EXPECT_EQ(AutoInterval(0, 7 * kMsPerDay, 120), 3 * kMsPerHour);
  EXPECT_EQ(AutoInterval(0, 90 * kMsPerDay, 120), kMsPerDay);
  EXPECT_EQ(AutoInterval(0, 400 * kMsPerDay, 120), 7 * kMsPerDay);
}

TEST(HistogramIntervalTest, WeeksStartOnMonday) {
  // 2026-11-19 is a Thursday; its week starts Monday 2026-11-16.
  int64_t thu = *ParseRfc3339("2026-11-19T15:00:00Z");
  EXPECT_EQ(FormatRfc3339(BucketStart(thu, 7 * kMsPerDay)), "2026-11-16T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(BucketStart(thu, kMsPerDay)), "2026-11-19T00:00:00.000Z");
  EXPECT_EQ(BucketStart(-1, kMsPerSecond), -kMsPerSecond);
}

TEST(HistogramIntervalTest, ValidateRejectsTooManyOrTooSmall) {
  EXPECT_TRUE(ValidateInterval(kMsPerDay, 0, 10 * kMsPerDay, 100).ok());
  EXPECT_TRUE(ValidateInterval(kMsPerSecond, 0, kMsPerDay, 100).IsInvalidArgument());
  EXPECT_TRUE(ValidateInterval(10, 0, kMsPerDay, 100000).IsInvalidArgument());
}

}  // namespace
}  // namespace vigil
