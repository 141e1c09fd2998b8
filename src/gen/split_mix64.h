// SplitMix64: the generator's only source of randomness, plus the hash used to
// derive stable per-entity values (a user's home IP, an app's id).
//
// Every draw is integer arithmetic with results fixed by this file, so a seed
// gives the same numbers on every compiler, library and machine (unlike
// std::uniform_int_distribution, whose output is implementation-defined).
// Not thread-safe; cheap to copy and to seed.
#pragma once

#include <cstdint>

namespace vigil::gen {

// The SplitMix64 finalizer: a bijective 64-bit mixing function.
constexpr uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}

// Hash of a sequence of integers; order matters.
constexpr uint64_t Hash(uint64_t a, uint64_t b) {
  return Mix64(a ^ Mix64(b + 0x9E3779B97F4A7C15ULL));
}
constexpr uint64_t Hash(uint64_t a, uint64_t b, uint64_t c) { return Hash(Hash(a, b), c); }
constexpr uint64_t Hash(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  return Hash(Hash(a, b, c), d);
}

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return Mix64(state_);
  }

  // Uniform in [0, n); n > 0. Lemire's multiply-shift on the high 32 bits
  // (bias below n / 2^32, irrelevant here).
  uint32_t Below(uint32_t n) {
    return static_cast<uint32_t>(((Next() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }

  // Uniform in [0, n) for any n > 0 (bias below n / 2^64).
  uint64_t Below64(uint64_t n) {
    const uint64_t x = Next();
    // 64x64 -> high 64 bits of the product, in portable 32-bit pieces.
    const uint64_t x_lo = x & 0xFFFFFFFFULL, x_hi = x >> 32;
    const uint64_t n_lo = n & 0xFFFFFFFFULL, n_hi = n >> 32;
    const uint64_t lo_lo = x_lo * n_lo;
    const uint64_t hi_lo = x_hi * n_lo;
    const uint64_t lo_hi = x_lo * n_hi;
    const uint64_t mid = (lo_lo >> 32) + (hi_lo & 0xFFFFFFFFULL) + (lo_hi & 0xFFFFFFFFULL);
    return x_hi * n_hi + (hi_lo >> 32) + (lo_hi >> 32) + (mid >> 32);
  }

  // Uniform in [lo, hi]; lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below64(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability per_mille / 1000.
  bool Chance(uint32_t per_mille) { return Below(1000) < per_mille; }

  // A skewed index in [0, n): low indexes are much more likely (P(k) ~ ln(n/k)),
  // the shape of "a few hot items and a long tail" without a table.
  uint32_t Skewed(uint32_t n) { return Below(Below(n) + 1); }

 private:
  uint64_t state_;
};

}  // namespace vigil::gen
