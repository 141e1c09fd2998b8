// ShardedLruCache: string key → Value, least recently used out first, for
// the enrich step's repeated inputs (user agents, IP addresses): the same
// few values make most of a platform's traffic. Sharded by the key's hash,
// one mutex per shard; thread-safe. Values are copied out, so a Value
// should be cheap to copy.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>

#include <algorithm>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace vigil::enrich {

template <typename Value>
class ShardedLruCache {
 public:
  static constexpr size_t kShards = 16;

  // capacity: entries kept in all (at least one per shard).
  explicit ShardedLruCache(size_t capacity) : shards_(new Shard[kShards]) {
    for (size_t i = 0; i < kShards; ++i) {
      shards_[i].capacity = std::max<size_t>(1, capacity / kShards);
    }
  }
  ShardedLruCache(const ShardedLruCache&) = delete;
  ShardedLruCache& operator=(const ShardedLruCache&) = delete;

  // The cached value of key, or compute(key) — called outside the lock, so
  // two threads may compute the same key once each — remembered.
  template <typename Compute>
  Value GetOrCompute(std::string_view key, Compute compute) const {
    Shard& shard = shards_[absl::HashOf(key) % kShards];
    {
      std::lock_guard lock(shard.mu);
      if (auto it = shard.index.find(key); it != shard.index.end()) {
        shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
        ++shard.hits;
        return it->second->second;
      }
      ++shard.misses;
    }
    Value value = compute(key);
    std::lock_guard lock(shard.mu);
    if (shard.index.contains(key)) return value;  // another thread was first
    shard.lru.emplace_front(std::string(key), value);
    shard.index.emplace(shard.lru.front().first, shard.lru.begin());
    if (shard.lru.size() > shard.capacity) {
      shard.index.erase(shard.lru.back().first);
      shard.lru.pop_back();
    }
    return value;
  }

  struct Stats {
    uint64_t hits = 0, misses = 0;
  };
  Stats stats() const {
    Stats s;
    for (size_t i = 0; i < kShards; ++i) {
      std::lock_guard lock(shards_[i].mu);
      s.hits += shards_[i].hits;
      s.misses += shards_[i].misses;
    }
    return s;
  }

 private:
  struct Shard {
    std::mutex mu;
    size_t capacity = 1;
    // Most recently used first; the index's keys view the list's strings.
    std::list<std::pair<std::string, Value>> lru;
    absl::flat_hash_map<std::string_view, typename decltype(lru)::iterator> index;
    uint64_t hits = 0, misses = 0;
  };
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace vigil::enrich
