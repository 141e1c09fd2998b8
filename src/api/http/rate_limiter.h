// RateLimiter: per-key token buckets, for the API's per-key request limits
// (429 with Retry-After).
//
// Each key (an API key id, or a client address for unauthenticated routes)
// has a bucket of `burst` tokens that refills at `per_second` tokens a
// second; a request takes `cost` tokens when the bucket holds that many.
// The server keeps one limiter per class of request (ingest, read), each
// with its own default limit; a caller may pass a key's own limit instead.
//
// Memory is bounded: a bucket that has refilled to full is indistinguishable
// from a new one and is dropped by a periodic sweep; when a shard is at its
// share of max_keys anyway, the least recently used bucket is dropped (that
// key then starts again with a full bucket).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"

namespace vigil::api {

struct RateLimit {
  double per_second = 0;  // refill rate; <= 0: unlimited
  double burst = 0;       // bucket size; below 1 it is taken as max(1, per_second)

  bool unlimited() const { return per_second <= 0; }
};

struct RateDecision {
  bool allowed = true;
  // When !allowed: whole seconds until the request would be admitted
  // (rounded up, >= 1), for the Retry-After header. 0 when allowed.
  int64_t retry_after_seconds = 0;
};

// Thread-safe; keys are spread over sharded mutexes, so callers contend
// only when their keys share a shard.
class RateLimiter {
 public:
  struct Options {
    RateLimit limit;           // for Admit without an explicit limit
    size_t max_keys = 100000;  // buckets kept at most (over all shards)
    int64_t sweep_interval_ms = 60'000;
  };

  // clock must outlive the limiter.
  RateLimiter(Options options, const Clock* clock);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes `cost` tokens from key's bucket under the default limit. A cost
  // above the burst is taken as the burst (admitted when the bucket is full).
  RateDecision Admit(std::string_view key, double cost = 1);
  // The same under `limit` (e.g. the key's own). A key should always be
  // admitted under the same limit; a changed limit applies from now on.
  RateDecision Admit(std::string_view key, const RateLimit& limit, double cost = 1);

  // Buckets currently kept (for tests and metrics).
  size_t key_count() const;

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_ms = 0;
    double per_second = 0;
    double burst = 0;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  struct Shard {
    mutable std::mutex mu;
    // Both GUARDED_BY(mu).
    std::unordered_map<std::string, Bucket, KeyHash, std::equal_to<>> buckets;
    int64_t last_sweep_ms = 0;
  };
  static constexpr size_t kShards = 16;

  // Drops the buckets that have refilled to full; then, if the shard is
  // still at its cap, the least recently used one. Requires shard.mu.
  void SweepLocked(Shard& shard, int64_t now_ms, bool make_room) const;

  const Options options_;
  const Clock* const clock_;
  const size_t max_keys_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace vigil::api
