// CachedUserAgentParser: UserAgentParser behind an LRU cache, so that an
// agent seen before costs a hash lookup (the same few agents make most of a
// platform's traffic; enrich/lru_cache.h). Thread-safe.
#pragma once

#include <memory>
#include <string_view>

#include "enrich/lru_cache.h"
#include "enrich/user_agent.h"
#include "enrich/user_agent_parser.h"

namespace vigil::enrich {

class CachedUserAgentParser {
 public:
  // capacity: agents kept in all (at least one per shard).
  CachedUserAgentParser(std::shared_ptr<const UserAgentParser> parser, size_t capacity = 16384);
  ~CachedUserAgentParser();

  // parser->Parse(user_agent), from the cache when it holds the string.
  UserAgentInfo Parse(std::string_view user_agent) const;

  struct Stats {
    uint64_t hits = 0, misses = 0;
  };
  Stats stats() const;

 private:
  std::shared_ptr<const UserAgentParser> parser_;
  ShardedLruCache<UserAgentInfo> cache_;
};

}  // namespace vigil::enrich
