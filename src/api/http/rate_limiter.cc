#include "api/http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace vigil::api {
namespace {

double EffectiveBurst(const RateLimit& limit) {
  return limit.burst >= 1 ? limit.burst : std::max(1.0, limit.per_second);
}

// Tokens the bucket holds at now_ms.
double Refilled(double tokens, int64_t updated_ms, double per_second, double burst,
                int64_t now_ms) {
  if (now_ms <= updated_ms) return tokens;
  double added = static_cast<double>(now_ms - updated_ms) * per_second / 1000.0;
  return std::min(burst, tokens + added);
}

}  // namespace

RateLimiter::RateLimiter(Options options, const Clock* clock)
    : options_(options),
      clock_(clock),
      max_keys_per_shard_(std::max<size_t>(1, options.max_keys / kShards)) {}

RateDecision RateLimiter::Admit(std::string_view key, double cost) {
  return Admit(key, options_.limit, cost);
}

RateDecision RateLimiter::Admit(std::string_view key, const RateLimit& limit, double cost) {
  if (limit.unlimited()) return RateDecision{};
  const double burst = EffectiveBurst(limit);
  cost = std::clamp(cost, 0.0, burst);
  const int64_t now_ms = clock_->NowMs();

  Shard& shard = shards_[KeyHash()(key) % kShards];
  std::lock_guard<std::mutex> lock(shard.mu);
  if (now_ms - shard.last_sweep_ms >= options_.sweep_interval_ms) {
    SweepLocked(shard, now_ms, /*make_room=*/false);
    shard.last_sweep_ms = now_ms;
  }
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= max_keys_per_shard_) SweepLocked(shard, now_ms, /*make_room=*/true);
    it = shard.buckets.emplace(std::string(key), Bucket{burst, now_ms, limit.per_second, burst})
             .first;
  }
  Bucket& b = it->second;
  b.tokens = Refilled(b.tokens, b.updated_ms, limit.per_second, burst, now_ms);
  b.updated_ms = std::max(b.updated_ms, now_ms);
  b.per_second = limit.per_second;
  b.burst = burst;
  if (b.tokens >= cost) {
    b.tokens -= cost;
    return RateDecision{};
  }
  // Seconds until the bucket holds `cost` tokens; the epsilon keeps an exact
  // whole number of seconds (computed in floating point) from rounding up.
  double wait_s = (cost - b.tokens) / limit.per_second;
  auto retry = static_cast<int64_t>(std::ceil(wait_s - 1e-9));
  return RateDecision{false, std::max<int64_t>(1, retry)};
}

size_t RateLimiter::key_count() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mu);
    n += shard.buckets.size();
  }
  return n;
}

void RateLimiter::SweepLocked(Shard& shard, int64_t now_ms, bool make_room) const {
  std::erase_if(shard.buckets, [now_ms](const auto& entry) {
    const Bucket& b = entry.second;
    return Refilled(b.tokens, b.updated_ms, b.per_second, b.burst, now_ms) >= b.burst;
  });
  if (!make_room || shard.buckets.size() < max_keys_per_shard_) return;
  auto oldest = std::min_element(
      shard.buckets.begin(), shard.buckets.end(),
      [](const auto& a, const auto& b) { return a.second.updated_ms < b.second.updated_ms; });
  shard.buckets.erase(oldest);
}

}  // namespace vigil::api
