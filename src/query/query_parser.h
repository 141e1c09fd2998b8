// The query language: text → Filter. One syntax for the API (`q=`), the CLI
// (`vigil query Q`) and the UI; specified in docs/query-language.md.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"
#include "store/filter.h"

namespace vigil {

// Parses q into a Filter. now_ms anchors the time presets (UTC).
//
// The shape of the result is canonical, so equal meaning written the same
// way gives equal trees and ParseQuery(RenderQuery(f)) == f:
//   - an empty (or all-whitespace) query is FilterNode::All();
//   - one term is a kTerm node, not wrapped in an AND;
//   - AND nodes never have AND children and OR nodes never have OR children
//     (`(a b) c` is AND(a, b, c)); parentheses around a single term vanish;
//   - every `-` / NOT is one kNot node (`--a` is NOT(NOT(a))).
//   - kText terms have exactly one kPhrase value.
//
// Errors are Status::InvalidArgument with the problem and the 0-based byte
// offset in q (equal to the character offset for ASCII), e.g.
// "unexpected ')' at 14", "unknown field 'acter' at 0 (did you mean 'actor'?)",
// "bad CIDR '10.0.0.0/33' at 3: prefix length over 32". The first error from
// the left is reported. Callers add their own context (the API prefixes "q: ").
//
// Work is linear in the query's length; queries longer than kMaxQueryBytes or
// nested deeper than kMaxQueryDepth (query_limits.h) are rejected.
// Thread-safe (no shared state).
Result<Filter> ParseQuery(std::string_view q, int64_t now_ms);

}  // namespace vigil
