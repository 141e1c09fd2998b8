#include "enrich/user_agent_cache.h"

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>

#include <list>
#include <mutex>
#include <string>

namespace vigil::enrich {
namespace {
constexpr size_t kShards = 16;
}  // namespace

struct CachedUserAgentParser::Shard {
  std::mutex mu;
  size_t capacity = 1;
  // Most recently used first; the map's keys view the list's strings.
  std::list<std::pair<std::string, UserAgentInfo>> lru;
  absl::flat_hash_map<std::string_view, decltype(lru)::iterator> index;
  uint64_t hits = 0, misses = 0;
};

CachedUserAgentParser::CachedUserAgentParser(std::shared_ptr<const UserAgentParser> parser,
                                             size_t capacity)
    : parser_(std::move(parser)), shards_(new Shard[kShards]) {
  for (size_t i = 0; i < kShards; ++i)
    shards_[i].capacity = std::max<size_t>(1, capacity / kShards);
}

CachedUserAgentParser::~CachedUserAgentParser() = default;

UserAgentInfo CachedUserAgentParser::Parse(std::string_view user_agent) const {
  Shard& shard = shards_[absl::HashOf(user_agent) % kShards];
  {
    std::lock_guard lock(shard.mu);
    if (auto it = shard.index.find(user_agent); it != shard.index.end()) {
      shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
      ++shard.hits;
      return it->second->second;
    }
    ++shard.misses;
  }
  UserAgentInfo info = parser_->Parse(user_agent);  // outside the lock: the slow part
  std::lock_guard lock(shard.mu);
  if (shard.index.contains(user_agent)) return info;  // another thread was first
  shard.lru.emplace_front(std::string(user_agent), info);
  shard.index.emplace(shard.lru.front().first, shard.lru.begin());
  if (shard.lru.size() > shard.capacity) {
    shard.index.erase(shard.lru.back().first);
    shard.lru.pop_back();
  }
  return info;
}

CachedUserAgentParser::Stats CachedUserAgentParser::stats() const {
  Stats s;
  for (size_t i = 0; i < kShards; ++i) {
    std::lock_guard lock(shards_[i].mu);
    s.hits += shards_[i].hits;
    s.misses += shards_[i].misses;
  }
  return s;
}

}  // namespace vigil::enrich
