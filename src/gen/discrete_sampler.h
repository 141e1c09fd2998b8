// DiscreteSampler: draws an index with probability proportional to integer
// weights, by binary search over the cumulative sums. Integer-only, so the
// draws are the same on every machine. Immutable after construction;
// thread-safe for concurrent Sample calls with distinct generators.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gen/split_mix64.h"

namespace vigil::gen {

class DiscreteSampler {
 public:
  DiscreteSampler() = default;
  // At least one weight must be positive.
  explicit DiscreteSampler(std::span<const uint64_t> weights);

  // An index in [0, size()); index i with probability weights[i] / sum.
  size_t Sample(SplitMix64& rng) const;

  size_t size() const { return cumulative_.size(); }

 private:
  std::vector<uint64_t> cumulative_;  // cumulative_[i] = weights[0] + … + weights[i]
};

// Zipf–Mandelbrot weights for ranks 0..n-1: weight(k) ∝ 1 / (k + 1 + offset),
// scaled to integers. offset 0 is classic Zipf with exponent 1; a larger
// offset flattens the head.
std::vector<uint64_t> ZipfWeights(size_t n, uint64_t offset = 0);

}  // namespace vigil::gen
