#include "enrich/user_agent_cache.h"

namespace vigil::enrich {

CachedUserAgentParser::CachedUserAgentParser(std::shared_ptr<const UserAgentParser> parser,
                                             size_t capacity)
    : parser_(std::move(parser)), cache_(capacity) {}

CachedUserAgentParser::~CachedUserAgentParser() = default;

UserAgentInfo CachedUserAgentParser::Parse(std::string_view user_agent) const {
  return cache_.GetOrCompute(user_agent,
                             [this](std::string_view ua) { return parser_->Parse(ua); });
}

CachedUserAgentParser::Stats CachedUserAgentParser::stats() const {
  const auto s = cache_.stats();
  return {s.hits, s.misses};
}

}  // namespace vigil::enrich
