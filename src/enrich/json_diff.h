// The field-level diff of an event's `changes` (DESIGN §2 `diff`): what
// differs between changes.before and changes.after, as a list of entries
// that is stored beside the event, returned by the API and shown by the UI
// as a table. Rules (docs/enrichment.md "Diffs"):
//
// Entries. Each is an object {"after":…,"before":…,"op":…,"path":…}:
//  - "added"        the path is in `after` only; no "before" member;
//  - "removed"      the path is in `before` only; no "after" member;
//  - "changed"      two different values of the same JSON type, or null on
//                   one side and anything else on the other (null → value is
//                   a field being set, not a change of type);
//  - "type_changed" two non-null values of different JSON types: object,
//                   array, string, number, boolean.
// A key holding null is present: `{}` → `{"a":null}` is "added" with
// "after":null. Values are whole: an added or removed subtree, or a value
// whose type changed, is one entry carrying all of it.
//
// Comparison. Objects are compared key by key and arrays index by index,
// recursively, so an entry names the deepest path that differs. Items past
// the end of the shorter array are added or removed one entry per index (an
// item inserted at the front therefore shows as every later index changed:
// there is no move detection). Strings compare by their bytes after
// unescaping; numbers by their canonical text (core/json_writer.h), so 1,
// 1.0 and 1e0 are equal and 1 → 1.5 is "changed"; true/false by value.
//
// Paths. Relative to before/after (never prefixed with "changes"): an object
// key made only of ASCII letters, digits, '_' and '-', not starting with a
// digit or '-', is written plainly after a '.' ("settings.theme", the first
// key without the dot); any other key, including "", is written as a
// bracketed JSON string literal in canonical escaping ("[\"a.b\"]",
// "labels[\"名前\"]", "[\"\"]"); an array index as "[N]" ("members[2].role").
// The grammar is unambiguous: a path can be split back into its keys and
// indexes. A path is at most kMaxStringBytes (4096, the limit on every
// string of an event): where a deeper path would be longer, the deepest
// ancestor whose path fits is one "changed" entry with both whole values
// (at the top, the whole object with path ""). Otherwise the path "" appears
// only in the bounded form below.
//
// Halves. An absent `before` (a creation) diffs as an empty object: one
// "added" entry per top-level key of `after`; an absent `after` (a
// deletion), one "removed" entry per top-level key of `before`.
//
// Order and form. Entries are in document order: object members by key in
// byte order (the canonical order), array items by index. The text is
// canonical JSON (keys sorted, no whitespace), written with JsonWriter; no
// value in it nests deeper than it does in `changes`, so the stored form
// (core's CanonicalizeDiff) reads it back unchanged.
//
// Bound. For canonical input (as stored) the text is at most
// 2 × changes_json.size() + kDiffSlackBytes (for other input, 2 × the larger
// of its size and its canonical size + kDiffSlackBytes). Path prefixes repeat
// in every entry below them, so a fine-grained diff can exceed that (long
// keys over many changed leaves, many tiny changed fields); it is then
// coarsened, first to at most one entry per top-level key (two objects or
// two arrays that differ there are one "changed" entry with both whole
// values), and if that is still too large to a single entry with path ""
// holding the whole `before` and `after` ("changed"; "added" or "removed"
// when a half is absent), which always fits.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace vigil::enrich {

// Added to 2 × the input size to give the bound on a diff's text (above):
// room for the per-entry overhead of small inputs, where "op" and "path"
// outweigh the values.
inline constexpr size_t kDiffSlackBytes = 4096;

// The diff of `changes_json`, an event's `changes` as Event::changes_json
// holds it: canonical {"before":…,"after":…} with either half absent, or
// empty for no changes. Returns the canonical JSON text of the array of
// entries, or "" when there is no change (no input, or before == after).
//
// Other JSON of the same shape is accepted too (any member order, any
// spacing and number spelling, null halves): it is first brought to
// canonical form by core's CanonicalizeChanges, and input that breaks
// core's rules for `changes` (docs/event-model.md: an object of before
// and/or after, each an object or null; duplicate keys; strings and keys
// ≤ 4 KiB; nesting ≤ 16 levels counting the event as 1 and `changes` as 2)
// or is not JSON gives InvalidArgument naming the field, such as
// "changes.before.a: appears twice".
//
// Thread-safe: each calling thread keeps one reusable simdjson parser, whose
// buffers grow to the largest input it has seen.
Result<std::string> DiffChanges(std::string_view changes_json);

}  // namespace vigil::enrich
