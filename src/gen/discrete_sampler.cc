#include "gen/discrete_sampler.h"

#include <algorithm>
#include <cassert>

namespace vigil::gen {

DiscreteSampler::DiscreteSampler(std::span<const uint64_t> weights) {
  cumulative_.reserve(weights.size());
  uint64_t sum = 0;
  for (uint64_t w : weights) {
    sum += w;
    cumulative_.push_back(sum);
  }
  assert(sum > 0);
}

size_t DiscreteSampler::Sample(SplitMix64& rng) const {
  const uint64_t r = rng.Below64(cumulative_.back());
  // First i whose cumulative sum exceeds r: zero-weight entries are never drawn.
  return static_cast<size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), r) -
                             cumulative_.begin());
}

std::vector<uint64_t> ZipfWeights(size_t n, uint64_t offset) {
  constexpr uint64_t kScale = uint64_t{1} << 40;
  std::vector<uint64_t> w(n);
  for (size_t k = 0; k < n; ++k) w[k] = kScale / (k + 1 + offset);
  return w;
}

}  // namespace vigil::gen
