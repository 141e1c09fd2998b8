// The field names of the query language and how they map to FilterField.
//
// Names are matched ASCII case-insensitively; a few aliases are accepted
// (user = actor, env = environment) but RenderQuery always writes the
// canonical name. The table is docs/query-language.md §Fields.
#pragma once

#include <optional>
#include <string_view>

#include "store/filter.h"

namespace vigil {

// The field a name in `name:value` denotes, or nullopt when the name is
// unknown. kText has no name (full text is written as bare words).
std::optional<FilterField> LookupQueryField(std::string_view name);

// The canonical query-language name of a field ("actor.role"); "" for kText.
std::string_view QueryFieldName(FilterField field);

// The known name closest to an unknown one, for "did you mean" hints: within
// one edit for names of up to four letters and two edits for longer ones, or
// the field before or after a dot ("actor.email" → "actor", "context.ip" →
// "ip"). "" when nothing is close.
std::string_view SuggestQueryField(std::string_view name);

}  // namespace vigil
