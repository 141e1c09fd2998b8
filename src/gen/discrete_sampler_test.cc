#include "gen/discrete_sampler.h"

#include <gtest/gtest.h>

#include <vector>

namespace vigil::gen {
namespace {

TEST(DiscreteSamplerTest, FollowsTheWeightsAndSkipsZeros) {
  const std::vector<uint64_t> weights = {0, 1, 0, 3, 0};
  DiscreteSampler sampler(weights);
  SplitMix64 rng(5);
  std::vector<int> counts(weights.size());
  for (int i = 0; i < 40'000; ++i) ++counts[sampler.Sample(rng)];
  EXPECT_EQ(counts[0], 0);
  EXPECT_EQ(counts[2], 0);
  EXPECT_EQ(counts[4], 0);
  EXPECT_NEAR(counts[3] / static_cast<double>(counts[1]), 3.0, 0.2);
}

TEST(DiscreteSamplerTest, ZipfHeadIsHeavy) {
  DiscreteSampler sampler(ZipfWeights(100));
  SplitMix64 rng(9);
  std::vector<int> counts(100);
  for (int i = 0; i < 100'000; ++i) ++counts[sampler.Sample(rng)];
  EXPECT_NEAR(counts[0] / static_cast<double>(counts[1]), 2.0, 0.15);
  EXPECT_GT(counts[0], 30 * counts[49]);
}

TEST(SplitMix64Test, KnownSequenceAndRanges) {
  // The reference SplitMix64 output for seed 0 (Vigna's splitmix64.c).
  SplitMix64 rng(0);
  EXPECT_EQ(rng.Next(), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(rng.Next(), 0x6E789E6AA1B965F4ULL);
  for (int i = 0; i < 10'000; ++i) {
    EXPECT_LT(rng.Below(7), 7u);
    EXPECT_LT(rng.Below64(3'000'000'000'000ULL), 3'000'000'000'000ULL);
    const int64_t b = rng.Between(-5, 5);
    EXPECT_GE(b, -5);
    EXPECT_LE(b, 5);
    EXPECT_LT(rng.Skewed(10), 10u);
  }
}

}  // namespace
}  // namespace vigil::gen
