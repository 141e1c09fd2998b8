// The fields facets count, by the names requests use: one resolution shared
// by every backend so each accepts and counts the same fields.
#pragma once

#include <string_view>

#include "core/event_fields.h"
#include "core/status.h"

namespace vigil {

struct FacetFieldSpec {
  enum class Kind : uint8_t {
    kStatus,  // "success" / "error"
    kActor,   // actor.email, else actor.id, else actor.name
    kString,  // the string field `field`
  };
  Kind kind = Kind::kString;
  StringField field = StringField::kAction;  // kString only
};

// Whether facets may count the string field f: every one except the
// free-text and JSON ones (description, changes, diff, metadata) and the
// ledger's seal.
bool IsCountableField(StringField f);

// "status", "actor", the aliases workspace (workspace.id), target
// (target.id), method, path, ip, country, user_agent, or any string field's
// dotted name except the free-text and JSON ones (description, changes,
// diff, metadata) and the ledger's seal. InvalidArgument ("fields: cannot
// count values of 'x'; …") otherwise.
Result<FacetFieldSpec> ResolveFacetField(std::string_view name);

// The value spec counts for e ("" when e has none).
std::string_view FacetFieldValue(const FacetFieldSpec& spec, const Event& e);

}  // namespace vigil
