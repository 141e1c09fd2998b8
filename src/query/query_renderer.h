// Filter → query text, for the UI (show the filters as editable text), the
// CLI and tests.
#pragma once

#include <string>

#include "core/status.h"
#include "store/filter.h"

namespace vigil {

// Writes filter as query text in canonical spacing: terms joined by one
// space, " OR " between alternatives, parentheses only where needed (an OR
// inside an AND or a NOT, an AND inside a NOT), `-` for NOT, canonical field
// names, commas between a term's values, quotes only where needed. Times are
// written as absolute dates or RFC 3339 timestamps (a preset such as
// `time:last-7d` comes back as the range it resolved to). FilterNode::All()
// is "".
//
// For every filter ParseQuery returns, ParseQuery(RenderQuery(f), any_now)
// == f and rendering that again gives the same text. Filters built by hand
// may be refused with InvalidArgument when the syntax cannot express them
// (an All node inside a tree, a time range with an inclusive end, a kText
// term with several values, a prefix on `status:`, ...).
//
// Recursion is bounded: trees deeper than 128 levels are refused.
// Thread-safe (no shared state).
Result<std::string> RenderQuery(const Filter& filter);

}  // namespace vigil
