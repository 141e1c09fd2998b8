#include "store/histogram_interval.h"

#include <fmt/format.h>

#include "core/timestamp.h"

namespace vigil {
namespace {

constexpr int64_t kNice[] = {
    kMsPerSecond,     5 * kMsPerSecond,  10 * kMsPerSecond, 30 * kMsPerSecond, kMsPerMinute,
    5 * kMsPerMinute, 10 * kMsPerMinute, 30 * kMsPerMinute, kMsPerHour,        3 * kMsPerHour,
    6 * kMsPerHour,   12 * kMsPerHour,   kMsPerDay,         7 * kMsPerDay,     30 * kMsPerDay,
    90 * kMsPerDay,   365 * kMsPerDay,
};

constexpr int64_t kWeek = 7 * kMsPerDay;
// 1970-01-01 was a Thursday; the first Monday, 1970-01-05, is 4 days later, so
// shifting times forward by 3 days puts Mondays on multiples of a week.
constexpr int64_t kMondayOffset = 3 * kMsPerDay;

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : (a - b + 1) / b; }

}  // namespace

int64_t AutoInterval(int64_t from_ms, int64_t to_ms, size_t max_buckets) {
  for (int64_t interval : kNice) {
    int64_t first = BucketStart(from_ms, interval);
    int64_t buckets = FloorDiv(to_ms - 1 - first, interval) + 1;
    if (buckets <= static_cast<int64_t>(max_buckets)) return interval;
  }
  return kNice[std::size(kNice) - 1];
}

int64_t BucketStart(int64_t t, int64_t interval_ms) {
  if (interval_ms == kWeek) {
    return FloorDiv(t + kMondayOffset, kWeek) * kWeek - kMondayOffset;
  }
  return FloorDiv(t, interval_ms) * interval_ms;
}

Status ValidateInterval(int64_t interval_ms, int64_t from_ms, int64_t to_ms, size_t max_buckets) {
  if (interval_ms < kMsPerSecond) {
    return Status::InvalidArgument(
        fmt::format("interval: {} ms is below the minimum of 1 second", interval_ms));
  }
  int64_t buckets = FloorDiv(to_ms - 1 - BucketStart(from_ms, interval_ms), interval_ms) + 1;
  if (buckets > static_cast<int64_t>(max_buckets)) {
    return Status::InvalidArgument(
        fmt::format("interval: {} ms gives {} buckets over the range; the limit is {}", interval_ms,
                    buckets, max_buckets));
  }
  return Status::Ok();
}

Result<Histogram> EmptyHistogram(int64_t from_ms, int64_t to_ms, int64_t interval_ms) {
  Histogram h;
  if (from_ms >= to_ms) {
    h.interval_ms = interval_ms > 0 ? interval_ms : kMsPerDay;
    return h;
  }
  if (interval_ms > 0) {
    RETURN_IF_ERROR(ValidateInterval(interval_ms, from_ms, to_ms, kMaxBuckets));
    h.interval_ms = interval_ms;
  } else {
    h.interval_ms = AutoInterval(from_ms, to_ms, kMaxAutoBuckets);
  }
  const int64_t first = BucketStart(from_ms, h.interval_ms);
  for (int64_t t = first; t < to_ms; t += h.interval_ms) h.buckets.push_back({t, 0, 0});
  return h;
}

}  // namespace vigil
