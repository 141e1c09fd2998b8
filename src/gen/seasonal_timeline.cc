#include "gen/seasonal_timeline.h"

#include <algorithm>
#include <cassert>

#include "core/timestamp.h"

namespace vigil::gen {
namespace {

__extension__ using Uint128 = unsigned __int128;

// Relative activity per hour of the day (UTC): a working day in Europe that
// overlaps the Americas' morning.
constexpr uint32_t kHourWeights[24] = {3,  2,  2,  2,  2,  3,  5, 8, 12, 15, 16, 16,
                                       15, 16, 16, 15, 13, 10, 8, 6, 5,  4,  4,  3};
// Relative activity per day of the week, Monday first.
constexpr uint32_t kDayWeights[7] = {10, 10, 10, 10, 9, 3, 2};

// Buckets are at least an hour, and there are at most this many of them.
constexpr int64_t kMaxBuckets = int64_t{1} << 20;

// Floor division for times before an epoch boundary.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

uint32_t SeasonalTimeline::WeightAt(int64_t ms) {
  const int64_t day = FloorDiv(ms, kMsPerDay);
  const int64_t hour = FloorDiv(ms, kMsPerHour) - day * 24;
  const int64_t weekday = ((day + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
  return kHourWeights[hour] * kDayWeights[weekday];
}

SeasonalTimeline::SeasonalTimeline(int64_t start_ms, int64_t end_ms, uint64_t count)
    : start_ms_(start_ms), end_ms_(end_ms), count_(count) {
  assert(start_ms <= end_ms && count > 0);
  const int64_t span = end_ms - start_ms + 1;  // end_ms is included
  int64_t bucket_ms = kMsPerHour;
  if (span / bucket_ms > kMaxBuckets) bucket_ms *= span / bucket_ms / kMaxBuckets + 1;
  uint64_t sum = 0;
  for (int64_t t = start_ms; t <= end_ms;) {
    const int64_t next = std::min((FloorDiv(t, bucket_ms) + 1) * bucket_ms, end_ms + 1);
    const uint32_t w = WeightAt(t);
    bucket_start_.push_back(t);
    weight_.push_back(w);
    sum += static_cast<uint64_t>(w) * static_cast<uint64_t>(next - t);
    cumulative_.push_back(sum);
    t = next;
  }
}

int64_t SeasonalTimeline::TimeOf(uint64_t index, SplitMix64& rng) const {
  if (index >= count_) return end_ms_;
  const uint64_t total = cumulative_.back();
  // The middle of the index's share of the weighted span.
  const uint64_t target = static_cast<uint64_t>((static_cast<Uint128>(2 * index + 1) * total) /
                                                (static_cast<Uint128>(2) * count_));
  const size_t b = static_cast<size_t>(
      std::upper_bound(cumulative_.begin(), cumulative_.end(), target) - cumulative_.begin());
  const uint64_t before = b == 0 ? 0 : cumulative_[b - 1];
  int64_t t = bucket_start_[b] + static_cast<int64_t>((target - before) / weight_[b]);

  // Jitter within the typical gap between events here, so order mostly holds.
  const int64_t gap = static_cast<int64_t>(total / count_ / weight_[b]);
  const int64_t half = std::min<int64_t>(gap / 2, 10 * kMsPerMinute);
  if (half > 0) t += rng.Between(-half, half);
  // A few events arrive late: their time is seconds before their neighbours'.
  if (rng.Chance(10)) t -= rng.Between(1000, 8000);
  return std::clamp(t, start_ms_, end_ms_);
}

}  // namespace vigil::gen
