// SeasonalTimeline: maps event indexes to times so that `count` events fill
// [start_ms, end_ms] in order, denser in working hours (UTC) and on weekdays,
// with a little jitter and a few events out of order by seconds.
// Immutable after construction; thread-safe for concurrent TimeOf calls with
// distinct generators.
#pragma once

#include <cstdint>
#include <vector>

#include "gen/split_mix64.h"

namespace vigil::gen {

class SeasonalTimeline {
 public:
  // start_ms <= end_ms; count > 0.
  SeasonalTimeline(int64_t start_ms, int64_t end_ms, uint64_t count);

  // The time of event `index`, in [start_ms, end_ms]. Indexes past count get
  // end_ms. Draws its jitter from rng.
  int64_t TimeOf(uint64_t index, SplitMix64& rng) const;

  // The activity weight of the hour containing ms (working hours on weekdays
  // weigh most). Exposed for tests.
  static uint32_t WeightAt(int64_t ms);

 private:
  int64_t start_ms_;
  int64_t end_ms_;
  uint64_t count_;
  // Buckets of about an hour cover [start_ms, end_ms]: bucket b starts at
  // bucket_start_[b], weighs weight_[b] per millisecond, and the weighted
  // length of buckets 0..b is cumulative_[b].
  std::vector<int64_t> bucket_start_;
  std::vector<uint32_t> weight_;
  std::vector<uint64_t> cumulative_;
};

}  // namespace vigil::gen
