// The free-form members of an event, `changes` and `metadata`: JSON of the
// client's choosing, checked against the event limits and rewritten in
// canonical form (docs/format/canonical-json.md) so that one value has one
// spelling for the ledger to hash. The rules are those of docs/event-model.md
// "changes and metadata":
//  - object keys are sorted by their UTF-8 bytes, and no object may hold a
//    key twice (compared after unescaping);
//  - every string and every key is at most kMaxStringBytes;
//  - objects and arrays nest at most kMaxDepth levels, the event being level 1
//    (metadata is level 2, changes level 2, changes.before level 3); scalars
//    add no level;
//  - numbers and strings are written as JsonWriter writes them.
//
// Both functions return false after setting *error (`changes` and `metadata`
// name the member itself; deeper failures give the value's path, such as
// "metadata.tags[2]" or "changes.after.name"). On failure *out is left as it
// was. `v` is a value of the caller's simdjson document and must outlive the
// call. Thread-safe; no state is kept between calls.
#pragma once

#include <simdjson.h>

#include <string>

#include "core/field_error.h"

namespace vigil {

// `changes`: an object holding `before` and/or `after`, each an object or
// null. Sets *out to {"before":…,"after":…} with the null halves left out, or
// leaves it unchanged when both are absent or null (no changes).
[[nodiscard]] bool CanonicalizeChanges(simdjson::dom::element v, std::string* out,
                                       FieldError* error);

// `metadata`: any object. Sets *out to its canonical text, or leaves it
// unchanged when the object is empty ({} counts as absent).
[[nodiscard]] bool CanonicalizeMetadata(simdjson::dom::element v, std::string* out,
                                        FieldError* error);

// `diff` (a server field, read back from the stored form): an array of the
// entries enrich/json_diff.h writes. Sets *out to its canonical text, or
// leaves it unchanged when the array is empty.
[[nodiscard]] bool CanonicalizeDiff(simdjson::dom::element v, std::string* out, FieldError* error);

}  // namespace vigil
