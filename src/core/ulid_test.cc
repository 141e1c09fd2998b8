#include "core/ulid.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"

namespace vigil {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// The 48-bit time of a ULID: its first 10 characters in Crockford base32.
int64_t DecodeTime(std::string_view ulid) {
  int64_t t = 0;
  for (char c : ulid.substr(0, 10)) {
    const size_t v = kCrockford.find(c);
    EXPECT_NE(v, std::string_view::npos) << ulid;
    t = t * 32 + static_cast<int64_t>(v);
  }
  return t;
}

void ExpectWellFormed(const std::string& id) {
  ASSERT_EQ(id.size(), 26u) << id;
  EXPECT_EQ(id.find_first_not_of(kCrockford), std::string::npos) << id;
  EXPECT_LE(id[0], '7') << id;  // 128 bits in 130: the first character holds 3
}

TEST(EncodeUlidTest, KnownAnswers) {
  EXPECT_EQ(EncodeUlid(0, 0, 0), "00000000000000000000000000");
  EXPECT_EQ(EncodeUlid(0xFFFFFFFFFFFFULL, 0xFFFF, ~0ULL), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
  EXPECT_EQ(EncodeUlid(1, 0, 1), "00000000010000000000000001");
  EXPECT_EQ(EncodeUlid(0, 0, 31), "0000000000000000000000000Z");
  EXPECT_EQ(EncodeUlid(0, 0, 32), "00000000000000000000000010");
  // Bit 64 (the lowest of rand_hi) is the top bit of the 13th character from
  // the end, whose other four bits are bits 60..63 of rand_lo.
  EXPECT_EQ(EncodeUlid(0, 1, 0), "0000000000000G000000000000");
  EXPECT_EQ(EncodeUlid(0, 0, 0xF000000000000000ULL), "0000000000000F000000000000");
  // By hand: 1700000000000 ms = 0x018BCFE56800 → 01HF7YAT00; rand_hi 0x1234 and
  // rand_lo 0x0123456789ABCDEF give the 80-bit 0x12340123456789ABCDEF
  // → 28T028T5CY4TQKFF.
  EXPECT_EQ(EncodeUlid(1'700'000'000'000, 0x1234, 0x0123456789ABCDEFULL),
            "01HF7YAT0028T028T5CY4TQKFF");
}

TEST(EncodeUlidTest, SortsLikeItsParts) {
  EXPECT_LT(EncodeUlid(1, 0xFFFF, ~0ULL), EncodeUlid(2, 0, 0));
  EXPECT_LT(EncodeUlid(5, 0, ~0ULL), EncodeUlid(5, 1, 0));
  EXPECT_LT(EncodeUlid(5, 1, 0), EncodeUlid(5, 1, 1));
}

TEST(UlidGeneratorTest, WellFormedWithTheClocksTime) {
  ManualClock clock(1'700'000'000'000);
  UlidGenerator gen(&clock, 1);
  for (int i = 0; i < 100; ++i) {
    const std::string id = gen.Next();
    ExpectWellFormed(id);
    EXPECT_EQ(DecodeTime(id), clock.NowMs());
    clock.Advance(i * 997);
  }
}

TEST(UlidGeneratorTest, SystemClockTime) {
  UlidGenerator gen(SystemClock::Get());
  const int64_t before = SystemClock::Get()->NowMs();
  const std::string id = gen.Next();
  const int64_t after = SystemClock::Get()->NowMs();
  ExpectWellFormed(id);
  EXPECT_GE(DecodeTime(id), before);
  EXPECT_LE(DecodeTime(id), after);
}

TEST(UlidGeneratorTest, StrictlyIncreasingWithinOneMillisecond) {
  ManualClock clock(1'700'000'000'000);
  UlidGenerator gen(&clock, 2);
  std::string prev = gen.Next();
  for (int i = 0; i < 10000; ++i) {
    const std::string id = gen.Next();
    EXPECT_LT(prev, id);
    EXPECT_EQ(id.substr(0, 10), prev.substr(0, 10));
    prev = id;
  }
}

TEST(UlidGeneratorTest, StrictlyIncreasingAcrossMilliseconds) {
  ManualClock clock(1'700'000'000'000);
  UlidGenerator gen(&clock, 3);
  std::string prev = gen.Next();
  for (int i = 0; i < 1000; ++i) {
    clock.Advance(1);
    const std::string id = gen.Next();
    EXPECT_LT(prev, id);
    EXPECT_EQ(DecodeTime(id), clock.NowMs());
    prev = id;
  }
}

TEST(UlidGeneratorTest, ClockSteppingBackKeepsOrder) {
  ManualClock clock(1'700'000'000'000);
  UlidGenerator gen(&clock, 4);
  const std::string a = gen.Next();
  clock.Advance(-5000);
  const std::string b = gen.Next();
  EXPECT_LT(a, b);
  EXPECT_EQ(DecodeTime(b), 1'700'000'000'000);  // stays at the latest time seen
  clock.Set(1'700'000'000'001);
  const std::string c = gen.Next();
  EXPECT_LT(b, c);
  EXPECT_EQ(DecodeTime(c), 1'700'000'000'001);
}

TEST(UlidGeneratorTest, SeedMakesItDeterministic) {
  ManualClock clock(1'700'000'000'000);
  UlidGenerator a(&clock, 99);
  UlidGenerator b(&clock, 99);
  UlidGenerator c(&clock, 100);
  const std::string from_a = a.Next();
  EXPECT_EQ(from_a, b.Next());
  EXPECT_NE(from_a, c.Next());
}

TEST(UlidGeneratorTest, ThreadsGetUniqueIncreasingIds) {
  ManualClock clock(1'700'000'000'000);
  UlidGenerator gen(&clock);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        ids[static_cast<size_t>(t)].push_back(gen.Next());
        if (t == 0 && i % 100 == 0) clock.Advance(1);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  std::set<std::string> all;
  for (const std::vector<std::string>& mine : ids) {
    for (size_t i = 0; i < mine.size(); ++i) {
      ExpectWellFormed(mine[i]);
      if (i > 0) {
        EXPECT_LT(mine[i - 1], mine[i]);  // each thread sees them in order
      }
      all.insert(mine[i]);
    }
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace vigil
