// CachedUserAgentParser: UserAgentParser behind an LRU cache, so that an
// agent seen before costs a hash lookup (the same few agents make most of a
// platform's traffic). Sharded by the string's hash, one mutex per shard;
// thread-safe.
#pragma once

#include <memory>
#include <string_view>

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
  struct Shard;
  std::shared_ptr<const UserAgentParser> parser_;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace vigil::enrich
