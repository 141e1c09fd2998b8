// IndexKey: what a segment index (segment_index.h) holds posting bitmaps
// for, and which terms an event contributes to each. The terms follow the
// matching rules of store/filter_matcher.h exactly, so that looking a query
// value up gives the rows FilterMatcher would accept:
//  - exact-text keys hold the field's value as stored (an exact or prefix
//    query value is looked up as typed);
//  - kActorEmail holds actor.email in ASCII lower case (the matcher compares
//    emails ignoring ASCII case: look up the lower-cased query value);
//  - kText holds the folded tokens (core/text_tokenizer.h) of every
//    full-text field: a row with every token of a phrase is a candidate,
//    to be confirmed by the matcher (the tokens must also be adjacent).
// Empty values contribute no term (the matcher never matches them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/event.h"

namespace vigil::index {

// On-disk ids (docs/format/segment-index.md): never renumber or reuse.
enum class IndexKey : uint8_t {
  kId = 0,  // unused (no terms): the engine's id index answers id lookups
  kTenant = 1,
  kEnvironment = 2,
  kWorkspace = 3,  // workspace.id and workspace.name
  kAction = 4,
  kCategory = 5,
  kOperation = 6,
  kStatus = 7,      // "success" / "error"
  kActor = 8,       // actor.id and actor.name (as stored)
  kActorEmail = 9,  // actor.email, ASCII lower case
  kActorRole = 10,
  kActorType = 11,
  kTarget = 12,  // target.id
  kTargetType = 13,
  kResource = 14,  // target.id, target.parent.id, resources[].id
  kMethod = 15,
  kPath = 16,
  kIp = 17,       // context.ip as stored (CIDR queries scan these terms)
  kCountry = 18,  // geo.country
  kText = 19,     // full-text tokens
};

inline constexpr size_t kIndexKeyCount = 20;

std::string_view IndexKeyName(IndexKey k);  // "tenant", "actor.email", "text", …

// Calls sink(IndexKey, std::string_view term) for every term of e. A term
// may repeat (the builder keeps each row once per term); views are valid
// during the call only.
template <typename Sink>
void ForEachIndexTerm(const Event& e, std::string& scratch, Sink&& sink);

}  // namespace vigil::index

#include "store/index/index_key_inl.h"
