// Finding members of canonical JSON objects by dotted path, without parsing
// into a tree: what the ledger needs to seal configured metadata paths
// (docs/format/ledger.md "Personal metadata"). The text must be canonical
// (core/json_writer.h: no whitespace), as Event::metadata_json is; a path is
// object keys joined by '.', relative to the object (`address.street`), and
// never descends into arrays.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil {

// The value's JSON text at path in object, or nullopt when absent (or when
// the text is not a canonical object).
std::optional<std::string_view> CanonicalValueAt(std::string_view object, std::string_view path);

// The byte ranges [begin, end) of object that removing the members at
// `paths` cuts out: each member with the comma that separated it from its
// neighbour (the one before it, or for a first member the one after), so
// that the rest stays valid canonical JSON. Sorted, disjoint; absent paths
// are skipped, and a path inside another listed path adds nothing.
std::vector<std::pair<size_t, size_t>> CanonicalMemberCuts(std::string_view object,
                                                           std::span<const std::string> paths);

// object without the cut ranges.
std::string WithoutCuts(std::string_view object,
                        const std::vector<std::pair<size_t, size_t>>& cuts);

}  // namespace vigil
