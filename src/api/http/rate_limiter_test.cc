#include "api/http/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace vigil::api {
namespace {

RateLimiter::Options Limit(double per_second, double burst) {
  RateLimiter::Options o;
  o.limit = RateLimit{per_second, burst};
  return o;
}

TEST(RateLimiterTest, BurstThenRefusedWithRetryAfter) {
  ManualClock clock(1'000'000);
  RateLimiter limiter(Limit(2, 5), &clock);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Admit("key_a").allowed) << i;
  RateDecision d = limiter.Admit("key_a");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 1);  // one token comes back in 0.5 s: rounded up
}

TEST(RateLimiterTest, RefillsAtTheRateUpToTheBurst) {
  ManualClock clock(0);
  RateLimiter limiter(Limit(10, 3), &clock);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Admit("k").allowed);
  EXPECT_FALSE(limiter.Admit("k").allowed);
  clock.Advance(100);  // one token
  EXPECT_TRUE(limiter.Admit("k").allowed);
  EXPECT_FALSE(limiter.Admit("k").allowed);
  clock.Advance(60'000);  // refills to the burst, not beyond
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("k").allowed) << i;
  EXPECT_FALSE(limiter.Admit("k").allowed);
}

TEST(RateLimiterTest, RetryAfterIsTheWholeSecondsUntilATokenIsBack) {
  ManualClock clock(0);
  RateLimiter limiter(Limit(0.25, 1), &clock);  // one token every 4 s
  EXPECT_TRUE(limiter.Admit("k").allowed);
  EXPECT_EQ(limiter.Admit("k").retry_after_seconds, 4);
  clock.Advance(1000);
  EXPECT_EQ(limiter.Admit("k").retry_after_seconds, 3);
  clock.Advance(2500);  // 0.5 s to go: still at least 1
  EXPECT_EQ(limiter.Admit("k").retry_after_seconds, 1);
  clock.Advance(500);
  RateDecision d = limiter.Admit("k");
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 0);
}

TEST(RateLimiterTest, CostTakesSeveralTokensAndIsCappedAtTheBurst) {
  ManualClock clock(0);
  RateLimiter limiter(Limit(1, 10), &clock);
  EXPECT_TRUE(limiter.Admit("k", 7).allowed);
  RateDecision d = limiter.Admit("k", 5);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 2);            // 3 left, 2 more needed at 1/s
  clock.Advance(7000);                            // full again
  EXPECT_TRUE(limiter.Admit("k", 1000).allowed);  // taken as 10
  EXPECT_FALSE(limiter.Admit("k").allowed);
}

TEST(RateLimiterTest, KeysAreIndependent) {
  ManualClock clock(0);
  RateLimiter limiter(Limit(1, 2), &clock);
  EXPECT_TRUE(limiter.Admit("a").allowed);
  EXPECT_TRUE(limiter.Admit("a").allowed);
  EXPECT_FALSE(limiter.Admit("a").allowed);
  EXPECT_TRUE(limiter.Admit("b").allowed);
  EXPECT_TRUE(limiter.Admit("b").allowed);
  EXPECT_FALSE(limiter.Admit("b").allowed);
}

TEST(RateLimiterTest, ZeroRateIsUnlimitedAndKeepsNoState) {
  ManualClock clock(0);
  RateLimiter limiter(Limit(0, 0), &clock);
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(limiter.Admit("k").allowed);
  EXPECT_EQ(limiter.key_count(), 0u);
}

TEST(RateLimiterTest, ExplicitLimitOverridesTheDefault) {
  ManualClock clock(0);
  RateLimiter limiter(Limit(1, 1), &clock);
  RateLimit generous{100, 50};
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(limiter.Admit("big", generous).allowed) << i;
  EXPECT_FALSE(limiter.Admit("big", generous).allowed);
  EXPECT_TRUE(limiter.Admit("small").allowed);
  EXPECT_FALSE(limiter.Admit("small").allowed);
}

TEST(RateLimiterTest, BurstBelowOneIsTheRate) {
  ManualClock clock(0);
  RateLimiter limiter(Limit(3, 0), &clock);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("k").allowed);
  EXPECT_FALSE(limiter.Admit("k").allowed);
}

TEST(RateLimiterTest, MemoryIsBounded) {
  ManualClock clock(0);
  RateLimiter::Options o = Limit(1, 5);
  o.max_keys = 160;  // 10 per shard
  RateLimiter limiter(o, &clock);
  for (int i = 0; i < 10000; ++i) limiter.Admit("key_" + std::to_string(i));
  EXPECT_LE(limiter.key_count(), 160u);
  EXPECT_GT(limiter.key_count(), 0u);
}

TEST(RateLimiterTest, FullBucketsAreSweptAndComeBackFull) {
  ManualClock clock(0);
  RateLimiter::Options o = Limit(1, 2);
  o.sweep_interval_ms = 1000;
  RateLimiter limiter(o, &clock);
  for (int i = 0; i < 100; ++i) limiter.Admit("key_" + std::to_string(i));
  EXPECT_EQ(limiter.key_count(), 100u);
  clock.Advance(5000);  // every bucket has refilled
  // Each shard sweeps its full buckets on its first admit after the interval;
  // the new keys, just drained, stay.
  for (int i = 0; i < 1000; ++i) limiter.Admit("other_" + std::to_string(i), 2);
  EXPECT_EQ(limiter.key_count(), 1000u);
  // A swept key starts again with a full bucket, as if it had been kept.
  EXPECT_TRUE(limiter.Admit("key_1").allowed);
  EXPECT_TRUE(limiter.Admit("key_1").allowed);
  EXPECT_FALSE(limiter.Admit("key_1").allowed);
}

TEST(RateLimiterTest, ConcurrentAdmitsNeverExceedTheBurst) {
  ManualClock clock(0);  // time stands still: exactly `burst` admits per key
  RateLimiter limiter(Limit(1, 100), &clock);
  std::atomic<int> allowed_a{0};
  std::atomic<int> allowed_b{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (limiter.Admit("a").allowed) allowed_a.fetch_add(1);
        if (limiter.Admit("b").allowed) allowed_b.fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(allowed_a.load(), 100);
  EXPECT_EQ(allowed_b.load(), 100);
}

}  // namespace
}  // namespace vigil::api
