// UserAgentParser: uap-core's regexes.yaml applied as its specification
// says (docs/specification.md in the uap-core npm package, version 0.2):
// for each of user_agent_parsers, os_parsers and device_parsers the first
// rule whose regex matches anywhere in the string wins; its *_replacement
// strings, with $1…$9 replaced by the match's groups, override the groups
// taken in order; results are trimmed and an empty one is absent; no match
// gives family "Other". Device rules with regex_flag 'i' match without case.
//
// Regexes run on RE2. Finding the first matching rule of a list of hundreds
// is one pass of an RE2::Set over the string (which rules match), then the
// lowest-numbered of those is run alone for its groups.
//
// Loaded once at start from a file (never fetched); Parse is thread-safe
// and allocation-light but not cached: see user_agent_cache.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "enrich/user_agent.h"

namespace vigil::enrich {

class UserAgentParser {
 public:
  // Reads and compiles regexes.yaml. InvalidArgument naming the file, the
  // list and the rule's index for a YAML shape error or a regex RE2 rejects.
  static Result<std::unique_ptr<UserAgentParser>> Load(const std::string& path);
  static Result<std::unique_ptr<UserAgentParser>> FromYaml(std::string_view yaml,
                                                           std::string_view source);
  ~UserAgentParser();

  // The ua, os and device parts, and the traits of user_agent_traits.h.
  UserAgentInfo Parse(std::string_view user_agent) const;

  size_t rule_count() const;

  struct RuleList;  // one compiled list of rules (defined in the .cc)

 private:
  UserAgentParser();

  std::unique_ptr<RuleList> agents_, oses_, devices_;
};

}  // namespace vigil::enrich
