// Histogram bucket widths and alignment, shared by every backend.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "store/filter.h"
#include "store/store.h"

namespace vigil {

// The smallest "nice" interval (1s, 5s, 10s, 30s, 1m, 5m, 10m, 30m, 1h, 3h,
// 6h, 12h, 1d, 7d, 30d, 90d, 365d) that splits [from, to) into at most
// max_buckets buckets.
int64_t AutoInterval(int64_t from_ms, int64_t to_ms, size_t max_buckets);

// Start of the bucket holding t. Buckets are aligned to the Unix epoch,
// except 7-day buckets, which start on Mondays (UTC).
int64_t BucketStart(int64_t t, int64_t interval_ms);

// Checks a requested interval: positive, and at most max_buckets buckets over the range.
Status ValidateInterval(int64_t interval_ms, int64_t from_ms, int64_t to_ms, size_t max_buckets);

// A histogram over [from, to) with every bucket at zero: interval_ms when
// positive (validated, at most kMaxBuckets buckets), else AutoInterval's
// (kMaxAutoBuckets); no buckets when from >= to (interval then as asked, or
// a day). Each backend then adds its counts.
Result<Histogram> EmptyHistogram(int64_t from_ms, int64_t to_ms, int64_t interval_ms);

}  // namespace vigil
